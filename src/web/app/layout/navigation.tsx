import type { ReactNode } from 'react';
import {
  CalendarOutlined,
  CheckSquareOutlined,
  ContactsOutlined,
  IdcardOutlined,
  InboxOutlined,
  LockOutlined,
  MailOutlined,
  PhoneOutlined,
  ProjectOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  UserOutlined,
  ApiOutlined,
  OrderedListOutlined,
} from '@ant-design/icons';
import type { Messages } from '../i18n/ru.js';
import { UnsortedBadge } from '../../modules/mail/UnsortedBadge.js';
import { UNKNOWN_NUMBERS_PATH } from '../../modules/telephony/UnknownNumbersPage.js';
import { WEBHOOKS_PATH } from '../../modules/webhooks/WebhooksPage.js';

export interface NavItem {
  key: keyof Messages['nav'];
  path: string;
  icon: ReactNode;
  /** Shown to administrators only. */
  adminOnly?: boolean;
  /** Shown after the label (a count). */
  extra?: ReactNode;
}

/** The modules of the main menu, in the seed's order. */
export const MODULES: NavItem[] = [
  { key: 'settings', path: '/settings', icon: <SettingOutlined /> },
  { key: 'dataAccess', path: '/data-access', icon: <LockOutlined />, adminOnly: true },
  { key: 'projects', path: '/projects', icon: <ProjectOutlined /> },
  { key: 'clients', path: '/clients', icon: <ContactsOutlined /> },
  { key: 'events', path: '/events', icon: <CalendarOutlined /> },
  { key: 'unknownNumbers', path: UNKNOWN_NUMBERS_PATH, icon: <PhoneOutlined /> },
  { key: 'tasks', path: '/tasks', icon: <CheckSquareOutlined /> },
  { key: 'queue', path: '/queue', icon: <OrderedListOutlined /> },
  { key: 'mailUnsorted', path: '/mail/unsorted', icon: <InboxOutlined />, extra: <UnsortedBadge /> },
  { key: 'mailTemplates', path: '/mail/templates', icon: <ProfileOutlined /> },
];

export const ADMIN_PAGES: NavItem[] = [
  { key: 'users', path: '/admin/users', icon: <UserOutlined /> },
  { key: 'roles', path: '/admin/roles', icon: <SafetyCertificateOutlined /> },
  { key: 'employees', path: '/admin/employees', icon: <IdcardOutlined /> },
  { key: 'mailServers', path: '/admin/mail-servers', icon: <MailOutlined /> },
  { key: 'webhooks', path: WEBHOOKS_PATH, icon: <ApiOutlined /> },
];

/** Where signing in lands: the user's own tasks, what a working day starts with. */
export const HOME_PATH = '/tasks/my';
