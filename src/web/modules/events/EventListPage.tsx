import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, DatePicker, Flex, Input, Select, type TableColumnsType } from 'antd';
import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUrlFilter } from '../../shared/use-url-filter.js';
import dayjs from 'dayjs';
import { EVENT_STATUSES } from '../../../shared/schemas/card-files.js';
import type { EventListItem } from '../../../shared/schemas/events.js';
import { Page } from '../../app/layout/Page.js';
import { ExportButton } from '../../shared/ExportButton.js';
import { KeysetTable } from '../../shared/KeysetTable.js';
import { useFormatDateTime } from '../../shared/format.js';
import { BookSelect } from '../../shared/pickers/BookSelect.js';
import { ClientSelect } from '../../shared/pickers/ClientSelect.js';
import { JournalSelect } from '../../shared/pickers/JournalSelect.js';
import { ProjectSelect } from '../../shared/pickers/ProjectSelect.js';
import { UserSelect } from '../../shared/pickers/UserSelect.js';
import { useCan } from '../access/access.api.js';
import { useEventList, type EventFilterParams } from './events.api.js';
import { EventStatusTag, EventTypeTag } from './EventBits.js';

/** The URL parameters that make the list filter (the period as days: see `apiFilter`). */
const FILTER_KEYS = [
  'q',
  'typeId',
  'status',
  'performerId',
  'clientId',
  'projectId',
  'journalId',
  'from',
  'to',
  'sort',
  'order',
] as const;

/** Columns the server sorts by, keyed by the column's key. */
const SORTABLE = new Set(['startsAt', 'number', 'createdAt']);
const DAY = 'YYYY-MM-DD';

/**
 * The API's filter: the URL keeps the period as days; the server gets the moments they begin and
 * end in the browser's time zone (`to` through the end of its day).
 */
function apiFilter(filter: EventFilterParams): EventFilterParams {
  const out = { ...filter };
  const from = filter.from ? dayjs(filter.from) : null;
  const to = filter.to ? dayjs(filter.to) : null;
  if (from?.isValid()) out.from = from.startOf('day').toISOString();
  if (to?.isValid()) out.to = to.add(1, 'day').startOf('day').toISOString();
  return out;
}

const numberParam = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : null);

