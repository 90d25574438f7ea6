import { queryKeys } from '../../http/query-keys.js';
import { RemoteSelect } from './RemoteSelect.js';

interface Props {
  value?: number | null | undefined;
  onChange?: (value: number | null) => void;
  /** Only the projects of this client. */
  clientId?: number | null | undefined;
  allowClear?: boolean;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
}

/** Picks a project by number or name. */
export function ProjectSelect({ clientId, ...props }: Props) {
  return (
    <RemoteSelect
      {...props}
      queryKey={queryKeys.projects}
      listUrl={(q) =>
        `/api/v1/projects?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}${clientId ? `&clientId=${clientId}` : ''}`
      }
      oneUrl={(id) => `/api/v1/projects/${id}`}
      toOption={(p: { id: number; number: string; name: string }) => ({
        value: p.id,
        label: `${p.number} ${p.name}`,
      })}
    />
  );
}
