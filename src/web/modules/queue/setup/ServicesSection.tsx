import { useMemo, useState } from 'react';
import { App, Button, Flex, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueService } from '../../../../shared/schemas/queue.js';
import { useApiError } from '../../../http/use-api-error.js';
import { ActiveTag } from '../../../shared/ActiveTag.js';
import { DeleteButton } from '../../../shared/DeleteButton.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { useUserDirectory } from '../../../shared/pickers/UserSelect.js';
import { useEntryName } from '../../settings/books/BookEntryName.js';
import { SectionHeader } from './SectionHeader.js';
import { ServiceDialog } from './ServiceDialog.js';
import { useDeleteQueueEntry, useQueueServices, useQueueWindows } from './setup.api.js';

/** Names of the chosen ids as tags, or `none` when there are none. */
function Names({ ids, names, none }: { ids: number[]; names: Map<number, string>; none: string }) {
  if (ids.length === 0) return <Typography.Text type="secondary">{none}</Typography.Text>;
  return (
    <Flex wrap gap={2}>
      {ids.map((id) => (
        <Tag key={id}>{names.get(id) ?? `#${id}`}</Tag>
      ))}
    </Flex>
  );
}

/** Очереди: the list with the «Очередь» dialog; changes for those who may write. */
export function ServicesSection({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const name = useEntryName();
  const services = useQueueServices();
  const windows = useQueueWindows();
  const users = useUserDirectory();
  const remove = useDeleteQueueEntry('services');
  const [editing, setEditing] = useState<QueueService | 'new' | null>(null);

  const userNames = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const windowNames = useMemo(() => new Map((windows.data ?? []).map((w) => [w.id, w.name])), [windows.data]);

  const confirmDelete = (s: QueueService) =>
    remove.mutateAsync(s.id).then(() => void message.success(t('common.deleted')), handleError);

  const columns: TableColumnsType<QueueService> = [
    { title: t('queue.setup.serviceColumns.name'), key: 'name', render: (_, s) => name(s) },
    {
      title: t('queue.setup.serviceColumns.prefix'),
      dataIndex: 'prefix',
      width: 1,
      render: (prefix: string) => <Typography.Text code>{prefix}</Typography.Text>,
    },
    { title: t('queue.setup.serviceColumns.priority'), dataIndex: 'priority', align: 'right', width: 1 },
    {
      title: t('queue.setup.serviceColumns.dailyReset'),
      dataIndex: 'isDailyReset',
      render: (daily: boolean) => (daily ? t('queue.setup.services.daily') : t('queue.setup.services.never')),
    },
    {
      title: t('queue.setup.serviceColumns.operators'),
      key: 'operators',
      render: (_, s) => (
        <Names ids={s.operatorIds} names={userNames} none={t('queue.setup.services.noOperators')} />
      ),
    },
    {
      title: t('queue.setup.serviceColumns.windows'),
      key: 'windows',
      render: (_, s) => (
        <Names ids={s.windowIds} names={windowNames} none={t('queue.setup.services.anyWindow')} />
      ),
    },
    { title: t('queue.setup.serviceColumns.sortOrder'), dataIndex: 'sortOrder', align: 'right', width: 1 },
    {
      title: t('queue.setup.serviceColumns.isActive'),
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
            render: (_: unknown, s: QueueService) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(s)}>
                  {t('common.edit')}
                </Button>
                <DeleteButton
                  confirm={t('queue.setup.services.confirmDelete', { name: name(s) })}
                  onConfirm={() => confirmDelete(s)}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={8} role="region" aria-labelledby="queue-services-title">
      <SectionHeader
        id="queue-services-title"
        title={t('queue.setup.services.title')}
        hint={t('queue.setup.services.hint')}
        addLabel={t('queue.setup.services.add')}
        onAdd={canWrite ? () => setEditing('new') : null}
      />
      {services.isError ? (
        <QueryErrorAlert error={services.error} onRetry={() => void services.refetch()} />
      ) : (
        <Table<QueueService>
          size="small"
          bordered
          rowKey="id"
          loading={services.isPending}
          dataSource={services.data}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('queue.setup.services.empty') }}
          onRow={(s) => ({ onDoubleClick: () => canWrite && setEditing(s) })}
        />
      )}
      {editing && (
        <ServiceDialog service={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Flex>
  );
}
