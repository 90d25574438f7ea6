import { Button, Flex, Table, type TableColumnsType } from 'antd';
import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryErrorAlert } from './QueryErrorAlert.js';

type PagedList = Pick<
  UseInfiniteQueryResult<unknown>,
  'isError' | 'error' | 'refetch' | 'isPending' | 'hasNextPage' | 'fetchNextPage' | 'isFetchingNextPage'
>;

interface Props<T> {
  list: PagedList;
  rows: T[];
  columns: TableColumnsType<T>;
  emptyText: string;
  /** The card a double-click on a row opens. */
  href: (row: T) => string;
  /** Column keys the server sorts by; other headers do not sort. */
  sortable: ReadonlySet<string>;
  onSort: (sort: { sort: string; order: 'asc' | 'desc' } | { sort: null; order: null }) => void;
}

/** A card-file list: server-side sorting from the headers, keyset pages loaded by "more". */
export function KeysetTable<T extends { id: number }>({
  list,
  rows,
  columns,
  emptyText,
  href,
  sortable,
  onSort,
}: Props<T>) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (list.isError) return <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Table<T>
        size="small"
        bordered
        rowKey="id"
        loading={list.isPending}
        dataSource={rows}
        columns={columns}
        pagination={false}
        locale={{ emptyText }}
        onRow={(row) => ({ onDoubleClick: () => void navigate(href(row)) })}
        onChange={(_pagination, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const key = typeof s?.columnKey === 'string' && sortable.has(s.columnKey) ? s.columnKey : null;
          if (!s?.order || !key) onSort({ sort: null, order: null });
          else onSort({ sort: key, order: s.order === 'ascend' ? 'asc' : 'desc' });
        }}
      />
      {list.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('cards.more')}
          </Button>
        </Flex>
      )}
    </>
  );
}
