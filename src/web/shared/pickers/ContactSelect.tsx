import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

interface Props {
  clientId: number | null | undefined;
  value?: number | null | undefined;
  onChange?: (value: number | null) => void;
  placeholder?: string;
  id?: string;
}

/** Picks one of a client's contact persons (disabled until a client is chosen). */
export function ContactSelect({ clientId, value, onChange, placeholder, id }: Props) {
  const client = useQuery({
    queryKey: [...queryKeys.clients, clientId],
    queryFn: () =>
      api.get<{ contacts: { id: number; name: string; position: string }[] }>(`/api/v1/clients/${clientId}`),
    enabled: !!clientId,
  });
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange?.(v ?? null)}
      disabled={!clientId}
      allowClear
      placeholder={placeholder}
      // A filter (no form item id) has no label of its own; its placeholder names it for screen readers.
      aria-label={id ? undefined : placeholder}
      loading={client.isLoading}
      options={(client.data?.contacts ?? []).map((c) => ({
        value: c.id,
        label: c.position ? `${c.name} (${c.position})` : c.name,
      }))}
      style={{ minWidth: 200 }}
    />
  );
}
