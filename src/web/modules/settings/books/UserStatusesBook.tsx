import { Card, Checkbox, Form, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserCurrentStatusRow, UserStatus } from '../../../../shared/schemas/reference-books.js';
import { dialogFormTail } from '../../../shared/form-layout.js';
import { useFormatDateTime } from '../../../shared/format.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { useSignedInUser } from '../../auth/session.js';
import { BookEntryDialog } from './BookEntryDialog.js';
import { BookEntryName } from './BookEntryName.js';
import { BookSection } from './BookSection.js';
import { useCurrentStatuses } from './books.api.js';

interface Own {
  isTakingClients: boolean;
  isQueuePaused: boolean;
}

function UserStatusDialog({ entry, onClose }: { entry: UserStatus | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <BookEntryDialog<'user-statuses', Own>
      path="user-statuses"
      entry={entry}
      onClose={onClose}
      ownInitial={{
        isTakingClients: entry?.isTakingClients ?? false,
        isQueuePaused: entry?.isQueuePaused ?? false,
      }}
      toBody={(own) => own}
    >
      <Form.Item
        name="isTakingClients"
        valuePropName="checked"
        extra={t('settingsBooks.userStatuses.isTakingClientsHint')}
        {...dialogFormTail}
      >
        <Checkbox disabled={entry?.isSystem}>{t('settingsBooks.userStatuses.isTakingClients')}</Checkbox>
      </Form.Item>
      <Form.Item name="isQueuePaused" valuePropName="checked" {...dialogFormTail}>
        <Checkbox disabled={entry?.isSystem}>{t('settingsBooks.userStatuses.isQueuePaused')}</Checkbox>
      </Form.Item>
    </BookEntryDialog>
  );
}

/** Administrators see who is in which status since when. */
function CurrentStatuses() {
  const { t } = useTranslation();
  const rows = useCurrentStatuses(true);
  const formatTime = useFormatDateTime();
  if (rows.isError) return <QueryErrorAlert error={rows.error} onRetry={() => void rows.refetch()} />;
  return (
    <Card size="small" title={t('settingsBooks.userStatuses.current')}>
      <Table<UserCurrentStatusRow>
        size="small"
        rowKey="userId"
        loading={rows.isPending}
        dataSource={rows.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('settingsBooks.userStatuses.user'),
            key: 'user',
            render: (_, r) => (
              <Typography.Text type={r.isActive ? undefined : 'secondary'}>
                {r.fullName} ({r.login})
              </Typography.Text>
            ),
          },
          {
            title: t('settingsBooks.userStatuses.status'),
            key: 'status',
            render: (_, r) => (r.status ? <BookEntryName entry={r.status} /> : t('common.none')),
          },
          {
            title: t('settingsBooks.userStatuses.since'),
            dataIndex: 'setAt',
            render: (at: string | null) => (at ? formatTime(at) : t('common.none')),
          },
        ]}
      />
    </Card>
  );
}

/** Статусы пользователей and (for administrators) everyone's current status; one's own is set in the header. */
export function UserStatusesBook() {
  const { t } = useTranslation();
  const { isAdmin } = useSignedInUser();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <BookSection
        path="user-statuses"
        columns={[
          {
            title: t('settingsBooks.userStatuses.isTakingClients'),
            dataIndex: 'isTakingClients',
            align: 'center',
            render: (v: boolean) => (v ? '✓' : ''),
          },
          {
            title: t('settingsBooks.userStatuses.isQueuePaused'),
            dataIndex: 'isQueuePaused',
            align: 'center',
            render: (v: boolean) => (v ? '✓' : ''),
          },
        ]}
        renderDialog={(entry, onClose) => <UserStatusDialog entry={entry} onClose={onClose} />}
      />
      {isAdmin && <CurrentStatuses />}
    </Space>
  );
}
