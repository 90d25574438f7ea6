import { App, Button, Card, Checkbox, Col, Flex, Form, Input, Row, Tag, Typography } from 'antd';
import { CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SystemSender, UpdateSystemSenderRequest } from '../../../shared/schemas/system-letters.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useSaveSystemSender, useSystemSender } from './system-mail.api.js';

interface Values {
  address: string;
  name: string;
  password: string;
  clearPassword: boolean;
}

const toValues = (s: SystemSender): Values => ({
  address: s.address ?? '',
  name: s.name,
  password: '',
  clearPassword: false,
});

/** The password is write-only: left empty it is not sent (the stored one stays), cleared it is ''. */
function toRequest({ address, name, password, clearPassword }: Values): UpdateSystemSenderRequest {
  const next = clearPassword ? '' : password || undefined;
  return {
    address: address.trim() || null,
    name: name.trim(),
    ...(next !== undefined && { password: next }),
  };
}

function SenderForm({ sender }: { sender: SystemSender }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveSystemSender();
  const handleError = useApiError();
  const clearing = Form.useWatch('clearPassword', form);

  return (
    <Form<Values>
      form={form}
      name="system-sender"
      layout="vertical"
      initialValues={toValues(sender)}
      onFinish={(values) =>
        save.mutate(toRequest(values), {
          onSuccess: () => void message.success(t('common.saved')),
          onError: (e) => handleError(e, form),
        })
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('systemMail.sender.hint')}</Typography.Text>
        <div data-testid="system-sender-state">
          {sender.ready ? (
            <Tag color="green" icon={<CheckCircleOutlined />}>
              {t('systemMail.sender.ready')}
            </Tag>
          ) : (
            <Tag color="orange" icon={<ExclamationCircleOutlined />}>
              {t('systemMail.sender.notReady')}
            </Tag>
          )}
        </div>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('systemMail.sender.address')} name="address" style={{ marginBottom: 8 }}>
              <Input maxLength={320} placeholder="noreply@example.com" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('systemMail.sender.name')} name="name" style={{ marginBottom: 8 }}>
              <Input maxLength={200} placeholder={t('systemMail.sender.namePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('systemMail.sender.password')}
          name="password"
          extra={sender.hasPassword ? t('systemMail.sender.passwordKeep') : undefined}
          style={{ marginBottom: 8 }}
        >
          <Input.Password
            maxLength={500}
            autoComplete="new-password"
            disabled={clearing}
            placeholder={sender.hasPassword ? t('systemMail.sender.passwordStored') : undefined}
          />
        </Form.Item>
        {sender.hasPassword && (
          <Form.Item name="clearPassword" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('systemMail.sender.clearPassword')}</Checkbox>
          </Form.Item>
        )}
        <div>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </Flex>
    </Form>
  );
}

/** Администратор → Рассылка: «Системный отправитель», the mailbox notifications leave from. */
export function SystemSenderCard() {
  const { t } = useTranslation();
  const sender = useSystemSender();
  return (
    <Card size="small" title={t('systemMail.sender.title')} loading={sender.isPending}>
      {sender.isError && <QueryErrorAlert error={sender.error} onRetry={() => void sender.refetch()} />}
      {/* A save answers the sender as stored: the form starts again from it (the password emptied). */}
      {sender.data && <SenderForm key={sender.dataUpdatedAt} sender={sender.data} />}
    </Card>
  );
}
