import { useNavigate } from 'react-router';
import { App, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Page } from '../../app/layout/Page.js';
import { useSignedInUser } from '../auth/session.js';
import { useCreateClient } from './clients.api.js';
import { ClientForm, emptyClientValues } from './ClientForm.js';

/** /clients/new — the requisites first; contact persons are added on the card. */
export function ClientNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useSignedInUser();
  const create = useCreateClient();
  return (
    <Page title={t('clients.newTitle')}>
      <Card size="small">
        <ClientForm
          initialValues={{ ...emptyClientValues, responsibleId: me.id }}
          save={(body) => create.mutateAsync(body)}
          saving={create.isPending}
          submitText={t('clients.create')}
          onCancel={() => void navigate('/clients')}
          onSaved={(c) => {
            void message.success(t('clients.created', { name: c.name }));
            void navigate(`/clients/${c.id}`, { replace: true });
          }}
        />
      </Card>
    </Page>
  );
}
