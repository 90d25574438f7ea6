import { useState } from 'react';
import {
  Alert,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  Menu,
  Row,
  Space,
  Tag,
  Typography,
  type MenuProps,
} from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SubjectKind } from '../../../shared/schemas/access.js';
import { Page } from '../../app/layout/Page.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useRoles } from '../roles/roles.api.js';
import { useUsers } from '../users/users.api.js';
import { AccessEditor } from './AccessEditor.js';

/** The code of the built-in administrator role (the server's ADMIN_ROLE): full access, not configurable. */
const ADMIN_ROLE = 'admin';

/** `user:5` / `role:3` in the URL, so a reload keeps the chosen subject. */
function parseSubject(raw: string | null): { kind: SubjectKind; id: number } | null {
  const match = /^(user|role):(\d+)$/.exec(raw ?? '');
  return match ? { kind: match[1] as SubjectKind, id: Number(match[2]) } : null;
}

/** Доступ к данным: users («Общая») and roles on the left, the chosen one's rights on the right. */
export function DataAccessPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const subject = parseSubject(params.get('subject'));
  return (
    <Page title={t('access.title')}>
      <Alert type="info" showIcon title={t('access.rule')} data-testid="access-rule" />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={7}>
          <SubjectList
            selected={subject ? `${subject.kind}:${subject.id}` : null}
            onSelect={(key) => setParams({ subject: key }, { replace: true })}
          />
        </Col>
        <Col xs={24} lg={17}>
          <Card size="small">
            {subject ? (
              <AccessEditor key={`${subject.kind}:${subject.id}`} kind={subject.kind} id={subject.id} />
            ) : (
              <Empty description={t('access.choose')} />
            )}
          </Card>
        </Col>
      </Row>
    </Page>
  );
}

function SubjectList({ selected, onSelect }: { selected: string | null; onSelect: (key: string) => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  const roles = useRoles();
  const [search, setSearch] = useState('');
  const failed = users.error ?? roles.error;
  if (failed)
    return (
      <QueryErrorAlert error={failed} onRetry={() => void Promise.all([users.refetch(), roles.refetch()])} />
    );

  const needle = search.trim().toLowerCase();
  const found = (users.data ?? []).filter(
    (u) => !needle || u.login.includes(needle) || u.fullName.toLowerCase().includes(needle),
  );
  const items: MenuProps['items'] = [
    {
      type: 'group',
      key: 'general',
      label: t('access.general'),
      children: found.length
        ? found.map((u) => ({
            key: `user:${u.id}`,
            label: (
              <Space size={6}>
                <Typography.Text delete={!u.isActive}>{u.fullName}</Typography.Text>
                <Typography.Text type="secondary">{u.login}</Typography.Text>
              </Space>
            ),
            title: u.fullName,
          }))
        : [{ key: 'no-users', label: t('access.noUsers'), disabled: true }],
    },
    {
      type: 'group',
      key: 'roles',
      label: t('access.roles'),
      children: (roles.data ?? []).map((r) => ({
        key: `role:${r.id}`,
        label: (
          <Space size={6}>
            <Typography.Text strong={r.isSystem}>{r.name}</Typography.Text>
            {r.code === ADMIN_ROLE && <Tag color="gold">{t('access.fullAccess')}</Tag>}
          </Space>
        ),
        title: r.name,
      })),
    },
  ];

  return (
    <Card size="small" loading={users.isPending || roles.isPending}>
      <Flex vertical gap={8}>
        <Input.Search
          allowClear
          placeholder={t('access.searchUser')}
          aria-label={t('access.searchUser')}
          onChange={(e) => setSearch(e.target.value)}
        />
        <nav aria-label={t('access.subjects')}>
          <Menu
            mode="inline"
            items={items}
            selectedKeys={selected ? [selected] : []}
            onClick={({ key }) => onSelect(key)}
            style={{ borderInlineEnd: 0, maxHeight: '70vh', overflowY: 'auto' }}
          />
        </nav>
      </Flex>
    </Card>
  );
}
