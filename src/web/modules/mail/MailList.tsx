import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Flex, Space, Table, Tooltip, Typography } from 'antd';
import { PaperClipOutlined, RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MailListItem } from '../../../shared/schemas/mail.js';
import { useApiError } from '../../http/use-api-error.js';
import { useCan } from '../access/access.api.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { addressShort, addressText } from './mail-format.js';
import { useMailList, useRetryMail, type MailSource } from './mail.api.js';
import { MailDirectionIcon, MailStatusTag, MoreLettersButton } from './MailBits.js';
import { MailViewDrawer } from './MailViewDrawer.js';

/**
 * «Письма» of a card: the letters of a client, project, task or event, newest first. A click
 * opens the letter; a letter on its way keeps the list refreshing until it is sent or failed.
 */
export function MailList({ source, showEvent = true }: { source: MailSource; showEvent?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const handleError = useApiError();
  const letters = useMailList(source);
  const retry = useRetryMail();
  const canRetry = useCan('events', 'edit');
  const [openId, setOpenId] = useState<number | null>(null);

  if (letters.isError)
    return <QueryErrorAlert error={letters.error} onRetry={() => void letters.refetch()} />;

  const correspondent = (m: MailListItem) =>
    m.direction === 'in' ? (
      <Tooltip title={addressText(m.from)}>{addressShort(m.from)}</Tooltip>
    ) : (
      <Tooltip title={m.to.map(addressText).join(', ')}>
        {t('mail.toList', { list: m.to.map(addressShort).join(', ') })}
      </Tooltip>
    );

  return (
    <Flex vertical gap={8}>
      <Flex justify="flex-end">
        <Button
          icon={<ReloadOutlined />}
          loading={letters.isRefetching && !letters.isFetchingNextPage}
          onClick={() => void letters.refetch()}
        >
          {t('mail.refresh')}
        </Button>
      </Flex>
      <Table<MailListItem>
        size="small"
        bordered
        rowKey="id"
        pagination={false}
        loading={letters.isPending}
        dataSource={letters.items}
        locale={{ emptyText: t('mail.empty') }}
        onRow={(m) => ({ onClick: () => setOpenId(m.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            key: 'direction',
            title: '',
            width: 36,
            align: 'center',
            render: (_, m) => <MailDirectionIcon direction={m.direction} />,
          },
          {
            key: 'correspondent',
            title: t('mail.columns.correspondent'),
            width: 220,
            ellipsis: true,
            render: (_, m) => correspondent(m),
          },
          {
            key: 'subject',
            title: t('mail.columns.subject'),
            render: (_, m) => (
              <Flex vertical>
                <Space size={4}>
                  <Typography.Link>{m.subject || t('mail.noSubject')}</Typography.Link>
                  {m.attachmentCount > 0 && (
                    <Tooltip title={t('mail.attachmentCount', { count: m.attachmentCount })}>
                      <PaperClipOutlined
                        aria-label={t('mail.attachmentCount', { count: m.attachmentCount })}
                      />
                    </Tooltip>
                  )}
                </Space>
                {m.snippet && (
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 520 }}>
                    {m.snippet}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          ...(showEvent
            ? [
                {
                  key: 'event',
                  title: t('mail.columns.event'),
                  width: 130,
                  render: (_: unknown, m: MailListItem) =>
                    m.event && (
                      <Link
                        to={`/events/${m.event.id}`}
                        data-testid="mail-event-link"
                        onClick={(e) => e.stopPropagation()}
                      >
                        {m.event.number}
                      </Link>
                    ),
                },
              ]
            : []),
          {
            key: 'date',
            title: t('mail.columns.date'),
            width: 150,
            render: (_, m) => formatDateTime(m.sentAt),
          },
          {
            key: 'status',
            title: t('mail.columns.status'),
            width: 170,
            render: (_, m) => (
              <Space size={4}>
                <MailStatusTag letter={m} />
                {m.status === 'failed' && canRetry && (
                  <Tooltip title={t('mail.retry')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<RedoOutlined />}
                      aria-label={t('mail.retry')}
                      loading={retry.isPending && retry.variables === m.id}
                      onClick={(e) => {
                        e.stopPropagation();
                        retry.mutate(m.id, {
                          onSuccess: () => void message.success(t('mail.retried')),
                          onError: (err) => handleError(err),
                        });
                      }}
                    />
                  </Tooltip>
                )}
              </Space>
            ),
          },
        ]}
      />
      <MoreLettersButton letters={letters} />
      <MailViewDrawer id={openId} onClose={() => setOpenId(null)} />
    </Flex>
  );
}
