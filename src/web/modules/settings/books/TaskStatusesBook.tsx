import { Checkbox, Form, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TaskStatus } from '../../../../shared/schemas/reference-books.js';
import { dialogFormTail } from '../../../shared/form-layout.js';
import { BookEntryDialog } from './BookEntryDialog.js';
import { useEntryName } from './BookEntryName.js';
import { BookSection } from './BookSection.js';
import { useBook } from './books.api.js';

interface Own {
  isInitial: boolean;
  isFinal: boolean;
  allowedNextIds: number[];
}

function TaskStatusDialog({ entry, onClose }: { entry: TaskStatus | null; onClose: () => void }) {
  const { t } = useTranslation();
  const statuses = useBook('task-statuses');
  const name = useEntryName();
  return (
    <BookEntryDialog<'task-statuses', Own>
      path="task-statuses"
      entry={entry}
      onClose={onClose}
      ownInitial={{
        isInitial: entry?.isInitial ?? false,
        isFinal: entry?.isFinal ?? false,
        allowedNextIds: entry?.allowedNextIds ?? [],
      }}
      toBody={(own) => own}
    >
      <Form.Item name="isInitial" valuePropName="checked" {...dialogFormTail}>
        <Checkbox disabled={entry?.isSystem}>{t('settingsBooks.taskStatuses.isInitial')}</Checkbox>
      </Form.Item>
      <Form.Item
        name="isFinal"
        valuePropName="checked"
        extra={t('settingsBooks.taskStatuses.isFinalHint')}
        {...dialogFormTail}
      >
        <Checkbox disabled={entry?.isSystem}>{t('settingsBooks.taskStatuses.isFinal')}</Checkbox>
      </Form.Item>
      <Form.Item
        label={t('settingsBooks.taskStatuses.allowedNext')}
        name="allowedNextIds"
        extra={t('settingsBooks.taskStatuses.allowedNextHint')}
      >
        <Select
          mode="multiple"
          allowClear
          optionFilterProp="label"
          loading={statuses.isPending}
          options={(statuses.data ?? [])
            .filter((s) => s.id !== entry?.id)
            .map((s) => ({ value: s.id, label: name(s) }))}
        />
      </Form.Item>
    </BookEntryDialog>
  );
}

/** Статусы задач. */
export function TaskStatusesBook() {
  const { t } = useTranslation();
  const statuses = useBook('task-statuses');
  const name = useEntryName();
  const nameOf = (id: number) => {
    const s = statuses.data?.find((x) => x.id === id);
    return s ? name(s) : `#${id}`;
  };
  return (
    <BookSection
      path="task-statuses"
      columns={[
        {
          title: t('settingsBooks.taskStatuses.isInitial'),
          dataIndex: 'isInitial',
          align: 'center',
          render: (v: boolean) => (v ? '✓' : ''),
        },
        {
          title: t('settingsBooks.taskStatuses.isFinal'),
          dataIndex: 'isFinal',
          align: 'center',
          render: (v: boolean) => (v ? '✓' : ''),
        },
        {
          title: t('settingsBooks.taskStatuses.allowedNext'),
          dataIndex: 'allowedNextIds',
          render: (ids: number[]) =>
            ids.length
              ? ids.map((id) => <Tag key={id}>{nameOf(id)}</Tag>)
              : t('settingsBooks.taskStatuses.anyNext'),
        },
      ]}
      renderDialog={(entry, onClose) => <TaskStatusDialog entry={entry} onClose={onClose} />}
    />
  );
}