/** Картотека событий: the register with its filter in the URL, keyset pages and the export. */
export function EventListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canCreate = useCan('events', 'create');
  const canExport = useCan('events', 'export');
  const formatDateTime = useFormatDateTime();
  const [filter, setFilter] = useUrlFilter(FILTER_KEYS);
  const query = useMemo(() => apiFilter(filter), [filter]);
  const list = useEventList(query);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const sort = filter.sort ?? 'startsAt';
  const order = filter.order === 'asc' ? 'ascend' : 'descend';
  const sortOrder = (key: string) => (sort === key ? order : null);
  const none = t('common.none');

  const columns: TableColumnsType<EventListItem> = [
    {
      title: t('events.fields.number'),
      key: 'number',
      dataIndex: 'number',
      sorter: true,
      sortOrder: sortOrder('number'),
      render: (number: string, e) => <Link to={`/events/${e.id}`}>{number}</Link>,
      width: 130,
    },
    {
      title: t('events.fields.startsAt'),
      key: 'startsAt',
      dataIndex: 'startsAt',
      sorter: true,
      sortOrder: sortOrder('startsAt'),
      render: (at: string) => formatDateTime(at),
      width: 140,
    },
    {
      title: t('events.fields.type'),
      key: 'type',
      dataIndex: 'type',
      render: (type: EventListItem['type']) => <EventTypeTag type={type} />,
    },
    { title: t('events.fields.subject'), key: 'subject', dataIndex: 'subject' },
    {
      title: t('events.fields.client'),
      key: 'client',
      dataIndex: 'client',
      render: (client: EventListItem['client']) =>
        client ? <Link to={`/clients/${client.id}`}>{client.name}</Link> : none,
    },
    {
      title: t('events.fields.project'),
      key: 'project',
      dataIndex: 'project',
      render: (project: EventListItem['project']) =>
        project ? <Link to={`/projects/${project.id}`}>{project.number}</Link> : none,
    },
    {
      title: t('events.fields.performer'),
      key: 'performer',
      dataIndex: 'performer',
      render: (p: EventListItem['performer']) => p?.name ?? none,
    },
    {
      title: t('events.fields.status'),
      key: 'status',
      dataIndex: 'status',
      render: (status: EventListItem['status']) => <EventStatusTag status={status} />,
    },
    {
      title: t('events.fields.createdAt'),
      key: 'createdAt',
      dataIndex: 'createdAt',
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      render: (at: string) => formatDateTime(at),
      width: 140,
    },
  ];

  const newPath = () => {
    const params = new URLSearchParams();
    for (const k of ['clientId', 'projectId'] as const) {
      if (numberParam(filter[k])) params.set(k, filter[k]!);
    }
    const query = params.toString();
    return query ? `/events/new?${query}` : '/events/new';
  };
  const from = filter.from ? dayjs(filter.from) : null;
  const to = filter.to ? dayjs(filter.to) : null;
  const filtered = Object.keys(filter).some((k) => k !== 'sort' && k !== 'order');
  return (
    <Page
      title={t('events.title')}
      extra={
        <>
          <Button icon={<CalendarOutlined />} onClick={() => void navigate('/events/calendar')}>
            {t('events.tabs.calendar')}
          </Button>
          {canExport && <ExportButton path="/api/v1/events/export" params={query} />}
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(newPath())}>
              {t('events.add')}
            </Button>
          )}
        </>
      }
    >
      <Flex wrap gap={8} align="center">
        <Input.Search
          key={filter.q ?? ''}
          defaultValue={filter.q}
          placeholder={t('events.filters.search')}
          allowClear
          onSearch={(q) => setFilter({ q: q.trim() || null })}
          style={{ width: 220 }}
        />
        <BookSelect
          book="event_type"
          allowClear
          placeholder={t('events.filters.type')}
          value={numberParam(filter.typeId)}
          onChange={(id) => setFilter({ typeId: id ? String(id) : null })}
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('events.filters.status')}
          value={filter.status ? filter.status.split(',') : []}
          onChange={(v: string[]) => setFilter({ status: v.join(',') || null })}
          options={EVENT_STATUSES.map((s) => ({ value: s, label: t(`events.statuses.${s}`) }))}
          style={{ minWidth: 160 }}
        />
        <UserSelect
          allowClear
          placeholder={t('events.filters.performer')}
          value={numberParam(filter.performerId)}
          onChange={(id) => setFilter({ performerId: id ? String(id) : null })}
        />
        <ClientSelect
          allowClear
          placeholder={t('events.filters.client')}
          value={numberParam(filter.clientId)}
          onChange={(id) => setFilter({ clientId: id ? String(id) : null })}
        />
        <ProjectSelect
          allowClear
          placeholder={t('events.filters.project')}
          value={numberParam(filter.projectId)}
          onChange={(id) => setFilter({ projectId: id ? String(id) : null })}
        />
        <JournalSelect
          docType="event"
          allowClear
          placeholder={t('events.filters.journal')}
          value={numberParam(filter.journalId)}
          onChange={(id) => setFilter({ journalId: id ? String(id) : null })}
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={from || to ? [from, to] : null}
          placeholder={[t('events.filters.periodFrom'), t('events.filters.periodTo')]}
          onChange={(range) =>
            setFilter({ from: range?.[0]?.format(DAY) ?? null, to: range?.[1]?.format(DAY) ?? null })
          }
        />
        {filtered && (
          <Button
            onClick={() =>
              setFilter(
                Object.fromEntries(
                  FILTER_KEYS.filter((k) => k !== 'sort' && k !== 'order').map((k) => [k, null]),
                ),
              )
            }
          >
            {t('events.filters.reset')}
          </Button>
        )}
      </Flex>
      <KeysetTable<EventListItem>
        list={list}
        rows={rows}
        columns={columns}
        emptyText={t('events.empty')}
        href={(e) => `/events/${e.id}`}
        sortable={SORTABLE}
        onSort={setFilter}
      />
    </Page>
  );
}
