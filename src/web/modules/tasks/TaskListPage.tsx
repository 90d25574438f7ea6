import { Link, useNavigate } from 'react-router';
import { Button, Flex, Table, Tabs, theme, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TASK_MINE, TASK_SORTS, type TaskListItem } from '../../../shared/schemas/tasks.js';
import { Page } from '../../app/layout/Page.js';
import { ExportButton } from '../../shared/ExportButton.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useCan } from '../access/access.api.js';
import { useTaskList, type TaskFilterParams } from './tasks.api.js';
import { DeadlineText, PriorityTag, TaskStatusTag } from './TaskBits.js';
import { TaskFilterBar, TaskViews, useTaskUrlFilter, type SetFilter } from './TaskFilters.js';

const SORTABLE = new Set<string>(TASK_SORTS);

/** /tasks — every task, filtered by the URL. */
export function TaskListPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useTaskUrlFilter();
  return (
    <Page title={t('tasks.title')} extra={<ListActions filter={filter} />}>
      <TaskViews />
      <TaskFilterBar filter={filter} setFilter={setFilter} />
      <TaskTable filter={filter} setFilter={setFilter} />
    </Page>
  );
}

type MyRole = Exclude<(typeof TASK_MINE)[number], 'any'>;
const MY_ROLES: MyRole[] = ['performer', 'author', 'controller'];

/** /tasks/my — the caller's tasks as performer, author or controller (one tab each). */
export function MyTasksPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useTaskUrlFilter();
  const role: MyRole = MY_ROLES.includes(filter.mine as MyRole) ? (filter.mine as MyRole) : 'performer';
  const mine = { ...filter, mine: role };
  return (
    <Page title={t('tasks.myTitle')} extra={<ListActions filter={mine} />}>
      <TaskViews />
      <Tabs
        activeKey={role}
        onChange={(key) => setFilter({ mine: key === 'performer' ? null : key })}
        items={MY_ROLES.map((r) => ({ key: r, label: t(`tasks.mine.${r}`) }))}
        style={{ marginBottom: -12 }}
      />
      <TaskFilterBar filter={filter} setFilter={setFilter} hidePerformer={role === 'performer'} />
      <TaskTable filter={mine} setFilter={setFilter} />
    </Page>
  );
}

function ListActions({ filter }: { filter: TaskFilterParams }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canCreate = useCan('tasks', 'create');
  const canExport = useCan('tasks', 'export');
  const single = (v: string | undefined) => (v && !v.includes(',') ? v : null);
  const prefill = new URLSearchParams();
  const clientId = single(filter.clientId);
  const projectId = single(filter.projectId);
  if (clientId) prefill.set('clientId', clientId);
  if (projectId) prefill.set('projectId', projectId);
  const query = prefill.toString();
  return (
    <>
      {canExport && <ExportButton path="/api/v1/tasks/export" params={filter} />}
      {canCreate && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => void navigate(`/tasks/new${query ? `?${query}` : ''}`)}
        >
          {t('tasks.add')}
        </Button>
      )}
    </>
  );
}

/** The register: server-sorted columns, keyset pages fetched by "more", overdue rows marked. */
function TaskTable({ filter, setFilter }: { filter: TaskFilterParams; setFilter: SetFilter }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDateTime = useFormatDateTime();
  const { token } = theme.useToken();
  const list = useTaskList(filter);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const sort = filter.sort ?? 'createdAt';
  const order = filter.order === 'asc' ? 'ascend' : 'descend';
  const sortOrder = (key: string) => (sort === key ? order : null);
  const none = t('common.none');

  const columns: TableColumnsType<TaskListItem> = [
    {
      title: t('tasks.fields.number'),
      key: 'number',
      dataIndex: 'number',
      sorter: true,
      sortOrder: sortOrder('number'),
      width: 140,
      render: (number: string, task) => <Link to={`/tasks/${task.id}`}>{number}</Link>,
    },
    { title: t('tasks.fields.title'), key: 'title', dataIndex: 'title' },
    {
      title: t('tasks.fields.status'),
      key: 'status',
      width: 140,
      render: (_, task) => <TaskStatusTag status={task.status} />,
    },
    {
      title: t('tasks.fields.priority'),
      key: 'priority',
      sorter: true,
      sortOrder: sortOrder('priority'),
      width: 120,
      render: (_, task) => <PriorityTag priority={task.priority} />,
    },
    {
      title: t('tasks.fields.performer'),
      key: 'performer',
      render: (_, task) => task.performer?.name ?? none,
    },
    {
      title: t('tasks.fields.deadline'),
      key: 'deadline',
      sorter: true,
      sortOrder: sortOrder('deadline'),
      width: 190,
      render: (_, task) => <DeadlineText task={task} />,
    },
    {
      title: t('tasks.fields.client'),
      key: 'client',
      render: (_, task) =>
        task.client ? <Link to={`/clients/${task.client.id}`}>{task.client.name}</Link> : none,
    },
    {
      title: t('tasks.fields.createdAt'),
      key: 'createdAt',
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      width: 150,
      render: (_, task) => formatDateTime(task.createdAt),
    },
  ];

  if (list.isError) return <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Table<TaskListItem>
        size="small"
        bordered
        rowKey="id"
        loading={list.isPending}
        dataSource={rows}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('tasks.empty') }}
        onRow={(task) => ({
          onDoubleClick: () => void navigate(`/tasks/${task.id}`),
          style: task.isOverdue ? { background: token.colorErrorBg } : undefined,
        })}
        onChange={(_pagination, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const key = typeof s?.columnKey === 'string' && SORTABLE.has(s.columnKey) ? s.columnKey : null;
          if (!s?.order || !key) setFilter({ sort: null, order: null });
          else setFilter({ sort: key, order: s.order === 'ascend' ? 'asc' : 'desc' });
        }}
      />
      {list.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('tasks.more')}
          </Button>
        </Flex>
      )}
    </>
  );
}
