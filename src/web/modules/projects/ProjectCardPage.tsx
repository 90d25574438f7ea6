import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { App, Button, Card, Descriptions, Flex, Form, Select, Table, Tabs, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PROJECT_STATUSES, type ProjectStatus } from '../../../shared/schemas/card-files.js';
import type { EventListItem } from '../../../shared/schemas/events.js';
import type { Project } from '../../../shared/schemas/projects.js';
import type { TaskListItem } from '../../../shared/schemas/tasks.js';
import { Page } from '../../app/layout/Page.js';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { ApiError } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';
import { useApiError } from '../../http/use-api-error.js';
import { FullPageSpin } from '../../shared/FullPageSpin.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { HistoryTab } from '../../shared/cards/HistoryTab.js';
import { TimelineList } from '../../shared/cards/TimelineList.js';
import { usePaged } from '../../shared/cards/use-paged.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useCan } from '../access/access.api.js';
import { WhyVisibleButton } from '../access/WhyVisibleButton.js';
import { useEntryName } from '../settings/books/BookEntryName.js';
import { useDeleteProject, useProject, useUpdateProject } from './projects.api.js';
import { bodyOf, formValuesOf, ProjectForm, type ProjectFormValues } from './ProjectForm.js';
import { ProjectProgressBar, ProjectStatusTag } from './ProjectStatusTag.js';
import { ConfirmDeleteButton } from '../../shared/cards/ConfirmDeleteButton.js';
import { MailList } from '../mail/MailList.js';
import { WriteMailButton } from '../mail/WriteMailButton.js';

const TABS = ['requisites', 'events', 'tasks', 'mail', 'timeline', 'history'] as const;
type TabKey = (typeof TABS)[number];

/** /projects/:id — the project card: requisites, its events and tasks, timeline, history. */
export function ProjectCardPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const project = useProject(id);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  if (project.isPending) return <FullPageSpin />;
  if (project.isError) {
    if (project.error instanceof ApiError && project.error.status === 404) return <NotFoundPage />;
    return <QueryErrorAlert error={project.error} onRetry={() => void project.refetch()} />;
  }
  return <ProjectCard project={project.data} />;
}

function ProjectCard({ project: p }: { project: Project }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const handleError = useApiError();
  const update = useUpdateProject(p.id);
  const remove = useDeleteProject();
  const canDelete = useCan('projects', 'delete');
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'requisites';

  const changeStatus = (status: ProjectStatus) =>
    update.mutate(
      { status },
      { onSuccess: () => void message.success(t('common.saved')), onError: (e) => handleError(e) },
    );
  const confirmDelete = () =>
    remove.mutateAsync(p.id).then(
      () => {
        void message.success(t('common.deleted'));
        void navigate('/projects', { replace: true });
      },
      (e: unknown) => handleError(e),
    );

  const newChild = (path: 'events' | 'tasks') =>
    `/${path}/new?projectId=${p.id}${p.client ? `&clientId=${p.client.id}` : ''}`;

  return (
    <Page
      title={`${p.number} · ${p.name}`}
      extra={
        <>
          <WriteMailButton source={{ projectId: p.id }} />
          <Select<ProjectStatus>
            aria-label={t('projects.changeStatus')}
            value={p.status}
            onChange={changeStatus}
            loading={update.isPending}
            options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }))}
            style={{ width: 180 }}
          />
          <WhyVisibleButton docType="projects" id={p.id} />
          {canDelete && (
            <ConfirmDeleteButton
              title={t('projects.confirmDelete', { number: p.number })}
              onConfirm={confirmDelete}
            />
          )}
        </>
      }
    >
      <Flex gap={16} align="center" wrap>
        <ProjectStatusTag status={p.status} />
        <Tag>{t(`projects.kinds.${p.kind}`)}</Tag>
        {p.client && <Link to={`/clients/${p.client.id}`}>{p.client.name}</Link>}
        <ProjectProgressBar progress={p.progress} percent={p.progressPercent} wide />
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              if (key === 'requisites') next.delete('tab');
              else next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={[
          { key: 'requisites', label: t('projects.tabs.requisites'), children: <Requisites project={p} /> },
          {
            key: 'events',
            label: t('projects.tabs.events'),
            children: <ProjectEvents projectId={p.id} newPath={newChild('events')} />,
          },
          {
            key: 'tasks',
            label: t('projects.tabs.tasks'),
            children: <ProjectTasks projectId={p.id} newPath={newChild('tasks')} />,
          },
          { key: 'mail', label: t('mail.tab'), children: <MailList source={{ projectId: p.id }} /> },
          {
            key: 'timeline',
            label: t('projects.tabs.timeline'),
            children: <TimelineList path={`/api/v1/projects/${p.id}/timeline`} />,
          },
          {
            key: 'history',
            label: t('projects.tabs.history'),
            children: <HistoryTab docType="project" id={p.id} />,
          },
        ]}
      />
    </Page>
  );
}

