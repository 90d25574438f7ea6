import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Page } from '../../app/layout/Page.js';
import { ReferenceBooksTab } from './books/ReferenceBooksTab.js';
import { NumberingTab } from './numbering/NumberingTab.js';
import { ParametersTab } from './parameters/ParametersTab.js';

const TABS = ['books', 'numbering', 'parameters'] as const;
type Tab = (typeof TABS)[number];

/** Настройка: the seed's three tabs — Справочники, Нумерация, Параметры. The tab is kept in the URL. */
export function SettingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active: Tab = TABS.find((x) => x === requested) ?? 'books';
  return (
    <Page title={t('nav.settings')}>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'books', label: t('settings.books'), children: <ReferenceBooksTab /> },
          { key: 'numbering', label: t('settings.numbering'), children: <NumberingTab /> },
          { key: 'parameters', label: t('settings.parameters'), children: <ParametersTab /> },
        ]}
      />
    </Page>
  );
}
