import { useState } from 'react';
import { Col, Empty, Flex, Input, Row, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserParameters } from '../../../../shared/schemas/user-parameters.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { UserParametersForm } from './UserParametersForm.js';
import { useUserParametersList } from './parameters.api.js';

/** Параметры → Пользователи: users on the left, the chosen user's parameters on the right. */
export function UserParametersSection() {
  const { t } = useTranslation();
  const list = useUserParametersList();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [search, setSearch] = useState('');

  if (list.isError) return <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const needle = search.trim().toLowerCase();
  const users = (list.data ?? []).filter(
    (u) => !needle || u.login.includes(needle) || u.fullName.toLowerCase().includes(needle),
  );
  const selected = list.data?.find((u) => u.userId === selectedId) ?? null;

  const columns: TableColumnsType<UserParameters> = [
    {
      title: t('settingsParameters.login'),
      dataIndex: 'login',
      render: (login: string, u) => (
        <Typography.Text type={u.isActive ? undefined : 'secondary'} delete={!u.isActive}>
          {login}
        </Typography.Text>
      ),
    },
    { title: t('settingsParameters.fullName'), dataIndex: 'fullName' },
    {
      title: t('settingsParameters.sipNumber'),
      dataIndex: 'sipNumber',
      width: 1,
      render: (sip: string | null) => sip ?? t('common.none'),
    },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Flex vertical gap={8}>
          <Input.Search
            allowClear
            placeholder={t('settingsParameters.search')}
            aria-label={t('settingsParameters.search')}
            onChange={(e) => setSearch(e.target.value)}
          />
          <Table<UserParameters>
            size="small"
            bordered
            rowKey="userId"
            loading={list.isPending}
            dataSource={users}
            columns={columns}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            rowSelection={{
              type: 'radio',
              columnWidth: 32,
              selectedRowKeys: selectedId === null ? [] : [selectedId],
              onChange: (keys) => setSelectedId(keys.length ? Number(keys[0]) : null),
            }}
            onRow={(u) => ({ onClick: () => setSelectedId(u.userId), style: { cursor: 'pointer' } })}
          />
        </Flex>
      </Col>
      <Col xs={24} lg={14}>
        {selected ? (
          // A new key per user: the form starts from that user's saved values.
          <UserParametersForm key={selected.userId} parameters={selected} />
        ) : (
          <Empty description={t('settingsParameters.chooseUser')} />
        )}
      </Col>
    </Row>
  );
}
