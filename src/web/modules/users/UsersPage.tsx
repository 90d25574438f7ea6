import { useState } from 'react';
import { Button, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/schemas/users.js';
import { Page } from '../../app/layout/Page.js';
import { ActiveTag } from '../../shared/ActiveTag.js';
import { useFormatDateTime } from '../../shared/format.js';
import { RecordTable } from '../../shared/RecordTable.js';
import { SetPasswordModal } from './SetPasswordModal.js';
import { UserFormModal } from './UserFormModal.js';
import { useUsers } from './users.api.js';

/** Администратор → Пользователи. */
export function UsersPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const users = useUsers();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [settingPassword, setSettingPassword] = useState<User | null>(null);

  const columns: TableColumnsType<User> = [
    { title: t('users.login'), dataIndex: 'login', sorter: (a, b) => a.login.localeCompare(b.login) },
    {
      title: t('users.fullName'),
      dataIndex: 'fullName',
      sorter: (a, b) => a.fullName.localeCompare(b.fullName),
    },
    {
      title: t('users.employee'),
      dataIndex: 'employee',
      render: (employee: User['employee']) =>
        employee ? (
          employee.fullName
        ) : (
          <Typography.Text type="secondary">{t('users.noEmployee')}</Typography.Text>
        ),
    },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (roles: User['roles']) => roles.map((r) => <Tag key={r.id}>{r.name}</Tag>),
    },
    {
      title: t('users.isActive'),
      dataIndex: 'isActive',
      render: (active: boolean) => <ActiveTag active={active} />,
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (at: string | null) => (at ? formatDateTime(at) : t('common.never')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(user)}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setSettingPassword(user)}>
            {t('users.setPassword')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('users.add')}
        </Button>
      }
    >
      <RecordTable<User> query={users} columns={columns} onOpen={setEditing} />
      {editing && (
        <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {settingPassword && (
        <SetPasswordModal user={settingPassword} onClose={() => setSettingPassword(null)} />
      )}
    </Page>
  );
}
