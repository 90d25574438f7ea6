import { Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';

/** A card's «Удалить», asking `title` first. */
export function ConfirmDeleteButton({ title, onConfirm }: { title: string; onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      title={title}
      okText={t('common.delete')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={onConfirm}
    >
      <Button danger>{t('common.delete')}</Button>
    </Popconfirm>
  );
}
