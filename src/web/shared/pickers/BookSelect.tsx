import { Select } from 'antd';
import { useBook } from '../../modules/settings/books/books.api.js';
import { useEntryName } from '../../modules/settings/books/BookEntryName.js';

interface Props {
  book: 'event_type' | 'task_status';
  value?: number | null | undefined;
  onChange?: (value: number | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
}

const PATHS = { event_type: 'event-types', task_status: 'task-statuses' } as const;

/** Picks an entry of a reference book; inactive entries stay visible only when already chosen. */
export function BookSelect({ book, value, onChange, allowClear, placeholder, id }: Props) {
  const entries = useBook(PATHS[book]);
  const nameOf = useEntryName();
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange?.(v ?? null)}
      options={(entries.data ?? [])
        .filter((e) => e.isActive || e.id === value)
        .map((e) => ({ value: e.id, label: nameOf(e) }))}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      placeholder={placeholder}
      // A filter (no form item id) has no label of its own; its placeholder names it for screen readers.
      aria-label={id ? undefined : placeholder}
      loading={entries.isLoading}
      style={{ minWidth: 180 }}
    />
  );
}
