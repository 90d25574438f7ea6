import { Button, Empty, Flex, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../shared/schemas/history.js';
import type { HistoryDocType } from '../../../shared/history-fields.js';
import { useFormatDateTime } from '../format.js';
import { QueryErrorAlert } from '../QueryErrorAlert.js';
import { usePaged } from './use-paged.js';
import { useUserDirectory } from '../pickers/UserSelect.js';
import { useBook } from '../../modules/settings/books/books.api.js';
import { useEntryName } from '../../modules/settings/books/BookEntryName.js';

const USER_FIELDS = new Set([
  'authorId',
  'performerId',
  'controllerId',
  'responsibleId',
  'managerId',
  'participants',
]);

/**
 * Turns stored ids and codes into what the user knows: user, status, type and journal names,
 * translated enum values. Values already stored with their name ({id, name}) need nothing.
 */
function useValueResolver(docType: HistoryDocType): (field: string, value: unknown) => unknown {
  const { t } = useTranslation();
  const users = useUserDirectory();
  const statuses = useBook('task-statuses');
  const types = useBook('event-types');
  const journals = useBook('journals');
  const nameOf = useEntryName();
  return (field, value) => {
    const one = (v: unknown): unknown => {
      if (typeof v === 'number') {
        if (USER_FIELDS.has(field)) return users.data?.find((u) => u.id === v)?.name ?? `#${v}`;
        const book =
          field === 'statusId'
            ? statuses.data
            : field === 'typeId'
              ? types.data
              : field === 'journalId'
                ? journals.data
                : null;
        const entry = book?.find((e) => e.id === v);
        if (entry) return nameOf(entry);
        if (field.endsWith('Id')) return `#${v}`;
      }
      if (typeof v === 'string') {
        // Enum values of the documents, translated where the module has them.
        if (docType === 'project' && (field === 'status' || field === 'kind'))
          return t(`projects.${field === 'status' ? 'statuses' : 'kinds'}.${v}` as 'projects.kinds.external');
        if (docType === 'event' && field === 'status')
          return t(`events.statuses.${v}` as 'events.statuses.done');
        if (docType === 'task' && field === 'priority')
          return t(`tasks.priorities.${v}` as 'tasks.priorities.low');
      }
      return v;
    };
    return Array.isArray(value) ? value.map(one) : one(value);
  };
}

/** A history value as text: lists joined, objects by their name, nothing as a dash. */
export function historyValueText(value: unknown, none: string): string {
  if (value === null || value === undefined || value === '') return none;
  if (Array.isArray(value))
    return value.length ? value.map((v) => historyValueText(v, none)).join(', ') : none;
  if (typeof value === 'object') {
    const named = value as { name?: unknown; text?: unknown; original?: unknown };
    const label = named.name ?? named.text ?? named.original;
    return typeof label === 'string' ? label : JSON.stringify(value);
  }
  return String(value);
}

/** The «История» tab of a card: every recorded change, newest first. */
export function HistoryTab({ docType, id }: { docType: HistoryDocType; id: number }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const resolve = useValueResolver(docType);
  const history = usePaged<HistoryEntry>([`${docType}s`, id, 'history'], `/api/v1/${docType}s/${id}/history`);
  const fieldName = (field: string) =>
    // The server records only fields of shared/history-fields.ts, and each has a label there.
    t(`settingsBooks.history.fields.${docType}.${field}` as 'settingsBooks.history.fields.task.title');
  const describe = (e: HistoryEntry) => {
    const none = t('cards.none');
    if (e.action === 'create') return t('cards.history.created');
    if (e.action === 'merge') return t('cards.history.merged', { name: historyValueText(e.oldValue, none) });
    return t('cards.history.changed', {
      field: fieldName(e.field ?? ''),
      from: historyValueText(resolve(e.field ?? '', e.oldValue), none),
      to: historyValueText(resolve(e.field ?? '', e.newValue), none),
    });
  };
  if (history.error) return <QueryErrorAlert error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <Flex vertical gap={8}>
      <Table<HistoryEntry>
        rowKey="id"
        size="small"
        pagination={false}
        loading={history.isLoading}
        dataSource={history.items}
        locale={{ emptyText: <Empty description={t('cards.history.empty')} /> }}
        columns={[
          {
            key: 'at',
            title: t('cards.history.columns.at'),
            width: 160,
            render: (_, e) => formatDateTime(e.at),
          },
          {
            key: 'user',
            title: t('cards.history.columns.user'),
            width: 200,
            render: (_, e) => e.userName ?? t('cards.system'),
          },
          { key: 'change', title: t('cards.history.columns.change'), render: (_, e) => describe(e) },
        ]}
      />
      {history.hasNextPage && (
        <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
          {t('cards.more')}
        </Button>
      )}
    </Flex>
  );
}
