import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Select, Tabs, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/schemas/tasks.js';
import { Page } from '../../app/layout/Page.js';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { ApiError } from '../../http/client.js';
import { useApiError } from '../../http/use-api-error.js';
import { FullPageSpin } from '../../shared/FullPageSpin.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { HistoryTab } from '../../shared/cards/HistoryTab.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useBook } from '../settings/books/books.api.js';
import { useEntryName } from '../settings/books/BookEntryName.js';
import { useCan } from '../access/access.api.js';
import { WhyVisibleButton } from '../access/WhyVisibleButton.js';
import { useChangeTaskStatus, useDeleteTask, useTask, useUpdateTask } from './tasks.api.js';
import { DeadlineText, PriorityTag, TaskStatusTag } from './TaskBits.js';
import { TaskChecklist } from './TaskChecklist.js';
import { TaskComments } from './TaskComments.js';
import { bodyOf, formValuesOf, TaskForm, type TaskFormValues } from './TaskForm.js';
import { ConfirmDeleteButton } from '../../shared/cards/ConfirmDeleteButton.js';
import { MailList } from '../mail/MailList.js';
import { WriteMailButton } from '../mail/WriteMailButton.js';

const TABS = ['main', 'checklist', 'comments', 'mail', 'history'] as const;
type TabKey = (typeof TABS)[number];

/** /tasks/:id — the task card: fields, status, checklist, comments, history. */
export function TaskCardPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const task = useTask(id);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  if (task.isPending) return <FullPageSpin />;
  if (task.isError) {
    if (task.error instanceof ApiError && task.error.status === 404) return <NotFoundPage />;
    return <QueryErrorAlert error={task.error} onRetry={() => void task.refetch()} />;
  }
  return <TaskCard task={task.data} />;
}

