import { useCallback, useMemo } from 'react';
import { Button, DatePicker, Flex, Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined, RetweetOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TICKET_STATES, type QueueTicket, type TicketState } from '../../../../shared/schemas/queue.js';
import { useLocale } from '../../../app/i18n/use-locale.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { useUrlFilter } from '../../../shared/use-url-filter.js';
import { useEntryName } from '../../settings/books/BookEntryName.js';
import { useQueueServices } from '../setup/setup.api.js';
import { formatDuration, secondsBetween } from '../duration.js';
import { useEnterpriseToday } from '../enterprise-today.js';
import { useQueueChanged } from '../use-queue-changed.js';
import { useNow } from '../use-now.js';
import { TicketStateTag } from './TicketStateTag.js';
import { ticketKeys, useQueueTickets, type TicketFilter } from './tickets.api.js';

const DAY = 'YYYY-MM-DD';
const FILTER_KEYS = ['day', 'serviceId', 'state'] as const;
/** How often the running waits and services of today's list move on. */
const TICK_MS = 15_000;

function useFormatTime(): (iso: string | null) => string {
  const locale = useLocale();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
    return (iso: string | null) => (iso ? format.format(new Date(iso)) : '');
  }, [locale]);
}

/** Reloads the tickets when the queue moves: a push of 'queue.changed', or the live link back after a drop. */
function useLiveTickets(serviceId: number | undefined) {
  const client = useQueryClient();
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: ticketKeys.all }), [client]);
  useQueueChanged((id) => serviceId === undefined || id === serviceId, refresh);
}

/** «Талоны»: the tickets of a day (today by default) with their times, live. */
export function TicketsTab() {
  const { t } = useTranslation();
  const name = useEntryName();
  const formatTime = useFormatTime();
  const services = useQueueServices();
  const [params, setParams] = useUrlFilter(FILTER_KEYS);
  const filter: TicketFilter = {
    ...(params.day && { day: params.day }),
    ...(Number(params.serviceId) > 0 && { serviceId: Number(params.serviceId) }),
    ...(TICKET_STATES.includes(params.state as TicketState) && { state: params.state as TicketState }),
  };
  const tickets = useQueueTickets(filter);
  useLiveTickets(filter.serviceId);
  // «Today» is the enterprise's day, the one the server lists when no day is asked for.
  const today = useEnterpriseToday();
  const isToday = !filter.day || filter.day === today;
  const now = useNow(TICK_MS, isToday);

  const waitOf = (x: QueueTicket) =>
    secondsBetween(x.issuedAt, x.firstCalledAt ?? (x.state === 'waiting' ? now : null));
  const serviceOf = (x: QueueTicket) =>
    secondsBetween(x.servingAt, x.finishedAt ?? (x.state === 'serving' ? now : null));

  const columns: TableColumnsType<QueueTicket> = [
    {
      title: t('queue.tickets.columns.code'),
      key: 'code',
      width: 1,
      render: (_, x) => (
        <Flex gap={4} align="center" wrap={false}>
          <Typography.Text strong>{x.code}</Typography.Text>
          {x.redirectedFromId !== null && (
            <Tooltip title={t('queue.tickets.redirectedFrom')}>
              <RetweetOutlined aria-label={t('queue.tickets.redirectedFrom')} />
            </Tooltip>
          )}
        </Flex>
      ),
    },
    { title: t('queue.tickets.columns.service'), key: 'service', render: (_, x) => name(x.service) },
    {
      title: t('queue.tickets.columns.state'),
      key: 'state',
      width: 1,
      render: (_, x) => <TicketStateTag state={x.state} />,
    },
    {
      title: t('queue.tickets.columns.issued'),
      key: 'issued',
      width: 1,
      render: (_, x) => formatTime(x.issuedAt),
    },
    {
      title: t('queue.tickets.columns.called'),
      key: 'called',
      width: 1,
      render: (_, x) =>
        x.callCount > 1 ? (
          <Tooltip title={t('queue.tickets.calls', { count: x.callCount })}>
            <span>
              {formatTime(x.calledAt)} ×{x.callCount}
            </span>
          </Tooltip>
        ) : (
          formatTime(x.calledAt)
        ),
    },
    { title: t('queue.tickets.columns.window'), dataIndex: 'windowName' },
    { title: t('queue.tickets.columns.operator'), dataIndex: 'operatorName' },
    {
      title: t('queue.tickets.columns.client'),
      key: 'client',
      render: (_, x) =>
        x.clientId !== null ? (
          <Link to={`/clients/${x.clientId}`}>{x.clientName ?? `#${x.clientId}`}</Link>
        ) : (
          <Typography.Text type="secondary">{x.phone ?? ''}</Typography.Text>
        ),
    },
    {
      title: t('queue.tickets.columns.wait'),
      key: 'wait',
      align: 'right',
      width: 1,
      render: (_, x) => formatDuration(waitOf(x), ''),
    },
    {
      title: t('queue.tickets.columns.serviceTime'),
      key: 'serviceTime',
      align: 'right',
      width: 1,
      render: (_, x) => formatDuration(serviceOf(x), ''),
    },
  ];

  const filtered = FILTER_KEYS.some((k) => params[k]);
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center">
        <DatePicker
          aria-label={t('queue.tickets.day')}
          value={filter.day ? dayjs(filter.day) : null}
          placeholder={t('queue.tickets.today')}
          onChange={(d) => setParams({ day: d ? d.format(DAY) : null })}
        />
        <Select<number>
          allowClear
          aria-label={t('queue.tickets.allServices')}
          placeholder={t('queue.tickets.allServices')}
          value={filter.serviceId}
          onChange={(id) => setParams({ serviceId: id ? String(id) : null })}
          loading={services.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          options={(services.data ?? []).map((s) => ({ value: s.id, label: `${s.prefix} — ${name(s)}` }))}
          style={{ minWidth: 220 }}
        />
        <Select<TicketState>
          allowClear
          aria-label={t('queue.tickets.allStates')}
          placeholder={t('queue.tickets.allStates')}
          value={filter.state}
          onChange={(state) => setParams({ state: state ?? null })}
          options={TICKET_STATES.map((s) => ({ value: s, label: t(`queue.tickets.states.${s}`) }))}
          style={{ minWidth: 180 }}
        />
        {filtered && (
          <Button onClick={() => setParams({ day: null, serviceId: null, state: null })}>
            {t('queue.tickets.reset')}
          </Button>
        )}
        <Button
          icon={<ReloadOutlined />}
          aria-label={t('queue.tickets.refresh')}
          title={t('queue.tickets.refresh')}
          loading={tickets.isFetching}
          onClick={() => void tickets.refetch()}
        />
        {tickets.data && (
          <Typography.Text type="secondary">
            {t('queue.tickets.count', { count: tickets.data.length })}
          </Typography.Text>
        )}
      </Flex>
      {tickets.isError ? (
        <QueryErrorAlert error={tickets.error} onRetry={() => void tickets.refetch()} />
      ) : (
        <Table<QueueTicket>
          size="small"
          bordered
          rowKey="id"
          loading={tickets.isPending}
          dataSource={tickets.data}
          columns={columns}
          pagination={{ pageSize: 100, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('queue.tickets.empty') }}
        />
      )}
    </Flex>
  );
}
