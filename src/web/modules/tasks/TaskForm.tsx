import { Button, DatePicker, Form, Input, Select, Space, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { TASK_PRIORITIES, type TaskPriority } from '../../../shared/schemas/card-files.js';
import {
  TASK_DESCRIPTION_MAX,
  TASK_TITLE_MAX,
  type CreateTask,
  type Task,
} from '../../../shared/schemas/tasks.js';
import { dialogFormLayout, dialogFormTail } from '../../shared/form-layout.js';
import { ClientSelect } from '../../shared/pickers/ClientSelect.js';
import { JournalSelect } from '../../shared/pickers/JournalSelect.js';
import { ProjectSelect } from '../../shared/pickers/ProjectSelect.js';
import { UserSelect } from '../../shared/pickers/UserSelect.js';
import { useBook } from '../settings/books/books.api.js';
import { useEntryName } from '../settings/books/BookEntryName.js';

/** The form's own values: moments as the date picker holds them. */
export interface TaskFormValues {
  title: string;
  description: string;
  statusId: number | null;
  priority: TaskPriority;
  performerId: number | null;
  controllerId: number | null;
  startsAt: Dayjs | null;
  deadline: Dayjs | null;
  clientId: number | null;
  projectId: number | null;
  eventId: number | null;
  journalId: number | null;
}

export function formValuesOf(task: Task): TaskFormValues {
  return {
    title: task.title,
    description: task.description,
    statusId: task.statusId,
    priority: task.priority,
    performerId: task.performerId,
    controllerId: task.controllerId,
    startsAt: task.startsAt ? dayjs(task.startsAt) : null,
    deadline: task.deadline ? dayjs(task.deadline) : null,
    clientId: task.clientId,
    projectId: task.projectId,
    eventId: task.eventId,
    journalId: task.journalId,
  };
}

const moment = (value: Dayjs | null | undefined) => (value ? value.toISOString() : null);

/**
 * The request body of a save. The status is chosen only for a new task (the card changes it with
 * its own control, which obeys the transitions); an empty client of a new task is left to the
 * server, which takes the event's or the project's.
 */
export function bodyOf(v: TaskFormValues, isNew: boolean): CreateTask {
  return {
    title: v.title,
    description: v.description ?? '',
    ...(isNew && v.statusId !== null && { statusId: v.statusId }),
    priority: v.priority,
    performerId: v.performerId ?? null,
    controllerId: v.controllerId ?? null,
    startsAt: moment(v.startsAt),
    deadline: moment(v.deadline),
    projectId: v.projectId ?? null,
    eventId: v.eventId ?? null,
    ...((!isNew || v.clientId) && { clientId: v.clientId ?? null }),
    journalId: v.journalId ?? null,
  };
}

/** A task's fields, for creating one and for editing it on the card; names are the API's. */
export function TaskForm({
  form,
  initialValues,
  onFinish,
  saving,
  submitText,
  onCancel,
  isNew,
}: {
  form: FormInstance<TaskFormValues>;
  initialValues: Partial<TaskFormValues>;
  onFinish: (values: TaskFormValues) => void;
  saving: boolean;
  submitText: string;
  onCancel?: () => void;
  isNew: boolean;
}) {
  const { t } = useTranslation();
  const clientId = Form.useWatch('clientId', form) ?? initialValues.clientId ?? null;
  const required = { required: true, whitespace: true, message: t('common.required') };
  return (
    <Form<TaskFormValues>
      form={form}
      name="task"
      {...dialogFormLayout}
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 14 }}
      initialValues={initialValues}
      onFinish={onFinish}
    >
      <Form.Item label={t('tasks.fields.title')} name="title" rules={[required, { max: TASK_TITLE_MAX }]}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item
        label={t('tasks.fields.description')}
        name="description"
        rules={[{ max: TASK_DESCRIPTION_MAX }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 16 }} />
      </Form.Item>
      {isNew && (
        <Form.Item label={t('tasks.fields.status')} name="statusId">
          <NewTaskStatusSelect />
        </Form.Item>
      )}
      <Form.Item label={t('tasks.fields.priority')} name="priority">
        <Select
          options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))}
          style={{ maxWidth: 200 }}
        />
      </Form.Item>
      <Form.Item label={t('tasks.fields.performer')} name="performerId">
        <UserSelect allowClear />
      </Form.Item>
      <Form.Item label={t('tasks.fields.controller')} name="controllerId">
        <UserSelect allowClear />
      </Form.Item>
      <Form.Item label={t('tasks.fields.startsAt')} name="startsAt">
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item label={t('tasks.fields.deadline')} name="deadline">
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item label={t('tasks.fields.client')} name="clientId">
        <ClientSelect allowClear />
      </Form.Item>
      <Form.Item label={t('tasks.fields.project')} name="projectId">
        <ProjectSelect allowClear clientId={clientId} />
      </Form.Item>
      <Form.Item name="eventId" hidden>
        <Input />
      </Form.Item>
      <Form.Item label={t('tasks.fields.journal')} name="journalId">
        <JournalSelect docType="task" allowClear />
      </Form.Item>
      <Form.Item {...dialogFormTail} wrapperCol={{ offset: 6, span: 14 }}>
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

/**
 * A new task's status: the initial one or one a transition from it allows (all when it lists
 * none), as the server accepts; empty means the initial status.
 */
function NewTaskStatusSelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: number | null;
  onChange?: (value: number | null) => void;
}) {
  const statuses = useBook('task-statuses');
  const nameOf = useEntryName();
  const initial = statuses.data?.find((s) => s.isInitial);
  const allowed = initial?.allowedNextIds ?? [];
  return (
    <Select<number>
      id={id}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange?.(v ?? null)}
      options={(statuses.data ?? [])
        .filter((s) => s.isActive && (s.id === initial?.id || !allowed.length || allowed.includes(s.id)))
        .map((s) => ({ value: s.id, label: nameOf(s) }))}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      loading={statuses.isLoading}
      style={{ minWidth: 180 }}
    />
  );
}
