import { Flex, Form, Input, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAIL_PLACEHOLDERS, type MailTemplate } from '../../../shared/schemas/mail.js';
import { FormDialog, useDialogSave } from '../../shared/FormDialog.js';
import { dialogFormTail } from '../../shared/form-layout.js';
import { useSaveTemplate } from './mail.api.js';
import { RichTextEditor } from './RichTextEditor.js';

interface Values {
  name: string;
  subject: string;
  html: string;
  isActive: boolean;
}

/** Creates a letter template (`template` null) or edits one; placeholders are listed to copy. */
export function MailTemplateFormModal({
  template,
  onClose,
}: {
  template: MailTemplate | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveTemplate(template?.id ?? null);
  const dialogSave = useDialogSave(form, onClose);
  return (
    <FormDialog<Values>
      title={template ? t('mail.templates.edit', { name: template.name }) : t('mail.templates.add')}
      form={form}
      name="mail-template"
      initialValues={{
        name: template?.name ?? '',
        subject: template?.subject ?? '',
        html: template?.html ?? '',
        isActive: template?.isActive ?? true,
      }}
      onFinish={(values) => save.mutate({ ...values, html: values.html ?? '' }, dialogSave)}
      saving={save.isPending}
      onClose={onClose}
      width={820}
    >
      <Form.Item
        label={t('mail.templates.name')}
        name="name"
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item label={t('mail.templates.subject')} name="subject">
        <Input maxLength={998} />
      </Form.Item>
      <Form.Item label={t('mail.templates.html')} name="html">
        <RichTextEditor aria-label={t('mail.templates.html')} minHeight={160} />
      </Form.Item>
      <Form.Item {...dialogFormTail}>
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('mail.templates.placeholders')}</Typography.Text>
          <Flex wrap gap={4}>
            {MAIL_PLACEHOLDERS.map((p) => (
              <Typography.Text key={p} code copyable>{`{{${p}}}`}</Typography.Text>
            ))}
          </Flex>
        </Flex>
      </Form.Item>
      <Form.Item label={t('mail.templates.isActive')} name="isActive" valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}
