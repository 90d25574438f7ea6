import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Popconfirm, Typography } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useCalendarFeed, useCreateCalendarFeed, useRevokeCalendarFeed } from './events.api.js';

/**
 * «Подписка на календарь»: creates the caller's secret ICS address and shows it once to copy, with
 * how to add it to Outlook and Google; a new address replaces the old one; it can be turned off.
 */
export function CalendarFeedButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const handleError = useApiError();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const feed = useCalendarFeed(open);
  const create = useCreateCalendarFeed();
  const revoke = useRevokeCalendarFeed();

  const generate = () =>
    create.mutate(undefined, { onSuccess: (created) => setUrl(created.url), onError: (e) => handleError(e) });
  const close = () => {
    setOpen(false);
    // The address is shown only once: closing the dialog forgets it.
    setUrl(null);
  };

  return (
    <>
      <Button icon={<LinkOutlined />} onClick={() => setOpen(true)}>
        {t('events.feed.button')}
      </Button>
      <Modal
        open={open}
        title={t('events.feed.title')}
        onCancel={close}
        footer={null}
        width={640}
        destroyOnHidden
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('events.feed.intro')}</Typography.Paragraph>
          {feed.isError && <QueryErrorAlert error={feed.error} onRetry={() => void feed.refetch()} />}
          {url ? (
            <>
              <Typography.Text>{t('events.feed.copyHint')}</Typography.Text>
              <Typography.Paragraph
                copyable={{ text: url }}
                code
                style={{ margin: 0, wordBreak: 'break-all' }}
              >
                {url}
              </Typography.Paragraph>
              <Alert type="warning" showIcon title={t('events.feed.secretWarning')} />
            </>
          ) : (
            feed.data && (
              <Typography.Text type="secondary">
                {feed.data.exists && feed.data.createdAt
                  ? t('events.feed.exists', { date: formatDateTime(feed.data.createdAt) })
                  : t('events.feed.none')}
              </Typography.Text>
            )
          )}
          <Flex gap={8} wrap>
            {feed.data?.exists ? (
              <Popconfirm
                title={t('events.feed.regenerateConfirm')}
                okText={t('events.feed.regenerate')}
                cancelText={t('common.cancel')}
                onConfirm={generate}
              >
                <Button type="primary" loading={create.isPending}>
                  {t('events.feed.regenerate')}
                </Button>
              </Popconfirm>
            ) : (
              <Button type="primary" loading={create.isPending} disabled={!feed.data} onClick={generate}>
                {t('events.feed.create')}
              </Button>
            )}
            {feed.data?.exists && (
              <Popconfirm
                title={t('events.feed.revokeConfirm')}
                okText={t('events.feed.revoke')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  revoke.mutateAsync().then(
                    () => {
                      setUrl(null);
                      void message.success(t('events.feed.revoked'));
                    },
                    (e: unknown) => handleError(e),
                  )
                }
              >
                <Button danger loading={revoke.isPending}>
                  {t('events.feed.revoke')}
                </Button>
              </Popconfirm>
            )}
          </Flex>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('events.feed.outlook')}
            <br />
            {t('events.feed.google')}
          </Typography.Paragraph>
        </Flex>
      </Modal>
    </>
  );
}
