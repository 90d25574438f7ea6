import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { Page } from './layout/Page.js';

/** A module that is in the menu already but comes in a later release. */
export function PlaceholderPage({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <Page title={title}>
      <Empty description={t('placeholder.description')} style={{ marginTop: 48 }} />
    </Page>
  );
}
