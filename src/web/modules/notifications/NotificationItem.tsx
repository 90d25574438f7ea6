import type { KeyboardEvent, ReactNode } from 'react';
import { Flex, Typography, theme } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../../shared/schemas/notifications.js';
import { useApiError } from '../../http/use-api-error.js';
import { useFormatDateTime, useFormatRelativeTime } from '../../shared/format.js';
import { useMarkRead } from './notifications.api.js';

/** The card a notification is about. */
export const notificationPath = (n: Pick<Notification, 'docType' | 'docId'>) => `/${n.docType}s/${n.docId}`;

/** Opening a notification: it is marked read (when it was not) and its document's card opens. */
export function useOpenNotification(): (n: Notification) => void {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const handleError = useApiError();
  return (n) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] }, { onError: (e) => handleError(e) });
    void navigate(notificationPath(n));
  };
}

/** One notification: title, text, who did it and when; unread ones marked. A click opens it. */
export function NotificationItem({
  notification: n,
  onOpen,
  extra,
}: {
  notification: Notification;
  onOpen: (n: Notification) => void;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const formatDateTime = useFormatDateTime();
  const relative = useFormatRelativeTime(t('notifications.justNow'));
  const unread = !n.readAt;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    onOpen(n);
  };
  return (
    <li
      role="button"
      tabIndex={0}
      data-testid="notification-item"
      data-unread={unread}
      aria-label={unread ? `${t('notifications.unread')}: ${n.title}` : n.title}
      onClick={() => onOpen(n)}
      onKeyDown={onKeyDown}
      style={{
        listStyle: 'none',
        cursor: 'pointer',
        padding: '6px 10px',
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        background: unread ? token.colorPrimaryBg : undefined,
      }}
    >
      <Flex gap={8} align="flex-start">
        <span
          aria-hidden
          title={unread ? t('notifications.unread') : undefined}
          style={{
            flex: 'none',
            width: 8,
            height: 8,
            marginTop: 6,
            borderRadius: '50%',
            background: unread ? token.colorPrimary : 'transparent',
          }}
        />
        <Flex vertical style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text strong={unread} ellipsis={{ tooltip: n.title }}>
            {n.title}
          </Typography.Text>
          <Typography.Text>{n.text}</Typography.Text>
          <Typography.Text type="secondary">
            {n.actor?.name ?? t('notifications.system')} ·{' '}
            <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
              {relative(n.createdAt)}
            </time>
          </Typography.Text>
        </Flex>
        {extra}
      </Flex>
    </li>
  );
}
