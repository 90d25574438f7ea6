import { useNavigate, useSearchParams } from 'react-router';
import { App, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Page } from '../../app/layout/Page.js';
import { useSignedInUser } from '../auth/session.js';
import { useLinkCallsToNewClient } from '../telephony/LinkNumberDialog.js';
import { useCreateClient } from './clients.api.js';
import { ClientForm, emptyClientValues } from './ClientForm.js';

/** A page of ours to go back to (`back=`), never another site. */
function backPath(value: string | null): string | null {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : null;
}

/**
 * /clients/new — the requisites first; contact persons are added on the card. `?phone=` (a caller
 * no card has) prefills the phone and links that number's past calls to the new client.
 */
export function ClientNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useSignedInUser();
  const create = useCreateClient();
  const linkCalls = useLinkCallsToNewClient();
  const [params] = useSearchParams();
  const phone = params.get('phone')?.trim() || null;
  const back = backPath(params.get('back'));
  return (
    <Page title={t('clients.newTitle')}>
      <Card size="small">
        <ClientForm
          initialValues={{
            ...emptyClientValues,
            responsibleId: me.id,
            ...(phone && { phones: [{ kind: 'work', number: phone }] }),
          }}
          save={(body) => create.mutateAsync(body)}
          saving={create.isPending}
          submitText={t('clients.create')}
          onCancel={() => void navigate(back ?? '/clients')}
          onSaved={(c) => {
            void message.success(t('clients.created', { name: c.name }));
            if (phone) void linkCalls(c.id, phone);
            void navigate(back ?? `/clients/${c.id}`, { replace: true });
          }}
        />
      </Card>
    </Page>
  );
}
