import { Link, useNavigate } from 'react-router';
import { Button, Flex, Input, Select, Tag, Typography, type TableColumnsType } from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUrlFilter } from '../../shared/use-url-filter.js';
import { CLIENT_KINDS } from '../../../shared/schemas/card-files.js';
import type { ClientListItem } from '../../../shared/schemas/clients.js';
import { Page } from '../../app/layout/Page.js';
import { ExportButton } from '../../shared/ExportButton.js';
import { KeysetTable } from '../../shared/KeysetTable.js';
import { useFormatDateTime } from '../../shared/format.js';
import { UserSelect } from '../../shared/pickers/UserSelect.js';
import { useCan } from '../access/access.api.js';
import { useClientList } from './clients.api.js';
import { PhoneLink } from '../telephony/CallButton.js';

/** The URL parameters that make the list filter; the API takes the very same ones. */
const FILTER_KEYS = ['q', 'kind', 'responsibleId', 'tag', 'sort', 'order'] as const;
const SORTABLE = new Set(['name', 'createdAt', 'updatedAt']);

/** Картотека клиентов: the register with its filter in the URL, keyset pages, export and import. */
export function ClientListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canCreate = useCan('clients', 'create');
  const canExport = useCan('clients', 'export');
  const formatDateTime = useFormatDateTime();
  const [filter, setFilter] = useUrlFilter(FILTER_KEYS);
  const list = useClientList(filter);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const sort = filter.sort ?? 'name';
  const order = filter.order === 'desc' ? 'descend' : 'ascend';
  const sortOrder = (key: string) => (sort === key ? order : null);
  const none = t('common.none');

  const columns: TableColumnsType<ClientListItem> = [
    {
      title: t('clients.fields.name'),
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_, c) => (
        <>
          <Link to={`/clients/${c.id}`}>{c.name}</Link>
          {c.shortName && c.shortName !== c.name && (
            <div>
              <Typography.Text type="secondary">{c.shortName}</Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: t('clients.fields.kind'),
      key: 'kind',
      dataIndex: 'kind',
      width: 120,
      render: (kind: ClientListItem['kind']) => t(`clients.kinds.${kind}`),
    },
    {
      title: t('clients.fields.taxId'),
      key: 'taxId',
      dataIndex: 'taxId',
      render: (v: string | null) => v ?? none,
    },
    {
      title: t('clients.fields.phone'),
      key: 'phone',
      dataIndex: 'phone',
      render: (v: string | null) => (v ? <PhoneLink number={v} /> : none),
    },
    {
      title: t('clients.fields.email'),
      key: 'email',
      dataIndex: 'email',
      render: (v: string | null) => v ?? none,
    },
    {
      title: t('clients.fields.responsible'),
      key: 'responsible',
      dataIndex: 'responsible',
      render: (r: ClientListItem['responsible']) => r?.name ?? none,
    },
    {
      title: t('clients.fields.tags'),
      key: 'tags',
      dataIndex: 'tags',
      render: (tags: string[]) =>
        tags.map((tag) => (
          <Tag key={tag} style={{ cursor: 'pointer' }} onClick={() => setFilter({ tag })}>
            {tag}
          </Tag>
        )),
    },
    {
      title: t('clients.fields.createdAt'),
      key: 'createdAt',
      dataIndex: 'createdAt',
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      width: 150,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('clients.fields.updatedAt'),
      key: 'updatedAt',
      dataIndex: 'updatedAt',
      sorter: true,
      sortOrder: sortOrder('updatedAt'),
      width: 150,
      render: (at: string) => formatDateTime(at),
    },
  ];

  const responsibleId =
    filter.responsibleId && /^\d+$/.test(filter.responsibleId) ? Number(filter.responsibleId) : null;
  return (
    <Page
      title={t('clients.title')}
      extra={
        <>
          {canExport && <ExportButton path="/api/v1/clients/export" params={filter} />}
          {canCreate && (
            <>
              <Button icon={<ImportOutlined />} onClick={() => void navigate('/clients/import')}>
                {t('clients.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/clients/new')}>
                {t('clients.add')}
              </Button>
            </>
          )}
        </>
      }
    >
      <Flex wrap gap={8} align="center">
        <Input.Search
          key={filter.q ?? ''}
          defaultValue={filter.q}
          placeholder={t('clients.filters.search')}
          aria-label={t('clients.filters.search')}
          allowClear
          onSearch={(q) => setFilter({ q: q.trim() || null })}
          style={{ width: 280 }}
        />
        <Select
          allowClear
          placeholder={t('clients.filters.kind')}
          value={filter.kind ?? null}
          onChange={(v: string | null | undefined) => setFilter({ kind: v ?? null })}
          options={CLIENT_KINDS.map((k) => ({ value: k, label: t(`clients.kinds.${k}`) }))}
          style={{ width: 150 }}
        />
        <UserSelect
          allowClear
          placeholder={t('clients.filters.responsible')}
          value={responsibleId}
          onChange={(id) => setFilter({ responsibleId: id ? String(id) : null })}
        />
        <Input.Search
          key={`tag-${filter.tag ?? ''}`}
          defaultValue={filter.tag}
          placeholder={t('clients.filters.tag')}
          aria-label={t('clients.filters.tag')}
          allowClear
          onSearch={(tag) => setFilter({ tag: tag.trim() || null })}
          style={{ width: 180 }}
        />
        {Object.keys(filter).some((k) => k !== 'sort' && k !== 'order') && (
          <Button onClick={() => setFilter({ q: null, kind: null, responsibleId: null, tag: null })}>
            {t('clients.filters.reset')}
          </Button>
        )}
      </Flex>
      <KeysetTable<ClientListItem>
        list={list}
        rows={rows}
        columns={columns}
        emptyText={t('clients.empty')}
        href={(c) => `/clients/${c.id}`}
        sortable={SORTABLE}
        onSort={setFilter}
      />
    </Page>
  );
}
