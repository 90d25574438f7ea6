import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Typography,
} from 'antd';
import { CloudDownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CDR_FIELDS, type CallImportReport } from '../../../../shared/schemas/telephony.js';
import { POLL_INTERVAL, type TelephonySettings } from '../../../../shared/schemas/telephony-settings.js';
import { AmiCard } from '../../telephony/AmiCard.js';
import { PbxWebhookCard } from '../../telephony/PbxWebhookCard.js';
import { useApiError } from '../../../http/use-api-error.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../../shared/format.js';
import { TimeZoneSelect } from './TimeZoneSelect.js';
import { CardFilesCard } from './CardFilesCard.js';
import { clearErrorsOf } from './clear-server-errors.js';
import {
  useEnterprise,
  useImportCallsNow,
  useSaveEnterprise,
  useSaveTelephonySettings,
  useTelephonySettings,
} from './parameters.api.js';

type TelephonyValues = Pick<
  TelephonySettings,
  | 'isLoadingEnabled'
  | 'sourcePath'
  | 'minNumberLength'
  | 'pollIntervalSeconds'
  | 'timeZone'
  | 'cdrColumns'
  | 'recordingUrlTemplate'
>;

const toValues = (s: TelephonySettings): TelephonyValues => ({
  isLoadingEnabled: s.isLoadingEnabled,
  sourcePath: s.sourcePath,
  minNumberLength: s.minNumberLength,
  pollIntervalSeconds: s.pollIntervalSeconds,
  timeZone: s.timeZone,
  cdrColumns: s.cdrColumns,
  recordingUrlTemplate: s.recordingUrlTemplate,
});

/** How many bad lines of a report are listed (the server keeps the first 100). */
const PROBLEMS_SHOWN = 10;

/** The seed's «Не протоколировать звонки с номером меньше N символов», the path and the polling. */
function TelephonyCard({ settings }: { settings: TelephonySettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TelephonyValues>();
  const save = useSaveTelephonySettings();
  const handleError = useApiError();
  const formatDateTime = useFormatDateTime();
  const [report, setReport] = useState<CallImportReport | null>(null);
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
        <Form.Item
          label={t('settingsParameters.cdrColumns')}
          name="cdrColumns"
          extra={t('settingsParameters.cdrColumnsHint', { names: CDR_FIELDS.join(', ') })}
        >
          <Input
            maxLength={2000}
            placeholder="start, src, dst, duration, billsec, disposition"
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item
          label={t('settingsParameters.recordingUrlTemplate')}
          name="recordingUrlTemplate"
          extra={t('settingsParameters.recordingUrlTemplateHint')}
        >
          <Input maxLength={2000} placeholder="https://pbx.example.com/monitor/{file}" autoComplete="off" />
        </Form.Item>
        <Typography.Paragraph type="secondary" data-testid="telephony-last-import">
          {t('settingsParameters.lastImport')}:{' '}
          {settings.lastImportAt
            ? `${formatDateTime(settings.lastImportAt)} — ${settings.lastImportResult ?? ''}`
            : t('settingsParameters.noImport')}
        </Typography.Paragraph>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          <ImportNowButton onReport={setReport} />
        </Space>
        {report && <ImportReport report={report} onClose={() => setReport(null)} />}
      </Form>
    </Card>
  );
}

/** «Загрузить сейчас»: loads call records from the saved path at once and shows what happened. */
function ImportNowButton({ onReport }: { onReport: (report: CallImportReport) => void }) {
  const { t } = useTranslation();
  const handleError = useApiError();
  const run = useImportCallsNow();
  return (
    <Button
      icon={<CloudDownloadOutlined />}
      title={t('settingsParameters.importNowHint')}
      loading={run.isPending}
      onClick={() => run.mutate(undefined, { onSuccess: onReport, onError: (e) => handleError(e) })}
    >
      {t('settingsParameters.importNow')}
    </Button>
  );
}

function ImportReport({ report, onClose }: { report: CallImportReport; onClose: () => void }) {
  const { t } = useTranslation();
  const problems = report.problems.slice(0, PROBLEMS_SHOWN);
  const counts = (['files', 'lines', 'stored', 'duplicates', 'internal', 'rejected'] as const).map((key) => ({
    key,
    label: t(`settingsParameters.importReport.${key}`),
    children: report[key],
  }));
  return (
    <Alert
      type={report.rejected > 0 ? 'warning' : 'success'}
      showIcon
      closable={{ onClose }}
      data-testid="telephony-import-report"
      style={{ marginTop: 8 }}
      title={t('settingsParameters.importReport.title')}
      description={
        <Flex vertical gap={8}>
          <Descriptions size="small" column={3} items={counts} />
          {problems.length > 0 && (
            <Flex vertical gap={2}>
              <Typography.Text strong>
                {t('settingsParameters.importReport.problems', { count: problems.length })}
              </Typography.Text>
              {problems.map((p) => (
                <Typography.Text key={`${p.file}:${p.line}`}>
                  <Typography.Text code>
                    {p.file}:{p.line}
                  </Typography.Text>{' '}
                  {p.message}
                </Typography.Text>
              ))}
            </Flex>
          )}
        </Flex>
      }
    />
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

/** Параметры → Настройки: telephony (call records, the PBX webhook, AMI), the enterprise time zone, card-file defaults. */
export function TelephonySection() {
  const telephony = useTelephonySettings();
  const enterprise = useEnterprise();
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      {telephony.isError && (
        <QueryErrorAlert error={telephony.error} onRetry={() => void telephony.refetch()} />
      )}
      {telephony.isPending && <Card loading />}
      {telephony.data && (
        <>
          <TelephonyCard settings={telephony.data} />
          <PbxWebhookCard isTokenSet={telephony.data.isPbxTokenSet} />
          <AmiCard settings={telephony.data} />
        </>
      )}
      {enterprise.isError && (
        <QueryErrorAlert error={enterprise.error} onRetry={() => void enterprise.refetch()} />
      )}
      {enterprise.isPending && <Card loading />}
      {enterprise.data && <EnterpriseCard timeZone={enterprise.data.timeZone} />}
      <CardFilesCard />
    </Flex>
  );
}
