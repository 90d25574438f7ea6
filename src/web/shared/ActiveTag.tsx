import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>;
}
