import { queryKeys } from '../../http/query-keys.js';
import { RemoteSelect } from './RemoteSelect.js';

interface Props {
  value?: number | null | undefined;
  onChange?: (value: number | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
}

/** Picks a client by name, tax id or phone (the clients list's own search). */
export function ClientSelect(props: Props) {
  return (
    <RemoteSelect
      {...props}
      queryKey={queryKeys.clients}
      listUrl={(q) => `/api/v1/clients?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`}
      oneUrl={(id) => `/api/v1/clients/${id}`}
      toOption={(c: { id: number; name: string }) => ({ value: c.id, label: c.name })}
    />
  );
}
