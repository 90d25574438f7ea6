import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { SECURITY, type MailServers, type UpdateMailServers } from '../../../shared/schemas/mail-servers.js';
import { useApiError } from '../../http/use-api-error.js';
import { Page } from '../../app/layout/Page.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { MailServerTestCard } from './MailServerTestCard.js';
import { MailboxesCard } from '../mail/MailboxesCard.js';
import { SystemLettersCard } from './SystemLettersCard.js';
import { SystemSenderCard } from './SystemSenderCard.js';
import { useMailServers, useSaveMailServers } from './mail-servers.api.js';

type Protocol = 'smtp' | 'imap';
type Security = (typeof SECURITY)[number];
type Values = Omit<MailServers, 'updatedAt'>;

/** The usual port of each protocol and security, shown as a hint in the empty port field. */
const DEFAULT_PORTS: Record<Protocol, Record<Security, number>> = {
  smtp: { none: 25, starttls: 587, tls: 465 },
  imap: { none: 143, starttls: 143, tls: 993 },
};

const toRequest = (values: Values): UpdateMailServers => {
  const server = (s: Values['smtp']) => ({ ...s, host: s.host?.trim() || null });
  return { smtp: server(values.smtp), imap: server(values.imap), allowSelfSigned: values.allowSelfSigned };
};

function ServerFields({ protocol }: { protocol: Protocol }) {
  const { t } = useTranslation();
  const security = Form.useWatch<Security | undefined>([protocol, 'security']);
  const securityLabels: Record<Security, string> = {
    none: t('mailServers.securityNone'),
    starttls: t('mailServers.securityStarttls'),
    tls: t('mailServers.securityTls'),
  };
  return (
    <Card size="small" title={t(`mailServers.${protocol}`)}>
      <Form.Item label={t('mailServers.host')} name={[protocol, 'host']}>
        <Input maxLength={253} placeholder={`${protocol}.example.com`} autoComplete="off" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item label={t('mailServers.port')} name={[protocol, 'port']}>
            <InputNumber
              min={1}
              max={65535}
              precision={0}
              style={{ width: '100%' }}
              placeholder={String(DEFAULT_PORTS[protocol][security ?? 'none'])}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item label={t('mailServers.security')} name={[protocol, 'security']}>
            <Select options={SECURITY.map((s) => ({ value: s, label: securityLabels[s] }))} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

/** Администратор → Предприятия → Рассылка: the enterprise SMTP and IMAP servers. */
export function MailServersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const servers = useMailServers();
  const save = useSaveMailServers();
  const handleError = useApiError();

  const submit = (values: Values) =>
    save.mutate(toRequest(values), {
      onSuccess: () => void message.success(t('common.saved')),
      onError: (e) => handleError(e, form),
    });

  return (
    <Page title={t('mailServers.title')}>
      <Typography.Text type="secondary">{t('mailServers.description')}</Typography.Text>
      {servers.isError && <QueryErrorAlert error={servers.error} onRetry={() => void servers.refetch()} />}
      {servers.isPending && <Card loading />}
      {servers.data && (
        <Form<Values>
          form={form}
          name="mail-servers"
          layout="vertical"
          initialValues={servers.data}
          onFinish={submit}
        >
          <Flex vertical gap={12} style={{ maxWidth: 880 }}>
            <Row gutter={12}>
              <Col span={12}>
                <ServerFields protocol="smtp" />
              </Col>
              <Col span={12}>
                <ServerFields protocol="imap" />
              </Col>
            </Row>
            <Form.Item name="allowSelfSigned" valuePropName="checked" noStyle>
              <Checkbox>{t('mailServers.allowSelfSigned')}</Checkbox>
            </Form.Item>
            <div>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </div>
          </Flex>
        </Form>
      )}
      <div style={{ maxWidth: 880 }}>
        <MailServerTestCard />
      </div>
      <div style={{ maxWidth: 880 }}>
        <SystemSenderCard />
      </div>
      <SystemLettersCard />
      <MailboxesCard />
    </Page>
  );
}
