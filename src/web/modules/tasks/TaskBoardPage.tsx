import { useState, type DragEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Badge, Card, Empty, Flex, Spin, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TaskBoard, TaskListItem } from '../../../shared/schemas/tasks.js';
import { Page } from '../../app/layout/Page.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useBook } from '../settings/books/books.api.js';
import { useEntryName } from '../settings/books/BookEntryName.js';
import { useChangeTaskStatus, useTaskBoard } from './tasks.api.js';
import { DeadlineText, PriorityTag } from './TaskBits.js';
import { TaskFilterBar, TaskViews, useTaskUrlFilter } from './TaskFilters.js';

type Column = TaskBoard['columns'][number];
const DRAG_TYPE = 'application/x-kartoteka-task';

/**
 * /tasks/board — a column per active status. Dragging a card to another column asks the server
 * to move the task (native HTML5 drag and drop); the card moves at once and goes back if the
 * server refuses, with the server's message.
 */
export function TaskBoardPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useTaskUrlFilter();
  // The board has its own order (urgent and due first), so the list's sort is not sent.
  const { sort: _sort, order: _order, ...boardFilter } = filter;
  const board = useTaskBoard(boardFilter);
  const statuses = useBook('task-statuses');
  const change = useChangeTaskStatus();
  const handleError = useApiError();
  const [dragging, setDragging] = useState<TaskListItem | null>(null);
  const [moving, setMoving] = useState<{ task: TaskListItem; toStatusId: number } | null>(null);

  const allowedFrom = (statusId: number) =>
    statuses.data?.find((s) => s.id === statusId)?.allowedNextIds ?? [];
  const drop = (statusId: number, e: DragEvent) => {
    e.preventDefault();
    const task = dragging;
    setDragging(null);
    if (!task || task.statusId === statusId) return;
    setMoving({ task, toStatusId: statusId });
    change.mutate(
      { id: task.id, statusId },
      { onError: (err) => handleError(err), onSettled: () => setMoving(null) },
    );
  };

  const columns = (board.data?.columns ?? []).map((c): Column => {
    if (!moving) return c;
    const { task, toStatusId } = moving;
    const items = c.items.filter((i) => i.id !== task.id);
    if (c.status.id === toStatusId) items.unshift({ ...task, statusId: toStatusId, status: c.status });
    return { ...c, items, total: c.total + items.length - c.items.length };
  });

  return (
    <Page title={t('tasks.boardTitle')}>
      <TaskViews />
      <TaskFilterBar filter={filter} setFilter={setFilter} />
      <Typography.Text type="secondary">{t('tasks.board.hint')}</Typography.Text>
      {board.isError ? (
        <QueryErrorAlert error={board.error} onRetry={() => void board.refetch()} />
      ) : board.isPending ? (
        <Spin />
      ) : (
        <Flex gap={12} align="flex-start" style={{ overflowX: 'auto', paddingBottom: 8 }}>
          {columns.map((c) => {
            const allowed = allowedFrom(dragging?.statusId ?? 0);
            return (
              <BoardColumn
                key={c.status.id}
                column={c}
                dimmed={
                  !!dragging &&
                  dragging.statusId !== c.status.id &&
                  allowed.length > 0 &&
                  !allowed.includes(c.status.id)
                }
                onDragStart={setDragging}
                onDragEnd={() => setDragging(null)}
                onDrop={(e) => drop(c.status.id, e)}
              />
            );
          })}
        </Flex>
      )}
    </Page>
  );
}

function BoardColumn({
  column,
  dimmed,
  onDragStart,
  onDragEnd,
  onDrop,
}: {
  column: Column;
  /** The dragged task's status does not list this one as a next status (a hint; the server decides). */
  dimmed: boolean;
  onDragStart: (task: TaskListItem) => void;
  onDragEnd: () => void;
  onDrop: (e: DragEvent) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const nameOf = useEntryName();
  const [over, setOver] = useState(false);
  return (
    <div
      data-testid="board-column"
      data-status={column.status.code}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        onDrop(e);
      }}
      style={{
        flex: '0 0 280px',
        background: over ? token.colorPrimaryBg : token.colorFillTertiary,
        borderRadius: token.borderRadiusLG,
        borderTop: `3px solid ${column.status.color ?? token.colorBorder}`,
        padding: 8,
        opacity: dimmed ? 0.45 : 1,
        minHeight: 200,
      }}
    >
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{nameOf(column.status)}</Typography.Text>
        <Badge count={column.total} showZero color={token.colorTextTertiary} overflowCount={99999} />
      </Flex>
      <Flex vertical gap={8}>
        {column.items.map((task) => (
          <BoardCard key={task.id} task={task} onDragStart={onDragStart} onDragEnd={onDragEnd} />
        ))}
        {!column.items.length && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.board.empty')} />
        )}
        {column.total > column.items.length && (
          <Typography.Text type="secondary">
            {t('tasks.board.shown', { shown: column.items.length, total: column.total })}
          </Typography.Text>
        )}
      </Flex>
    </div>
  );
}

function BoardCard({
  task,
  onDragStart,
  onDragEnd,
}: {
  task: TaskListItem;
  onDragStart: (task: TaskListItem) => void;
  onDragEnd: () => void;
}) {
  const { token } = theme.useToken();
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      draggable
      data-testid="board-card"
      data-task-id={task.id}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, String(task.id));
        e.dataTransfer.effectAllowed = 'move';
        onDragStart(task);
      }}
      onDragEnd={onDragEnd}
      onDoubleClick={() => void navigate(`/tasks/${task.id}`)}
      style={{
        cursor: 'grab',
        borderColor: task.isOverdue ? token.colorError : undefined,
        background: task.isOverdue ? token.colorErrorBg : undefined,
      }}
    >
      <Flex vertical gap={4}>
        <Flex justify="space-between" gap={8}>
          <Link to={`/tasks/${task.id}`}>{task.number}</Link>
          <PriorityTag priority={task.priority} />
        </Flex>
        <Typography.Text>{task.title}</Typography.Text>
        {task.performer && <Typography.Text type="secondary">{task.performer.name}</Typography.Text>}
        {task.deadline && <DeadlineText task={task} />}
      </Flex>
    </Card>
  );
}
