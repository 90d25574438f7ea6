import { useState } from 'react';
import { App, Button, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/schemas/users.js';
import { useApiError } from '../../http/use-api-error.js';
import { Page } from '../../app/layout/Page.js';
import { DeleteButton } from '../../shared/DeleteButton.js';
import { RecordTable } from '../../shared/RecordTable.js';
import { RoleFormModal } from './RoleFormModal.js';
import { useDeleteRole, useRoles } from './roles.api.js';

/** Администратор → Роли. System roles are bold and cannot be deleted. */
export function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const roles = useRoles();
  const remove = useDeleteRole();
  const handleError = useApiError();
  const [editing, setEditing] = useState<Role | 'new' | null>(null);

  const confirmDelete = (role: Role) =>
    remove.mutateAsync(role.id).then(() => void message.success(t('common.deleted')), handleError);

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      dataIndex: 'name',
      render: (name: string, role) => (
        <Space size={4}>
          <Typography.Text strong={role.isSystem}>{name}</Typography.Text>
          {role.isSystem && <Tag color="blue">{t('roles.system')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('roles.code'),
      dataIndex: 'code',
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    { title: t('roles.description'), dataIndex: 'description' },
    { title: t('roles.userCount'), dataIndex: 'userCount', align: 'right', width: 1 },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, role) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(role)}>
            {t('common.edit')}
          </Button>
          {!role.isSystem && (
            <DeleteButton
              confirm={t('roles.confirmDelete', { name: role.name })}
              onConfirm={() => confirmDelete(role)}
            />
          )}
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={t('roles.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('roles.add')}
        </Button>
      }
    >
      <RecordTable<Role> query={roles} columns={columns} onOpen={setEditing} paged={false} />
      {editing && (
        <RoleFormModal role={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Page>
  );
}
