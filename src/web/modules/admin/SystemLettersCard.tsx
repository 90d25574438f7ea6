import { useState } from 'react';
import { App, Button, Card, Flex, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SYSTEM_LETTER_STATUSES, type SystemLetterItem } from '../../../shared/schemas/system-letters.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useRetrySystemLetter, useSystemLetters, type SystemLetterStatus } from './system-mail.api.js';

const COLORS: Record<SystemLetterStatus, string> = {
  queued: 'gold',
  sending: 'processing',
  sent: 'green',
  failed: 'red',
};

/** Администратор → Рассылка: «Системные письма», the system sender's queue, failed ones retried here. */
export function SystemLettersCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const handleError = useApiError();
  const [status, setStatus] = useState<SystemLetterStatus | null>(null);
  const letters = useSystemLetters(status);
  const retry = useRetrySystemLetter();
  const none = t('common.none');
  const at = (iso: string | null) => (iso ? formatDateTime(iso) : none);

  const columns: TableColumnsType<SystemLetterItem> = [
    {
      title: t('systemMail.letters.createdAt'),
      key: 'createdAt',
      width: 130,
      render: (_, l) => at(l.createdAt),
    },
    { title: t('systemMail.letters.to'), dataIndex: 'toAddress' },
    { title: t('systemMail.letters.subject'), dataIndex: 'subject' },
    {
      title: t('systemMail.letters.status'),
      key: 'status',
      render: (_, l) => (
        <Tag color={COLORS[l.status]} data-testid="system-letter-status">
          {t(`systemMail.letters.statuses.${l.status}`)}
        </Tag>
      ),
    },
    { title: t('systemMail.letters.attempts'), dataIndex: 'attempts', align: 'right', width: 1 },
    {
      title: t('systemMail.letters.nextAttempt'),
      key: 'nextAttempt',
      width: 130,
      render: (_, l) => (l.status === 'sent' ? at(l.sentAt) : at(l.nextAttemptAt)),
    },
    {
      title: t('systemMail.letters.error'),
      key: 'error',
      render: (_, l) =>
        l.lastError ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: l.lastError }} style={{ maxWidth: 260 }}>
            {l.lastError}
          </Typography.Text>
        ) : (
          none
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, l) =>
        l.status === 'failed' && (
          <Button
            type="link"
            size="small"
            loading={retry.isPending && retry.variables === l.id}
            onClick={() =>
              retry.mutate(l.id, {
                onSuccess: () => void message.success(t('systemMail.letters.retried')),
                onError: (e) => handleError(e),
              })
            }
          >
            {t('systemMail.letters.retry')}
          </Button>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('systemMail.letters.title')}
      extra={
        letters.counts && (
          <Typography.Text type="secondary" data-testid="system-letter-counts">
            {t('systemMail.letters.counts', letters.counts)}
          </Typography.Text>
        )
      }
    >
      <Flex vertical gap={8}>
        <Flex gap={8}>
          <Select<SystemLetterStatus | 'all'>
            aria-label={t('systemMail.letters.status')}
            value={status ?? 'all'}
            onChange={(v) => setStatus(v === 'all' ? null : v)}
            options={[
              { value: 'all', label: t('systemMail.letters.allStatuses') },
              ...SYSTEM_LETTER_STATUSES.map((s) => ({
                value: s,
                label: t(`systemMail.letters.statuses.${s}`),
              })),
            ]}
            style={{ width: 200 }}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void letters.refetch()}
            loading={letters.isRefetching}
          >
            {t('systemMail.letters.refresh')}
          </Button>
        </Flex>
        {letters.isError ? (
          <QueryErrorAlert error={letters.error} onRetry={() => void letters.refetch()} />
        ) : (
          <Table<SystemLetterItem>
            size="small"
            bordered
            rowKey="id"
            loading={letters.isPending}
            dataSource={letters.items}
            columns={columns}
            pagination={false}
            locale={{ emptyText: t('systemMail.letters.empty') }}
          />
        )}
        {letters.hasNextPage && (
          <Flex justify="center">
            <Button onClick={() => void letters.fetchNextPage()} loading={letters.isFetchingNextPage}>
              {t('systemMail.letters.more')}
            </Button>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
