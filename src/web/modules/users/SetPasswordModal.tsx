import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/schemas/users.js';
import { useSetUserPassword } from './users.api.js';
import { FormDialog, useDialogSave } from '../../shared/FormDialog.js';

interface Values {
  password: string;
  confirm: string;
}

export function SetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const setPassword = useSetUserPassword(user.id);
  const dialogSave = useDialogSave(form, onClose, t('users.passwordChanged'));

  const submit = (values: Values) => setPassword.mutate(values.password, dialogSave);

  return (
    <FormDialog<Values>
      title={t('users.setPasswordTitle', { login: user.login })}
      form={form}
      name="user-password"
      onFinish={submit}
      saving={setPassword.isPending}
      onClose={onClose}
    >
      <Alert type="info" showIcon title={t('users.setPasswordHint')} style={{ marginBottom: 12 }} />
      <Form.Item
        label={t('users.newPassword')}
        name="password"
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input.Password maxLength={256} autoComplete="new-password" autoFocus />
      </Form.Item>
      <Form.Item
        label={t('users.confirmPassword')}
        name="confirm"
        dependencies={['password']}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('password') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('users.passwordsDiffer'))),
          }),
        ]}
      >
        <Input.Password maxLength={256} autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}
