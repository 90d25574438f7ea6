import { type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueWindow } from '../../../../shared/schemas/queue.js';
import { ActiveTag } from '../../../shared/ActiveTag.js';
import { RegistrySection } from './RegistrySection.js';
import { WindowDialog } from './WindowDialog.js';
import { useQueueWindows } from './setup.api.js';

/** Окна: the service windows (desks) with their dialog; changes for those who may write. */
export function WindowsSection({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const windows = useQueueWindows();

  const columns: TableColumnsType<QueueWindow> = [
    { title: t('queue.setup.windows.name'), dataIndex: 'name' },
    { title: t('queue.setup.windows.sortOrder'), dataIndex: 'sortOrder', align: 'right', width: 1 },
    {
      title: t('queue.setup.windows.isActive'),
      dataIndex: 'isActive',
      width: 1,
      render: (active: boolean) => <ActiveTag active={active} />,
    },
  ];

  return (
    <RegistrySection<QueueWindow>
      kind="windows"
      title={t('queue.setup.windows.title')}
      query={windows}
      columns={columns}
      canWrite={canWrite}
      entryName={(w) => w.name}
      table={{ style: { maxWidth: 640 } }}
      renderDialog={(queueWindow, onClose) => <WindowDialog queueWindow={queueWindow} onClose={onClose} />}
    />
  );
}
