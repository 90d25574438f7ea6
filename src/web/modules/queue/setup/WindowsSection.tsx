import { useState } from 'react';
import { App, Button, Flex, Space, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueWindow } from '../../../../shared/schemas/queue.js';
import { useApiError } from '../../../http/use-api-error.js';
import { ActiveTag } from '../../../shared/ActiveTag.js';
import { DeleteButton } from '../../../shared/DeleteButton.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { SectionHeader } from './SectionHeader.js';
import { WindowDialog } from './WindowDialog.js';
import { useDeleteQueueEntry, useQueueWindows } from './setup.api.js';

/** Окна: the service windows (desks) with their dialog; changes for those who may write. */
export function WindowsSection({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const windows = useQueueWindows();
  const remove = useDeleteQueueEntry('windows');
  const [editing, setEditing] = useState<QueueWindow | 'new' | null>(null);

  const confirmDelete = (w: QueueWindow) =>
    remove.mutateAsync(w.id).then(() => void message.success(t('common.deleted')), handleError);

  const columns: TableColumnsType<QueueWindow> = [
    { title: t('queue.setup.windows.name'), dataIndex: 'name' },
    { title: t('queue.setup.windows.sortOrder'), dataIndex: 'sortOrder', align: 'right', width: 1 },
    {
      title: t('queue.setup.windows.isActive'),
      dataIndex: 'isActive',
      width: 1,
      render: (active: boolean) => <ActiveTag active={active} />,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 1,
            render: (_: unknown, w: QueueWindow) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(w)}>
                  {t('common.edit')}
                </Button>
                <DeleteButton
                  confirm={t('queue.setup.windows.confirmDelete', { name: w.name })}
                  onConfirm={() => confirmDelete(w)}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={8} role="region" aria-labelledby="queue-windows-title">
      <SectionHeader
        id="queue-windows-title"
        title={t('queue.setup.windows.title')}
        hint={t('queue.setup.windows.hint')}
        addLabel={t('queue.setup.windows.add')}
        onAdd={canWrite ? () => setEditing('new') : null}
      />
      {windows.isError ? (
        <QueryErrorAlert error={windows.error} onRetry={() => void windows.refetch()} />
      ) : (
        <Table<QueueWindow>
          size="small"
          bordered
          rowKey="id"
          loading={windows.isPending}
          dataSource={windows.data}
          columns={columns}
          pagination={false}
          locale={{ emptyText: t('queue.setup.windows.empty') }}
          style={{ maxWidth: 640 }}
          onRow={(w) => ({ onDoubleClick: () => canWrite && setEditing(w) })}
        />
      )}
      {editing && (
        <WindowDialog queueWindow={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Flex>
  );
}
