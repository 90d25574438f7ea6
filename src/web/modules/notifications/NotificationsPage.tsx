import { Button, Card, Checkbox, Empty, Flex, Spin } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../../app/layout/Page.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { NotificationItem, useOpenNotification } from './NotificationItem.js';
import { useMarkRead, useNotificationList, useUnreadCount } from './notifications.api.js';

const PAGE_SIZE = 50;

/** /notifications: all of the user's notifications (or the unread ones), newest first. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === 'true';
  const list = useNotificationList({ unread: unreadOnly, limit: PAGE_SIZE });
  const unread = useUnreadCount().data?.unread ?? 0;
  const markRead = useMarkRead();
  const handleError = useApiError();
  const open = useOpenNotification();
  const mark = (body: { ids: number[] } | { all: true }) =>
    markRead.mutate(body, { onError: (e) => handleError(e) });

  return (
    <Page
      title={t('notifications.title')}
      extra={
        <>
          <Checkbox
            checked={unreadOnly}
            onChange={(e) => setParams(e.target.checked ? { unread: 'true' } : {}, { replace: true })}
          >
            {t('notifications.onlyUnread')}
          </Checkbox>
          <Button icon={<CheckOutlined />} disabled={unread === 0} onClick={() => mark({ all: true })}>
            {t('notifications.readAll')}
          </Button>
        </>
      }
    >
      {list.isError && <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Card size="small" styles={{ body: { padding: 0 } }} style={{ maxWidth: 960 }}>
        {list.isPending && (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        )}
        {list.isSuccess && list.items.length === 0 && (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}
          />
        )}
        {list.items.length > 0 && (
          <ul style={{ margin: 0, padding: 0 }} aria-label={t('notifications.title')}>
            {list.items.map((n) => (
              <NotificationItem
                key={n.id}
                notification={n}
                onOpen={open}
                extra={
                  !n.readAt && (
                    <Button
                      type="text"
                      size="small"
                      icon={<CheckOutlined />}
                      aria-label={t('notifications.markRead')}
                      title={t('notifications.markRead')}
                      onClick={(e) => {
                        e.stopPropagation();
                        mark({ ids: [n.id] });
                      }}
                      onKeyDown={(e) => e.stopPropagation()}
                    />
                  )
                }
              />
            ))}
          </ul>
        )}
      </Card>
      {list.hasNextPage && (
        <Flex justify="center" style={{ maxWidth: 960 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('notifications.more')}
          </Button>
        </Flex>
      )}
    </Page>
  );
}
