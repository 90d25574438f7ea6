import { useState } from 'react';
import { App, Badge, Button, Empty, Flex, Popover, Spin, Typography, theme } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../../shared/schemas/notifications.js';
import { useLive, useLiveReconnect } from '../../app/live/live.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useMyParameters } from '../settings/parameters/parameters.api.js';
import { playNotificationSound } from './notification-sound.js';
import { NotificationItem, notificationPath, useOpenNotification } from './NotificationItem.js';
import { notificationKeys, useMarkRead, useNotificationList, useUnreadCount } from './notifications.api.js';

/** How many of the latest the bell's list shows; the page has them all. */
const LATEST = 10;
const COUNT_LIMIT = 99;
const TOAST_SECONDS = 8;

/** The list under the bell: the latest notifications, «Прочитать все», a link to the page. */
function NotificationPanel({ unread, onDone }: { unread: number; onDone: () => void }) {
  const { t } = useTranslation();
  const list = useNotificationList({ unread: false, limit: LATEST });
  const markRead = useMarkRead();
  const handleError = useApiError();
  const open = useOpenNotification();
  const openOne = (n: Notification) => {
    onDone();
    open(n);
  };
  const items = list.data?.pages[0]?.items ?? [];
  return (
    <Flex vertical style={{ width: 400 }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ padding: '4px 10px 6px' }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={unread === 0}
          loading={markRead.isPending}
          onClick={() => markRead.mutate({ all: true }, { onError: (e) => handleError(e) })}
        >
          {t('notifications.readAll')}
        </Button>
      </Flex>
      <div style={{ maxHeight: 420, overflowY: 'auto' }}>
        {list.isError && <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {list.isPending && (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        )}
        {list.isSuccess && items.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
        )}
        {items.length > 0 && (
          <ul style={{ margin: 0, padding: 0 }} aria-label={t('notifications.title')}>
            {items.map((n) => (
              <NotificationItem key={n.id} notification={n} onOpen={openOne} />
            ))}
          </ul>
        )}
      </div>
      <Flex justify="center" style={{ paddingTop: 6 }}>
        <Link to="/notifications" onClick={onDone}>
          {t('notifications.showAll')}
        </Link>
      </Flex>
    </Flex>
  );
}

/**
 * The bell in the header: the unread count, the latest notifications under it. New ones come live:
 * a toast (and a short sound when the user's parameter says so) and the count refreshes.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { notification } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const count = useUnreadCount();
  const sound = useMyParameters().data?.isNotificationSound === true;
  const [open, setOpen] = useState(false);
  const unread = count.data?.unread ?? 0;

  const refresh = () => void client.invalidateQueries({ queryKey: notificationKeys.all });
  useLiveReconnect(refresh);
  useLive(['notification.new', 'notifications.read'], (m) => {
    refresh();
    if (m.type !== 'notification.new') return;
    const n = m.notification;
    const key = `notification-${n.id}`;
    notification.info({
      key,
      title: n.title,
      description: m.more > 0 ? `${n.text} (${t('notifications.andMore', { count: m.more })})` : n.text,
      icon: <BellOutlined style={{ color: token.colorPrimary }} />,
      duration: TOAST_SECONDS,
      style: { cursor: 'pointer' },
      props: { 'data-testid': 'notification-toast' },
      onClick: () => {
        notification.destroy(key);
        markRead.mutate({ ids: [n.id] });
        void navigate(notificationPath(n));
      },
    });
    if (sound) playNotificationSound();
  });

  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');
  const countBadge = unread > 0 && (
    <span
      data-testid="notification-count"
      style={{
        minWidth: 16,
        height: 16,
        padding: '0 4px',
        borderRadius: 8,
        background: token.colorError,
        color: token.colorTextLightSolid,
        fontSize: token.fontSizeSM,
        lineHeight: '16px',
        textAlign: 'center',
        boxShadow: `0 0 0 1px ${token.colorBgContainer}`,
      }}
    >
      {unread > COUNT_LIMIT ? `${COUNT_LIMIT}+` : unread}
    </span>
  );
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      destroyOnHidden
      content={<NotificationPanel unread={unread} onDone={() => setOpen(false)} />}
    >
      <Button type="text" aria-label={label} title={label} data-testid="notification-bell">
        <Badge count={countBadge} offset={[2, -2]}>
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
