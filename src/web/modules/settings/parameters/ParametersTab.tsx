import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';

export function ParametersTab() {
  const { t } = useTranslation();
  return <Empty description={t('settingsParameters.placeholder')} />;
}
