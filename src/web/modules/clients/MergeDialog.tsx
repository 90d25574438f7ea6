import { Alert, App, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../http/use-api-error.js';
import type { Client } from '../../../shared/schemas/clients.js';
import { FormDialog } from '../../shared/FormDialog.js';
import { ClientSelect } from '../../shared/pickers/ClientSelect.js';
import { useMergeClients } from './clients.api.js';

/** «Объединить»: another card is merged into this one (which stays); the other is deleted. */
export function MergeDialog({ client, onClose }: { client: Client; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ sourceId: number | null }>();
  const merge = useMergeClients(client.id);
  const formError = useApiError();
  return (
    <FormDialog<{ sourceId: number | null }>
      title={t('clients.merge.title')}
      form={form}
      name="client-merge"
      width={560}
      initialValues={{ sourceId: null }}
      saving={merge.isPending}
      onClose={onClose}
      onFinish={({ sourceId }) =>
        merge.mutate(sourceId!, {
          onSuccess: () => {
            void message.success(t('clients.merge.done'));
            onClose();
          },
          onError: (e) => formError(e, form),
        })
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t('clients.merge.hint', { name: client.name })}
        style={{ marginBottom: 16 }}
      />
      <Form.Item
        name="sourceId"
        label={t('clients.merge.source')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <ClientSelect />
      </Form.Item>
    </FormDialog>
  );
}
