import { Flex, Layout, Space, Typography, theme } from 'antd';
import { Link, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSignedInUser } from '../../modules/auth/session.js';
import { useFollowLocale } from '../i18n/use-locale.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { SideMenu } from './SideMenu.js';
import { UserMenu } from './UserMenu.js';
import { MyStatusSelect } from '../../modules/settings/books/MyStatusSelect.js';
import { GlobalSearch } from '../../modules/search/GlobalSearch.js';
import { CallPops } from '../../modules/telephony/CallPop.js';
import { PhonePanelButton } from '../../modules/telephony/PhonePanel.js';
import { NotificationBell } from '../../modules/notifications/NotificationBell.js';
import { LiveProvider } from '../live/live.js';
import { useLiveDocsRefresh } from '../live/use-live-docs.js';

/** The signed-in app: one live connection for the tab, shared by everything below. */
export function MainLayout() {
  return (
    <LiveProvider>
      <Shell />
    </LiveProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const { token } = theme.useToken();
  useFollowLocale(me.locale);
  useLiveDocsRefresh();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
        <Flex justify="space-between" align="center" gap={16} style={{ height: '100%' }}>
          <Flex align="center" gap={24}>
            <Link to="/">
              <Typography.Text strong style={{ fontSize: 16, color: token.colorPrimary }}>
                {t('app.name')}
              </Typography.Text>
            </Link>
            <GlobalSearch />
          </Flex>
          <Space size="middle">
            <NotificationBell />
            <PhonePanelButton />
            <MyStatusSelect />
            <LanguageSwitch />
            <UserMenu me={me} />
          </Space>
        </Flex>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={220}
          theme="light"
          style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
        >
          <SideMenu isAdmin={me.isAdmin} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
      <CallPops />
    </Layout>
  );
}
