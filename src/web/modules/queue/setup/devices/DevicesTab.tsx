import { useMemo, useState } from 'react';
import { Button, Flex, Popconfirm, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueDevice, QueueDeviceWithToken } from '../../../../../shared/schemas/queue.js';
import { useApiError } from '../../../../http/use-api-error.js';
import { ActiveTag } from '../../../../shared/ActiveTag.js';
import { useFormatDateTime } from '../../../../shared/format.js';
import { useEntryName } from '../../../settings/books/BookEntryName.js';
import { RegistrySection } from '../RegistrySection.js';
import { useNewDeviceToken, useQueueDevices, useQueueServices } from '../setup.api.js';
import { DeviceDialog } from './DeviceDialog.js';
import { DeviceTokenModal } from './DeviceTokenModal.js';

/** «Киоски и табло» (administrators): the devices, their addresses with tokens shown once, new tokens. */
export function DevicesTab() {
  const { t } = useTranslation();
  const handleError = useApiError();
  const formatDateTime = useFormatDateTime();
  const devices = useQueueDevices();
  const services = useQueueServices();
  const name = useEntryName();
  const newToken = useNewDeviceToken();
  const [shown, setShown] = useState<QueueDeviceWithToken | null>(null);

  const serviceNames = useMemo(
    () => new Map((services.data ?? []).map((s) => [s.id, `${s.prefix} — ${name(s)}`])),
    [services.data, name],
  );

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
  ];

  return (
    <>
      <RegistrySection<QueueDevice>
        kind="devices"
        query={devices}
        columns={columns}
        canWrite
        entryName={(d) => d.name}
        actions={(d) => (
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
        )}
        table={{ scroll: { x: 'max-content' } }}
        renderDialog={(device, onClose) => (
          <DeviceDialog device={device} onClose={onClose} onCreated={setShown} />
        )}
      />
      {shown && <DeviceTokenModal device={shown} onClose={() => setShown(null)} />}
    </>
  );
}
