import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TaskPriority } from '../../../shared/schemas/card-files.js';
import type { TaskListItem, TaskStatusBrief } from '../../../shared/schemas/tasks.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useEntryName } from '../settings/books/BookEntryName.js';

const PRIORITY_COLORS: Record<TaskPriority, string | undefined> = {
  low: undefined,
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};

export function TaskStatusTag({ status }: { status: TaskStatusBrief }) {
  const nameOf = useEntryName();
  return (
    <Tag color={status.color ?? (status.isFinal ? 'default' : 'processing')} data-testid="task-status">
      {nameOf(status)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: TaskPriority }) {
  const { t } = useTranslation();
  return <Tag color={PRIORITY_COLORS[priority]}>{t(`tasks.priorities.${priority}`)}</Tag>;
}

/** The deadline; an overdue task's in red with the word, so it is not told by colour alone. */
export function DeadlineText({ task }: { task: Pick<TaskListItem, 'deadline' | 'isOverdue'> }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (!task.deadline) return <>{t('common.none')}</>;
  return (
    <Typography.Text type={task.isOverdue ? 'danger' : undefined} data-overdue={task.isOverdue || undefined}>
      {formatDateTime(task.deadline)}
      {task.isOverdue && ` · ${t('tasks.overdue')}`}
    </Typography.Text>
  );
}
