import { Link, useNavigate } from 'react-router';
import { Button, DatePicker, Flex, Input, Select, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUrlFilter } from '../../shared/use-url-filter.js';
import dayjs from 'dayjs';
import { PROJECT_KINDS, PROJECT_STATUSES } from '../../../shared/schemas/card-files.js';
import type { ProjectListItem } from '../../../shared/schemas/projects.js';
import { Page } from '../../app/layout/Page.js';
import { ExportButton } from '../../shared/ExportButton.js';
import { KeysetTable } from '../../shared/KeysetTable.js';
import { useFormatDateTime } from '../../shared/format.js';
import { ClientSelect } from '../../shared/pickers/ClientSelect.js';
import { JournalSelect } from '../../shared/pickers/JournalSelect.js';
import { UserSelect } from '../../shared/pickers/UserSelect.js';
import { useCan } from '../access/access.api.js';
import { useProjectList } from './projects.api.js';
import { ProjectProgressBar, ProjectStatusTag } from './ProjectStatusTag.js';

/** The URL parameters that make the list filter; the API takes the very same ones. */
const FILTER_KEYS = [
  'q',
  'status',
  'kind',
  'clientId',
  'managerId',
  'journalId',
  'from',
  'to',
  'sort',
  'order',
] as const;

/** Columns the server sorts by, keyed by the column's key. */
const SORTABLE = new Set(['createdAt', 'number', 'name', 'plannedEnd']);

const numberParam = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : null);

/** Проекты: the register with its filter in the URL, keyset pages and the export. */
export function ProjectListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canCreate = useCan('projects', 'create');
  const canExport = useCan('projects', 'export');
  const formatDateTime = useFormatDateTime();
  const [filter, setFilter] = useUrlFilter(FILTER_KEYS);
  const list = useProjectList(filter);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const sort = filter.sort ?? 'createdAt';
  const order = filter.order === 'asc' ? 'ascend' : 'descend';
  const sortOrder = (key: string) => (sort === key ? order : null);

  const columns: TableColumnsType<ProjectListItem> = [
    {
      title: t('projects.fields.number'),
      key: 'number',
      dataIndex: 'number',
      sorter: true,
      sortOrder: sortOrder('number'),
      render: (number: string, p) => <Link to={`/projects/${p.id}`}>{number}</Link>,
      width: 130,
    },
    {
      title: t('projects.fields.name'),
      key: 'name',
      dataIndex: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
    },
    {
      title: t('projects.fields.kind'),
      key: 'kind',
      dataIndex: 'kind',
      render: (kind: ProjectListItem['kind']) => t(`projects.kinds.${kind}`),
    },
    {
      title: t('projects.fields.client'),
      key: 'client',
      dataIndex: 'client',
      render: (client: ProjectListItem['client']) =>
        client ? <Link to={`/clients/${client.id}`}>{client.name}</Link> : t('common.none'),
    },
    {
      title: t('projects.fields.manager'),
      key: 'manager',
      dataIndex: 'manager',
      render: (m: ProjectListItem['manager']) => m?.name ?? t('common.none'),
    },
    {
      title: t('projects.fields.status'),
      key: 'status',
      dataIndex: 'status',
      render: (status: ProjectListItem['status']) => <ProjectStatusTag status={status} />,
    },
    {
      title: t('projects.fields.planned'),
      key: 'plannedEnd',
      sorter: true,
      sortOrder: sortOrder('plannedEnd'),
      render: (_, p) =>
        p.plannedStart || p.plannedEnd
          ? `${p.plannedStart ?? '…'} — ${p.plannedEnd ?? '…'}`
          : t('common.none'),
    },
    {
      title: t('projects.fields.progress'),
      key: 'progress',
      render: (_, p) => <ProjectProgressBar progress={p.progress} percent={p.progressPercent} />,
      width: 160,
    },
    {
      title: t('projects.fields.createdAt'),
      key: 'createdAt',
      dataIndex: 'createdAt',
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      render: (at: string) => formatDateTime(at),
    },
  ];

  const from = filter.from ? dayjs(filter.from) : null;
  const to = filter.to ? dayjs(filter.to) : null;
  return (
    <Page
      title={t('projects.title')}
      extra={
        <>
          {canExport && <ExportButton path="/api/v1/projects/export" params={filter} />}
          {canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() =>
                void navigate(
                  filter.clientId && !filter.clientId.includes(',')
                    ? `/projects/new?clientId=${filter.clientId}`
                    : '/projects/new',
                )
              }
            >
              {t('projects.add')}
            </Button>
          )}
        </>
      }
    >
      <Flex wrap gap={8} align="center">
        <Input.Search
          key={filter.q ?? ''}
          defaultValue={filter.q}
          placeholder={t('projects.filters.search')}
          allowClear
          onSearch={(q) => setFilter({ q: q.trim() || null })}
          style={{ width: 240 }}
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('projects.filters.status')}
          value={filter.status ? filter.status.split(',') : []}
          onChange={(v: string[]) => setFilter({ status: v.join(',') || null })}
          options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }))}
          style={{ minWidth: 180 }}
        />
        <Select
          allowClear
          placeholder={t('projects.filters.kind')}
          value={filter.kind ?? null}
          onChange={(v: string | null | undefined) => setFilter({ kind: v ?? null })}
          options={PROJECT_KINDS.map((k) => ({ value: k, label: t(`projects.kinds.${k}`) }))}
          style={{ width: 150 }}
        />
        <ClientSelect
          allowClear
          placeholder={t('projects.filters.client')}
          value={numberParam(filter.clientId)}
          onChange={(id) => setFilter({ clientId: id ? String(id) : null })}
        />
        <UserSelect
          allowClear
          placeholder={t('projects.filters.manager')}
          value={numberParam(filter.managerId)}
          onChange={(id) => setFilter({ managerId: id ? String(id) : null })}
        />
        <JournalSelect
          docType="project"
          allowClear
          placeholder={t('projects.filters.journal')}
          value={numberParam(filter.journalId)}
          onChange={(id) => setFilter({ journalId: id ? String(id) : null })}
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={from || to ? [from, to] : null}
          placeholder={[t('projects.filters.periodFrom'), t('projects.filters.periodTo')]}
          onChange={(range) =>
            setFilter({
              from: range?.[0]?.format('YYYY-MM-DD') ?? null,
              to: range?.[1]?.format('YYYY-MM-DD') ?? null,
            })
          }
        />
        {Object.keys(filter).some((k) => k !== 'sort' && k !== 'order') && (
          <Button
            onClick={() =>
              setFilter(
                Object.fromEntries(
                  FILTER_KEYS.filter((k) => k !== 'sort' && k !== 'order').map((k) => [k, null]),
                ),
              )
            }
          >
            {t('projects.filters.reset')}
          </Button>
        )}
      </Flex>
      <KeysetTable<ProjectListItem>
        list={list}
        rows={rows}
        columns={columns}
        emptyText={t('projects.empty')}
        href={(p) => `/projects/${p.id}`}
        sortable={SORTABLE}
        onSort={setFilter}
      />
    </Page>
  );
}
