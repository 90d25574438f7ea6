import { useMemo, type CSSProperties } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import {
  Alert,
  Button,
  Calendar,
  Flex,
  Segmented,
  Select,
  Space,
  Spin,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { CalendarItem } from '../../../shared/schemas/calendar.js';
import { Page } from '../../app/layout/Page.js';
import { useLocale } from '../../app/i18n/use-locale.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useUserDirectory } from '../../shared/pickers/UserSelect.js';
import { useCan } from '../access/access.api.js';
import { useCalendar } from './events.api.js';
import { CalendarFeedButton } from './CalendarFeedButton.js';

type View = 'month' | 'week';
const DAY = 'YYYY-MM-DD';
/** How many lines a month cell shows before "n more". */
const MONTH_CELL_LINES = 3;

/** Monday of the date's week (weeks start on Monday here, whatever the UI language). */
const weekStart = (d: Dayjs) => d.subtract((d.day() + 6) % 7, 'day').startOf('day');

/** [from, to) to load: the month with the neighbouring days its grid shows, or the week. */
function rangeOf(view: View, anchor: Dayjs): [Dayjs, Dayjs] {
  if (view === 'week') {
    const start = weekStart(anchor);
    return [start, start.add(7, 'day')];
  }
  const first = anchor.startOf('month');
  // The month grid has 6 weeks: up to 6 days before the 1st and up to 14 after the last day.
  return [first.subtract(7, 'day'), first.endOf('month').add(15, 'day').startOf('day')];
}

/** The colours of calendar lines: events by status, deadlines by state (overdue red). */
type Look = Pick<CalendarItem, 'kind' | 'status' | 'isOverdue'>;

function useItemStyle(): (item: Look) => CSSProperties {
  const { token } = theme.useToken();
  return (item) => {
    const color =
      item.kind === 'task'
        ? item.isOverdue
          ? token.colorError
          : item.status === 'final'
            ? token.colorTextTertiary
            : token.purple
        : item.status === 'done'
          ? token.colorSuccess
          : item.status === 'cancelled'
            ? token.colorTextTertiary
            : token.colorPrimary;
    return {
      display: 'block',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      borderLeft: `3px solid ${color}`,
      background: token.colorFillQuaternary,
      color: item.kind === 'task' && item.isOverdue ? token.colorError : token.colorText,
      padding: '0 4px',
      marginBottom: 2,
      fontSize: token.fontSizeSM,
      cursor: 'pointer',
      textDecoration: item.status === 'cancelled' ? 'line-through' : undefined,
    };
  };
}

/** Which days an item shows on: an event on every day it spans, a deadline on its day. */
function itemsByDay(items: CalendarItem[]): Map<string, CalendarItem[]> {
  const days = new Map<string, CalendarItem[]>();
  for (const item of items) {
    const start = dayjs(item.start);
    const end = item.end ? dayjs(item.end) : start;
    // An end at midnight belongs to the previous day.
    const last = end.isAfter(start) && end.isSame(end.startOf('day')) ? end.subtract(1, 'minute') : end;
    for (let d = start.startOf('day'); !d.isAfter(last, 'day'); d = d.add(1, 'day')) {
      const key = d.format(DAY);
      days.set(key, [...(days.get(key) ?? []), item]);
    }
  }
  return days;
}

/** /events/calendar — events and task deadlines by month or week; a click opens the document. */
export function EventCalendarPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const canCreate = useCan('events', 'create');
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'week' ? 'week' : 'month';
  const dateParam = params.get('date');
  const anchor = useMemo(() => {
    const d = dateParam ? dayjs(dateParam) : dayjs();
    return d.isValid() ? d.startOf('day') : dayjs().startOf('day');
  }, [dateParam]);
  const whose = params.get('userId');
  const [from, to] = rangeOf(view, anchor);
  const calendar = useCalendar(from.toISOString(), to.toISOString(), whose);
  const byDay = useMemo(() => itemsByDay(calendar.data?.items ?? []), [calendar.data]);
  const users = useUserDirectory();
  const itemStyle = useItemStyle();
  const timeFormat = useMemo(() => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }), [locale]);

  const set = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  const step = (n: number) => set({ date: anchor.add(n, view === 'week' ? 'week' : 'month').format(DAY) });
  const open = (item: CalendarItem) => void navigate(`/${item.kind}s/${item.id}`);

  const line = (item: CalendarItem, withTime: boolean) => {
    const time =
      item.kind === 'task'
        ? `${t('events.calendar.deadline')} ${timeFormat.format(new Date(item.start))}`
        : timeFormat.format(new Date(item.start));
    return (
      <Tooltip key={`${item.kind}-${item.id}`} title={`${time} · ${item.number} ${item.title}`}>
        <a
          style={itemStyle(item)}
          onClick={(ev) => {
            // The click opens the document, not the day under it.
            ev.stopPropagation();
            open(item);
          }}
        >
          {withTime && (
            <Typography.Text type="secondary" style={{ fontSize: 'inherit' }}>
              {time}{' '}
            </Typography.Text>
          )}
          {item.title}
        </a>
      </Tooltip>
    );
  };

  const title =
    view === 'month'
      ? new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(anchor.toDate())
      : `${new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(from.toDate())} — ${new Intl.DateTimeFormat(
          locale,
          { day: 'numeric', month: 'short', year: 'numeric' },
        ).format(to.subtract(1, 'day').toDate())}`;

  const legend: [string, Look][] = [
    [t('events.calendar.legendEvent'), { kind: 'event', status: 'planned', isOverdue: false }],
    [t('events.calendar.legendDone'), { kind: 'event', status: 'done', isOverdue: false }],
    [t('events.calendar.legendCancelled'), { kind: 'event', status: 'cancelled', isOverdue: false }],
    [t('events.calendar.legendTask'), { kind: 'task', status: 'open', isOverdue: false }],
    [t('events.calendar.legendOverdue'), { kind: 'task', status: 'open', isOverdue: true }],
  ];

  return (
    <Page
      title={t('events.calendar.title')}
      extra={
        <>
          <Button icon={<UnorderedListOutlined />} onClick={() => void navigate('/events')}>
            {t('events.tabs.list')}
          </Button>
          <CalendarFeedButton />
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/events/new')}>
              {t('events.add')}
            </Button>
          )}
        </>
      }
    >
      <Flex wrap gap={8} align="center" justify="space-between">
        <Space wrap>
          <Segmented<View>
            value={view}
            onChange={(v) => set({ view: v === 'month' ? null : v })}
            options={[
              { value: 'month', label: t('events.calendar.month') },
              { value: 'week', label: t('events.calendar.week') },
            ]}
          />
          <Button
            icon={<LeftOutlined />}
            aria-label={t('events.calendar.previous')}
            onClick={() => step(-1)}
          />
          <Button onClick={() => set({ date: null })}>{t('events.calendar.today')}</Button>
          <Button icon={<RightOutlined />} aria-label={t('events.calendar.next')} onClick={() => step(1)} />
          <Typography.Text strong style={{ textTransform: 'capitalize' }}>
            {title}
          </Typography.Text>
          {calendar.isFetching && <Spin size="small" />}
        </Space>
        <Select<string>
          aria-label={t('events.calendar.whose')}
          value={whose ?? 'me'}
          onChange={(v) => set({ userId: v === 'me' ? null : v })}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 220 }}
          options={[
            { value: 'me', label: t('events.calendar.mine') },
            { value: 'all', label: t('events.calendar.everyone') },
            ...(users.data ?? [])
              .filter((u) => u.isActive || String(u.id) === whose)
              .map((u) => ({ value: String(u.id), label: u.name })),
          ]}
        />
      </Flex>
      <Space wrap size={12}>
        {legend.map(([label, sample]) => (
          <span
            key={label}
            style={{
              ...itemStyle(sample),
              display: 'inline-block',
              cursor: 'default',
              textDecoration: 'none',
            }}
          >
            {label}
          </span>
        ))}
      </Space>
      {calendar.isError && <QueryErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} />}
      {calendar.data?.truncated && <Alert type="warning" showIcon title={t('events.calendar.truncated')} />}
      {view === 'month' ? (
        <Calendar
          value={anchor}
          mode="month"
          headerRender={() => null}
          onSelect={(date, info) => {
            if (info.source === 'date') set({ date: date.format(DAY) });
          }}
          cellRender={(date, info) => {
            if (info.type !== 'date') return info.originNode;
            const items = byDay.get(date.format(DAY)) ?? [];
            return (
              <div>
                {items.slice(0, MONTH_CELL_LINES).map((item) => line(item, false))}
                {items.length > MONTH_CELL_LINES && (
                  <a
                    style={{ fontSize: token.fontSizeSM }}
                    onClick={(ev) => {
                      ev.stopPropagation();
                      set({ view: 'week', date: date.format(DAY) });
                    }}
                  >
                    {t('events.calendar.moreItems', { count: items.length - MONTH_CELL_LINES })}
                  </a>
                )}
              </div>
            );
          }}
        />
      ) : (
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
            border: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          {Array.from({ length: 7 }, (_, i) => from.add(i, 'day')).map((day) => {
            const items = byDay.get(day.format(DAY)) ?? [];
            const today = day.isSame(dayjs(), 'day');
            return (
              <div
                key={day.format(DAY)}
                style={{
                  minHeight: 360,
                  padding: 6,
                  borderLeft: `1px solid ${token.colorBorderSecondary}`,
                  background: today ? token.colorPrimaryBg : undefined,
                }}
              >
                <Typography.Text
                  strong
                  style={{ display: 'block', marginBottom: 6, textTransform: 'capitalize' }}
                >
                  {new Intl.DateTimeFormat(locale, {
                    weekday: 'short',
                    day: 'numeric',
                    month: 'short',
                  }).format(day.toDate())}
                </Typography.Text>
                {items.length ? (
                  items.map((item) => line(item, true))
                ) : (
                  <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
                    {t('events.calendar.nothing')}
                  </Typography.Text>
                )}
              </div>
            );
          })}
        </div>
      )}
    </Page>
  );
}
