import { Button, Dropdown } from 'antd';
import { LogoutOutlined, ProfileOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/schemas/auth.js';
import { useLogout } from '../../modules/auth/session.js';
import { forgetPhonePanelAutostart } from '../../modules/telephony/PhonePanel.js';

export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const items = [
    {
      key: 'profile',
      icon: <ProfileOutlined />,
      label: t('header.profile'),
      onClick: () => navigate('/profile'),
    },
    { type: 'divider' as const },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: t('header.logout'),
      onClick: () => {
        forgetPhonePanelAutostart();
        logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
      },
    },
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']} placement="bottomRight">
      <Button type="text" icon={<UserOutlined />} aria-label={t('header.userMenu')} data-testid="user-menu">
        {me.fullName}
      </Button>
    </Dropdown>
  );
}
