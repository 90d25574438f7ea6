import { useLocation, useNavigate } from 'react-router';
import { Button, Checkbox, DatePicker, Flex, Input, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUrlFilter } from '../../shared/use-url-filter.js';
import dayjs from 'dayjs';
import { useBook } from '../settings/books/books.api.js';
import { useEntryName } from '../settings/books/BookEntryName.js';
import { ClientSelect } from '../../shared/pickers/ClientSelect.js';
import { JournalSelect } from '../../shared/pickers/JournalSelect.js';
import { ProjectSelect } from '../../shared/pickers/ProjectSelect.js';
import { UserSelect } from '../../shared/pickers/UserSelect.js';
import type { TaskFilterParams } from './tasks.api.js';

/** The URL parameters that make the filter; the API takes the very same ones. */
export const FILTER_KEYS = [
  'q',
  'statusId',
  'performerId',
  'clientId',
  'projectId',
  'journalId',
  'from',
  'to',
  'overdue',
  'mine',
  'sort',
  'order',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type SetFilter = (changes: Partial<Record<FilterKey, string | null>>) => void;

/** The filter kept in the URL (so a filtered list can be shared) and its setter. */
export function useTaskUrlFilter() {
  return useUrlFilter(FILTER_KEYS);
}

export const numberParam = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : null);

/** List, "my tasks", board: one switch that keeps the filter. */
export function TaskViews() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const current = pathname.endsWith('/my') ? 'my' : pathname.endsWith('/board') ? 'board' : 'list';
  return (
    <Segmented
      value={current}
      onChange={(view) => {
        const params = new URLSearchParams(search);
        // "My tasks" chooses its role itself; the other views show everyone's.
        params.delete('mine');
        const query = params.toString();
        void navigate(`/tasks${view === 'list' ? '' : `/${view}`}${query ? `?${query}` : ''}`);
      }}
      options={(['list', 'my', 'board'] as const).map((v) => ({ value: v, label: t(`tasks.views.${v}`) }))}
    />
  );
}

/** The filter bar of the task views. */
export function TaskFilterBar({
  filter,
  setFilter,
  hidePerformer,
}: {
  filter: TaskFilterParams;
  setFilter: SetFilter;
  hidePerformer?: boolean;
}) {
  const { t } = useTranslation();
  const statuses = useBook('task-statuses');
  const nameOf = useEntryName();
  const clientId = numberParam(filter.clientId);
  const from = filter.from ? dayjs(filter.from) : null;
  const to = filter.to ? dayjs(filter.to) : null;
  const filterKeys = FILTER_KEYS.filter((k) => !['sort', 'order', 'mine'].includes(k));
  return (
    <Flex wrap gap={8} align="center">
      <Input.Search
        key={filter.q ?? ''}
        defaultValue={filter.q}
        placeholder={t('tasks.filters.search')}
        allowClear
        onSearch={(q) => setFilter({ q: q.trim() || null })}
        style={{ width: 220 }}
      />
      <Select
        mode="multiple"
        allowClear
        placeholder={t('tasks.filters.status')}
        aria-label={t('tasks.filters.status')}
        value={filter.statusId ? filter.statusId.split(',').map(Number) : []}
        onChange={(v: number[]) => setFilter({ statusId: v.join(',') || null })}
        options={(statuses.data ?? []).map((s) => ({ value: s.id, label: nameOf(s) }))}
        optionFilterProp="label"
        loading={statuses.isLoading}
        style={{ minWidth: 180 }}
      />
      {!hidePerformer && (
        <UserSelect
          allowClear
          placeholder={t('tasks.filters.performer')}
          value={numberParam(filter.performerId)}
          onChange={(id) => setFilter({ performerId: id ? String(id) : null })}
        />
      )}
      <ClientSelect
        allowClear
        placeholder={t('tasks.fields.client')}
        value={clientId}
        onChange={(id) => setFilter({ clientId: id ? String(id) : null })}
      />
      <ProjectSelect
        allowClear
        placeholder={t('tasks.fields.project')}
        clientId={clientId}
        value={numberParam(filter.projectId)}
        onChange={(id) => setFilter({ projectId: id ? String(id) : null })}
      />
      <JournalSelect
        docType="task"
        allowClear
        placeholder={t('tasks.fields.journal')}
        value={numberParam(filter.journalId)}
        onChange={(id) => setFilter({ journalId: id ? String(id) : null })}
      />
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        value={from || to ? [from, to] : null}
        placeholder={[t('tasks.filters.period'), t('tasks.filters.period')]}
        onChange={(range) =>
          setFilter({
            from: range?.[0]?.format('YYYY-MM-DD') ?? null,
            to: range?.[1]?.format('YYYY-MM-DD') ?? null,
          })
        }
      />
      <Checkbox
        checked={filter.overdue === 'true'}
        onChange={(e) => setFilter({ overdue: e.target.checked ? 'true' : null })}
      >
        {t('tasks.filters.overdue')}
      </Checkbox>
      {filterKeys.some((k) => filter[k]) && (
        <Button onClick={() => setFilter(Object.fromEntries(filterKeys.map((k) => [k, null])))}>
          {t('tasks.filters.reset')}
        </Button>
      )}
    </Flex>
  );
}
