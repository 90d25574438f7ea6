import { useState } from 'react';
import { App, Button, Space, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Employee } from '../../../shared/schemas/employees.js';
import { useApiError } from '../../http/use-api-error.js';
import { Page } from '../../app/layout/Page.js';
import { ActiveTag } from '../../shared/ActiveTag.js';
import { DeleteButton } from '../../shared/DeleteButton.js';
import { RecordTable } from '../../shared/RecordTable.js';
import { useDeleteEmployee, useEmployees } from './employees.api.js';
import { EmployeeFormModal } from './EmployeeFormModal.js';

/** Общие справочники → Список работников. */
export function EmployeesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const employees = useEmployees();
  const remove = useDeleteEmployee();
  const handleError = useApiError();
  const [editing, setEditing] = useState<Employee | 'new' | null>(null);

  const confirmDelete = (e: Employee) =>
    remove.mutateAsync(e.id).then(() => void message.success(t('common.deleted')), handleError);

  const columns: TableColumnsType<Employee> = [
    {
      title: t('employees.fullName'),
      dataIndex: 'fullName',
      sorter: (a, b) => a.fullName.localeCompare(b.fullName),
    },
    { title: t('employees.position'), dataIndex: 'position' },
    { title: t('employees.department'), dataIndex: 'department' },
    {
      title: t('employees.email'),
      dataIndex: 'email',
      render: (email: string | null) => email ?? t('common.none'),
    },
    { title: t('employees.phones'), dataIndex: 'phones', render: (phones: string[]) => phones.join(', ') },
    {
      title: t('employees.mailboxPasswordShort'),
      dataIndex: 'hasMailboxPassword',
      render: (set: boolean) => (
        <Tag color={set ? 'green' : undefined} data-testid="mailbox-password">
          {set ? t('employees.passwordSet') : t('employees.passwordNotSet')}
        </Tag>
      ),
    },
    {
      title: t('employees.users'),
      dataIndex: 'users',
      render: (users: Employee['users']) => users.map((u) => <Tag key={u.id}>{u.login}</Tag>),
    },
    {
      title: t('employees.isActive'),
      dataIndex: 'isActive',
      render: (active: boolean) => <ActiveTag active={active} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, e) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(e)}>
            {t('common.edit')}
          </Button>
          <DeleteButton
            confirm={t('employees.confirmDelete', { name: e.fullName })}
            onConfirm={() => confirmDelete(e)}
          />
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={t('employees.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('employees.add')}
        </Button>
      }
    >
      <RecordTable<Employee> query={employees} columns={columns} onOpen={setEditing} />
      {editing && (
        <EmployeeFormModal employee={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Page>
  );
}
