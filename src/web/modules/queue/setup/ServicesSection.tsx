import { useMemo } from 'react';
import { Flex, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueService } from '../../../../shared/schemas/queue.js';
import { ActiveTag } from '../../../shared/ActiveTag.js';
import { useUserDirectory } from '../../../shared/pickers/UserSelect.js';
import { useEntryName } from '../../settings/books/BookEntryName.js';
import { RegistrySection } from './RegistrySection.js';
import { ServiceDialog } from './ServiceDialog.js';
import { useQueueServices, useQueueWindows } from './setup.api.js';

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
  const name = useEntryName();
  const services = useQueueServices();
  const windows = useQueueWindows();
  const users = useUserDirectory();

  const userNames = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const windowNames = useMemo(() => new Map((windows.data ?? []).map((w) => [w.id, w.name])), [windows.data]);

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
  ];

  return (
    <RegistrySection<QueueService>
      kind="services"
      title={t('queue.setup.services.title')}
      query={services}
      columns={columns}
      canWrite={canWrite}
      entryName={name}
      table={{ scroll: { x: 'max-content' } }}
      renderDialog={(service, onClose) => <ServiceDialog service={service} onClose={onClose} />}
    />
  );
}
