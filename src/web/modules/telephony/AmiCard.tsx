import {
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  TelephonySettings,
  UpdateTelephonySettings,
} from '../../../shared/schemas/telephony-settings.js';
import { useApiError } from '../../http/use-api-error.js';
import { clearErrorsOf } from '../settings/parameters/clear-server-errors.js';
import { useSaveTelephonySettings } from '../settings/parameters/parameters.api.js';

type AmiValues = Pick<
  TelephonySettings,
  | 'isAmiEnabled'
  | 'amiHost'
  | 'amiPort'
  | 'amiUser'
  | 'amiChannelTemplate'
  | 'amiContext'
  | 'amiQueue'
  | 'amiQueueInterfaceTemplate'
> & { amiSecret: string; clearSecret: boolean };

const toValues = (s: TelephonySettings): AmiValues => ({
  isAmiEnabled: s.isAmiEnabled,
  amiHost: s.amiHost,
  amiPort: s.amiPort,
  amiUser: s.amiUser,
  amiSecret: '',
  clearSecret: false,
  amiChannelTemplate: s.amiChannelTemplate,
  amiQueueInterfaceTemplate: s.amiQueueInterfaceTemplate,
  amiContext: s.amiContext,
  amiQueue: s.amiQueue,
});

/** The secret is write-only: empty keeps the saved one, the checkbox clears it. */
function bodyOf({ amiSecret, clearSecret, ...rest }: AmiValues): UpdateTelephonySettings {
  if (clearSecret) return { ...rest, amiSecret: '' };
  return amiSecret ? { ...rest, amiSecret } : rest;
}

const STATE_BADGES = {
  off: 'default',
  connecting: 'processing',
  connected: 'success',
  error: 'error',
} as const;

/** Настройка → Параметры → Настройки: the Asterisk Manager Interface connection and its state. */
export function AmiCard({ settings }: { settings: TelephonySettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AmiValues>();
  const save = useSaveTelephonySettings();
  const handleError = useApiError();
  const clearSecret = Form.useWatch('clearSecret', form);

  return (
    <Card
      size="small"
      title={t('telephony.ami.title')}
      extra={
        <Badge
          data-testid="ami-state"
          status={STATE_BADGES[settings.amiState]}
          text={`${t('telephony.ami.state')}: ${t(`telephony.ami.states.${settings.amiState}`)}`}
        />
      }
    >
      <Form<AmiValues>
        form={form}
        name="telephony-ami"
        layout="vertical"
        initialValues={toValues(settings)}
        onValuesChange={(changed: Partial<AmiValues>) =>
          clearErrorsOf(
            form,
            Object.keys(changed).filter((k) => k !== 'clearSecret'),
          )
        }
        onFinish={(values) =>
          save.mutate(bodyOf(values), {
            onSuccess: (saved) => {
              form.setFieldsValue(toValues(saved));
              clearErrorsOf(form);
              void message.success(t('common.saved'));
            },
            onError: (e) => handleError(e, form),
          })
        }
      >
        <Flex vertical gap={8} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('telephony.ami.hint')}</Typography.Text>
          {settings.amiState === 'error' && settings.amiError && (
            <Typography.Text type="danger" data-testid="ami-error">
              {settings.amiError}
            </Typography.Text>
          )}
        </Flex>
        <Form.Item name="isAmiEnabled" valuePropName="checked">
          <Checkbox>{t('telephony.ami.enabled')}</Checkbox>
        </Form.Item>
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item label={t('telephony.ami.host')} name="amiHost">
              <Input maxLength={255} placeholder="pbx.example.local" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label={t('telephony.ami.port')}
              name="amiPort"
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber min={1} max={65_535} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('telephony.ami.user')} name="amiUser">
              <Input maxLength={255} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label={t('telephony.ami.secret')}
              name="amiSecret"
              extra={settings.isAmiSecretSet ? t('telephony.ami.secretKeep') : undefined}
            >
              <Input.Password
                maxLength={255}
                autoComplete="new-password"
                disabled={clearSecret}
                placeholder={settings.isAmiSecretSet ? t('telephony.ami.secretSet') : undefined}
              />
            </Form.Item>
            {settings.isAmiSecretSet && (
              <Form.Item name="clearSecret" valuePropName="checked" style={{ marginTop: -8 }}>
                <Checkbox>{t('telephony.ami.clearSecret')}</Checkbox>
              </Form.Item>
            )}
          </Col>
        </Row>
        <Form.Item
          label={t('telephony.ami.channelTemplate')}
          name="amiChannelTemplate"
          extra={t('telephony.ami.channelTemplateHint')}
        >
          <Input maxLength={255} placeholder="PJSIP/{sip}" autoComplete="off" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              label={t('telephony.ami.context')}
              name="amiContext"
              extra={t('telephony.ami.contextHint')}
            >
              <Input maxLength={255} placeholder="from-internal" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('telephony.ami.queue')} name="amiQueue" extra={t('telephony.ami.queueHint')}>
              <Input maxLength={255} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('telephony.ami.queueInterface')}
          name="amiQueueInterfaceTemplate"
          extra={t('telephony.ami.queueInterfaceHint')}
        >
          <Input maxLength={255} placeholder="Local/{sip}@from-queue/n" autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
