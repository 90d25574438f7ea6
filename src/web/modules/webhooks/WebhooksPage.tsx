import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Flex,
  Modal,
  Popconfirm,
  Space,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Webhook } from '../../../shared/schemas/webhooks.js';
import { Page } from '../../app/layout/Page.js';
import { useApiError } from '../../http/use-api-error.js';
import { ActiveTag } from '../../shared/ActiveTag.js';
import { DeleteButton } from '../../shared/DeleteButton.js';
import { RecordTable } from '../../shared/RecordTable.js';
import { useFormatDateTime } from '../../shared/format.js';
import { DeliveryStatusTag, WebhookDeliveriesDrawer } from './WebhookDeliveriesDrawer.js';
import { WebhookFormModal } from './WebhookFormModal.js';
import {
  useDeleteWebhook,
  useRotateWebhookSecret,
  useWebhooks,
  type WebhookWithSecret,
} from './webhooks.api.js';

export const WEBHOOKS_PATH = '/admin/webhooks';

/** The server keeps the secret to sign with but never shows it again: this is the one time. */
function SecretModal({ webhook, onClose }: { webhook: WebhookWithSecret; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('webhooks.secretTitle', { name: webhook.name })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('webhooks.close')}</Button>}
    >
      <Flex vertical gap={12}>
        <Alert type="warning" showIcon title={t('webhooks.secretShownOnce')} />
        <Typography.Paragraph
          copyable={webhook.secret ? { text: webhook.secret } : false}
          code
          data-testid="webhook-secret"
          style={{ wordBreak: 'break-all' }}
        >
          {webhook.secret ?? t('common.none')}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('webhooks.signatureHint')}</Typography.Text>
      </Flex>
    </Modal>
  );
}

/** Tags of the chosen values, or «все» when none are chosen (the webhook then takes every one). */
function Choice({ values, label }: { values: string[]; label: (value: string) => string }) {
  const { t } = useTranslation();
  if (values.length === 0) return <Typography.Text type="secondary">{t('webhooks.all')}</Typography.Text>;
  return (
    <Flex wrap gap={2}>
      {values.map((v) => (
        <Tag key={v}>{label(v)}</Tag>
      ))}
    </Flex>
  );
}

/** Администратор → Вебхуки: the registered URLs, their delivery counts and the log of each. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const handleError = useApiError();
  const webhooks = useWebhooks();
  const remove = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);

  const confirmDelete = (w: Webhook) =>
    remove.mutateAsync(w.id).then(() => void message.success(t('common.deleted')), handleError);
  const confirmRotate = (w: Webhook) => rotate.mutateAsync(w.id).then(setSecret, handleError);

  const columns: TableColumnsType<Webhook> = [
    { title: t('webhooks.name'), dataIndex: 'name' },
    {
      title: t('webhooks.url'),
      dataIndex: 'url',
      render: (url: string) => (
        <Typography.Text code ellipsis={{ tooltip: url }} style={{ maxWidth: 280 }}>
          {url}
        </Typography.Text>
      ),
    },
    {
      title: t('webhooks.events'),
      key: 'events',
      render: (_, w) => (
        <Choice values={w.events} label={(a) => t(`webhooks.actions.${a as Webhook['events'][number]}`)} />
      ),
    },
    {
      title: t('webhooks.docTypes'),
      key: 'docTypes',
      render: (_, w) => (
        <Choice values={w.docTypes} label={(d) => t(`webhooks.types.${d as Webhook['docTypes'][number]}`)} />
      ),
    },
    {
      title: t('webhooks.isActive'),
      key: 'isActive',
      width: 1,
      render: (_, w) => <ActiveTag active={w.isActive} />,
    },
    {
      title: t('webhooks.queue'),
      key: 'queue',
      width: 1,
      onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      align: 'center',
      render: (_, w) => (
        <Space size={4}>
          <Tooltip title={t('webhooks.pendingHint')}>
            <Tag color={w.pending ? 'gold' : undefined} data-testid="webhook-pending">
              {w.pending}
            </Tag>
          </Tooltip>
          <Tooltip title={t('webhooks.failedHint')}>
            <Tag color={w.failed ? 'red' : undefined} data-testid="webhook-failed">
              {w.failed}
            </Tag>
          </Tooltip>
        </Space>
      ),
    },
    {
      title: t('webhooks.lastDelivery'),
      key: 'lastDelivery',
      render: (_, w) =>
        w.lastDelivery ? (
          <Space size={4}>
            <DeliveryStatusTag status={w.lastDelivery.status} />
            {w.lastDelivery.statusCode !== null && (
              <Typography.Text code>{w.lastDelivery.statusCode}</Typography.Text>
            )}
            <Typography.Text type="secondary">{formatDateTime(w.lastDelivery.at)}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('webhooks.never')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, w) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setLog(w)}>
            {t('webhooks.deliveries')}
          </Button>
          <Button type="link" size="small" onClick={() => setEditing(w)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('webhooks.rotateConfirm')}
            okText={t('webhooks.rotate')}
            cancelText={t('common.cancel')}
            onConfirm={() => confirmRotate(w)}
          >
            <Button type="link" size="small">
              {t('webhooks.rotate')}
            </Button>
          </Popconfirm>
          <DeleteButton
            confirm={t('webhooks.confirmDelete', { name: w.name })}
            onConfirm={() => confirmDelete(w)}
          />
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={t('webhooks.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('webhooks.add')}
        </Button>
      }
    >
      <Typography.Text type="secondary">{t('webhooks.hint')}</Typography.Text>
      <RecordTable<Webhook> query={webhooks} columns={columns} onOpen={setLog} paged={false} />
      {editing && (
        <WebhookFormModal
          webhook={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={setSecret}
        />
      )}
      {secret && <SecretModal webhook={secret} onClose={() => setSecret(null)} />}
      {log && <WebhookDeliveriesDrawer webhook={log} onClose={() => setLog(null)} />}
    </Page>
  );
}
