import { App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { POLL_INTERVAL, type TelephonySettings } from '../../../../shared/schemas/telephony-settings.js';
import { useApiError } from '../../../http/use-api-error.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../../shared/format.js';
import { TimeZoneSelect } from './TimeZoneSelect.js';
import { CardFilesCard } from './CardFilesCard.js';
import { clearErrorsOf } from './clear-server-errors.js';
import {
  useEnterprise,
  useSaveEnterprise,
  useSaveTelephonySettings,
  useTelephonySettings,
} from './parameters.api.js';

type TelephonyValues = Pick<
  TelephonySettings,
  'isLoadingEnabled' | 'sourcePath' | 'minNumberLength' | 'pollIntervalSeconds' | 'timeZone'
>;

const toValues = (s: TelephonySettings): TelephonyValues => ({
  isLoadingEnabled: s.isLoadingEnabled,
  sourcePath: s.sourcePath,
  minNumberLength: s.minNumberLength,
  pollIntervalSeconds: s.pollIntervalSeconds,
  timeZone: s.timeZone,
});

/** The seed's «Не протоколировать звонки с номером меньше N символов», the path and the polling. */
function TelephonyCard({ settings }: { settings: TelephonySettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TelephonyValues>();
  const save = useSaveTelephonySettings();
  const handleError = useApiError();
  const formatDateTime = useFormatDateTime();
  const required = { required: true, message: t('common.required') };

  const submit = (values: TelephonyValues) =>
    save.mutate(values, {
      onSuccess: (saved) => {
        form.setFieldsValue(toValues(saved));
        clearErrorsOf(form);
        void message.success(t('common.saved'));
      },
      onError: (e) => handleError(e, form),
    });

  return (
    <Card size="small" title={t('settingsParameters.telephonyTitle')}>
      <Form<TelephonyValues>
        form={form}
        name="telephony-settings"
        layout="vertical"
        initialValues={toValues(settings)}
        onValuesChange={(changed: Partial<TelephonyValues>) => {
          // A path is needed only while loading is on, so either field settles that error.
          if ('isLoadingEnabled' in changed || 'sourcePath' in changed)
            clearErrorsOf(form, ['isLoadingEnabled', 'sourcePath']);
        }}
        onFinish={submit}
      >
        <Form.Item name="isLoadingEnabled" valuePropName="checked">
          <Checkbox>{t('settingsParameters.isLoadingEnabled')}</Checkbox>
        </Form.Item>
        <Form.Item
          label={t('settingsParameters.sourcePath')}
          name="sourcePath"
          extra={t('settingsParameters.sourcePathHint')}
        >
          <Input maxLength={1000} placeholder="/var/spool/asterisk/cdr-csv" autoComplete="off" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              label={t('settingsParameters.minNumberLength')}
              name="minNumberLength"
              extra={t('settingsParameters.minNumberLengthHint')}
              rules={[required]}
            >
              <InputNumber min={0} max={64} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label={t('settingsParameters.pollIntervalSeconds')}
              name="pollIntervalSeconds"
              rules={[required]}
            >
              <InputNumber
                min={POLL_INTERVAL.min}
                max={POLL_INTERVAL.max}
                precision={0}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('settingsParameters.timeZone')} name="timeZone" rules={[required]}>
          <TimeZoneSelect />
        </Form.Item>
        <Typography.Paragraph type="secondary" data-testid="telephony-last-import">
          {t('settingsParameters.lastImport')}:{' '}
          {settings.lastImportAt
            ? `${formatDateTime(settings.lastImportAt)} — ${settings.lastImportResult ?? ''}`
            : t('settingsParameters.noImport')}
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** Администратор → Предприятия: the time zone, edited here beside the telephony's own. */
function EnterpriseCard({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ timeZone: string }>();
  const save = useSaveEnterprise();
  const handleError = useApiError();

  return (
    <Card size="small" title={t('settingsParameters.enterpriseTitle')}>
      <Form<{ timeZone: string }>
        form={form}
        name="enterprise"
        layout="vertical"
        initialValues={{ timeZone }}
        onValuesChange={() => clearErrorsOf(form)}
        onFinish={(values) =>
          save.mutate(values, {
            onSuccess: () => void message.success(t('common.saved')),
            onError: (e) => handleError(e, form),
          })
        }
      >
        <Form.Item
          label={t('settingsParameters.enterpriseTimeZone')}
          name="timeZone"
          extra={t('settingsParameters.enterpriseTimeZoneHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <TimeZoneSelect />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** Параметры → Настройки: telephony settings, the enterprise time zone, card-file defaults. */
export function TelephonySection() {
  const telephony = useTelephonySettings();
  const enterprise = useEnterprise();
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      {telephony.isError && (
        <QueryErrorAlert error={telephony.error} onRetry={() => void telephony.refetch()} />
      )}
      {telephony.isPending && <Card loading />}
      {telephony.data && <TelephonyCard settings={telephony.data} />}
      {enterprise.isError && (
        <QueryErrorAlert error={enterprise.error} onRetry={() => void enterprise.refetch()} />
      )}
      {enterprise.isPending && <Card loading />}
      {enterprise.data && <EnterpriseCard timeZone={enterprise.data.timeZone} />}
      <CardFilesCard />
    </Flex>
  );
}
