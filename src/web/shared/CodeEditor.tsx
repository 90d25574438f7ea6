import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';

export interface CodeEditorProps {
  /** Set by Form.Item, so its label and errors belong to the editor. */
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  /** The accessible name of the text area. */
  ariaLabel: string;
  readOnly?: boolean;
  /**
   * A line (1-based) to highlight and scroll to, e.g. where a script failed; a new object marks
   * and scrolls again even for the same line.
   */
  markLine?: { line: number } | null;
  minHeight?: number;
}

export interface CodeDiffProps {
  /** The earlier text. */
  original: string;
  /** The later text. */
  value: string;
  ariaLabel: string;
}

// CodeMirror is loaded only when an editor is shown: few users ever open one.
const CodeMirrorEditor = lazy(() => import('./code-editor/CodeMirrorEditor.js'));
const CodeMirrorDiff = lazy(() => import('./code-editor/CodeMirrorDiff.js'));

/** A JavaScript editor (CodeMirror 6), usable as a form control. */
export function CodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
      <CodeMirrorEditor {...props} />
    </Suspense>
  );
}

/** The difference between two texts, read-only. */
export function CodeDiff(props: CodeDiffProps) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
      <CodeMirrorDiff {...props} />
    </Suspense>
  );
}
