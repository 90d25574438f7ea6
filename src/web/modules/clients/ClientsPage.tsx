import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../../app/PlaceholderPage.js';

export function ClientsPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('nav.clients')} />;
}
