import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App, Button, Flex, Table, Tabs, Typography, theme, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TASK_MINE, TASK_SORTS, type TaskListItem } from '../../../shared/schemas/tasks.js';
import { Page } from '../../app/layout/Page.js';
import { ExportButton } from '../../shared/ExportButton.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { BookSelect } from '../../shared/pickers/BookSelect.js';
import { useApiError } from '../../http/use-api-error.js';
import { useCan } from '../access/access.api.js';
import { useBulkTaskStatus, useTaskList, type TaskFilterParams } from './tasks.api.js';
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
      <TaskTable key={new URLSearchParams(filter).toString()} filter={filter} setFilter={setFilter} />
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
      <TaskTable key={new URLSearchParams(mine).toString()} filter={mine} setFilter={setFilter} />
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

/** With tasks selected: one status for all of them; the refused ones stay selected, with the reasons. */
function BulkStatusBar({
  selected,
  rows,
  onSelect,
}: {
  selected: number[];
  rows: TaskListItem[];
  onSelect: (ids: number[]) => void;
}) {
  const { t } = useTranslation();
  const { message, notification } = App.useApp();
  const handleError = useApiError();
  const bulk = useBulkTaskStatus();
  const [statusId, setStatusId] = useState<number | null>(null);
  const numberOf = (id: number) => rows.find((r) => r.id === id)?.number ?? `#${id}`;
  const apply = (status: number) =>
    bulk.mutate(
      { ids: selected, statusId: status },
      {
        onSuccess: ({ updated, errors }) => {
          void message.success(t('tasks.bulk.updated', { count: updated }));
          onSelect(errors.map((e) => e.id));
          if (errors.length === 0) return;
          notification.warning({
            title: t('tasks.bulk.refused', { count: errors.length }),
            description: errors
              .slice(0, 20)
              .map((e) => `${numberOf(e.id)}: ${e.message}`)
              .join('\n'),
            style: { whiteSpace: 'pre-line' },
          });
        },
        onError: (e) => handleError(e),
      },
    );
  return (
    <Flex gap={8} align="center" wrap data-testid="task-bulk-bar">
      <Typography.Text strong>{t('tasks.bulk.selected', { count: selected.length })}</Typography.Text>
      <BookSelect
        book="task_status"
        value={statusId}
        onChange={setStatusId}
        placeholder={t('tasks.bulk.status')}
      />
      <Button
        type="primary"
        disabled={statusId === null}
        loading={bulk.isPending}
        onClick={() => statusId !== null && apply(statusId)}
      >
        {t('tasks.bulk.apply')}
      </Button>
      <Button type="link" onClick={() => onSelect([])}>
        {t('tasks.bulk.clear')}
      </Button>
    </Flex>
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
  const canEdit = useCan('tasks', 'edit');
  const [selected, setSelected] = useState<number[]>([]);
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
      {selected.length > 0 && <BulkStatusBar selected={selected} rows={rows} onSelect={setSelected} />}
      <Table<TaskListItem>
        size="small"
        bordered
        rowKey="id"
        rowSelection={
          canEdit
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(Number)),
                preserveSelectedRowKeys: true,
              }
            : undefined
        }
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
