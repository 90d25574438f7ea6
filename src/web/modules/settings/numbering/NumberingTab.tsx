import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';

export function NumberingTab() {
  const { t } = useTranslation();
  return <Empty description={t('settingsNumbering.placeholder')} />;
}
