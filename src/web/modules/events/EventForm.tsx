import { Button, DatePicker, Form, Input, Select, Space, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { EVENT_STATUSES, type EventStatus } from '../../../shared/schemas/card-files.js';
import type { CreateEvent, EventCard } from '../../../shared/schemas/events.js';
import { dialogFormLayout } from '../../shared/form-layout.js';
import { BookSelect } from '../../shared/pickers/BookSelect.js';
import { ClientSelect } from '../../shared/pickers/ClientSelect.js';
import { ContactSelect } from '../../shared/pickers/ContactSelect.js';
import { JournalSelect } from '../../shared/pickers/JournalSelect.js';
import { ProjectSelect } from '../../shared/pickers/ProjectSelect.js';
import { UserSelect } from '../../shared/pickers/UserSelect.js';

/** The form's own values: moments as the date picker holds them. */
export interface EventFormValues {
  typeId: number | null;
  subject: string;
  startsAt: Dayjs | null;
  endsAt: Dayjs | null;
  status: EventStatus;
  clientId: number | null;
  contactId: number | null;
  projectId: number | null;
  journalId: number | null;
  performerId: number | null;
  participantIds: number[];
  description: string;
  result: string;
}

export const SUBJECT_MAX = 1000;
export const TEXT_MAX = 100_000;
const DATE_TIME_FORMAT = 'DD.MM.YYYY HH:mm';

export function formValuesOf(e: EventCard): EventFormValues {
  return {
    typeId: e.type.id,
    subject: e.subject,
    startsAt: dayjs(e.startsAt),
    endsAt: e.endsAt ? dayjs(e.endsAt) : null,
    status: e.status,
    clientId: e.client?.id ?? null,
    contactId: e.contact?.id ?? null,
    projectId: e.project?.id ?? null,
    journalId: e.journal.id,
    performerId: e.performer?.id ?? null,
    participantIds: e.participants.map((u) => u.id),
    description: e.description,
    result: e.result,
  };
}

/**
 * The request body of a save. On create an empty end is left out so the server applies the type's
 * duration; on a change it clears the end. An empty journal keeps the default (create) or the
 * current journal (change).
 */
export function bodyOf(v: EventFormValues, mode: 'create' | 'update'): CreateEvent {
  return {
    // The form requires the type and the start before it submits.
    typeId: v.typeId!,
    subject: v.subject ?? '',
    startsAt: v.startsAt!.toISOString(),
    ...(v.endsAt ? { endsAt: v.endsAt.toISOString() } : mode === 'update' && { endsAt: null }),
    status: v.status,
    clientId: v.clientId ?? null,
    contactId: v.clientId ? (v.contactId ?? null) : null,
    projectId: v.projectId ?? null,
    ...(v.journalId !== null && v.journalId !== undefined && { journalId: v.journalId }),
    performerId: v.performerId ?? null,
    participantIds: v.participantIds ?? [],
    description: v.description ?? '',
    result: v.result ?? '',
  };
}

/**
 * An event's fields, for creating one and for editing it on the card. Field names are the API's,
 * so the server's field errors (a contact of another client, an end before the start…) land on them.
 */
export function EventForm({
  form,
  initialValues,
  onFinish,
  saving,
  submitText,
  onCancel,
}: {
  form: FormInstance<EventFormValues>;
  initialValues: Partial<EventFormValues>;
  onFinish: (values: EventFormValues) => void;
  saving: boolean;
  submitText: string;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  // Undefined until the form is mounted; null once the client is cleared.
  const watched = Form.useWatch('clientId', form) as number | null | undefined;
  const clientId = watched === undefined ? initialValues.clientId : watched;
  const required = { required: true, message: t('common.required') };
  return (
    <Form<EventFormValues>
      form={form}
      name="event"
      {...dialogFormLayout}
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 14 }}
      initialValues={initialValues}
      onFinish={onFinish}
      onValuesChange={(changed: Partial<EventFormValues>) => {
        // A contact person belongs to the client: another client drops it.
        if ('clientId' in changed) form.setFieldValue('contactId', null);
      }}
    >
      <Form.Item label={t('events.fields.type')} name="typeId" rules={[required]}>
        <BookSelect book="event_type" />
      </Form.Item>
      <Form.Item label={t('events.fields.subject')} name="subject" rules={[required, { max: SUBJECT_MAX }]}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item label={t('events.fields.period')} required style={{ marginBottom: 0 }}>
        <Space wrap align="start">
          <Form.Item name="startsAt" rules={[required]}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format={DATE_TIME_FORMAT}
              placeholder={t('events.fields.startsAt')}
            />
          </Form.Item>
          <Form.Item name="endsAt" extra={t('events.hints.endsAt')}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format={DATE_TIME_FORMAT}
              placeholder={t('events.fields.endsAt')}
            />
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item label={t('events.fields.status')} name="status" rules={[required]}>
        <Select
          options={EVENT_STATUSES.map((s) => ({ value: s, label: t(`events.statuses.${s}`) }))}
          style={{ maxWidth: 240 }}
        />
      </Form.Item>
      <Form.Item label={t('events.fields.client')} name="clientId">
        <ClientSelect allowClear />
      </Form.Item>
      {clientId ? (
        <Form.Item label={t('events.fields.contact')} name="contactId">
          <ContactSelect clientId={clientId} />
        </Form.Item>
      ) : null}
      <Form.Item label={t('events.fields.project')} name="projectId" extra={t('events.hints.project')}>
        <ProjectSelect allowClear />
      </Form.Item>
      <Form.Item label={t('events.fields.performer')} name="performerId">
        <UserSelect allowClear />
      </Form.Item>
      <Form.Item label={t('events.fields.participants')} name="participantIds">
        <UserSelect multiple />
      </Form.Item>
      <Form.Item label={t('events.fields.journal')} name="journalId">
        <JournalSelect docType="event" allowClear />
      </Form.Item>
      <Form.Item label={t('events.fields.description')} name="description" rules={[{ max: TEXT_MAX }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 16 }} />
      </Form.Item>
      <Form.Item label={t('events.fields.result')} name="result" rules={[{ max: TEXT_MAX }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 12 }} />
      </Form.Item>
      <Form.Item wrapperCol={{ offset: 6, span: 14 }}>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {submitText}
          </Button>
          {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
        </Space>
      </Form.Item>
    </Form>
  );
}
