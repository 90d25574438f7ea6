import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/schemas/users.js';
import { useApiError } from '../../http/use-api-error.js';
import { Page } from '../../app/layout/Page.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
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
            <Popconfirm
              title={t('roles.confirmDelete', { name: role.name })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => confirmDelete(role)}
            >
              <Button type="link" size="small" danger>
                {t('common.delete')}
              </Button>
            </Popconfirm>
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
      {roles.isError ? (
        <QueryErrorAlert error={roles.error} onRetry={() => void roles.refetch()} />
      ) : (
        <Table<Role>
          size="small"
          bordered
          rowKey="id"
          loading={roles.isPending}
          dataSource={roles.data}
          columns={columns}
          pagination={false}
          onRow={(role) => ({ onDoubleClick: () => setEditing(role) })}
        />
      )}
      {editing && (
        <RoleFormModal role={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Page>
  );
}