function Requisites({ project: p }: { project: Project }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const handleError = useApiError();
  const update = useUpdateProject(p.id);
  const [form] = Form.useForm<ProjectFormValues>();
  const [editing, setEditing] = useState(false);
  const none = t('common.none');
  const period = (start: string | null, end: string | null) =>
    start || end ? `${start ?? '…'} — ${end ?? '…'}` : none;

  if (editing) {
    return (
      <Card size="small">
        <ProjectForm
          form={form}
          initialValues={formValuesOf(p)}
          saving={update.isPending}
          submitText={t('common.save')}
          onCancel={() => setEditing(false)}
          onFinish={(values) => {
            // The journal cannot be emptied: a cleared picker keeps the project where it is.
            const { journalId, ...body } = bodyOf(values);
            update.mutate(
              { ...body, ...(journalId !== null && { journalId }) },
              {
                onSuccess: () => {
                  void message.success(t('common.saved'));
                  setEditing(false);
                },
                onError: (e) => handleError(e, form),
              },
            );
          }}
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
          { key: 'number', label: t('projects.fields.number'), children: p.number },
          { key: 'name', label: t('projects.fields.name'), children: p.name },
          { key: 'kind', label: t('projects.fields.kind'), children: t(`projects.kinds.${p.kind}`) },
          {
            key: 'client',
            label: t('projects.fields.client'),
            children: p.client ? <Link to={`/clients/${p.client.id}`}>{p.client.name}</Link> : none,
          },
          { key: 'manager', label: t('projects.fields.manager'), children: p.manager?.name ?? none },
          {
            key: 'participants',
            label: t('projects.fields.participants'),
            children: p.participants.length
              ? p.participants.map((u) => <Tag key={u.id}>{u.name}</Tag>)
              : none,
          },
          { key: 'journal', label: t('projects.fields.journal'), children: p.journal.name },
          {
            key: 'status',
            label: t('projects.fields.status'),
            children: <ProjectStatusTag status={p.status} />,
          },
          {
            key: 'planned',
            label: t('projects.fields.planned'),
            children: period(p.plannedStart, p.plannedEnd),
          },
          { key: 'actual', label: t('projects.fields.actual'), children: period(p.actualStart, p.actualEnd) },
          {
            key: 'progress',
            label: t('projects.fields.progress'),
            children: [
              p.progressPercent !== null && t('projects.progressSet', { percent: p.progressPercent }),
              p.progress.total ? t('projects.progressOf', p.progress) : t('projects.noTasks'),
            ]
              .filter(Boolean)
              .join('; '),
          },
          {
            key: 'created',
            label: t('projects.fields.createdAt'),
            children: [formatDateTime(p.createdAt), p.createdBy?.name].filter(Boolean).join(' · '),
          },
          {
            key: 'description',
            label: t('projects.fields.description'),
            span: 'filled',
            children: p.description ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {p.description}
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

function ProjectEvents({ projectId, newPath }: { projectId: number; newPath: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDateTime = useFormatDateTime();
  const nameOf = useEntryName();
  const events = usePaged<EventListItem>(
    [...queryKeys.events, 'project', projectId],
    `/api/v1/events?projectId=${projectId}`,
  );
  const canCreate = useCan('events', 'create');
  return (
    <Flex vertical gap={8}>
      {canCreate && (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(newPath)}>
            {t('projects.events.add')}
          </Button>
        </Flex>
      )}
      {events.error ? (
        <QueryErrorAlert error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <Table<EventListItem>
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          loading={events.isLoading}
          dataSource={events.items}
          locale={{ emptyText: t('projects.events.empty') }}
          onRow={(e) => ({ onDoubleClick: () => void navigate(`/events/${e.id}`) })}
          columns={[
            {
              key: 'number',
              title: t('projects.events.number'),
              width: 140,
              render: (_, e) => <Link to={`/events/${e.id}`}>{e.number}</Link>,
            },
            {
              key: 'subject',
              title: t('projects.events.subject'),
              render: (_, e) => (
                <>
                  <Tag color={e.type.color ?? undefined}>{nameOf(e.type)}</Tag>
                  {e.subject}
                </>
              ),
            },
            {
              key: 'startsAt',
              title: t('projects.events.startsAt'),
              width: 160,
              render: (_, e) => formatDateTime(e.startsAt),
            },
            {
              key: 'status',
              title: t('projects.events.status'),
              width: 140,
              render: (_, e) => t(`projects.events.statuses.${e.status}`),
            },
          ]}
        />
      )}
      {events.hasNextPage && (
        <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
          {t('projects.more')}
        </Button>
      )}
    </Flex>
  );
}

function ProjectTasks({ projectId, newPath }: { projectId: number; newPath: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDateTime = useFormatDateTime();
  const nameOf = useEntryName();
  const tasks = usePaged<TaskListItem>(
    [...queryKeys.tasks, 'project', projectId],
    `/api/v1/tasks?projectId=${projectId}`,
  );
  const canCreate = useCan('tasks', 'create');
  return (
    <Flex vertical gap={8}>
      {canCreate && (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(newPath)}>
            {t('projects.tasks.add')}
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
          locale={{ emptyText: t('projects.tasks.empty') }}
          onRow={(task) => ({ onDoubleClick: () => void navigate(`/tasks/${task.id}`) })}
          columns={[
            {
              key: 'number',
              title: t('projects.tasks.number'),
              width: 140,
              render: (_, task) => <Link to={`/tasks/${task.id}`}>{task.number}</Link>,
            },
            { key: 'title', title: t('projects.tasks.title'), dataIndex: 'title' },
            {
              key: 'performer',
              title: t('projects.tasks.performer'),
              render: (_, task) => task.performer?.name ?? t('common.none'),
            },
            {
              key: 'deadline',
              title: t('projects.tasks.deadline'),
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
              title: t('projects.tasks.status'),
              width: 160,
              render: (_, task) => <Tag color={task.status.color ?? undefined}>{nameOf(task.status)}</Tag>,
            },
          ]}
        />
      )}
      {tasks.hasNextPage && (
        <Button onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
          {t('projects.more')}
        </Button>
      )}
    </Flex>
  );
}
