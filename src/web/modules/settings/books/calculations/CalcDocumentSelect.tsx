import type { CalcDocType } from '../../../../../shared/schemas/calculations.js';
import { queryKeys } from '../../../../http/query-keys.js';
import { ProjectSelect } from '../../../../shared/pickers/ProjectSelect.js';
import { RemoteSelect } from '../../../../shared/pickers/RemoteSelect.js';

interface Props {
  docType: CalcDocType;
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
  placeholder?: string;
}

interface Numbered {
  id: number;
  number: string;
}

const search = (q: string) => `limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`;

/** Picks a task, event or project (whatever the user may read) by number or name. */
export function CalcDocumentSelect({ docType, ...props }: Props) {
  if (docType === 'project') return <ProjectSelect {...props} />;
  if (docType === 'event')
    return (
      <RemoteSelect
        {...props}
        queryKey={queryKeys.events}
        listUrl={(q) => `/api/v1/events?${search(q)}`}
        oneUrl={(id) => `/api/v1/events/${id}`}
        toOption={(e: Numbered & { subject: string }) => ({ value: e.id, label: `${e.number} ${e.subject}` })}
      />
    );
  return (
    <RemoteSelect
      {...props}
      queryKey={queryKeys.tasks}
      listUrl={(q) => `/api/v1/tasks?${search(q)}`}
      oneUrl={(id) => `/api/v1/tasks/${id}`}
      toOption={(task: Numbered & { title: string }) => ({
        value: task.id,
        label: `${task.number} ${task.title}`,
      })}
    />
  );
}
