import { TreeSelect } from 'antd';
import type { JournalDocType } from '../../../shared/schemas/reference-books.js';
import { useBook } from '../../modules/settings/books/books.api.js';
import { useEntryName } from '../../modules/settings/books/BookEntryName.js';

interface Props {
  docType: JournalDocType;
  value?: number | null | undefined;
  onChange?: (value: number | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
}

interface Node {
  value: number;
  title: string;
  children: Node[];
}

/** Picks a journal of one document type from its tree (active journals only). */
export function JournalSelect({ docType, value, onChange, allowClear, placeholder, id }: Props) {
  const journals = useBook('journals');
  const nameOf = useEntryName();
  const mine = (journals.data ?? []).filter((j) => j.docType === docType && j.isActive);
  const nodes = new Map<number, Node>(
    mine.map((j) => [j.id, { value: j.id, title: nameOf(j), children: [] }]),
  );
  const roots: Node[] = [];
  for (const j of mine) {
    const parent = j.parentId === null ? undefined : nodes.get(j.parentId);
    (parent ? parent.children : roots).push(nodes.get(j.id)!);
  }
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange?.(v ?? null)}
      treeData={roots}
      treeDefaultExpandAll
      allowClear={allowClear}
      placeholder={placeholder}
      // A filter (no form item id) has no label of its own; its placeholder names it for screen readers.
      aria-label={id ? undefined : placeholder}
      loading={journals.isLoading}
      style={{ minWidth: 200 }}
    />
  );
}
