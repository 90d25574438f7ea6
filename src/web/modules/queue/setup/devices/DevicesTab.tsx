import { useMemo, useState } from 'react';
import { App, Button, Flex, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueDevice, QueueDeviceWithToken } from '../../../../../shared/schemas/queue.js';
import { useApiError } from '../../../../http/use-api-error.js';
import { ActiveTag } from '../../../../shared/ActiveTag.js';
import { DeleteButton } from '../../../../shared/DeleteButton.js';
import { QueryErrorAlert } from '../../../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../../../shared/format.js';
import { useEntryName } from '../../../settings/books/BookEntryName.js';
import { SectionHeader } from '../SectionHeader.js';
import { useDeleteQueueEntry, useNewDeviceToken, useQueueDevices, useQueueServices } from '../setup.api.js';
import { DeviceDialog } from './DeviceDialog.js';
import { DeviceTokenModal } from './DeviceTokenModal.js';

/** «Киоски и табло» (administrators): the devices, their addresses with tokens shown once, new tokens. */
export function DevicesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const formatDateTime = useFormatDateTime();
  const devices = useQueueDevices();
  const services = useQueueServices();
  const name = useEntryName();
  const remove = useDeleteQueueEntry('devices');
  const newToken = useNewDeviceToken();
  const [editing, setEditing] = useState<QueueDevice | 'new' | null>(null);
  const [shown, setShown] = useState<QueueDeviceWithToken | null>(null);

  const serviceNames = useMemo(
    () => new Map((services.data ?? []).map((s) => [s.id, `${s.prefix} — ${name(s)}`])),
    [services.data, name],
  );

  const confirmDelete = (d: QueueDevice) =>
    remove.mutateAsync(d.id).then(() => void message.success(t('common.deleted')), handleError);
  const confirmNewToken = (d: QueueDevice) => newToken.mutateAsync(d.id).then(setShown, handleError);

  const columns: TableColumnsType<QueueDevice> = [
    { title: t('queue.setup.devices.name'), dataIndex: 'name' },
    {
      title: t('queue.setup.devices.kind'),
      dataIndex: 'kind',
      width: 1,
      render: (kind: QueueDevice['kind']) => (
        <Tag color={kind === 'kiosk' ? 'blue' : 'purple'}>{t(`queue.setup.devices.kinds.${kind}`)}</Tag>
      ),
    },
    {
      title: t('queue.setup.devices.tokenHint'),
      dataIndex: 'tokenHint',
      width: 1,
      render: (hint: string) => <Typography.Text code>…{hint}</Typography.Text>,
    },
    {
      title: t('queue.setup.devices.rateLimit'),
      key: 'rateLimit',
      align: 'right',
      width: 1,
      render: (_, d) =>
        d.kind === 'kiosk'
          ? t('queue.setup.devices.perMinute', { count: d.ticketsPerMinute })
          : t('common.none'),
    },
    {
      title: t('queue.setup.devices.services'),
      key: 'services',
      render: (_, d) =>
        d.serviceIds.length === 0 ? (
          <Typography.Text type="secondary">{t('queue.setup.devices.allServices')}</Typography.Text>
        ) : (
          <Flex wrap gap={2}>
            {d.serviceIds.map((id) => (
              <Tag key={id}>{serviceNames.get(id) ?? `#${id}`}</Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: t('queue.setup.devices.lastSeen'),
      dataIndex: 'lastSeenAt',
      render: (at: string | null) =>
        at ? formatDateTime(at) : <Typography.Text type="secondary">{t('common.never')}</Typography.Text>,
    },
    {
      title: t('queue.setup.devices.isActive'),
      dataIndex: 'isActive',
      width: 1,
      render: (active: boolean) => <ActiveTag active={active} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, d) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(d)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('queue.setup.devices.newTokenConfirm')}
            okText={t('queue.setup.devices.newToken')}
            cancelText={t('common.cancel')}
            onConfirm={() => confirmNewToken(d)}
          >
            <Button type="link" size="small">
              {t('queue.setup.devices.newToken')}
            </Button>
          </Popconfirm>
          <DeleteButton
            confirm={t('queue.setup.devices.confirmDelete', { name: d.name })}
            onConfirm={() => confirmDelete(d)}
          />
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={8}>
      <SectionHeader
        hint={t('queue.setup.devices.hint')}
        addLabel={t('queue.setup.devices.add')}
        onAdd={() => setEditing('new')}
      />
      {devices.isError ? (
        <QueryErrorAlert error={devices.error} onRetry={() => void devices.refetch()} />
      ) : (
        <Table<QueueDevice>
          size="small"
          bordered
          rowKey="id"
          loading={devices.isPending}
          dataSource={devices.data}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('queue.setup.devices.empty') }}
          onRow={(d) => ({ onDoubleClick: () => setEditing(d) })}
        />
      )}
      {editing && (
        <DeviceDialog
          device={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={setShown}
        />
      )}
      {shown && <DeviceTokenModal device={shown} onClose={() => setShown(null)} />}
    </Flex>
  );
}
