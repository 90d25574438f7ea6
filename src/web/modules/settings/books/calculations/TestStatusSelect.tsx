import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { EVENT_STATUSES, PROJECT_STATUSES } from '../../../../../shared/schemas/card-files.js';
import type { CalcDocType } from '../../../../../shared/schemas/calculations.js';
import { BookSelect } from '../../../../shared/pickers/BookSelect.js';

/** The field a document type keeps its status in, as the simulated changes name it. */
export const STATUS_FIELD: Record<CalcDocType, string> = {
  task: 'statusId',
  event: 'status',
  project: 'status',
};

interface Props {
  docType: CalcDocType;
  value: unknown;
  onChange: (value: string | number | null) => void;
  id: string;
}

/** A status of the document type, to simulate a status change without knowing its id. */
export function TestStatusSelect({ docType, value, onChange, id }: Props) {
  const { t } = useTranslation();
  if (docType === 'task')
    return (
      <BookSelect
        id={id}
        book="task_status"
        value={typeof value === 'number' ? value : null}
        onChange={onChange}
        allowClear
      />
    );
  const options =
    docType === 'event'
      ? EVENT_STATUSES.map((s) => ({ value: s, label: t(`events.statuses.${s}`) }))
      : PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }));
  return (
    <Select<string>
      id={id}
      value={typeof value === 'string' ? value : undefined}
      onChange={(v) => onChange(v ?? null)}
      options={options}
      allowClear
    />
  );
}
