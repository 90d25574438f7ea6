import { Checkbox, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MailListItem } from '../../../shared/schemas/mail.js';
import { FormDialog, useDialogSave } from '../../shared/FormDialog.js';
import { dialogFormTail } from '../../shared/form-layout.js';
import { ClientContactFields } from '../../shared/pickers/ClientContactFields.js';
import { useCreateClientFromUnsorted, useLinkUnsorted } from './mail.api.js';

interface LinkValues {
  clientId: number | null;
  contactId: number | null;
  rememberAddress: boolean;
}

/** «Привязать»: the letter (and the sender's other unsorted ones) to a client and maybe a contact person. */
export function LinkUnsortedDialog({ letter, onClose }: { letter: MailListItem; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LinkValues>();
  const link = useLinkUnsorted();
  const dialogSave = useDialogSave(form, onClose, t('mail.unsorted.linked'));
  return (
    <FormDialog<LinkValues>
      title={t('mail.unsorted.linkTitle')}
      form={form}
      name="link-unsorted"
      initialValues={{ clientId: null, contactId: null, rememberAddress: true }}
      onFinish={(v) =>
        link.mutate(
          {
            id: letter.id,
            body: {
              clientId: v.clientId!,
              contactId: v.contactId ?? null,
              rememberAddress: v.rememberAddress,
            },
          },
          dialogSave,
        )
      }
      saving={link.isPending}
      onClose={onClose}
      width={600}
    >
      <ClientContactFields
        form={form}
        labels={{
          client: t('mail.unsorted.client'),
          contact: t('mail.unsorted.contact'),
          contactPlaceholder: t('mail.unsorted.contactPlaceholder'),
        }}
      />
      <Form.Item name="rememberAddress" valuePropName="checked" {...dialogFormTail}>
        <Checkbox>{t('mail.unsorted.remember', { address: letter.from.address })}</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}

interface CreateValues {
  name: string;
  kind: 'organization' | 'person';
}

/** «Создать клиента» from the sender: the name the letter gave, the address kept on the new card. */
export function CreateClientFromUnsortedDialog({
  letter,
  onClose,
}: {
  letter: MailListItem;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateClientFromUnsorted();
  const dialogSave = useDialogSave(form, onClose, t('mail.unsorted.created'));
  return (
    <FormDialog<CreateValues>
      title={t('mail.unsorted.createTitle')}
      form={form}
      name="client-from-unsorted"
      initialValues={{ name: letter.from.name || letter.from.address, kind: 'person' }}
      onFinish={(body) => create.mutate({ id: letter.id, body }, dialogSave)}
      saving={create.isPending}
      onClose={onClose}
      width={600}
    >
      <Form.Item
        label={t('mail.unsorted.name')}
        name="name"
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={500} autoFocus />
      </Form.Item>
      <Form.Item label={t('mail.unsorted.kind')} name="kind">
        <Radio.Group
          options={(['person', 'organization'] as const).map((k) => ({
            value: k,
            label: t(`mail.unsorted.kinds.${k}`),
          }))}
        />
      </Form.Item>
    </FormDialog>
  );
}
