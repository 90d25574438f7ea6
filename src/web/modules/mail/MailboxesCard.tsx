import { useState } from 'react';
import { Button, Card, Form, Select, Space, Table, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MailboxState } from '../../../shared/schemas/mail.js';
import { FormDialog, useDialogSave } from '../../shared/FormDialog.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useMailboxes, useUpdateMailboxFolders } from './mail.api.js';
import { MailboxStatusTag, SyncMailboxButton } from './MailboxBits.js';

/** Администратор → Почтовые серверы: every user's mailbox, its folders, state and a sync button. */
export function MailboxesCard() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const boxes = useMailboxes();
  const [editing, setEditing] = useState<MailboxState | null>(null);
  return (
    <Card size="small" title={t('mail.mailboxes.title')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('mail.mailboxes.hint')}</Typography.Text>
        {boxes.isError ? (
          <QueryErrorAlert error={boxes.error} onRetry={() => void boxes.refetch()} />
        ) : (
          <Table<MailboxState>
            size="small"
            bordered
            rowKey="id"
            pagination={false}
            loading={boxes.isPending}
            dataSource={boxes.data}
            locale={{ emptyText: t('mail.mailboxes.empty') }}
            columns={[
              { key: 'user', title: t('mail.mailboxes.user'), render: (_, b) => b.user.name },
              { key: 'account', title: t('mail.mailboxes.account'), dataIndex: 'account' },
              {
                key: 'folders',
                title: t('mail.mailboxes.folders'),
                render: (_, b) => (
                  <Space size={4}>
                    {b.folders.join(', ')}
                    <Button
                      type="text"
                      size="small"
                      icon={<EditOutlined />}
                      aria-label={t('mail.mailboxes.editFolders', { account: b.account })}
                      onClick={() => setEditing(b)}
                    />
                  </Space>
                ),
              },
              {
                key: 'status',
                title: t('mail.mailboxes.status'),
                render: (_, b) => <MailboxStatusTag box={b} />,
              },
              {
                key: 'lastSync',
                title: t('mail.mailboxes.lastSync'),
                width: 150,
                render: (_, b) => (b.lastSyncAt ? formatDateTime(b.lastSyncAt) : t('common.never')),
              },
              {
                key: 'messages',
                title: t('mail.mailboxes.messages'),
                dataIndex: 'messageCount',
                align: 'right',
                width: 90,
              },
              {
                key: 'lastError',
                title: t('mail.mailboxes.lastError'),
                render: (_, b) =>
                  b.lastError ? (
                    <Typography.Text type="danger" ellipsis={{ tooltip: true }} style={{ maxWidth: 280 }}>
                      {b.lastError}
                    </Typography.Text>
                  ) : (
                    t('common.none')
                  ),
              },
              {
                key: 'actions',
                title: t('common.actions'),
                width: 1,
                render: (_, b) => <SyncMailboxButton id={b.id} disabled={!b.isEnabled} small />,
              },
            ]}
          />
        )}
      </Space>
      {editing && <FoldersDialog box={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function FoldersDialog({ box, onClose }: { box: MailboxState; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ folders: string[] }>();
  const save = useUpdateMailboxFolders(box.id);
  const dialogSave = useDialogSave(form, onClose);
  return (
    <FormDialog<{ folders: string[] }>
      title={t('mail.mailboxes.editFolders', { account: box.account })}
      form={form}
      name="mailbox-folders"
      initialValues={{ folders: box.folders }}
      onFinish={({ folders }) => save.mutate(folders, dialogSave)}
      saving={save.isPending}
      onClose={onClose}
      width={560}
    >
      <Form.Item
        label={t('mail.mailboxes.folders')}
        name="folders"
        extra={t('mail.mailboxes.foldersHint')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select mode="tags" open={false} tokenSeparators={[',']} suffixIcon={null} />
      </Form.Item>
    </FormDialog>
  );
}
