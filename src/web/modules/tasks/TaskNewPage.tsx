import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Card, Form } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { EventCard } from '../../../shared/schemas/events.js';
import { Page } from '../../app/layout/Page.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';
import { useApiError } from '../../http/use-api-error.js';
import { FullPageSpin } from '../../shared/FullPageSpin.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useMe } from '../auth/session.js';
import { useCreateTask } from './tasks.api.js';
import { bodyOf, TaskForm, type TaskFormValues } from './TaskForm.js';
import { numberParam } from './TaskFilters.js';

/**
 * /tasks/new?eventId=&projectId=&clientId= — a new task; from an event it takes the event's
 * subject, client and project and keeps the link to the event.
 */
export function TaskNewPage() {
  const [params] = useSearchParams();
  const eventId = numberParam(params.get('eventId') ?? undefined);
  const event = useQuery({
    queryKey: [...queryKeys.events, eventId],
    queryFn: () => api.get<EventCard>(`/api/v1/events/${eventId}`),
    enabled: eventId !== null,
  });
  if (eventId !== null && event.isPending) return <FullPageSpin />;
  if (event.isError) return <QueryErrorAlert error={event.error} onRetry={() => void event.refetch()} />;
  return (
    <NewTask
      event={event.data ?? null}
      projectId={numberParam(params.get('projectId') ?? undefined)}
      clientId={numberParam(params.get('clientId') ?? undefined)}
    />
  );
}

function NewTask({
  event,
  projectId,
  clientId,
}: {
  event: EventCard | null;
  projectId: number | null;
  clientId: number | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<TaskFormValues>();
  const create = useCreateTask();
  const handleError = useApiError();
  return (
    <Page title={t('tasks.newTitle')}>
      {event && (
        <Alert
          type="info"
          showIcon
          title={
            <>
              {t('tasks.fields.event')}: <Link to={`/events/${event.id}`}>{event.number}</Link>{' '}
              {event.subject}
            </>
          }
        />
      )}
      <Card size="small">
        <TaskForm
          form={form}
          isNew
          initialValues={{
            title: event?.subject ?? '',
            description: '',
            statusId: null,
            priority: 'normal',
            performerId: me.data?.id ?? null,
            controllerId: null,
            startsAt: null,
            deadline: null,
            clientId: event ? (event.client?.id ?? null) : clientId,
            projectId: event ? (event.project?.id ?? null) : projectId,
            eventId: event?.id ?? null,
            journalId: null,
          }}
          saving={create.isPending}
          submitText={t('tasks.create')}
          onCancel={() => void navigate(-1)}
          onFinish={(values) =>
            create.mutate(bodyOf(values, true), {
              onSuccess: (task) => {
                void message.success(t('tasks.created', { number: task.number }));
                void navigate(`/tasks/${task.id}`, { replace: true });
              },
              onError: (e) => handleError(e, form),
            })
          }
        />
      </Card>
    </Page>
  );
}
