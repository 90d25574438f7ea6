import { Progress, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProjectStatus } from '../../../shared/schemas/card-files.js';
import type { ProjectProgress } from '../../../shared/schemas/projects.js';

const STATUS_COLORS: Record<ProjectStatus, string | undefined> = {
  planned: undefined,
  active: 'processing',
  on_hold: 'warning',
  completed: 'success',
  cancelled: 'error',
};

export function ProjectStatusTag({ status }: { status: ProjectStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`projects.statuses.${status}`)}</Tag>;
}

/** Done tasks of all the project's tasks, as a bar with the counts on hover. */
export function ProjectProgressBar({ progress, wide }: { progress: ProjectProgress; wide?: boolean }) {
  const { t } = useTranslation();
  const text = progress.total ? t('projects.progressOf', progress) : t('projects.noTasks');
  return (
    <Tooltip title={text}>
      <Progress
        percent={progress.percent}
        size={wide ? undefined : 'small'}
        status={progress.total && progress.done === progress.total ? 'success' : 'normal'}
        style={wide ? { width: 320, margin: 0 } : { minWidth: 100, margin: 0 }}
        aria-label={text}
      />
    </Tooltip>
  );
}
