import { Checkbox, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { DOC_TYPES, type DocType } from '../../../shared/schemas/card-files.js';
import { WEBHOOK_ACTIONS, type Webhook, type WebhookAction } from '../../../shared/schemas/webhooks.js';
import { dialogFormTail } from '../../shared/form-layout.js';
import { FormDialog, useDialogSave } from '../../shared/FormDialog.js';
import { useSaveWebhook, type WebhookWithSecret } from './webhooks.api.js';

interface Values {
  name: string;
  url: string;
  events: WebhookAction[];
  docTypes: DocType[];
  isActive: boolean;
  secret: string;
}

const MIN_SECRET = 16;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Creates a webhook (`webhook` null; `onCreated` gets the secret, shown once) or edits one. */
export function WebhookFormModal({
  webhook,
  onClose,
  onCreated,
}: {
  webhook: Webhook | null;
  onClose: () => void;
  onCreated: (created: WebhookWithSecret) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveWebhook(webhook?.id ?? null);
  const dialogSave = useDialogSave(form, onClose);

  const initialValues: Values = {
    name: webhook?.name ?? '',
    url: webhook?.url ?? '',
    events: webhook?.events ?? [],
    docTypes: webhook?.docTypes ?? [],
    isActive: webhook?.isActive ?? true,
    secret: '',
  };
  const submit = ({ secret, ...values }: Values) => {
    const body = { ...values, name: values.name.trim(), url: values.url.trim() };
    if (webhook) return save.mutate(body, dialogSave);
    save.mutate(secret ? { ...body, secret } : body, {
      ...dialogSave,
      onSuccess: (created) => {
        dialogSave.onSuccess();
        onCreated(created);
      },
    });
  };

  return (
    <FormDialog<Values>
      title={webhook ? t('webhooks.edit', { name: webhook.name }) : t('webhooks.add')}
      form={form}
      name="webhook"
      initialValues={initialValues}
      onFinish={submit}
      saving={save.isPending}
      onClose={onClose}
      width={640}
    >
      <Form.Item
        label={t('webhooks.name')}
        name="name"
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        label={t('webhooks.url')}
        name="url"
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          {
            validator: (_, value: string | undefined) =>
              !value?.trim() || isHttpUrl(value)
                ? Promise.resolve()
                : Promise.reject(new Error(t('webhooks.urlInvalid'))),
          },
        ]}
      >
        <Input maxLength={2000} placeholder="https://example.com/hooks/kartoteka" autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('webhooks.events')} name="events">
        <Select<WebhookAction[]>
          mode="multiple"
          allowClear
          placeholder={t('webhooks.all')}
          options={WEBHOOK_ACTIONS.map((a) => ({ value: a, label: t(`webhooks.actions.${a}`) }))}
        />
      </Form.Item>
      <Form.Item label={t('webhooks.docTypes')} name="docTypes">
        <Select<DocType[]>
          mode="multiple"
          allowClear
          placeholder={t('webhooks.all')}
          options={DOC_TYPES.map((d) => ({ value: d, label: t(`webhooks.types.${d}`) }))}
        />
      </Form.Item>
      {!webhook && (
        <Form.Item
          label={t('webhooks.secret')}
          name="secret"
          extra={t('webhooks.secretHint')}
          rules={[{ min: MIN_SECRET, message: t('webhooks.secretShort') }]}
        >
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item name="isActive" valuePropName="checked" {...dialogFormTail}>
        <Checkbox>{t('webhooks.isActive')}</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}
