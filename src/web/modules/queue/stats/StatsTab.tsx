import { lazy, Suspense, useMemo } from 'react';
import { Button, Card, DatePicker, Flex, Select, Skeleton, Statistic, Tooltip, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { QueueStats, QueueStatsQuery } from '../../../../shared/schemas/queue.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { UserSelect } from '../../../shared/pickers/UserSelect.js';
import { useUrlFilter } from '../../../shared/use-url-filter.js';
import { useEntryName } from '../../settings/books/BookEntryName.js';
import { useQueueServices } from '../setup/setup.api.js';
import { formatDuration } from '../duration.js';
import { useEnterpriseToday } from '../enterprise-today.js';
import { statsCsvUrl, useQueueStats } from './stats.api.js';
import { FIGURE_TITLES, StatsTables, useFormatDay } from './StatsTables.js';

// ECharts is large: its chunk loads with this tab only.
const StatsChart = lazy(() => import('./StatsChart.js'));

const DAY = 'YYYY-MM-DD';
const FILTER_KEYS = ['from', 'to', 'serviceId', 'operatorId'] as const;
const isDay = (value: string | undefined): value is string =>
  !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value).isValid();
/** The two inputs of the period are named by labels only screen readers see (their placeholders go away). */
const SCREEN_READER_ONLY = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;
const PERIOD_IDS = { start: 'queue-stats-from', end: 'queue-stats-to' };

/** The period's totals as cards: counts, then average and p90 times. */
function Totals({ total }: { total: QueueStats['total'] }) {
  const { t } = useTranslation();
  const counts = ['tickets', 'served', 'noShows', 'redirected'] as const;
  const durations = ['avgWaitSeconds', 'p90WaitSeconds', 'avgServiceSeconds', 'p90ServiceSeconds'] as const;
  return (
    <Flex wrap gap={8} role="region" aria-label={t('queue.stats.totals')}>
      {counts.map((key) => (
        <Card key={key} size="small" style={{ minWidth: 140 }}>
          <Statistic title={t(`queue.stats.figures.${key}`)} value={total[key]} />
        </Card>
      ))}
      {durations.map((key) => {
        const title = t(`queue.stats.figures.${FIGURE_TITLES[key]}`);
        return (
          <Card key={key} size="small" style={{ minWidth: 160 }}>
            <Statistic
              title={
                key.startsWith('p90') ? (
                  <Tooltip title={t('queue.stats.p90Hint')}>
                    <span>{title}</span>
                  </Tooltip>
                ) : (
                  title
                )
              }
              value={formatDuration(total[key])}
            />
          </Card>
        );
      })}
    </Flex>
  );
}

/** «Статистика»: a period's tickets, no-shows, waiting and service times — cards, a chart, tables, CSV. */
export function StatsTab() {
  const { t } = useTranslation();
  const name = useEntryName();
  const formatDay = useFormatDay();
  const services = useQueueServices();
  const [params, setParams] = useUrlFilter(FILTER_KEYS);
  // The last seven days up to the enterprise's today, unless the address names a period.
  const today = useEnterpriseToday();
  const period =
    isDay(params.from) && isDay(params.to) && params.from <= params.to
      ? { from: params.from, to: params.to }
      : today
        ? { from: dayjs(today).subtract(6, 'day').format(DAY), to: today }
        : null;
  const query: QueueStatsQuery | null = period && {
    ...period,
    ...(Number(params.serviceId) > 0 && { serviceId: Number(params.serviceId) }),
    ...(Number(params.operatorId) > 0 && { operatorId: Number(params.operatorId) }),
  };
  const stats = useQueueStats(query);
  const days = useMemo(
    () =>
      (stats.data?.byDay ?? []).map((d) => ({
        label: formatDay(d.day),
        tickets: d.tickets,
        avgWaitSeconds: d.avgWaitSeconds,
      })),
    [stats.data, formatDay],
  );

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center">
        <label htmlFor={PERIOD_IDS.start} style={SCREEN_READER_ONLY}>
          {t('queue.stats.periodFrom')}
        </label>
        <label htmlFor={PERIOD_IDS.end} style={SCREEN_READER_ONLY}>
          {t('queue.stats.periodTo')}
        </label>
        <DatePicker.RangePicker
          id={PERIOD_IDS}
          allowClear={false}
          value={period && [dayjs(period.from), dayjs(period.to)]}
          placeholder={[t('queue.stats.periodFrom'), t('queue.stats.periodTo')]}
          onChange={(range) =>
            setParams({ from: range?.[0]?.format(DAY) ?? null, to: range?.[1]?.format(DAY) ?? null })
          }
        />
        <Select<number>
          allowClear
          aria-label={t('queue.stats.allServices')}
          placeholder={t('queue.stats.allServices')}
          value={query?.serviceId}
          onChange={(id) => setParams({ serviceId: id ? String(id) : null })}
          loading={services.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          options={(services.data ?? []).map((s) => ({ value: s.id, label: `${s.prefix} — ${name(s)}` }))}
          style={{ minWidth: 220 }}
        />
        <UserSelect
          allowClear
          placeholder={t('queue.stats.allOperators')}
          value={query?.operatorId ?? null}
          onChange={(id) => setParams({ operatorId: id ? String(id) : null })}
        />
        <Button
          icon={<DownloadOutlined />}
          href={query ? statsCsvUrl(query) : undefined}
          disabled={!query}
          download
        >
          {t('queue.stats.download')}
        </Button>
      </Flex>
      {stats.isError ? (
        <QueryErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />
      ) : !stats.data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <Totals total={stats.data.total} />
          {stats.data.total.tickets === 0 ? (
            <Typography.Text type="secondary">{t('queue.stats.empty')}</Typography.Text>
          ) : (
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
              <StatsChart days={days} />
            </Suspense>
          )}
          <StatsTables stats={stats.data} />
        </>
      )}
    </Flex>
  );
}
