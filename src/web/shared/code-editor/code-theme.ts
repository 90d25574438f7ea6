import { EditorView } from '@codemirror/view';

/** Framed like an AntD input; grows with the text up to most of the screen, then scrolls. */
export function codeTheme(minHeight: number) {
  return EditorView.theme({
    '&': {
      border: '1px solid #d9d9d9',
      borderRadius: '6px',
      fontSize: '13px',
      maxHeight: '70vh',
      backgroundColor: '#fff',
    },
    '&.cm-focused': { outline: 'none', borderColor: '#1677ff', boxShadow: '0 0 0 2px rgba(5,145,255,0.1)' },
    '.cm-scroller': {
      overflow: 'auto',
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    },
    '.cm-content, .cm-gutter': { minHeight: `${minHeight}px` },
    '.cm-marked-line': { backgroundColor: '#ffd8d6' },
  });
}
