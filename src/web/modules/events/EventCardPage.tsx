import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { App, Button, Card, Descriptions, Flex, Form, Input, Table, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EventStatus } from '../../../shared/schemas/card-files.js';
import type { EventCard } from '../../../shared/schemas/events.js';
import type { TaskListItem } from '../../../shared/schemas/tasks.js';
import { Page } from '../../app/layout/Page.js';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { ApiError } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';
import { useApiError } from '../../http/use-api-error.js';
import { FullPageSpin } from '../../shared/FullPageSpin.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { HistoryTab } from '../../shared/cards/HistoryTab.js';
import { usePaged } from '../../shared/cards/use-paged.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useCan } from '../access/access.api.js';
import { WhyVisibleButton } from '../access/WhyVisibleButton.js';
import { useEntryName } from '../settings/books/BookEntryName.js';
import { useDeleteEvent, useEvent, useUpdateEvent } from './events.api.js';
import { EventStatusTag, EventTypeTag } from './EventBits.js';
import { bodyOf, EventForm, formValuesOf, TEXT_MAX, type EventFormValues } from './EventForm.js';
import { ConfirmDeleteButton } from '../../shared/cards/ConfirmDeleteButton.js';
import { EventLetter } from '../mail/EventLetter.js';
import { WriteMailButton } from '../mail/WriteMailButton.js';
import { EventCall } from '../telephony/EventCall.js';

const TABS = ['card', 'tasks', 'history'] as const;
type TabKey = (typeof TABS)[number];

/** /events/:id — the event card: its fields, the tasks created from it, its history. */
export function EventCardPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const event = useEvent(id);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  if (event.isPending) return <FullPageSpin />;
  if (event.isError) {
    if (event.error instanceof ApiError && event.error.status === 404) return <NotFoundPage />;
    return <QueryErrorAlert error={event.error} onRetry={() => void event.refetch()} />;
  }
  return <EventCardView event={event.data} />;
}

function EventCardView({ event: e }: { event: EventCard }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const handleError = useApiError();
  const update = useUpdateEvent(e.id);
  const remove = useDeleteEvent();
  const canDelete = useCan('events', 'delete');
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'card';

  const changeStatus = (status: EventStatus) =>
    update.mutate(
      { status },
      { onSuccess: () => void message.success(t('common.saved')), onError: (err) => handleError(err) },
    );
  const confirmDelete = () =>
    remove.mutateAsync(e.id).then(
      () => {
        void message.success(t('common.deleted'));
        void navigate('/events', { replace: true });
      },
      (err: unknown) => handleError(err),
    );

  return (
    <Page
      title={`${e.number} · ${e.subject}`}
      extra={
        <>
          <WriteMailButton source={{ eventId: e.id }} />
          {e.status !== 'done' && (
            <Button icon={<CheckOutlined />} loading={update.isPending} onClick={() => changeStatus('done')}>
              {t('events.actions.done')}
            </Button>
          )}
          {e.status !== 'cancelled' && (
            <Button
              icon={<StopOutlined />}
              loading={update.isPending}
              onClick={() => changeStatus('cancelled')}
            >
              {t('events.actions.cancel')}
            </Button>
          )}
          {e.status !== 'planned' && (
            <Button
              icon={<UndoOutlined />}
              loading={update.isPending}
              onClick={() => changeStatus('planned')}
            >
              {t('events.actions.replan')}
            </Button>
          )}
          <WhyVisibleButton docType="events" id={e.id} />
          {canDelete && (
            <ConfirmDeleteButton
              title={t('events.confirmDelete', { number: e.number })}
              onConfirm={confirmDelete}
            />
          )}
        </>
      }
    >
      <Flex gap={12} align="center" wrap>
        <EventStatusTag status={e.status} />
        <EventTypeTag type={e.type} />
        {e.client && <Link to={`/clients/${e.client.id}`}>{e.client.name}</Link>}
        {e.project && (
          <Link to={`/projects/${e.project.id}`}>
            {e.project.number} {e.project.name}
          </Link>
        )}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              if (key === 'card') next.delete('tab');
              else next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={[
          {
            key: 'card',
            label: t('events.tabs.card'),
            children: (
              <Flex vertical gap={12}>
                <EventLetter eventId={e.id} typeCode={e.type.code} />
                <EventCall eventId={e.id} typeCode={e.type.code} />
                <Fields event={e} />
              </Flex>
            ),
          },
          { key: 'tasks', label: t('events.tabs.tasks'), children: <EventTasks eventId={e.id} /> },
          {
            key: 'history',
            label: t('events.tabs.history'),
            children: <HistoryTab docType="event" id={e.id} />,
          },
        ]}
      />
    </Page>
  );
}

