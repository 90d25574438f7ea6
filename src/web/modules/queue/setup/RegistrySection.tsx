import { useState, type ReactNode } from 'react';
import { App, Button, Flex, Space, Table, type TableColumnsType, type TableProps } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../http/use-api-error.js';
import { DeleteButton } from '../../../shared/DeleteButton.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { SectionHeader } from './SectionHeader.js';
import { useDeleteQueueEntry, type QueueEntryKind } from './setup.api.js';

/**
 * One list of the setup (queues, windows or devices): the hint with «Добавить…», the table with each
 * row's «Изменить» and «Удалить» (the caller's own actions between them), and the entry's dialog,
 * opened for a new entry, from the row's link or on double-click. Changes only for those who may write.
 * A titled list is a region named by its title.
 */
export function RegistrySection<T extends { id: number }>({
  kind,
  title,
  query,
  columns,
  canWrite,
  entryName,
  actions,
  table,
  renderDialog,
}: {
  kind: QueueEntryKind;
  title?: string;
  query: UseQueryResult<T[]>;
  /** The entry's own columns; the actions column comes after them. */
  columns: TableColumnsType<T>;
  canWrite: boolean;
  /** How the deletion question names the entry. */
  entryName: (entry: T) => string;
  /** More links of a row, between «Изменить» and «Удалить». */
  actions?: (entry: T) => ReactNode;
  table: Pick<TableProps<T>, 'scroll' | 'style'>;
  renderDialog: (entry: T | null, onClose: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const remove = useDeleteQueueEntry(kind);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const titleId = `queue-${kind}-title`;

  const confirmDelete = (entry: T) =>
    remove.mutateAsync(entry.id).then(() => void message.success(t('common.deleted')), handleError);

  const allColumns: TableColumnsType<T> = [
    ...columns,
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 1,
            render: (_: unknown, entry: T) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(entry)}>
                  {t('common.edit')}
                </Button>
                {actions?.(entry)}
                <DeleteButton
                  confirm={t(`queue.setup.${kind}.confirmDelete`, { name: entryName(entry) })}
                  onConfirm={() => confirmDelete(entry)}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={8} role={title ? 'region' : undefined} aria-labelledby={title ? titleId : undefined}>
      <SectionHeader
        id={title ? titleId : undefined}
        title={title}
        hint={t(`queue.setup.${kind}.hint`)}
        addLabel={t(`queue.setup.${kind}.add`)}
        onAdd={canWrite ? () => setEditing('new') : null}
      />
      {query.isError ? (
        <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<T>
          size="small"
          bordered
          rowKey="id"
          loading={query.isPending}
          dataSource={query.data}
          columns={allColumns}
          pagination={false}
          locale={{ emptyText: t(`queue.setup.${kind}.empty`) }}
          onRow={(entry) => ({ onDoubleClick: () => canWrite && setEditing(entry) })}
          {...table}
        />
      )}
      {editing && renderDialog(editing === 'new' ? null : editing, () => setEditing(null))}
    </Flex>
  );
}
