import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../../app/PlaceholderPage.js';

export function EventsPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('nav.events')} />;
}
