import { useNavigate, useSearchParams } from 'react-router';
import { App, Card, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { Page } from '../../app/layout/Page.js';
import { useApiError } from '../../http/use-api-error.js';
import { useMe } from '../auth/session.js';
import { useCreateProject } from './projects.api.js';
import { bodyOf, ProjectForm, type ProjectFormValues } from './ProjectForm.js';

/** /projects/new?clientId=… — an external project for that client, or any project. */
export function ProjectNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe();
  const [form] = Form.useForm<ProjectFormValues>();
  const create = useCreateProject();
  const handleError = useApiError();
  const clientParam = params.get('clientId');
  const clientId = clientParam && /^\d+$/.test(clientParam) ? Number(clientParam) : null;

  return (
    <Page title={t('projects.newTitle')}>
      <Card size="small">
        <ProjectForm
          form={form}
          initialValues={{
            kind: 'external',
            clientId,
            managerId: me.data?.id ?? null,
            participantIds: [],
            journalId: null,
            status: 'planned',
            description: '',
          }}
          saving={create.isPending}
          submitText={t('projects.create')}
          onCancel={() => void navigate('/projects')}
          onFinish={(values) =>
            create.mutate(bodyOf(values), {
              onSuccess: (p) => {
                void message.success(t('projects.created', { number: p.number }));
                void navigate(`/projects/${p.id}`, { replace: true });
              },
              onError: (e) => handleError(e, form),
            })
          }
        />
      </Card>
    </Page>
  );
}
