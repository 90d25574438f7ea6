import { useState } from 'react';
import { App, Button, Drawer, Flex, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined, SendOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  type Webhook,
  type WebhookDelivery,
} from '../../../shared/schemas/webhooks.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { usePingWebhook, useRedeliver, useWebhookDeliveries } from './webhooks.api.js';

const STATUS_COLORS: Record<DeliveryStatus, string> = {
  pending: 'gold',
  sending: 'processing',
  delivered: 'green',
  failed: 'red',
};

export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="webhook-delivery-status">
      {t(`webhooks.statuses.${status}`)}
    </Tag>
  );
}

/** The JSON body as sent, indented when it parses. */
function prettyJson(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** A webhook's delivery log: status filter, each attempt's outcome, the body, «Отправить повторно». */
export function WebhookDeliveriesDrawer({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const handleError = useApiError();
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const deliveries = useWebhookDeliveries(webhook.id, status);
  const redeliver = useRedeliver(webhook.id);
  const ping = usePingWebhook();
  const none = t('common.none');
  const at = (iso: string | null) => (iso ? formatDateTime(iso) : none);

  const columns: TableColumnsType<WebhookDelivery> = [
    {
      title: t('webhooks.drawer.createdAt'),
      key: 'createdAt',
      width: 130,
      render: (_, d) => at(d.createdAt),
    },
    {
      title: t('webhooks.drawer.event'),
      key: 'event',
      render: (_, d) => <Typography.Text code>{d.event}</Typography.Text>,
    },
    {
      title: t('webhooks.drawer.document'),
      key: 'document',
      // A ping is about no document.
      render: (_, d) =>
        d.docType && d.docId !== null ? (
          <Link to={`/${d.docType}s/${d.docId}`}>
            {t(`webhooks.types.${d.docType}`)} #{d.docId}
          </Link>
        ) : (
          none
        ),
    },
    {
      title: t('webhooks.drawer.status'),
      key: 'status',
      render: (_, d) => <DeliveryStatusTag status={d.status} />,
    },
    {
      title: t('webhooks.drawer.code'),
      key: 'code',
      align: 'right',
      render: (_, d) => d.lastStatusCode ?? none,
    },
    {
      title: t('webhooks.drawer.error'),
      key: 'error',
      render: (_, d) =>
        d.lastError ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: d.lastError }} style={{ maxWidth: 220 }}>
            {d.lastError}
          </Typography.Text>
        ) : (
          none
        ),
    },
    {
      title: t('webhooks.drawer.duration'),
      key: 'duration',
      align: 'right',
      render: (_, d) =>
        d.durationMs === null ? none : t('webhooks.drawer.durationMs', { ms: d.durationMs }),
    },
    { title: t('webhooks.drawer.attempts'), key: 'attempts', align: 'right', render: (_, d) => d.attempts },
    {
      title: t('webhooks.drawer.nextAttempt'),
      key: 'nextAttempt',
      width: 130,
      render: (_, d) => (d.status === 'delivered' ? at(d.deliveredAt) : at(d.nextAttemptAt)),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, d) =>
        d.status === 'failed' || d.status === 'delivered' ? (
          <Tooltip title={t('webhooks.drawer.redeliver')}>
            <Button
              size="small"
              type="text"
              icon={<SendOutlined />}
              aria-label={t('webhooks.drawer.redeliver')}
              loading={redeliver.isPending && redeliver.variables?.id === d.id}
              onClick={() =>
                redeliver.mutate(d, {
                  onSuccess: () => void message.success(t('webhooks.drawer.redelivered')),
                  onError: (e) => handleError(e),
                })
              }
            />
          </Tooltip>
        ) : null,
    },
  ];

  return (
    <Drawer
      open
      size={1100}
      title={t('webhooks.drawer.title', { name: webhook.name })}
      onClose={onClose}
      extra={
        <Tooltip title={t('webhooks.drawer.pingHint')}>
          <Button
            icon={<ThunderboltOutlined />}
            loading={ping.isPending}
            onClick={() =>
              ping.mutate(webhook.id, {
                onSuccess: () => void message.success(t('webhooks.drawer.pinged')),
                onError: (e) => handleError(e),
              })
            }
          >
            {t('webhooks.drawer.ping')}
          </Button>
        </Tooltip>
      }
    >
      <Flex vertical gap={12}>
        <Flex gap={8}>
          <Select<DeliveryStatus | 'all'>
            aria-label={t('webhooks.drawer.status')}
            value={status ?? 'all'}
            onChange={(v) => setStatus(v === 'all' ? null : v)}
            options={[
              { value: 'all', label: t('webhooks.drawer.allStatuses') },
              ...DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`webhooks.statuses.${s}`) })),
            ]}
            style={{ width: 200 }}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void deliveries.refetch()}
            loading={deliveries.isRefetching}
          >
            {t('webhooks.drawer.refresh')}
          </Button>
        </Flex>
        {deliveries.isError ? (
          <QueryErrorAlert error={deliveries.error} onRetry={() => void deliveries.refetch()} />
        ) : (
          <Table<WebhookDelivery>
            size="small"
            bordered
            rowKey="id"
            loading={deliveries.isPending}
            dataSource={deliveries.items}
            columns={columns}
            pagination={false}
            locale={{ emptyText: t('webhooks.drawer.empty') }}
            scroll={{ x: 'max-content' }}
            expandable={{
              expandedRowRender: (d) => (
                <Flex vertical gap={4}>
                  <Typography.Text type="secondary">{t('webhooks.drawer.payload')}</Typography.Text>
                  <Typography.Paragraph
                    copyable={{ text: d.payload }}
                    style={{ margin: 0 }}
                    data-testid="webhook-delivery-payload"
                  >
                    <pre style={{ margin: 0, maxHeight: 360, overflow: 'auto', fontSize: 'inherit' }}>
                      {prettyJson(d.payload)}
                    </pre>
                  </Typography.Paragraph>
                </Flex>
              ),
            }}
          />
        )}
        {deliveries.hasNextPage && (
          <Flex justify="center">
            <Button onClick={() => void deliveries.fetchNextPage()} loading={deliveries.isFetchingNextPage}>
              {t('webhooks.drawer.more')}
            </Button>
          </Flex>
        )}
      </Flex>
    </Drawer>
  );
}
