import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../../../app/PlaceholderPage.js';

/** Placeholder until the import wizard lands here (it replaces this file). */
export function ClientImportPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('clients.import')} />;
}
