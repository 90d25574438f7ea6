import { App, Checkbox, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../shared/FormDialog.js';
import { dialogFormTail } from '../../shared/form-layout.js';
import { ClientContactFields } from '../../shared/pickers/ClientContactFields.js';
import { useApiError } from '../../http/use-api-error.js';
import { useLinkUnknownNumber } from './telephony.api.js';

interface LinkValues {
  clientId: number | null;
  contactId: number | null;
  addPhone: boolean;
}

/** «Выбрать клиента» for a number no card has: its past calls go to the client (and maybe a contact). */
export function LinkNumberDialog({ number, onClose }: { number: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [form] = Form.useForm<LinkValues>();
  const link = useLinkUnknownNumber();
  return (
    <FormDialog<LinkValues>
      title={t('telephony.unknown.linkTitle', { number })}
      form={form}
      name="link-number"
      initialValues={{ clientId: null, contactId: null, addPhone: true }}
      onFinish={(v) =>
        link.mutate(
          { number, clientId: v.clientId!, contactId: v.contactId ?? null, addPhone: v.addPhone },
          {
            onSuccess: ({ linkedCalls }) => {
              void message.success(t('telephony.unknown.linked', { count: linkedCalls }));
              onClose();
            },
            onError: (e) => handleError(e, form),
          },
        )
      }
      saving={link.isPending}
      onClose={onClose}
      width={600}
    >
      <ClientContactFields
        form={form}
        labels={{
          client: t('telephony.unknown.client'),
          contact: t('telephony.unknown.contact'),
          contactPlaceholder: t('telephony.unknown.contactPlaceholder'),
        }}
      />
      <Form.Item name="addPhone" valuePropName="checked" {...dialogFormTail}>
        <Checkbox>{t('telephony.unknown.addPhone')}</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}

/**
 * After a client was created for a number (its phones already hold it): the number's past calls
 * are linked to the new card, and the user is told how many.
 */
export function useLinkCallsToNewClient(): (clientId: number, number: string) => Promise<void> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const link = useLinkUnknownNumber();
  return (clientId, number) =>
    link.mutateAsync({ number, clientId, addPhone: false }).then(({ linkedCalls }) => {
      if (linkedCalls > 0) void message.success(t('telephony.unknown.linked', { count: linkedCalls }));
    }, handleError);
}
