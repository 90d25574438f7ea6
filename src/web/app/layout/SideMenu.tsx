import { Menu, type MenuProps } from 'antd';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ADMIN_PAGES, MODULES, type NavItem } from './navigation.js';

export function SideMenu({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const item = (nav: NavItem) => ({
    key: nav.path,
    icon: nav.icon,
    label: (
      <Link to={nav.path}>
        {t(`nav.${nav.key}`)}
        {nav.extra}
      </Link>
    ),
  });
  const items: MenuProps['items'] = [
    {
      type: 'group',
      key: 'modules',
      label: t('nav.main'),
      children: MODULES.filter((nav) => isAdmin || !nav.adminOnly).map(item),
    },
    ...(isAdmin
      ? [
          {
            type: 'group' as const,
            key: 'admin',
            label: t('nav.administration'),
            children: ADMIN_PAGES.map(item),
          },
        ]
      : []),
  ];
  const selected = [...MODULES, ...ADMIN_PAGES].find((nav) => pathname.startsWith(nav.path))?.path;
  return (
    <nav aria-label={t('nav.main')}>
      <Menu
        mode="inline"
        items={items}
        selectedKeys={selected ? [selected] : []}
        style={{ borderInlineEnd: 0 }}
      />
    </nav>
  );
}
