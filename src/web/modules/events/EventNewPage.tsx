import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { App, Card, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { Page } from '../../app/layout/Page.js';
import { useApiError } from '../../http/use-api-error.js';
import { useMe } from '../auth/session.js';
import { useCreateEvent } from './events.api.js';
import { bodyOf, EventForm, type EventFormValues } from './EventForm.js';

const idParam = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : null);

/** /events/new?clientId=&contactId=&projectId= — a new event, prefilled from where it was started. */
export function EventNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe();
  const [form] = Form.useForm<EventFormValues>();
  const create = useCreateEvent();
  const handleError = useApiError();
  // The next full quarter hour: a sensible start for something being logged or planned now.
  const [startsAt] = useState(() => {
    const now = dayjs();
    return now
      .minute(Math.ceil(now.minute() / 15) * 15)
      .second(0)
      .millisecond(0);
  });
  const clientId = idParam(params.get('clientId'));

  return (
    <Page title={t('events.newTitle')}>
      <Card size="small">
        <EventForm
          form={form}
          initialValues={{
            typeId: null,
            subject: '',
            startsAt,
            endsAt: null,
            status: 'planned',
            clientId,
            contactId: clientId ? idParam(params.get('contactId')) : null,
            projectId: idParam(params.get('projectId')),
            journalId: null,
            performerId: me.data?.id ?? null,
            participantIds: [],
            description: '',
            result: '',
          }}
          saving={create.isPending}
          submitText={t('events.create')}
          onCancel={() => void navigate('/events')}
          onFinish={(values) =>
            create.mutate(bodyOf(values, 'create'), {
              onSuccess: (e) => {
                void message.success(t('events.created', { number: e.number }));
                void navigate(`/events/${e.id}`, { replace: true });
              },
              onError: (e) => handleError(e, form),
            })
          }
        />
      </Card>
    </Page>
  );
}
