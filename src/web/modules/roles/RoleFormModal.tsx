import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/schemas/users.js';
import { useSaveRole, type CreateRole } from './roles.api.js';
import { FormDialog, useDialogSave } from '../../shared/FormDialog.js';

type Values = Required<CreateRole>;

/** Creates a role (`role` null) or edits one; a system role keeps its code. */
export function RoleFormModal({ role, onClose }: { role: Role | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveRole(role?.id ?? null);
  const dialogSave = useDialogSave(form, onClose);

  const initialValues: Values = {
    code: role?.code ?? '',
    name: role?.name ?? '',
    description: role?.description ?? '',
  };
  const submit = ({ code, ...rest }: Values) =>
    save.mutate(role?.isSystem ? rest : { code, ...rest }, dialogSave);
  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <FormDialog<Values>
      title={role ? t('roles.edit', { name: role.name }) : t('roles.add')}
      form={form}
      name="role"
      initialValues={initialValues}
      onFinish={submit}
      saving={save.isPending}
      onClose={onClose}
    >
      {role?.isSystem && (
        <Alert type="info" showIcon title={t('roles.systemHint')} style={{ marginBottom: 12 }} />
      )}
      <Form.Item label={t('roles.code')} name="code" rules={[required]}>
        <Input maxLength={64} disabled={role?.isSystem} autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('roles.name')} name="name" rules={[required]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('roles.description')} name="description">
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </FormDialog>
  );
}
