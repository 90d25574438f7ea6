import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSignedInUser } from '../../auth/session.js';
import { NotificationRulesSection } from '../../notifications/NotificationRulesSection.js';
import { MyParametersSection } from './MyParametersSection.js';
import { SettingsChangesSection } from './SettingsChangesSection.js';
import { TelephonySection } from './TelephonySection.js';
import { UserParametersSection } from './UserParametersSection.js';

const SECTIONS = ['users', 'telephony', 'notifications', 'changes'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Настройка → Параметры: the seed's Пользователи, Настройки and Оповещение, plus the log of settings
 * changes. Everything here is the administrator's; other users see their own parameters, read-only.
 * The section is kept in the URL (`section=`) beside the settings tab.
 */
export function ParametersTab() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const [params, setParams] = useSearchParams();
  if (!me.isAdmin) return <MyParametersSection />;

  const requested = params.get('section');
  const active: Section = SECTIONS.find((x) => x === requested) ?? 'users';
  const open = (key: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('section', key);
        return next;
      },
      { replace: true },
    );
  return (
    <Tabs
      size="small"
      activeKey={active}
      onChange={open}
      destroyOnHidden
      items={[
        { key: 'users', label: t('settingsParameters.users'), children: <UserParametersSection /> },
        { key: 'telephony', label: t('settingsParameters.telephony'), children: <TelephonySection /> },
        {
          key: 'notifications',
          label: t('settingsParameters.notifications'),
          children: <NotificationRulesSection />,
        },
        { key: 'changes', label: t('settingsParameters.changes'), children: <SettingsChangesSection /> },
      ]}
    />
  );
}
