import { App, Button, Card, Checkbox, Form, Input, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UpdateUserParameters, UserParameters } from '../../../../shared/schemas/user-parameters.js';
import { useApiError } from '../../../http/use-api-error.js';
import { dialogFormLayout, dialogFormTail } from '../../../shared/form-layout.js';
import { clearErrorsOf } from './clear-server-errors.js';
import { useSaveUserParameters } from './parameters.api.js';

const FLAGS = [
  'isPhoneAutostart',
  'isCorporateMail',
  'isTelephonyStatuses',
  'isCallPopup',
  'isNotificationSound',
] as const;

type Values = Required<{ [K in keyof UpdateUserParameters]: NonNullable<UpdateUserParameters[K]> }>;

const toValues = (p: UserParameters): Values => ({
  position: p.position,
  phone: p.phone ?? '',
  sipNumber: p.sipNumber ?? '',
  isPhoneAutostart: p.isPhoneAutostart,
  isCorporateMail: p.isCorporateMail,
  isTelephonyStatuses: p.isTelephonyStatuses,
  isCallPopup: p.isCallPopup,
  isNotificationSound: p.isNotificationSound,
});

/**
 * One user's parameters. Пользователь and Полное имя come from the user account; an empty phone or
 * SIP number clears it. `readOnly` for a user viewing their own.
 */
export function UserParametersForm({
  parameters,
  readOnly = false,
}: {
  parameters: UserParameters;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveUserParameters(parameters.userId);
  const handleError = useApiError();

  const submit = (values: Values) =>
    save.mutate(values, {
      onSuccess: (saved) => {
        form.setFieldsValue(toValues(saved));
        clearErrorsOf(form);
        void message.success(t('common.saved'));
      },
      onError: (e) => handleError(e, form),
    });

  return (
    <Card
      size="small"
      title={parameters.fullName}
      extra={parameters.updatedAt === null && <Tag>{t('settingsParameters.notSetUp')}</Tag>}
    >
      <Form<Values>
        form={form}
        name="user-parameters"
        {...dialogFormLayout}
        initialValues={toValues(parameters)}
        disabled={readOnly}
        onValuesChange={(changed: Partial<Values>) => clearErrorsOf(form, Object.keys(changed))}
        onFinish={submit}
      >
        <Form.Item label={t('settingsParameters.login')} htmlFor="user-parameters-login">
          <Input id="user-parameters-login" value={parameters.login} readOnly variant="filled" />
        </Form.Item>
        <Form.Item label={t('settingsParameters.fullName')} htmlFor="user-parameters-full-name">
          <Input id="user-parameters-full-name" value={parameters.fullName} readOnly variant="filled" />
        </Form.Item>
        <Form.Item
          label={t('settingsParameters.position')}
          name="position"
          extra={
            parameters.employeePosition
              ? t('settingsParameters.positionFromEmployee', { position: parameters.employeePosition })
              : undefined
          }
        >
          <Input maxLength={200} placeholder={parameters.employeePosition ?? undefined} />
        </Form.Item>
        <Form.Item label={t('settingsParameters.phone')} name="phone">
          <Input maxLength={40} placeholder="+380 44 123 45 67" autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('settingsParameters.sipNumber')}
          name="sipNumber"
          extra={t('settingsParameters.sipNumberHint')}
        >
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        {FLAGS.map((flag) => (
          <Form.Item
            key={flag}
            name={flag}
            valuePropName="checked"
            {...dialogFormTail}
            style={{ marginBottom: 4 }}
          >
            <Checkbox>{t(`settingsParameters.${flag}`)}</Checkbox>
          </Form.Item>
        ))}
        {!readOnly && (
          <Form.Item {...dialogFormTail} style={{ marginTop: 16, marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Form.Item>
        )}
      </Form>
    </Card>
  );
}
