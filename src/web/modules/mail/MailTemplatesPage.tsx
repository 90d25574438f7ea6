import { useState } from 'react';
import { Alert, App, Button, Space, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MailTemplate } from '../../../shared/schemas/mail.js';
import { Page } from '../../app/layout/Page.js';
import { useApiError } from '../../http/use-api-error.js';
import { ActiveTag } from '../../shared/ActiveTag.js';
import { DeleteButton } from '../../shared/DeleteButton.js';
import { RecordTable } from '../../shared/RecordTable.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useMyAccess } from '../access/access.api.js';
import { useDeleteTemplate, useMailTemplates } from './mail.api.js';
import { MailTemplateFormModal } from './MailTemplateFormModal.js';

/** Шаблоны писем: everyone sees them (they are picked when writing); the mail settings area edits them. */
export function MailTemplatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const handleError = useApiError();
  const templates = useMailTemplates();
  const remove = useDeleteTemplate();
  const access = useMyAccess();
  const canWrite = !!access.data && (access.data.isAdmin || access.data.areas.mail === 'write');
  const [editing, setEditing] = useState<MailTemplate | 'new' | null>(null);

  const columns: TableColumnsType<MailTemplate> = [
    {
      title: t('mail.templates.name'),
      dataIndex: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name),
    },
    { title: t('mail.templates.subject'), dataIndex: 'subject' },
    {
      title: t('mail.templates.isActive'),
      dataIndex: 'isActive',
      width: 120,
      render: (active: boolean) => <ActiveTag active={active} />,
    },
    {
      title: t('mail.templates.updatedAt'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (at: string) => formatDateTime(at),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 1,
            render: (_: unknown, tpl: MailTemplate) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(tpl)}>
                  {t('common.edit')}
                </Button>
                <DeleteButton
                  confirm={t('mail.templates.confirmDelete', { name: tpl.name })}
                  onConfirm={() =>
                    remove
                      .mutateAsync(tpl.id)
                      .then(() => void message.success(t('common.deleted')), handleError)
                  }
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page
      title={t('mail.templates.title')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('mail.templates.add')}
          </Button>
        )
      }
    >
      {access.data && !canWrite && <Alert type="info" showIcon title={t('mail.templates.readOnly')} />}
      <RecordTable<MailTemplate>
        query={templates}
        columns={columns}
        onOpen={(tpl) => canWrite && setEditing(tpl)}
      />
      {editing && (
        <MailTemplateFormModal
          template={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Page>
  );
}
