import { useEffect, useRef } from 'react';
import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { formatDuration } from '../duration.js';

// Only the parts this chart uses: the rest of ECharts stays out of the chunk.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface ChartDay {
  /** The day as shown on the axis. */
  label: string;
  tickets: number;
  avgWaitSeconds: number | null;
}

/**
 * Tickets per day (bars) and the average wait in minutes (line, right axis). Loaded lazily
 * (React.lazy): ECharts is in its own chunk, fetched with the statistics tab only.
 */
export default function StatsChart({ days }: { days: ChartDay[] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const ticketsName = t('queue.stats.chart.tickets');
    const waitName = t('queue.stats.chart.avgWait');
    const option: Option = {
      color: [token.colorPrimary, token.colorWarning],
      textStyle: { fontFamily: token.fontFamily },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => (typeof value === 'number' ? String(value) : '—'),
      },
      legend: { data: [ticketsName, waitName], top: 0, textStyle: { color: token.colorText } },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: days.map((d) => d.label),
        axisLabel: { color: token.colorTextSecondary },
      },
      yAxis: [
        { type: 'value', name: ticketsName, minInterval: 1, axisLabel: { color: token.colorTextSecondary } },
        {
          type: 'value',
          name: waitName,
          splitLine: { show: false },
          axisLabel: { color: token.colorTextSecondary },
        },
      ],
      series: [
        { type: 'bar', name: ticketsName, data: days.map((d) => d.tickets), barMaxWidth: 40 },
        {
          type: 'line',
          name: waitName,
          yAxisIndex: 1,
          connectNulls: true,
          data: days.map((d) => (d.avgWaitSeconds === null ? null : Math.round(d.avgWaitSeconds / 6) / 10)),
          tooltip: {
            valueFormatter: (value) =>
              typeof value === 'number' ? `${value} (${formatDuration(value * 60)})` : '—',
          },
        },
      ],
    };
    chart.current?.setOption(option, { notMerge: true });
  }, [days, t, token]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={t('queue.stats.chart.label')}
      style={{ width: '100%', height: 320 }}
    />
  );
}
