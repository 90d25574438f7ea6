import { useMemo } from 'react';
import { Table, Tabs, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueStats, QueueStatsRow } from '../../../../shared/schemas/queue.js';
import { useLocale } from '../../../app/i18n/use-locale.js';
import { formatDuration } from '../duration.js';

type Figures = QueueStats['total'];

/** The figure messages of the duration fields (queue.stats.figures.…). */
export const FIGURE_TITLES = {
  avgWaitSeconds: 'avgWait',
  p90WaitSeconds: 'p90Wait',
  avgServiceSeconds: 'avgService',
  p90ServiceSeconds: 'p90Service',
} as const;

/** A statistics day (YYYY-MM-DD) as a short date in the UI language. */
export function useFormatDay(): (day: string) => string {
  const locale = useLocale();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'short' });
    return (day: string) => {
      const date = new Date(`${day}T00:00:00`);
      return Number.isNaN(date.getTime()) ? day : format.format(date);
    };
  }, [locale]);
}

/** The figures' columns every table shares, after its own first columns. */
function useFigureColumns<T extends Figures>(): TableColumnsType<T> {
  const { t } = useTranslation();
  const count = (key: 'tickets' | 'served' | 'noShows' | 'redirected') => ({
    title: t(`queue.stats.figures.${key}`),
    dataIndex: key,
    align: 'right' as const,
    sorter: (a: T, b: T) => a[key] - b[key],
  });
  const duration = (
    key: 'avgWaitSeconds' | 'p90WaitSeconds' | 'avgServiceSeconds' | 'p90ServiceSeconds',
  ) => ({
    title: t(`queue.stats.figures.${FIGURE_TITLES[key]}`),
    dataIndex: key,
    align: 'right' as const,
    render: (seconds: number | null) => formatDuration(seconds),
    sorter: (a: T, b: T) => (a[key] ?? -1) - (b[key] ?? -1),
  });
  return [
    count('tickets'),
    count('served'),
    count('noShows'),
    count('redirected'),
    duration('avgWaitSeconds'),
    duration('p90WaitSeconds'),
    duration('avgServiceSeconds'),
    duration('p90ServiceSeconds'),
  ];
}

function FigureTable<T extends Figures>({
  rows,
  rowKey,
  columns,
  label,
}: {
  rows: T[];
  rowKey: (row: T) => string;
  columns: TableColumnsType<T>;
  label: string;
}) {
  const { t } = useTranslation();
  const figures = useFigureColumns<T>();
  return (
    <Table<T>
      size="small"
      bordered
      aria-label={label}
      rowKey={rowKey}
      dataSource={rows}
      columns={[...columns, ...figures]}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('queue.stats.empty') }}
    />
  );
}

/** The period's figures by day, by queue, by operator, and the detailed rows (day × queue × operator). */
export function StatsTables({ stats }: { stats: QueueStats }) {
  const { t } = useTranslation();
  const formatDay = useFormatDay();
  const operator = (name: string | null) => name ?? t('queue.stats.noOperator');
  type ByDay = QueueStats['byDay'][number];
  type ByService = QueueStats['byService'][number];
  type ByOperator = QueueStats['byOperator'][number];
  const dayColumn = {
    title: t('queue.stats.columns.day'),
    dataIndex: 'day',
    render: (day: string) => formatDay(day),
    sorter: (a: { day: string }, b: { day: string }) => a.day.localeCompare(b.day),
  };

  return (
    <Tabs
      destroyOnHidden
      items={[
        {
          key: 'byDay',
          label: t('queue.stats.tables.byDay'),
          children: (
            <FigureTable<ByDay>
              label={t('queue.stats.tables.byDay')}
              rows={stats.byDay}
              rowKey={(r) => r.day}
              columns={[dayColumn]}
            />
          ),
        },
        {
          key: 'byService',
          label: t('queue.stats.tables.byService'),
          children: (
            <FigureTable<ByService>
              label={t('queue.stats.tables.byService')}
              rows={stats.byService}
              rowKey={(r) => String(r.serviceId)}
              columns={[{ title: t('queue.stats.columns.service'), dataIndex: 'serviceName' }]}
            />
          ),
        },
        {
          key: 'byOperator',
          label: t('queue.stats.tables.byOperator'),
          children: (
            <FigureTable<ByOperator>
              label={t('queue.stats.tables.byOperator')}
              rows={stats.byOperator}
              rowKey={(r) => String(r.operatorId ?? 'none')}
              columns={[
                {
                  title: t('queue.stats.columns.operator'),
                  key: 'operator',
                  render: (_, r) => operator(r.operatorName),
                },
              ]}
            />
          ),
        },
        {
          key: 'rows',
          label: t('queue.stats.tables.rows'),
          children: (
            <FigureTable<QueueStatsRow>
              label={t('queue.stats.tables.rows')}
              rows={stats.rows}
              rowKey={(r) => `${r.day}/${r.serviceId}/${r.operatorId ?? 'none'}`}
              columns={[
                dayColumn,
                { title: t('queue.stats.columns.service'), dataIndex: 'serviceName' },
                {
                  title: t('queue.stats.columns.operator'),
                  key: 'operator',
                  render: (_, r) => operator(r.operatorName),
                },
              ]}
            />
          ),
        },
      ]}
    />
  );
}
