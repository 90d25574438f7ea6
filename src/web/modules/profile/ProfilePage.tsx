import { Card, Descriptions, Flex, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Page } from '../../app/layout/Page.js';
import { useSignedInUser } from '../auth/session.js';
import { ApiTokensCard } from './ApiTokensCard.js';
import { ChangePasswordCard } from './ChangePasswordCard.js';
import { MyMailboxCard } from '../mail/MyMailboxCard.js';
import { MyNotificationsCard } from '../notifications/MyNotificationsCard.js';

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  return (
    <Page title={t('profile.title')}>
      <Flex vertical gap={12} style={{ maxWidth: 960 }}>
        <Card size="small">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('profile.fullName')}>{me.fullName}</Descriptions.Item>
            <Descriptions.Item label={t('profile.login')}>{me.login}</Descriptions.Item>
            <Descriptions.Item label={t('profile.employee')}>
              {me.employee?.fullName ?? t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('profile.roles')}>
              {me.roles.length ? me.roles.map((r) => <Tag key={r.id}>{r.name}</Tag>) : t('common.none')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <MyNotificationsCard />
        <MyMailboxCard />
        <ChangePasswordCard />
        <ApiTokensCard />
      </Flex>
    </Page>
  );
}
