import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  List,
  Row,
  Select,
  Skeleton,
  Statistic,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { localName } from '../../../../shared/locale.js';
import type { OperatorPanel as Panel, QueueTicket } from '../../../../shared/schemas/queue.js';
import { useLocale } from '../../../app/i18n/use-locale.js';
import { useApiError } from '../../../http/use-api-error.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { MyStatusSelect } from '../../settings/books/MyStatusSelect.js';
import { useMyStatus } from '../../settings/books/books.api.js';
import { useQueueChanged } from '../use-queue-changed.js';
import { CurrentTicket } from './CurrentTicket.js';
import {
  operatorKeys,
  useCallNext,
  useOperatorPanel,
  useSetWindow,
  useTicketAction,
  type TicketAction,
} from './operator.api.js';

/** The operator's desk: status, window, Call next and the ticket in hand. */
export function OperatorPanel() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const panel = useOperatorPanel();
  const refresh = useCallback(
    () => void client.invalidateQueries({ queryKey: operatorKeys.panel }),
    [client],
  );
  // Only my queues change what the panel shows (before it has loaded, any may).
  const mine = panel.data?.services;
  useQueueChanged((id) => !mine || mine.some((s) => s.id === id), refresh);
  useRefreshOnStatusChange(refresh);

  if (panel.isPending) return <Skeleton active />;
  if (panel.isError) return <QueryErrorAlert error={panel.error} onRetry={() => void panel.refetch()} />;
  const data = panel.data;
  return (
    <Flex vertical gap={16}>
      <DeskHeader panel={data} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Desk panel={data} />
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={16}>
            <Card size="small">
              <Statistic title={t('queue.operator.servedToday')} value={data.servedToday} />
            </Card>
            <NoShows tickets={data.noShows} busy={data.current !== null} />
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}

/**
 * The status select updates its own query; the panel (whether Call next is allowed) is asked again
 * when the status it shows changes, not on the first load.
 */
function useRefreshOnStatusChange(refresh: () => void) {
  const mine = useMyStatus();
  const stamp = mine.data ? `${mine.data.status?.id ?? ''}@${mine.data.setAt ?? ''}` : null;
  const seen = useRef<string | null>(null);
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  }, [refresh]);
  useEffect(() => {
    if (stamp === null) return;
    if (seen.current !== null && seen.current !== stamp) refreshRef.current();
    seen.current = stamp;
  }, [stamp]);
}

