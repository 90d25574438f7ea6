import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { UserDirectoryEntry } from '../../../shared/schemas/users.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

type Props<M extends boolean> = {
  multiple?: M;
  value?: (M extends true ? number[] : number | null) | undefined;
  onChange?: (value: M extends true ? number[] : number | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
};

export function useUserDirectory() {
  return useQuery({
    queryKey: [...queryKeys.users, 'directory'],
    queryFn: () => api.get<UserDirectoryEntry[]>('/api/v1/users/directory'),
    staleTime: 60_000,
  });
}

/** Picks one user or several; inactive users cannot be newly chosen but stay visible when set. */
export function UserSelect<M extends boolean = false>({
  multiple,
  value,
  onChange,
  allowClear,
  placeholder,
  id,
}: Props<M>) {
  const users = useUserDirectory();
  const selected = new Set(Array.isArray(value) ? value : value ? [value] : []);
  const options = (users.data ?? [])
    .filter((u) => u.isActive || selected.has(u.id))
    .map((u) => ({ value: u.id, label: u.name, disabled: !u.isActive }));
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      value={value ?? (multiple ? [] : undefined)}
      onChange={(v) => onChange?.((v ?? null) as M extends true ? number[] : number | null)}
      options={options}
      loading={users.isLoading}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      placeholder={placeholder}
      // A filter (no form item id) has no label of its own; its placeholder names it for screen readers.
      aria-label={id ? undefined : placeholder}
      style={{ minWidth: 200 }}
    />
  );
}
