import { Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';

/** A row's «Удалить» link, asking first. */
export function DeleteButton({ confirm, onConfirm }: { confirm: string; onConfirm: () => Promise<unknown> }) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      title={confirm}
      okText={t('common.delete')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={onConfirm}
    >
      <Button type="link" size="small" danger>
        {t('common.delete')}
      </Button>
    </Popconfirm>
  );
}
