import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../http/client.js';

export interface RemoteOption {
  value: number;
  label: string;
}

interface Props<R> {
  /** Query-key prefix (refreshed with its module's data). */
  queryKey: readonly unknown[];
  /** Builds the list URL for the typed text. */
  listUrl: (q: string) => string;
  /** The URL of one record, to show the label of a value not among the found ones. */
  oneUrl: (id: number) => string;
  toOption: (row: R) => RemoteOption;
  value?: number | null | undefined;
  onChange?: (value: number | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
}

/** A select that searches the server as the user types (clients, projects…), debounced. */
export function RemoteSelect<R>({ queryKey, listUrl, oneUrl, toOption, value, onChange, ...rest }: Props<R>) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useQuery({
    queryKey: [...queryKey, 'picker', listUrl(q)],
    queryFn: () => api.get<{ items: R[] }>(listUrl(q)),
    staleTime: 10_000,
  });
  const options = (found.data?.items ?? []).map(toOption);
  const missing = value != null && !options.some((o) => o.value === value);
  const current = useQuery({
    queryKey: [...queryKey, 'picker-one', value],
    queryFn: () => api.get<R>(oneUrl(value!)),
    enabled: missing,
    staleTime: 60_000,
  });
  if (missing && current.data) options.unshift(toOption(current.data));
  return (
    <Select
      {...rest}
      // A filter (no form item id) has no label of its own; its placeholder names it for screen readers.
      aria-label={rest.id ? undefined : rest.placeholder}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={found.isFetching}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      style={{ minWidth: 220 }}
    />
  );
}
