import { Table, type TableColumnsType } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { QueryErrorAlert } from './QueryErrorAlert.js';

/**
 * The list of a register (the seed's «Реестр»): dense, bordered, a row opens on double-click;
 * a failed load shows the error with a retry instead.
 */
export function RecordTable<T extends { id: number }>({
  query,
  columns,
  onOpen,
  paged = true,
}: {
  query: UseQueryResult<T[]>;
  columns: TableColumnsType<T>;
  onOpen: (record: T) => void;
  paged?: boolean;
}) {
  if (query.isError) return <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Table<T>
      size="small"
      bordered
      rowKey="id"
      loading={query.isPending}
      dataSource={query.data}
      columns={columns}
      pagination={paged ? { pageSize: 50, hideOnSinglePage: true } : false}
      onRow={(record) => ({ onDoubleClick: () => onOpen(record) })}
    />
  );
}
