import { Form, Input, InputNumber, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueWindow } from '../../../../shared/schemas/queue.js';
import { FormDialog, useDialogSave } from '../../../shared/FormDialog.js';
import { useSaveWindow } from './setup.api.js';

interface Values {
  name: string;
  isActive: boolean;
  sortOrder: number | null;
}

/** Creates a window (`queueWindow` null) or edits one. */
export function WindowDialog({
  queueWindow,
  onClose,
}: {
  queueWindow: QueueWindow | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveWindow(queueWindow?.id ?? null);
  const dialogSave = useDialogSave(form, onClose);

  return (
    <FormDialog<Values>
      title={
        queueWindow
          ? t('queue.setup.windows.editTitle', { name: queueWindow.name })
          : t('queue.setup.windows.newTitle')
      }
      form={form}
      name="queue-window"
      initialValues={{
        name: queueWindow?.name ?? '',
        isActive: queueWindow?.isActive ?? true,
        sortOrder: queueWindow?.sortOrder ?? 100,
      }}
      onFinish={(values) =>
        save.mutate(
          { name: values.name.trim(), isActive: values.isActive, sortOrder: values.sortOrder ?? 100 },
          dialogSave,
        )
      }
      saving={save.isPending}
      onClose={onClose}
      width={520}
    >
      <Form.Item
        label={t('queue.setup.windows.name')}
        name="name"
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item label={t('queue.setup.windows.sortOrder')} name="sortOrder">
        <InputNumber min={0} max={1_000_000} precision={0} />
      </Form.Item>
      <Form.Item label={t('queue.setup.windows.isActive')} name="isActive" valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}