/** My status (and whether it takes clients), my window, my queues with their waiting counts. */
function DeskHeader({ panel }: { panel: Panel }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const handleError = useApiError();
  const setWindow = useSetWindow();
  const mine = useMyStatus();
  const status = (mine.data ?? panel.status).status;
  const windowOptions = panel.windows.map((w) => ({ value: w.id, label: w.name, title: w.name }));
  return (
    <Card size="small">
      <Flex gap={32} wrap align="start">
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('queue.operator.status')}</Typography.Text>
          <MyStatusSelect />
          {status && (
            <Tag color={status.isTakingClients ? 'green' : 'default'} style={{ alignSelf: 'start' }}>
              {status.isTakingClients
                ? t('queue.operator.takesClients')
                : t('queue.operator.notTakingClients')}
            </Tag>
          )}
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('queue.operator.window')}</Typography.Text>
          <Select<number>
            aria-label={t('queue.operator.window')}
            placeholder={t('queue.operator.windowPlaceholder')}
            style={{ minWidth: 200 }}
            allowClear
            value={panel.window?.id}
            options={windowOptions}
            loading={setWindow.isPending}
            onChange={(id) => setWindow.mutate(id ?? null, { onError: (e) => handleError(e) })}
          />
        </Flex>
        <Flex vertical gap={4} style={{ flex: 1, minWidth: 240 }}>
          <Typography.Text type="secondary">{t('queue.operator.services')}</Typography.Text>
          {panel.services.length === 0 ? (
            <Typography.Text type="warning">{t('queue.operator.noServices')}</Typography.Text>
          ) : (
            <Flex gap={6} wrap role="list" aria-label={t('queue.operator.services')}>
              {panel.services.map((s) => (
                <Tag
                  key={s.id}
                  role="listitem"
                  color={s.atMyWindow ? 'blue' : 'default'}
                  style={{ fontSize: 14 }}
                >
                  <Typography.Text strong>{s.prefix}</Typography.Text> {localName(s, locale)} ·{' '}
                  {t('queue.operator.waiting', { count: s.waiting })}
                  {!s.atMyWindow && (
                    <Tooltip title={t('queue.operator.notAtMyWindowHint')}>
                      {' '}
                      <Typography.Text type="warning">({t('queue.operator.notAtMyWindow')})</Typography.Text>
                    </Tooltip>
                  )}
                </Tag>
              ))}
            </Flex>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}

/** Call next and the ticket in hand, with what came of the last action. */
function Desk({ panel }: { panel: Panel }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const callNext = useCallNext();
  const action = useTicketAction();
  const [served, setServed] = useState<QueueTicket | null>(null);
  const busy = callNext.isPending || action.isPending;
  const waitingHere = panel.services.filter((s) => s.atMyWindow).reduce((sum, s) => sum + s.waiting, 0);
  const reason = panel.blockedBy ?? (panel.current ? 'busy' : null);
  const hint = reason
    ? t(`queue.operator.blockedBy.${reason}`)
    : waitingHere === 0
      ? t('queue.operator.queueEmpty')
      : null;

  const call = () => {
    setServed(null);
    callNext.mutate(undefined, {
      onSuccess: (r) => {
        if (!r.ticket) void message.info(t('queue.operator.queueEmpty'));
      },
      onError: (e) => handleError(e),
    });
  };
  const onAction = (ticket: QueueTicket, name: TicketAction) => {
    setServed(null);
    action.mutate(
      { id: ticket.id, action: name },
      {
        onSuccess: (result) => {
          if (name === 'done') setServed({ ...ticket, ...result });
        },
        onError: (e) => handleError(e),
      },
    );
  };

  return (
    <Flex vertical gap={16}>
      <Flex vertical gap={6}>
        <Button
          type="primary"
          size="large"
          block
          style={{ height: 64, fontSize: 22 }}
          disabled={reason !== null}
          loading={callNext.isPending}
          aria-describedby={hint ? 'queue-call-next-hint' : undefined}
          onClick={call}
        >
          {t('queue.operator.callNext')}
        </Button>
        {hint && (
          <Typography.Text id="queue-call-next-hint" type={reason ? 'warning' : 'secondary'}>
            {hint}
          </Typography.Text>
        )}
      </Flex>
      {served && <ServedNotice ticket={served} onClose={() => setServed(null)} />}
      <CurrentTicket ticket={panel.current} targets={panel.redirectTargets} onAction={onAction} busy={busy} />
    </Flex>
  );
}

/** The confirmation of «Завершить», with the event written to the client card when there is one. */
function ServedNotice({ ticket, onClose }: { ticket: QueueTicket; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="success"
      showIcon
      closable={{ onClose }}
      title={t('queue.operator.served', { code: ticket.code })}
      description={
        ticket.eventId !== null && (
          <>
            {t('queue.operator.eventWritten')}{' '}
            <Link to={`/events/${ticket.eventId}`}>{t('queue.operator.openEvent')}</Link>
          </>
        )
      }
    />
  );
}

/** Today's no-shows of my queues: a visitor who came back late is called again. */
function NoShows({ tickets, busy }: { tickets: QueueTicket[]; busy: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const handleError = useApiError();
  const action = useTicketAction();
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  return (
    <Card size="small" title={t('queue.operator.noShows')}>
      <List
        size="small"
        dataSource={tickets}
        locale={{ emptyText: t('queue.operator.noShowsEmpty') }}
        renderItem={(ticket) => (
          <List.Item
            actions={[
              <Tooltip key="recall" title={busy ? t('queue.operator.recallBusy') : undefined}>
                <Button
                  size="small"
                  aria-label={t('queue.operator.recallCode', { code: ticket.code })}
                  disabled={busy || action.isPending}
                  onClick={() =>
                    action.mutate({ id: ticket.id, action: 'recall' }, { onError: (e) => handleError(e) })
                  }
                >
                  {t('queue.operator.recall')}
                </Button>
              </Tooltip>,
            ]}
          >
            <List.Item.Meta
              title={ticket.code}
              description={
                <>
                  {localName(ticket.service, locale)}
                  {ticket.calledAt &&
                    ` · ${t('queue.operator.calledAt', { time: time.format(new Date(ticket.calledAt)) })}`}
                  {ticket.clientName && ` · ${ticket.clientName}`}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