function TaskCard({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const handleError = useApiError();
  const remove = useDeleteTask();
  const canDelete = useCan('tasks', 'delete');
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'main';
  const locked = task.status.isFinal;

  const confirmDelete = () =>
    remove.mutateAsync(task.id).then(
      () => {
        void message.success(t('common.deleted'));
        void navigate('/tasks', { replace: true });
      },
      (e: unknown) => handleError(e),
    );

  return (
    <Page
      title={`${task.number} · ${task.title}`}
      extra={
        <>
          <WriteMailButton source={{ taskId: task.id }} />
          <StatusControl task={task} />
          <WhyVisibleButton docType="tasks" id={task.id} />
          {canDelete && (
            <ConfirmDeleteButton
              title={t('tasks.card.confirmDelete', { number: task.number })}
              onConfirm={confirmDelete}
            />
          )}
        </>
      }
    >
      <Flex gap={12} align="center" wrap>
        <TaskStatusTag status={task.status} />
        <PriorityTag priority={task.priority} />
        {task.deadline && <DeadlineText task={task} />}
        {task.client && <Link to={`/clients/${task.client.id}`}>{task.client.name}</Link>}
        {task.project && (
          <Link to={`/projects/${task.project.id}`}>{`${task.project.number} ${task.project.name}`}</Link>
        )}
        {task.event && (
          <Link to={`/events/${task.event.id}`}>{`${task.event.number} ${task.event.subject}`}</Link>
        )}
      </Flex>
      {locked && <Alert type="info" showIcon title={t('tasks.card.finalLocked')} />}
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              if (key === 'main') next.delete('tab');
              else next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={[
          { key: 'main', label: t('tasks.card.tabs.main'), children: <TaskFields task={task} /> },
          {
            key: 'checklist',
            label: `${t('tasks.card.tabs.checklist')}${task.checklist.total ? ` (${task.checklist.done}/${task.checklist.total})` : ''}`,
            children: <TaskChecklist taskId={task.id} locked={locked} />,
          },
          {
            key: 'comments',
            label: t('tasks.card.tabs.comments'),
            children: <TaskComments taskId={task.id} />,
          },
          { key: 'mail', label: t('mail.tab'), children: <MailList source={{ taskId: task.id }} /> },
          {
            key: 'history',
            label: t('tasks.card.tabs.history'),
            children: <HistoryTab docType="task" id={task.id} />,
          },
        ]}
      />
    </Page>
  );
}

/**
 * The status select: the statuses the current one allows are offered (all when it lists none);
 * the server has the last word and its refusal is shown as is.
 */
function StatusControl({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const statuses = useBook('task-statuses');
  const nameOf = useEntryName();
  const change = useChangeTaskStatus();
  const current = statuses.data?.find((s) => s.id === task.statusId);
  const allowed = current?.allowedNextIds ?? [];
  return (
    <Select<number>
      aria-label={t('tasks.card.changeStatus')}
      value={task.statusId}
      loading={change.isPending || statuses.isLoading}
      onChange={(statusId) =>
        change.mutate(
          { id: task.id, statusId },
          {
            onSuccess: () => void message.success(t('tasks.card.statusChanged')),
            onError: (e) => handleError(e),
          },
        )
      }
      options={(statuses.data ?? [])
        .filter((s) => s.isActive || s.id === task.statusId)
        .map((s) => ({
          value: s.id,
          label: nameOf(s),
          disabled: s.id !== task.statusId && allowed.length > 0 && !allowed.includes(s.id),
        }))}
      style={{ width: 200 }}
    />
  );
}

function TaskFields({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const nameOf = useEntryName();
  const handleError = useApiError();
  const update = useUpdateTask(task.id);
  const [form] = Form.useForm<TaskFormValues>();
  const [editing, setEditing] = useState(false);
  const none = t('common.none');
  const at = (value: string | null) => (value ? formatDateTime(value) : none);

  if (editing && !task.status.isFinal) {
    return (
      <Card size="small">
        <TaskForm
          form={form}
          isNew={false}
          initialValues={formValuesOf(task)}
          saving={update.isPending}
          submitText={t('common.save')}
          onCancel={() => setEditing(false)}
          onFinish={(values) =>
            update.mutate(bodyOf(values, false), {
              onSuccess: () => {
                void message.success(t('common.saved'));
                setEditing(false);
              },
              onError: (e) => handleError(e, form),
            })
          }
        />
      </Card>
    );
  }
  return (
    <Flex vertical gap={8}>
      <Flex justify="flex-end">
        <Button icon={<EditOutlined />} disabled={task.status.isFinal} onClick={() => setEditing(true)}>
          {t('common.edit')}
        </Button>
      </Flex>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'number', label: t('tasks.fields.number'), children: task.number },
          { key: 'title', label: t('tasks.fields.title'), children: task.title },
          {
            key: 'status',
            label: t('tasks.fields.status'),
            children: <TaskStatusTag status={task.status} />,
          },
          {
            key: 'priority',
            label: t('tasks.fields.priority'),
            children: <PriorityTag priority={task.priority} />,
          },
          { key: 'author', label: t('tasks.fields.author'), children: task.author?.name ?? none },
          { key: 'performer', label: t('tasks.fields.performer'), children: task.performer?.name ?? none },
          { key: 'controller', label: t('tasks.fields.controller'), children: task.controller?.name ?? none },
          { key: 'startsAt', label: t('tasks.fields.startsAt'), children: at(task.startsAt) },
          { key: 'deadline', label: t('tasks.fields.deadline'), children: <DeadlineText task={task} /> },
          { key: 'completedAt', label: t('tasks.fields.completedAt'), children: at(task.completedAt) },
          {
            key: 'client',
            label: t('tasks.fields.client'),
            children: task.client ? <Link to={`/clients/${task.client.id}`}>{task.client.name}</Link> : none,
          },
          {
            key: 'project',
            label: t('tasks.fields.project'),
            children: task.project ? (
              <Link to={`/projects/${task.project.id}`}>{`${task.project.number} ${task.project.name}`}</Link>
            ) : task.projectId ? (
              <Link to={`/projects/${task.projectId}`}>#{task.projectId}</Link>
            ) : (
              none
            ),
          },
          {
            key: 'event',
            label: t('tasks.fields.event'),
            children: task.event ? (
              <Link to={`/events/${task.event.id}`}>{`${task.event.number} ${task.event.subject}`}</Link>
            ) : task.eventId ? (
              <Link to={`/events/${task.eventId}`}>#{task.eventId}</Link>
            ) : (
              none
            ),
          },
          { key: 'journal', label: t('tasks.fields.journal'), children: nameOf(task.journal) },
          {
            key: 'created',
            label: t('tasks.fields.createdAt'),
            children: formatDateTime(task.createdAt),
          },
          { key: 'updated', label: t('tasks.fields.updatedAt'), children: formatDateTime(task.updatedAt) },
          {
            key: 'description',
            label: t('tasks.fields.description'),
            span: 'filled',
            children: task.description ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {task.description}
              </Typography.Paragraph>
            ) : (
              none
            ),
          },
        ]}
      />
    </Flex>
  );
}
