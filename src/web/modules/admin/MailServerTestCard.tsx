import { Alert, Button, Card, Descriptions, Flex, Form, Radio, Select, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TestMailServerResult } from '../../../shared/schemas/mail-servers.js';
import { useErrorText } from '../../http/use-api-error.js';
import { useEmployees } from '../employees/employees.api.js';
import { useTestMailServer } from './mail-servers.api.js';

interface Values {
  protocol: 'smtp' | 'imap';
  employeeId?: number;
}

function TestResult({ result }: { result: TestMailServerResult }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const preStyle = {
    margin: 0,
    padding: 8,
    maxHeight: 240,
    overflow: 'auto',
    background: token.colorFillQuaternary,
    border: `1px solid ${token.colorBorderSecondary}`,
  };
  return (
    <Flex vertical gap={8} data-testid="mail-test-result">
      <Alert
        type={result.ok ? 'success' : 'error'}
        showIcon
        title={result.ok ? t('mailServers.testOk') : t('mailServers.testFailed')}
      />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('mailServers.server')}>{result.server}</Descriptions.Item>
        <Descriptions.Item label={t('mailServers.loggedInAs')}>
          {result.loggedInAs ?? t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('mailServers.duration')}>
          {t('mailServers.durationMs', { ms: Math.round(result.durationMs) })}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('mailServers.response')}</Typography.Text>
      <pre style={preStyle}>{result.response}</pre>
    </Flex>
  );
}

/** Really connects to the saved SMTP or IMAP server, optionally logging in as an employee. */
export function MailServerTestCard() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const employees = useEmployees();
  const test = useTestMailServer();
  const employeeOptions = (employees.data ?? [])
    .filter((e) => e.isActive && e.email)
    .map((e) => ({ value: e.id, label: `${e.fullName} <${e.email}>` }));

  return (
    <Card size="small" title={t('mailServers.test')}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('mailServers.testHint')}</Typography.Text>
        <Form<Values>
          name="mail-test"
          layout="inline"
          initialValues={{ protocol: 'smtp' }}
          onFinish={(values) =>
            test.mutate({ protocol: values.protocol, employeeId: values.employeeId ?? null })
          }
        >
          <Form.Item label={t('mailServers.protocol')} name="protocol">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'smtp', label: 'SMTP' },
                { value: 'imap', label: 'IMAP' },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('mailServers.testEmployee')} name="employeeId">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('mailServers.testEmployeePlaceholder')}
              options={employeeOptions}
              style={{ width: 320 }}
            />
          </Form.Item>
          <Button htmlType="submit" loading={test.isPending}>
            {t('mailServers.runTest')}
          </Button>
        </Form>
        {test.isError && <Alert type="error" showIcon title={errorText(test.error)} />}
        {test.data && !test.isPending && <TestResult result={test.data} />}
      </Flex>
    </Card>
  );
}
