import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';

export function ReferenceBooksTab() {
  const { t } = useTranslation();
  return <Empty description={t('settingsBooks.placeholder')} />;
}
