import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/schemas/users.js';
import { useApiError } from '../../http/use-api-error.js';
import { dialogFormLayout } from '../../shared/form-layout.js';
import { useSetUserPassword } from './users.api.js';

interface Values {
  password: string;
  confirm: string;
}

export function SetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const setPassword = useSetUserPassword(user.id);
  const handleError = useApiError();

  const submit = (values: Values) =>
    setPassword.mutate(values.password, {
      onSuccess: () => {
        void message.success(t('users.passwordChanged'));
        onClose();
      },
      onError: (e) => handleError(e, form),
    });

  return (
    <Modal
      open
      title={t('users.setPasswordTitle', { login: user.login })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: setPassword.isPending }}
      onCancel={onClose}
      modalRender={(dom) => (
        <Form<Values> form={form} name="user-password" {...dialogFormLayout} onFinish={submit}>
          {dom}
        </Form>
      )}
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
    </Modal>
  );
}
