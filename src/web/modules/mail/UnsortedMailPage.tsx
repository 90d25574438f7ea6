import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MailListItem } from '../../../shared/schemas/mail.js';
import { Page } from '../../app/layout/Page.js';
import { useApiError } from '../../http/use-api-error.js';
import { useCan } from '../access/access.api.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { addressShort, addressText } from './mail-format.js';
import { useDismissUnsorted, useUnsorted } from './mail.api.js';
import { MailViewDrawer } from './MailViewDrawer.js';
import { MoreLettersButton } from './MailBits.js';
import { CreateClientFromUnsortedDialog, LinkUnsortedDialog } from './UnsortedDialogs.js';

type Action = { kind: 'link' | 'create'; letter: MailListItem };

/** «Неразобранные»: letters from senders who are nobody in the card file, to sort out by hand. */
export function UnsortedMailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const handleError = useApiError();
  const letters = useUnsorted();
  const dismiss = useDismissUnsorted();
  // Sorting a letter out changes its event.
  const canSort = useCan('events', 'edit');
  const [openId, setOpenId] = useState<number | null>(null);
  const [action, setAction] = useState<Action | null>(null);

  return (
    <Page title={t('mail.unsorted.title')}>
      <Typography.Text type="secondary">{t('mail.unsorted.hint')}</Typography.Text>
      {letters.isError ? (
        <QueryErrorAlert error={letters.error} onRetry={() => void letters.refetch()} />
      ) : (
        <Table<MailListItem>
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          loading={letters.isPending}
          dataSource={letters.items}
          locale={{ emptyText: t('mail.unsorted.empty') }}
          columns={[
            {
              key: 'date',
              title: t('mail.columns.date'),
              width: 150,
              render: (_, m) => formatDateTime(m.sentAt),
            },
            {
              key: 'from',
              title: t('mail.unsorted.from'),
              width: 280,
              render: (_, m) => (
                <Flex vertical>
                  <span>{addressShort(m.from)}</span>
                  {m.from.name && <Typography.Text type="secondary">{m.from.address}</Typography.Text>}
                </Flex>
              ),
            },
            {
              key: 'subject',
              title: t('mail.columns.subject'),
              render: (_, m) => (
                <Flex vertical>
                  <Space size={4}>
                    <Typography.Link onClick={() => setOpenId(m.id)}>
                      {m.subject || t('mail.noSubject')}
                    </Typography.Link>
                    {m.attachmentCount > 0 && (
                      <Tooltip title={t('mail.attachmentCount', { count: m.attachmentCount })}>
                        <PaperClipOutlined />
                      </Tooltip>
                    )}
                  </Space>
                  {m.snippet && (
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 480 }}>
                      {m.snippet}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            {
              key: 'to',
              title: t('mail.view.to'),
              render: (_, m) => (
                <Typography.Text ellipsis={{ tooltip: true }} style={{ maxWidth: 220 }}>
                  {m.to.map(addressText).join(', ')}
                </Typography.Text>
              ),
            },
            ...(canSort
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    width: 1,
                    render: (_: unknown, m: MailListItem) => (
                      <Space size={0}>
                        <Button
                          type="link"
                          size="small"
                          onClick={() => setAction({ kind: 'link', letter: m })}
                        >
                          {t('mail.unsorted.link')}
                        </Button>
                        <Button
                          type="link"
                          size="small"
                          onClick={() => setAction({ kind: 'create', letter: m })}
                        >
                          {t('mail.unsorted.createClient')}
                        </Button>
                        <Popconfirm
                          title={t('mail.unsorted.dismissConfirm')}
                          okText={t('mail.unsorted.dismiss')}
                          cancelText={t('common.cancel')}
                          onConfirm={() =>
                            dismiss
                              .mutateAsync(m.id)
                              .then(() => void message.success(t('mail.unsorted.dismissed')), handleError)
                          }
                        >
                          <Button type="link" size="small" danger>
                            {t('mail.unsorted.dismiss')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <MoreLettersButton letters={letters} />
      {action?.kind === 'link' && (
        <LinkUnsortedDialog letter={action.letter} onClose={() => setAction(null)} />
      )}
      {action?.kind === 'create' && (
        <CreateClientFromUnsortedDialog letter={action.letter} onClose={() => setAction(null)} />
      )}
      <MailViewDrawer id={openId} onClose={() => setOpenId(null)} />
    </Page>
  );
}
