import { Checkbox, Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreateEmployee, Employee, UpdateEmployee } from '../../../shared/schemas/employees.js';
import { dialogFormTail } from '../../shared/form-layout.js';
import { useSaveEmployee } from './employees.api.js';
import { FormDialog, useDialogSave } from '../../shared/FormDialog.js';
import { EmployeeMailboxes } from '../mail/EmployeeMailboxes.js';

interface Values {
  fullName: string;
  position: string;
  department: string;
  email: string;
  phones: string[];
  mailboxPassword: string;
  clearMailboxPassword: boolean;
  isActive: boolean;
}

/** The mailbox password is write-only: left empty it is not sent (the stored one stays), cleared it is null. */
function toRequest({
  clearMailboxPassword,
  mailboxPassword,
  ...rest
}: Values): CreateEmployee | UpdateEmployee {
  const password = clearMailboxPassword ? null : mailboxPassword || undefined;
  return {
    ...rest,
    email: rest.email.trim() || null,
    ...(password !== undefined && { mailboxPassword: password }),
  };
}

/** Creates an employee (`employee` null) or edits one. */
export function EmployeeFormModal({ employee, onClose }: { employee: Employee | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveEmployee(employee?.id ?? null);
  const dialogSave = useDialogSave(form, onClose);
  const clearing = Form.useWatch('clearMailboxPassword', form);

  const initialValues: Values = {
    fullName: employee?.fullName ?? '',
    position: employee?.position ?? '',
    department: employee?.department ?? '',
    email: employee?.email ?? '',
    phones: employee?.phones ?? [],
    mailboxPassword: '',
    clearMailboxPassword: false,
    isActive: employee?.isActive ?? true,
  };
  const submit = (values: Values) => save.mutate(toRequest(values), dialogSave);

  return (
    <FormDialog<Values>
      title={employee ? t('employees.edit', { name: employee.fullName }) : t('employees.add')}
      form={form}
      name="employee"
      initialValues={initialValues}
      onFinish={submit}
      saving={save.isPending}
      onClose={onClose}
      width={600}
    >
      <Form.Item
        label={t('employees.fullName')}
        name="fullName"
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item label={t('employees.position')} name="position">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('employees.department')} name="department">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('employees.email')} name="email">
        <Input inputMode="email" maxLength={254} autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('employees.phones')} name="phones" extra={t('employees.phonesHint')}>
        <Select mode="tags" open={false} tokenSeparators={[',', ';']} suffixIcon={null} />
      </Form.Item>
      <Form.Item
        label={t('employees.mailboxPassword')}
        name="mailboxPassword"
        extra={employee ? t('employees.mailboxPasswordKeep') : undefined}
      >
        <Input.Password maxLength={1024} autoComplete="new-password" disabled={clearing} />
      </Form.Item>
      {employee?.hasMailboxPassword && (
        <Form.Item name="clearMailboxPassword" valuePropName="checked" {...dialogFormTail}>
          <Checkbox>{t('employees.clearMailboxPassword')}</Checkbox>
        </Form.Item>
      )}
      <Form.Item label={t('employees.isActive')} name="isActive" valuePropName="checked">
        <Switch />
      </Form.Item>
      {employee && <EmployeeMailboxes employeeId={employee.id} />}
    </FormDialog>
  );
}
