import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { Annotation, Compartment, EditorState, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import type { CodeEditorProps } from '../CodeEditor.js';
import { codeTheme } from './code-theme.js';

/** Marks the text replaced from the `value` prop: not the user's edit, so not reported back. */
const fromProps = Annotation.define<boolean>();

const setMarkedLine = StateEffect.define<number | null>();
const markedLineDecoration = Decoration.line({ class: 'cm-marked-line' });

/** The line a reported error points at, drawn red until the text changes or another line is marked. */
const markedLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = tr.docChanged ? Decoration.none : marks;
    for (const effect of tr.effects) {
      if (!effect.is(setMarkedLine)) continue;
      const line = effect.value;
      next =
        line !== null && line >= 1 && line <= tr.state.doc.lines
          ? Decoration.set([markedLineDecoration.range(tr.state.doc.line(line).from)])
          : Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** CodeMirror 6 with JavaScript highlighting; loaded on demand through CodeEditor.tsx. */
export default function CodeMirrorEditor({
  id,
  value,
  onChange,
  ariaLabel,
  readOnly = false,
  markLine = null,
  minHeight = 320,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const editable = useRef(new Compartment());
  const label = useRef(new Compartment());
  // The latest props, for the view's listener and for a view created again (another minHeight).
  const latest = useRef({ value, onChange });

  useEffect(() => {
    latest.current = { value, onChange };
  }, [value, onChange]);

  // One view for the component's life; the props below reach it as transactions.
  useEffect(() => {
    const created = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: latest.current.value ?? '',
        extensions: [
          basicSetup,
          javascript(),
          codeTheme(minHeight),
          markedLine,
          editable.current.of([]),
          label.current.of([]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !update.transactions.some((tr) => tr.annotation(fromProps)))
              latest.current.onChange?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
  }, [minHeight]);

  useEffect(() => {
    const v = view.current;
    if (!v || value === undefined) return;
    const current = v.state.doc.toString();
    // The form echoes the editor's own edits back; only an outside change (reset, rollback) is applied.
    if (current !== value)
      v.dispatch({
        changes: { from: 0, to: current.length, insert: value },
        annotations: fromProps.of(true),
      });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        editable.current.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
        label.current.reconfigure(EditorView.contentAttributes.of({ 'aria-label': ariaLabel })),
      ],
    });
  }, [readOnly, ariaLabel]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const line = markLine?.line ?? null;
    const valid = line !== null && line >= 1 && line <= v.state.doc.lines;
    v.dispatch({
      effects: [
        setMarkedLine.of(line),
        ...(valid ? [EditorView.scrollIntoView(v.state.doc.line(line).from, { y: 'center' })] : []),
      ],
    });
  }, [markLine]);

  return <div id={id} ref={host} data-testid="code-editor" />;
}