function Fields({ event: e }: { event: EventCard }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const nameOf = useEntryName();
  const handleError = useApiError();
  const update = useUpdateEvent(e.id);
  const [form] = Form.useForm<EventFormValues>();
  const [editing, setEditing] = useState(false);
  const [result, setResult] = useState(e.result);
  const none = t('common.none');
  const text = (value: string) =>
    value ? (
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{value}</Typography.Paragraph>
    ) : (
      none
    );

  if (editing) {
    return (
      <Card size="small">
        <EventForm
          form={form}
          initialValues={formValuesOf(e)}
          saving={update.isPending}
          submitText={t('common.save')}
          onCancel={() => setEditing(false)}
          onFinish={(values) =>
            update.mutate(bodyOf(values, 'update'), {
              onSuccess: (saved) => {
                void message.success(t('common.saved'));
                setResult(saved.result);
                setEditing(false);
              },
              onError: (err) => handleError(err, form),
            })
          }
        />
      </Card>
    );
  }
  return (
    <Flex vertical gap={8}>
      <Flex justify="flex-end">
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
          {t('common.edit')}
        </Button>
      </Flex>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'number', label: t('events.fields.number'), children: e.number },
          { key: 'type', label: t('events.fields.type'), children: nameOf(e.type) },
          { key: 'subject', label: t('events.fields.subject'), span: 'filled', children: e.subject },
          { key: 'startsAt', label: t('events.fields.startsAt'), children: formatDateTime(e.startsAt) },
          {
            key: 'endsAt',
            label: t('events.fields.endsAt'),
            children: e.endsAt ? formatDateTime(e.endsAt) : none,
          },
          { key: 'status', label: t('events.fields.status'), children: <EventStatusTag status={e.status} /> },
          { key: 'performer', label: t('events.fields.performer'), children: e.performer?.name ?? none },
          {
            key: 'client',
            label: t('events.fields.client'),
            children: e.client ? <Link to={`/clients/${e.client.id}`}>{e.client.name}</Link> : none,
          },
          { key: 'contact', label: t('events.fields.contact'), children: e.contact?.name || none },
          {
            key: 'project',
            label: t('events.fields.project'),
            children: e.project ? (
              <Link to={`/projects/${e.project.id}`}>
                {e.project.number} {e.project.name}
              </Link>
            ) : (
              none
            ),
          },
          { key: 'journal', label: t('events.fields.journal'), children: nameOf(e.journal) },
          {
            key: 'participants',
            label: t('events.fields.participants'),
            span: 'filled',
            children: e.participants.length
              ? e.participants.map((u) => <Tag key={u.id}>{u.name}</Tag>)
              : none,
          },
          {
            key: 'created',
            label: t('events.fields.createdAt'),
            span: 'filled',
            children: [formatDateTime(e.createdAt), e.createdBy?.name].filter(Boolean).join(' · '),
          },
          {
            key: 'description',
            label: t('events.fields.description'),
            span: 'filled',
            children: text(e.description),
          },
        ]}
      />
      <Card size="small" title={t('events.fields.result')}>
        <Flex vertical gap={8}>
          <Input.TextArea
            aria-label={t('events.fields.result')}
            value={result}
            maxLength={TEXT_MAX}
            onChange={(ev) => setResult(ev.target.value)}
            autoSize={{ minRows: 2, maxRows: 12 }}
          />
          <Flex justify="flex-end">
            <Button
              type="primary"
              disabled={result === e.result}
              loading={update.isPending}
              onClick={() =>
                update.mutate(
                  { result },
                  {
                    onSuccess: () => void message.success(t('common.saved')),
                    onError: (err) => handleError(err),
                  },
                )
              }
            >
              {t('events.actions.saveResult')}
            </Button>
          </Flex>
        </Flex>
      </Card>
    </Flex>
  );
}

/** Tasks created from the event (the tasks API), with the button that starts a new one from it. */
function EventTasks({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDateTime = useFormatDateTime();
  const nameOf = useEntryName();
  const tasks = usePaged<TaskListItem>(
    [...queryKeys.tasks, 'event', eventId],
    `/api/v1/tasks?eventId=${eventId}`,
  );
  const canCreateTask = useCan('tasks', 'create');
  return (
    <Flex vertical gap={8}>
      {canCreateTask && (
        <Flex justify="flex-end">
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => void navigate(`/tasks/new?eventId=${eventId}`)}
          >
            {t('events.actions.createTask')}
          </Button>
        </Flex>
      )}
      {tasks.error ? (
        <QueryErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        <Table<TaskListItem>
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          loading={tasks.isLoading}
          dataSource={tasks.items}
          locale={{ emptyText: t('events.tasks.empty') }}
          onRow={(task) => ({ onDoubleClick: () => void navigate(`/tasks/${task.id}`) })}
          columns={[
            {
              key: 'number',
              title: t('events.tasks.number'),
              width: 140,
              render: (_, task) => <Link to={`/tasks/${task.id}`}>{task.number}</Link>,
            },
            { key: 'title', title: t('events.tasks.title'), dataIndex: 'title' },
            {
              key: 'performer',
              title: t('events.tasks.performer'),
              render: (_, task) => task.performer?.name ?? t('common.none'),
            },
            {
              key: 'deadline',
              title: t('events.tasks.deadline'),
              width: 160,
              render: (_, task) =>
                task.deadline ? (
                  <Typography.Text type={task.isOverdue ? 'danger' : undefined}>
                    {formatDateTime(task.deadline)}
                  </Typography.Text>
                ) : (
                  t('common.none')
                ),
            },
            {
              key: 'status',
              title: t('events.tasks.status'),
              width: 160,
              render: (_, task) => <Tag color={task.status.color ?? undefined}>{nameOf(task.status)}</Tag>,
            },
          ]}
        />
      )}
      {tasks.hasNextPage && (
        <Button onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
          {t('events.more')}
        </Button>
      )}
    </Flex>
  );
}
