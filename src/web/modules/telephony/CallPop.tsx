import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Flex, Skeleton, Space, Typography } from 'antd';
import { CloseOutlined, PhoneOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../shared/schemas/telephony.js';
import { queryKeys } from '../../http/query-keys.js';
import { useLive } from '../../app/live/live.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { PhoneLink } from './CallButton.js';
import { LinkNumberDialog } from './LinkNumberDialog.js';
import { telephonyKeys, useCallPop } from './telephony.api.js';

/**
 * The screen pop, mounted once in the signed-in layout: an incoming call pushed over /api/v1/live
 * opens a card in the corner (not modal: the user keeps working), the call's end closes it.
 */
export function CallPops() {
  const client = useQueryClient();
  // The server pushes incoming calls only to users with "show incoming-call pop-up" on.
  const [calls, setCalls] = useState<Call[]>([]);

  useLive(['call.incoming', 'call.finished'], (m) => {
    void client.invalidateQueries({ queryKey: telephonyKeys.mine });
    if (m.type === 'call.incoming') {
      setCalls((open) => [...open.filter((c) => c.id !== m.call.id), m.call]);
      return;
    }
    setCalls((open) => open.filter((c) => c.id !== m.callId));
    // The logged call is now an event on the client's timeline.
    for (const queryKey of [telephonyKeys.all, queryKeys.events, queryKeys.clients])
      void client.invalidateQueries({ queryKey });
  });

  if (calls.length === 0) return null;
  return (
    <Flex
      vertical
      gap={8}
      style={{ position: 'fixed', insetInlineEnd: 16, insetBlockEnd: 16, zIndex: 1010, width: 380 }}
    >
      {calls.map((call) => (
        <CallPop
          key={call.id}
          call={call}
          onClose={() => setCalls((open) => open.filter((c) => c.id !== call.id))}
        />
      ))}
    </Flex>
  );
}

function CallPop({ call, onClose }: { call: Call; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDateTime = useFormatDateTime();
  const pop = useCallPop(call.id);
  const [linking, setLinking] = useState(false);
  // The pop card, not the pushed call, names the client: it leaves out a card the user may not read.
  const client = pop.data?.client ?? null;
  const contact = pop.data?.contact ?? null;
  const title = t('telephony.pop.incoming');

  return (
    <Card
      size="small"
      role="dialog"
      aria-label={title}
      data-testid="call-pop"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
      styles={{ root: { boxShadow: '0 6px 16px rgba(0, 0, 0, 0.16)' } }}
      title={
        <Space>
          <PhoneOutlined />
          {title}
        </Space>
      }
      extra={
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          aria-label={t('telephony.pop.close')}
          title={t('telephony.pop.close')}
          onClick={onClose}
        />
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          <PhoneLink number={call.externalNumber} dial={call.externalE164} />
        </Typography.Text>
        {client ? (
          <Flex vertical>
            <Typography.Text type="secondary">{t('telephony.pop.client')}</Typography.Text>
            <Link to={`/clients/${client.id}`} data-testid="call-pop-client">
              {client.name}
            </Link>
            {contact && (
              <Typography.Text>
                {t('telephony.pop.contact')}: {contact.name}
              </Typography.Text>
            )}
          </Flex>
        ) : (
          pop.isSuccess && (
            <Flex vertical gap={6}>
              <Typography.Text type="secondary">{t('telephony.pop.unknown')}</Typography.Text>
              <Space wrap>
                <Button
                  type="primary"
                  icon={<UserAddOutlined />}
                  onClick={() =>
                    void navigate(`/clients/new?phone=${encodeURIComponent(call.externalNumber)}`)
                  }
                >
                  {t('telephony.pop.newClient')}
                </Button>
                <Button onClick={() => setLinking(true)}>{t('telephony.pop.pickClient')}</Button>
              </Space>
            </Flex>
          )
        )}
        {pop.isPending && <Skeleton active paragraph={{ rows: 2 }} title={false} />}
        {pop.isError && <QueryErrorAlert error={pop.error} onRetry={() => void pop.refetch()} />}
        {pop.data && client && (
          <>
            <Section title={t('telephony.pop.openTasks')} empty={t('telephony.pop.noTasks')}>
              {pop.data.openTasks.map((task) => (
                <Link key={task.id} to={`/tasks/${task.id}`}>
                  {task.number} · {task.title}
                </Link>
              ))}
            </Section>
            <Section title={t('telephony.pop.lastEvents')} empty={t('telephony.pop.noEvents')}>
              {pop.data.lastEvents.map((event) => (
                <span key={event.id}>
                  <Typography.Text type="secondary">{formatDateTime(event.startsAt)} </Typography.Text>
                  <Link to={`/events/${event.id}`}>{event.subject || event.number}</Link>
                </span>
              ))}
            </Section>
          </>
        )}
      </Flex>
      {linking && <LinkNumberDialog number={call.externalNumber} onClose={() => setLinking(false)} />}
    </Card>
  );
}

function Section({ title, empty, children }: { title: string; empty: string; children: ReactNode[] }) {
  return (
    <Flex vertical gap={2}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      {children.length ? children : <Typography.Text>{empty}</Typography.Text>}
    </Flex>
  );
}
