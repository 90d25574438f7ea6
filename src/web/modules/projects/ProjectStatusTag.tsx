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

/**
 * The project's progress as a bar: the percent set on it (by hand or by a calculation) when there
 * is one, else the done share of its tasks; the counts on hover.
 */
export function ProjectProgressBar({
  progress,
  percent,
  wide,
}: {
  progress: ProjectProgress;
  /** The project's own `progressPercent`; null when none is set. */
  percent: number | null;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  const tasks = progress.total ? t('projects.progressOf', progress) : t('projects.noTasks');
  const text = percent === null ? tasks : `${t('projects.progressSet', { percent })}; ${tasks}`;
  const shown = percent ?? progress.percent;
  const complete =
    percent === null ? progress.total > 0 && progress.done === progress.total : percent === 100;
  return (
    <Tooltip title={text}>
      <Progress
        percent={shown}
        size={wide ? undefined : 'small'}
        status={complete ? 'success' : 'normal'}
        style={wide ? { width: 320, margin: 0 } : { minWidth: 100, margin: 0 }}
        aria-label={text}
      />
    </Tooltip>
  );
}
