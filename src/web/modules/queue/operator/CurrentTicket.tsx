import { useState } from 'react';
import { App, Button, Card, Descriptions, Flex, Form, Modal, Select, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { localName } from '../../../../shared/locale.js';
import type { QueueService, QueueTicket } from '../../../../shared/schemas/queue.js';
import { useLocale } from '../../../app/i18n/use-locale.js';
import { useApiError } from '../../../http/use-api-error.js';
import { ClientSelect } from '../../../shared/pickers/ClientSelect.js';
import { formatDuration, secondsBetween } from '../duration.js';
import { useNow } from '../use-now.js';
import { useRedirectTicket, useSetTicketClient, type TicketAction } from './operator.api.js';

/** A queue as the redirect choice shows it. */
type ServiceChoice = Pick<QueueService, 'id' | 'prefix' | 'nameRu' | 'nameUk' | 'nameEn'>;

interface Props {
  /** The ticket in hand; null: none. */
  ticket: QueueTicket | null;
  /** Every active queue (the panel's `redirectTargets`): where the ticket may be redirected. */
  targets: ServiceChoice[];
  /** Runs an action on the ticket (the panel shows what came of it). */
  onAction: (ticket: QueueTicket, action: TicketAction) => void;
  busy: boolean;
}

/** The ticket the operator has called or serves: who, how long, and what to do with it. */
export function CurrentTicket({ ticket, ...rest }: Props) {
  const { t } = useTranslation();
  return (
    <Card role="region" aria-label={t('queue.operator.current')} title={t('queue.operator.current')}>
      {ticket ? (
        <TicketInHand ticket={ticket} {...rest} />
      ) : (
        <Typography.Text type="secondary">{t('queue.operator.noCurrent')}</Typography.Text>
      )}
    </Card>
  );
}

function TicketInHand({ ticket, onAction, busy, targets }: { ticket: QueueTicket } & Omit<Props, 'ticket'>) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow();
  const [redirecting, setRedirecting] = useState(false);
  const called = ticket.state === 'called';
  const serving = ticket.state === 'serving';
  const firstCall = ticket.firstCalledAt ?? ticket.calledAt;
  const timerFrom = serving ? ticket.servingAt : ticket.calledAt;
  const act = (action: TicketAction) => onAction(ticket, action);

  return (
    <Flex vertical gap={16}>
      <Flex align="baseline" gap={16} wrap>
        <Typography.Text strong style={{ fontSize: 56, lineHeight: 1 }} data-testid="current-code">
          {ticket.code}
        </Typography.Text>
        <Flex vertical gap={4}>
          <Typography.Text style={{ fontSize: 18 }}>{localName(ticket.service, locale)}</Typography.Text>
          <Space size={4} wrap>
            <Tag color={serving ? 'green' : 'gold'}>{t(`queue.operator.state.${ticket.state}`)}</Tag>
            {ticket.callCount > 1 && <Tag>{t('queue.operator.callCount', { count: ticket.callCount })}</Tag>}
          </Space>
        </Flex>
        {timerFrom && (
          <Flex vertical align="end" style={{ marginInlineStart: 'auto' }}>
            <Typography.Text type="secondary">
              {serving ? t('queue.operator.sinceServing') : t('queue.operator.sinceCalled')}
            </Typography.Text>
            <Typography.Text strong style={{ fontSize: 32, fontVariantNumeric: 'tabular-nums' }} role="timer">
              {formatDuration(secondsBetween(timerFrom, now))}
            </Typography.Text>
          </Flex>
        )}
      </Flex>

      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('queue.operator.client')}>
          <TicketClient ticket={ticket} />
        </Descriptions.Item>
        {ticket.phone && (
          <Descriptions.Item label={t('queue.operator.phone')}>
            <Typography.Text copyable>{ticket.phone}</Typography.Text>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('queue.operator.waited')}>
          {formatDuration(secondsBetween(ticket.queuedAt, firstCall ?? now))}
        </Descriptions.Item>
      </Descriptions>

      <Flex gap={8} wrap>
        {called && (
          <>
            <Button type="primary" size="large" disabled={busy} onClick={() => act('start')}>
              {t('queue.operator.start')}
            </Button>
            <Button size="large" disabled={busy} onClick={() => act('repeat')}>
              {t('queue.operator.repeat')}
            </Button>
            <Button size="large" danger disabled={busy} onClick={() => act('no-show')}>
              {t('queue.operator.noShow')}
            </Button>
          </>
        )}
        {serving && (
          <Button type="primary" size="large" disabled={busy} onClick={() => act('done')}>
            {t('queue.operator.done')}
          </Button>
        )}
        <Button size="large" disabled={busy} onClick={() => setRedirecting(true)}>
          {t('queue.operator.redirect')}
        </Button>
      </Flex>
      {redirecting && (
        <RedirectDialog ticket={ticket} targets={targets} onClose={() => setRedirecting(false)} />
      )}
    </Flex>
  );
}

/** The client the ticket is for: a link to the card, or a picker to link one. */
function TicketClient({ ticket }: { ticket: QueueTicket }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const setClient = useSetTicketClient();
  const change = (clientId: number | null) =>
    setClient.mutate(
      { id: ticket.id, clientId },
      {
        onSuccess: () =>
          void message.success(
            clientId === null ? t('queue.operator.clientUnlinked') : t('queue.operator.clientLinked'),
          ),
        onError: (e) => handleError(e),
      },
    );
  if (ticket.clientId !== null)
    return (
      <Space size={12} wrap>
        <Link to={`/clients/${ticket.clientId}`}>{ticket.clientName ?? `#${ticket.clientId}`}</Link>
        <Button type="link" size="small" disabled={setClient.isPending} onClick={() => change(null)}>
          {t('queue.operator.unlinkClient')}
        </Button>
      </Space>
    );
  return (
    <ClientSelect
      placeholder={t('queue.operator.linkClient')}
      disabled={setClient.isPending}
      value={null}
      onChange={(clientId) => clientId !== null && change(clientId)}
    />
  );
}

/** Sends the ticket to another queue; it keeps its place in line there. */
function RedirectDialog({
  ticket,
  targets,
  onClose,
}: {
  ticket: QueueTicket;
  targets: ServiceChoice[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const handleError = useApiError();
  const redirect = useRedirectTicket();
  const [serviceId, setServiceId] = useState<number | null>(null);
  const options = targets
    .filter((s) => s.id !== ticket.serviceId)
    .map((s) => ({ value: s.id, label: `${s.prefix} · ${localName(s, locale)}` }));
  const submit = () => {
    if (serviceId === null) return;
    redirect.mutate(
      { id: ticket.id, serviceId },
      {
        onSuccess: () => {
          void message.success(t('queue.operator.redirected', { code: ticket.code }));
          onClose();
        },
        onError: (e) => handleError(e),
      },
    );
  };
  return (
    <Modal
      open
      title={t('queue.operator.redirectTitle', { code: ticket.code })}
      okText={t('queue.operator.redirect')}
      okButtonProps={{ disabled: serviceId === null, loading: redirect.isPending }}
      onOk={submit}
      onCancel={onClose}
    >
      <Form layout="vertical">
        <Form.Item
          label={t('queue.operator.redirectTo')}
          htmlFor="queue-redirect-service"
          extra={t('queue.operator.redirectHint')}
        >
          <Select<number>
            id="queue-redirect-service"
            value={serviceId ?? undefined}
            onChange={setServiceId}
            options={options}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
