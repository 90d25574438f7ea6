import { Form, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ClientSelect } from './ClientSelect.js';
import { ContactSelect } from './ContactSelect.js';

interface Props {
  /** The dialog's form: its `clientId` and `contactId` fields are these two. */
  form: FormInstance;
  labels: { client: string; contact: string; contactPlaceholder: string };
}

/**
 * A required client and, optionally, one of its contact persons — for dialogs that link something
 * (a letter, a phone number) to a client. Choosing another client clears the contact.
 */
export function ClientContactFields({ form, labels }: Props) {
  const { t } = useTranslation();
  const clientId = Form.useWatch('clientId', form) as number | undefined;
  return (
    <>
      <Form.Item
        label={labels.client}
        name="clientId"
        rules={[{ required: true, message: t('common.required') }]}
      >
        <ClientSelect
          placeholder={t('cards.searchPlaceholder')}
          onChange={(id) => form.setFieldsValue({ clientId: id, contactId: null })}
        />
      </Form.Item>
      <Form.Item label={labels.contact} name="contactId">
        <ContactSelect clientId={clientId} placeholder={labels.contactPlaceholder} />
      </Form.Item>
    </>
  );
}
