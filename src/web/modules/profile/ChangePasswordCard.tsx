import { App, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../http/client.js';
import { useApiError } from '../../http/use-api-error.js';
import { useChangePassword } from './profile.api.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const handleError = useApiError();

  const onError = (e: unknown) => {
    // The server marks a wrong current password with the field's code only.
    const wrongCurrent =
      e instanceof ApiError &&
      e.fields.some((f) => f.path === 'currentPassword' && f.code === 'invalid_credentials');
    if (wrongCurrent)
      form.setFields([{ name: 'currentPassword', errors: [t('profile.wrongCurrentPassword')] }]);
    else handleError(e, form);
  };
  const submit = ({ currentPassword, newPassword }: Values) =>
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          void message.success(t('profile.passwordChanged'));
          form.resetFields();
        },
        onError,
      },
    );
  const required = { required: true, message: t('common.required') };

  return (
    <Card size="small" title={t('profile.changePassword')}>
      <Form<Values>
        form={form}
        name="change-password"
        layout="vertical"
        onFinish={submit}
        style={{ maxWidth: 360 }}
      >
        <Form.Item label={t('profile.currentPassword')} name="currentPassword" rules={[required]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label={t('profile.newPassword')} name="newPassword" rules={[required]}>
          <Input.Password maxLength={256} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('profile.confirmPassword')}
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            required,
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('profile.passwordsDiffer'))),
            }),
          ]}
        >
          <Input.Password maxLength={256} autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('profile.change')}
        </Button>
      </Form>
    </Card>
  );
}
