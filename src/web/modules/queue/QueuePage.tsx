import type { ReactNode } from 'react';
import { Result, Spin, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { Page } from '../../app/layout/Page.js';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { OperatorPanel } from './operator/OperatorPanel.js';
import { DevicesTab } from './setup/devices/DevicesTab.js';
import { SetupTab } from './setup/SetupTab.js';
import { useQueueRights, type QueueRights } from './setup/use-queue-rights.js';
import { StatsTab } from './stats/StatsTab.js';
import { TicketsTab } from './tickets/TicketsTab.js';

const TABS = ['operator', 'tickets', 'stats', 'setup', 'devices'] as const;
type Tab = (typeof TABS)[number];

/** Who sees a tab: the operator desk everyone (the server decides who may call), devices administrators. */
function allowed(tab: Tab, rights: QueueRights): boolean {
  if (tab === 'operator') return true;
  if (tab === 'devices') return rights.isAdmin;
  return rights.canRead;
}

/** Электронная очередь: the operator desk, today's tickets, statistics, setup; the tab is in the path (/queue/<tab>). */
export function QueuePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rights = useQueueRights();
  const requested = (useParams()['*'] ?? '').split('/')[0] ?? '';

  if (!requested) return <Navigate to="/queue/operator" replace />;
  const tab = TABS.find((x) => x === requested);
  if (!tab) return <NotFoundPage />;

  const content = (key: Tab): ReactNode => {
    if (rights.pending && key !== 'operator') return <Spin />;
    if (!allowed(key, rights))
      return (
        <Result
          status="403"
          title="403"
          subTitle={key === 'devices' ? t('queue.setup.adminOnly') : t('queue.setup.forbidden')}
        />
      );
    switch (key) {
      case 'operator':
        return <OperatorPanel />;
      case 'tickets':
        return <TicketsTab />;
      case 'stats':
        return <StatsTab />;
      case 'setup':
        return <SetupTab canWrite={rights.canWrite} />;
      case 'devices':
        return <DevicesTab />;
    }
  };
  // A tab the caller may not open is listed only while it is the one asked for (then it says why).
  const shown = TABS.filter((key) => key === tab || allowed(key, rights) || rights.pending);

  return (
    <Page title={t('queue.page.title')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(`/queue/${key}`)}
        destroyOnHidden
        items={shown.map((key) => ({
          key,
          label: t(`queue.page.tabs.${key}`),
          children: key === tab ? content(key) : null,
        }))}
      />
    </Page>
  );
}
