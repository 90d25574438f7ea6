import { App, Button, Drawer, Flex, Form, Input, Select } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ComposeMail } from '../../../shared/schemas/mail.js';
import { useApiError } from '../../http/use-api-error.js';
import { AttachmentsField, type AttachmentDraft } from './AttachmentsField.js';
import {
  useMailTemplates,
  useRecipients,
  useRenderTemplate,
  useSendMail,
  type MailSource,
} from './mail.api.js';
import { RecipientsSelect } from './RecipientsSelect.js';
import { RichTextEditor } from './RichTextEditor.js';

/** What the letter starts with: a contact's address, a reply's sender and "Re: …" subject. */
export interface ComposeInitial {
  to?: string[];
  cc?: string[];
  subject?: string;
  replyToId?: number;
}

interface Values {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  html: string;
  attachments: AttachmentDraft[];
}

/** A plain check for a typo; the server has the final word on each address. */
const ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+$/;

/** The ids of the documents the letter is written from, as the request takes them. */
function sourceFields(source: MailSource): Partial<ComposeMail> {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => typeof v === 'number' && v > 0));
}

/** «Написать письмо»: a drawer with the letter's form; the letter is queued in the outbox on send. */
export function ComposeMailDrawer({
  open,
  source,
  initial,
  onClose,
}: {
  open: boolean;
  source: MailSource;
  initial?: ComposeInitial;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      title={initial?.replyToId ? t('mail.compose.replyTitle') : t('mail.compose.title')}
      open={open}
      onClose={onClose}
      size={760}
      destroyOnHidden
      // The letter being written must not vanish at a stray click beside it.
      mask={{ closable: false }}
    >
      <ComposeForm source={source} initial={initial ?? {}} onSent={onClose} />
    </Drawer>
  );
}

function ComposeForm({
  source,
  initial,
  onSent,
}: {
  source: MailSource;
  initial: ComposeInitial;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const handleError = useApiError();
  const send = useSendMail();
  const recipients = useRecipients(source);
  const templates = useMailTemplates();
  const render = useRenderTemplate();
  const suggestions = recipients.data ?? [];
  const activeTemplates = (templates.data ?? []).filter((tpl) => tpl.isActive);

  const addressesRule = {
    validator: async (_: unknown, list: string[] | undefined) => {
      const wrong = (list ?? []).find((a) => !ADDRESS.test(a));
      if (wrong) throw new Error(t('mail.compose.invalidAddress', { address: wrong }));
    },
  };

  const applyTemplate = (id: number) =>
    render.mutate(
      { id, source },
      {
        onSuccess: (rendered) => {
          form.setFieldsValue({ subject: rendered.subject, html: rendered.html });
          void message.success(t('mail.compose.templateApplied'));
        },
        onError: (e) => handleError(e),
      },
    );

  const submit = (values: Values) => {
    const attachments = values.attachments ?? [];
    if (attachments.some((a) => a.contentBase64 === null)) {
      void message.warning(t('mail.compose.reading'));
      return;
    }
    send.mutate(
      {
        ...sourceFields(source),
        ...(initial.replyToId && { replyToId: initial.replyToId }),
        to: values.to,
        cc: values.cc ?? [],
        bcc: values.bcc ?? [],
        subject: values.subject,
        html: values.html ?? '',
        attachments: attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          contentBase64: a.contentBase64 ?? '',
        })),
      },
      {
        onSuccess: () => {
          void message.success(t('mail.compose.queued'));
          onSent();
        },
        onError: (e) => handleError(e, form),
      },
    );
  };

  return (
    <Form<Values>
      form={form}
      name="compose-mail"
      layout="vertical"
      initialValues={{
        to: initial.to ?? [],
        cc: initial.cc ?? [],
        bcc: [],
        subject: initial.subject ?? '',
        html: '',
        attachments: [],
      }}
      onFinish={submit}
    >
      {activeTemplates.length > 0 && (
        <Form.Item label={t('mail.compose.template')}>
          <Select<number>
            aria-label={t('mail.compose.template')}
            placeholder={t('mail.compose.templatePlaceholder')}
            loading={render.isPending}
            value={null}
            onChange={applyTemplate}
            options={activeTemplates.map((tpl) => ({ value: tpl.id, label: tpl.name }))}
          />
        </Form.Item>
      )}
      <Form.Item
        label={t('mail.compose.to')}
        name="to"
        extra={t('mail.compose.addressesHint')}
        rules={[{ required: true, message: t('common.required') }, addressesRule]}
      >
        <RecipientsSelect suggestions={suggestions} loading={recipients.isLoading} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item label={t('mail.compose.cc')} name="cc" rules={[addressesRule]} style={{ flex: 1 }}>
          <RecipientsSelect suggestions={suggestions} />
        </Form.Item>
        <Form.Item label={t('mail.compose.bcc')} name="bcc" rules={[addressesRule]} style={{ flex: 1 }}>
          <RecipientsSelect suggestions={suggestions} />
        </Form.Item>
      </Flex>
      <Form.Item
        label={t('mail.compose.subject')}
        name="subject"
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={998} />
      </Form.Item>
      <Form.Item label={t('mail.compose.body')} name="html">
        <RichTextEditor aria-label={t('mail.compose.body')} />
      </Form.Item>
      <Form.Item label={t('mail.compose.attachments')} name="attachments">
        <AttachmentsField name="attachments" />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={send.isPending}>
        {t('mail.compose.send')}
      </Button>
    </Form>
  );
}
