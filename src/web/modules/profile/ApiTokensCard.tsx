import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '../../../shared/schemas/auth.js';
import { useApiError } from '../../http/use-api-error.js';
import { useFormatDateTime } from '../../shared/format.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useApiTokens, useCreateApiToken, useRevokeApiToken, type CreatedApiToken } from './profile.api.js';

interface Values {
  name: string;
  expiresInDays?: number;
}

/** The server keeps only a token's hash, so a new token is shown this once. */
function CreatedTokenModal({ token, onClose }: { token: CreatedApiToken; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('profile.tokenCreatedTitle')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('profile.close')}</Button>}
    >
      <Flex vertical gap={12}>
        <Alert type="warning" showIcon title={t('profile.tokenShownOnce')} />
        <Typography.Paragraph
          copyable={{ text: token.token }}
          code
          data-testid="created-token"
          style={{ wordBreak: 'break-all' }}
        >
          {token.token}
        </Typography.Paragraph>
      </Flex>
    </Modal>
  );
}

export function ApiTokensCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const [form] = Form.useForm<Values>();
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const handleError = useApiError();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const submit = (values: Values) =>
    create.mutate(values, {
      onSuccess: (token) => {
        form.resetFields();
        setCreated(token);
      },
      onError: (e) => handleError(e, form),
    });
  const confirmRevoke = (token: ApiToken) =>
    revoke.mutateAsync(token.id).then(() => void message.success(t('common.deleted')), handleError);
  const date = (at: string | null, empty: string) => (at ? formatDateTime(at) : empty);

  const columns: TableColumnsType<ApiToken> = [
    { title: t('profile.tokenName'), dataIndex: 'name' },
    {
      title: t('profile.tokenPrefix'),
      dataIndex: 'prefix',
      render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
    },
    { title: t('profile.tokenCreated'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('profile.tokenLastUsed'),
      dataIndex: 'lastUsedAt',
      render: (at: string | null) => date(at, t('common.never')),
    },
    {
      title: t('profile.tokenExpires'),
      dataIndex: 'expiresAt',
      render: (at: string | null) => date(at, t('profile.tokenNoExpiry')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, token) => (
        <Popconfirm
          title={t('profile.confirmRevoke', { name: token.name })}
          okText={t('profile.revoke')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => confirmRevoke(token)}
        >
          <Button type="link" size="small" danger>
            {t('profile.revoke')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Card size="small" title={t('profile.tokens')}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('profile.tokensHint')}</Typography.Text>
        <Form<Values> form={form} name="api-token" layout="inline" onFinish={submit}>
          <Form.Item
            label={t('profile.tokenName')}
            name="name"
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item label={t('profile.tokenExpiresInDays')} name="expiresInDays">
            <InputNumber
              min={1}
              max={3650}
              precision={0}
              placeholder={t('profile.tokenNoExpiry')}
              style={{ width: 120 }}
            />
          </Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
            {t('profile.createToken')}
          </Button>
        </Form>
        {tokens.isError ? (
          <QueryErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : (
          <Table<ApiToken>
            size="small"
            bordered
            rowKey="id"
            loading={tokens.isPending}
            dataSource={tokens.data}
            columns={columns}
            pagination={false}
          />
        )}
      </Flex>
      {created && <CreatedTokenModal token={created} onClose={() => setCreated(null)} />}
    </Card>
  );
}
