import { App, Button, Descriptions, Tag, Tooltip, Typography } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MailboxState } from '../../../shared/schemas/mail.js';
import { useApiError } from '../../http/use-api-error.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useSyncMailbox } from './mail.api.js';

const COLORS: Record<MailboxState['status'], string> = {
  idle: 'default',
  syncing: 'processing',
  ok: 'green',
  error: 'red',
  auth_failed: 'red',
};

/** The mailbox's state; failures in a row and the next attempt in its tooltip. */
export function MailboxStatusTag({ box }: { box: MailboxState }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (!box.isEnabled) {
    return (
      <Tooltip title={t('mail.mailboxes.disabledHint')}>
        <Tag data-testid="mailbox-status">{t('mail.mailboxes.disabled')}</Tag>
      </Tooltip>
    );
  }
  const details = [
    box.failures > 0 && t('mail.mailboxes.failures', { count: box.failures }),
    box.nextAttemptAt && t('mail.mailboxes.nextAttempt', { at: formatDateTime(box.nextAttemptAt) }),
  ].filter((line): line is string => typeof line === 'string');
  const tag = (
    <Tag color={COLORS[box.status]} data-testid="mailbox-status">
      {t(`mail.mailboxes.statuses.${box.status}`)}
    </Tag>
  );
  return details.length ? (
    <Tooltip
      title={details.map((line) => (
        <div key={line}>{line}</div>
      ))}
    >
      {tag}
    </Tooltip>
  ) : (
    tag
  );
}

/** «Синхронизировать»: a mailbox now (`id`), or the caller's own (`'me'`). */
export function SyncMailboxButton({
  id,
  disabled,
  small,
}: {
  id: number | 'me';
  disabled?: boolean;
  small?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const sync = useSyncMailbox();
  return (
    <Button
      icon={<SyncOutlined />}
      size={small ? 'small' : 'middle'}
      disabled={disabled}
      loading={sync.isPending}
      onClick={() =>
        sync.mutate(id, {
          onSuccess: () => void message.success(t('mail.mailboxes.syncStarted')),
          onError: (e) => handleError(e),
        })
      }
    >
      {t('mail.mailboxes.sync')}
    </Button>
  );
}

/** One mailbox as a small card shows it: on the employee's card and in the profile. */
export function MailboxSummary({ box, syncId }: { box: MailboxState; syncId: number | 'me' }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      extra={<SyncMailboxButton id={syncId} disabled={!box.isEnabled} small />}
      title={box.account}
      items={[
        { key: 'status', label: t('mail.mailboxes.status'), children: <MailboxStatusTag box={box} /> },
        { key: 'folders', label: t('mail.mailboxes.folders'), children: box.folders.join(', ') },
        {
          key: 'lastSync',
          label: t('mail.mailboxes.lastSync'),
          children: box.lastSyncAt ? formatDateTime(box.lastSyncAt) : t('common.never'),
        },
        { key: 'messages', label: t('mail.mailboxes.messages'), children: box.messageCount },
        ...(box.lastError
          ? [
              {
                key: 'lastError',
                label: t('mail.mailboxes.lastError'),
                children: <Typography.Text type="danger">{box.lastError}</Typography.Text>,
              },
            ]
          : []),
      ]}
    />
  );
}
