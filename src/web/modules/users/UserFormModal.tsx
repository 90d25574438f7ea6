import { Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../../shared/locale.js';
import type { CreateUser, UpdateUser, User } from '../../../shared/schemas/users.js';
import { LANGUAGES } from '../../app/i18n/languages.js';
import { useEmployees } from '../employees/employees.api.js';
import { useRoles } from '../roles/roles.api.js';
import { useSaveUser } from './users.api.js';
import { FormDialog, useDialogSave } from '../../shared/FormDialog.js';

interface Values {
  login: string;
  fullName: string;
  password?: string;
  employeeId?: number;
  roleIds: number[];
  locale: Locale;
  isActive: boolean;
}

/** A new user without roles is sent without the field: the server then gives the default role «Сотрудник». */
const toRequest = ({ employeeId, roleIds, ...rest }: Values, isNew: boolean): CreateUser | UpdateUser => ({
  ...rest,
  employeeId: employeeId ?? null,
  ...((!isNew || roleIds.length > 0) && { roleIds }),
});

/** Creates a user (`user` null; with a password) or edits one. */
export function UserFormModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveUser(user?.id ?? null);
  const dialogSave = useDialogSave(form, onClose);
  const employees = useEmployees();
  const roles = useRoles();

  // Inactive employees cannot be chosen anew, but the one linked already stays visible.
  const employeeOptions = (employees.data ?? [])
    .filter((e) => e.isActive || e.id === user?.employee?.id)
    .map((e) => ({ value: e.id, label: e.position ? `${e.fullName} (${e.position})` : e.fullName }));
  const roleOptions = (roles.data ?? []).map((r) => ({ value: r.id, label: r.name }));

  const initialValues: Values = {
    login: user?.login ?? '',
    fullName: user?.fullName ?? '',
    employeeId: user?.employee?.id,
    roleIds: user?.roles.map((r) => r.id) ?? [],
    locale: user?.locale ?? 'ru',
    isActive: user?.isActive ?? true,
  };
  const submit = (values: Values) => save.mutate(toRequest(values, !user), dialogSave);
  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <FormDialog<Values>
      title={user ? t('users.edit', { login: user.login }) : t('users.add')}
      form={form}
      name="user"
      initialValues={initialValues}
      onFinish={submit}
      saving={save.isPending}
      onClose={onClose}
      width={600}
    >
      <Form.Item label={t('users.login')} name="login" rules={[required]}>
        <Input maxLength={64} autoComplete="off" autoFocus />
      </Form.Item>
      <Form.Item label={t('users.fullName')} name="fullName" rules={[required]}>
        <Input maxLength={200} />
      </Form.Item>
      {!user && (
        <Form.Item label={t('users.password')} name="password" rules={[required]}>
          <Input.Password maxLength={256} autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item label={t('users.employee')} name="employeeId" extra={t('users.employeeHint')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          placeholder={t('users.noEmployee')}
          loading={employees.isPending}
          options={employeeOptions}
        />
      </Form.Item>
      <Form.Item label={t('users.roles')} name="roleIds" extra={user ? undefined : t('users.rolesDefault')}>
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          loading={roles.isPending}
          options={roleOptions}
        />
      </Form.Item>
      <Form.Item label={t('users.locale')} name="locale">
        <Select options={LOCALES.map((l) => ({ value: l, label: LANGUAGES[l].name }))} />
      </Form.Item>
      <Form.Item label={t('users.isActive')} name="isActive" valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}
