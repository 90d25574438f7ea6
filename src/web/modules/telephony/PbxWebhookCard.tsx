import { useState } from 'react';
import { App, Badge, Button, Card, Descriptions, Flex, Modal, Popconfirm, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../http/use-api-error.js';
import { useCreatePbxToken, useDeletePbxToken } from '../settings/parameters/parameters.api.js';

const WEBHOOK_PATH = '/api/v1/telephony/pbx';

/** Настройка → Параметры → Настройки: the PBX webhook's token — created, replaced, turned off. */
export function PbxWebhookCard({ isTokenSet }: { isTokenSet: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const create = useCreatePbxToken();
  const remove = useDeletePbxToken();
  const [token, setToken] = useState<string | null>(null);
  const createToken = () => create.mutateAsync().then(({ token: created }) => setToken(created), handleError);

  return (
    <Card size="small" title={t('telephony.pbx.title')} data-testid="pbx-webhook">
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('telephony.pbx.hint')}</Typography.Text>
        <Badge
          status={isTokenSet ? 'success' : 'default'}
          text={isTokenSet ? t('telephony.pbx.on') : t('telephony.pbx.off')}
        />
        <Flex gap={8}>
          {isTokenSet ? (
            <>
              <Popconfirm
                title={t('telephony.pbx.replaceConfirm')}
                okText={t('telephony.pbx.replace')}
                cancelText={t('common.cancel')}
                onConfirm={createToken}
              >
                <Button icon={<KeyOutlined />} loading={create.isPending}>
                  {t('telephony.pbx.replace')}
                </Button>
              </Popconfirm>
              <Popconfirm
                title={t('telephony.pbx.disableConfirm')}
                okText={t('telephony.pbx.disable')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() =>
                  remove
                    .mutateAsync()
                    .then(() => void message.success(t('telephony.pbx.disabled')), handleError)
                }
              >
                <Button danger loading={remove.isPending}>
                  {t('telephony.pbx.disable')}
                </Button>
              </Popconfirm>
            </>
          ) : (
            <Button icon={<KeyOutlined />} loading={create.isPending} onClick={() => void createToken()}>
              {t('telephony.pbx.create')}
            </Button>
          )}
        </Flex>
      </Flex>
      {token !== null && <CreatedTokenModal token={token} onClose={() => setToken(null)} />}
    </Card>
  );
}

/** The token, once, with what the PBX needs to call us: the header and the two addresses. */
function CreatedTokenModal({ token, onClose }: { token: string; onClose: () => void }) {
  const { t } = useTranslation();
  const base = `${window.location.origin}${WEBHOOK_PATH}`;
  const copyable = (text: string) => (
    <Typography.Text code copyable={{ text }} style={{ wordBreak: 'break-all' }}>
      {text}
    </Typography.Text>
  );
  return (
    <Modal
      open
      title={t('telephony.pbx.tokenTitle')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('telephony.pbx.close')}</Button>}
      width={640}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="warning">{t('telephony.pbx.shownOnce')}</Typography.Text>
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            {
              key: 'token',
              label: t('telephony.pbx.token'),
              children: <span data-testid="pbx-token">{copyable(token)}</span>,
            },
            {
              key: 'header',
              label: t('telephony.pbx.header'),
              children: copyable(`Authorization: Bearer ${token}`),
            },
            {
              key: 'register',
              label: t('telephony.pbx.registerUrl'),
              children: copyable(`${base}/register`),
            },
            { key: 'finish', label: t('telephony.pbx.finishUrl'), children: copyable(`${base}/finish`) },
          ]}
        />
      </Flex>
    </Modal>
  );
}
