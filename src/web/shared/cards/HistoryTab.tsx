import { Button, Empty, Flex, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../shared/schemas/history.js';
import type { HistoryDocType } from '../../../shared/history-fields.js';
import { useFormatDateTime } from '../format.js';
import { QueryErrorAlert } from '../QueryErrorAlert.js';
import { usePaged } from './use-paged.js';

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
      from: historyValueText(e.oldValue, none),
      to: historyValueText(e.newValue, none),
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
