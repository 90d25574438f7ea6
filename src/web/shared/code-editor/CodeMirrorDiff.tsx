import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { unifiedMergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { CodeDiffProps } from '../CodeEditor.js';
import { codeTheme } from './code-theme.js';

/** A read-only unified diff: `original` struck out, `value` added; long unchanged runs fold away. */
export default function CodeMirrorDiff({ original, value, ariaLabel }: CodeDiffProps) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          javascript(),
          codeTheme(0),
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          EditorView.contentAttributes.of({ 'aria-label': ariaLabel }),
          unifiedMergeView({ original, mergeControls: false, collapseUnchanged: { margin: 3, minSize: 6 } }),
        ],
      }),
    });
    return () => view.destroy();
  }, [original, value, ariaLabel]);

  return <div ref={host} data-testid="code-diff" />;
}
