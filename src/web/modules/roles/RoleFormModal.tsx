import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/schemas/users.js';
import { useApiError } from '../../http/use-api-error.js';
import { dialogFormLayout } from '../../shared/form-layout.js';
import { useSaveRole, type CreateRole } from './roles.api.js';

type Values = Required<CreateRole>;

/** Creates a role (`role` null) or edits one; a system role keeps its code. */
export function RoleFormModal({ role, onClose }: { role: Role | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveRole(role?.id ?? null);
  const handleError = useApiError();

  const initialValues: Values = {
    code: role?.code ?? '',
    name: role?.name ?? '',
    description: role?.description ?? '',
  };
  const submit = ({ code, ...rest }: Values) =>
    save.mutate(role?.isSystem ? rest : { code, ...rest }, {
      onSuccess: () => {
        void message.success(t('common.saved'));
        onClose();
      },
      onError: (e) => handleError(e, form),
    });
  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <Modal
      open
      title={role ? t('roles.edit', { name: role.name }) : t('roles.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: save.isPending }}
      onCancel={onClose}
      modalRender={(dom) => (
        <Form<Values>
          form={form}
          name="role"
          {...dialogFormLayout}
          initialValues={initialValues}
          onFinish={submit}
        >
          {dom}
        </Form>
      )}
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
    </Modal>
  );
}
