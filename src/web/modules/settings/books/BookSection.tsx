import { useMemo, useState, type ReactNode } from 'react';
import { App, Button, Flex, Space, Switch, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../http/use-api-error.js';
import { DeleteButton } from '../../../shared/DeleteButton.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { useSignedInUser } from '../../auth/session.js';
import { BookEntryName, useEntryName } from './BookEntryName.js';
import { useBook, useDeleteBookEntry, usePatchBookEntry, type BookPath, type Books } from './books.api.js';

type Row<P extends BookPath> = Books[P]['entry'] & { children?: Row<P>[] };

/** Entries with their sub-entries under `children` (journals); roots are those without a known parent. */
function toTree<E extends { id: number; parentId?: number | null }>(
  entries: E[],
): (E & { children?: E[] })[] {
  const byParent = new Map<number | null, E[]>();
  const ids = new Set(entries.map((e) => e.id));
  for (const e of entries) {
    const parent = e.parentId != null && ids.has(e.parentId) ? e.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), e]);
  }
  const build = (parent: number | null): (E & { children?: E[] })[] =>
    (byParent.get(parent) ?? []).map((e) => {
      const children = build(e.id);
      return children.length ? { ...e, children } : e;
    });
  return build(null);
}

/**
 * One reference book: its list (the seed's «Реестр») with «Создать», the «Свойства» dialog on
 * double-click or the row's link, deletion of user entries and the active switch. Read-only for
 * everyone but administrators.
 */
export function BookSection<P extends BookPath>({
  path,
  columns,
  renderDialog,
  tree = false,
  children,
}: {
  path: P;
  /** The book's own columns, after name and code. */
  columns: TableColumnsType<Row<P>>;
  renderDialog: (entry: Books[P]['entry'] | null, onClose: () => void) => ReactNode;
  tree?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { isAdmin } = useSignedInUser();
  const entries = useBook(path);
  const remove = useDeleteBookEntry(path);
  const patch = usePatchBookEntry(path);
  const handleError = useApiError();
  const name = useEntryName();
  const [editing, setEditing] = useState<Books[P]['entry'] | 'new' | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());

  const data = useMemo(() => {
    const list = (entries.data ?? []) as Row<P>[];
    return tree ? (toTree(list) as Row<P>[]) : list;
  }, [entries.data, tree]);

  const open = (entry: Books[P]['entry']) => isAdmin && setEditing(entry);
  const confirmDelete = (entry: Books[P]['entry']) =>
    remove.mutateAsync(entry.id).then(() => void message.success(t('common.deleted')), handleError);
  const setActive = (entry: Books[P]['entry'], isActive: boolean) =>
    patch.mutate(
      { id: entry.id, body: { isActive } as Partial<Books[P]['create']> },
      { onSuccess: () => void message.success(t('common.saved')), onError: (e) => handleError(e) },
    );

  const allColumns: TableColumnsType<Row<P>> = [
    {
      title: t('settingsBooks.columns.name'),
      key: 'name',
      render: (_, entry) => <BookEntryName entry={entry} />,
    },
    {
      title: t('settingsBooks.columns.code'),
      dataIndex: 'code',
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    ...columns,
    { title: t('settingsBooks.columns.sortOrder'), dataIndex: 'sortOrder', align: 'right', width: 1 },
    {
      title: t('settingsBooks.columns.isActive'),
      dataIndex: 'isActive',
      width: 1,
      render: (active: boolean, entry) => (
        <Switch
          size="small"
          checked={active}
          disabled={!isAdmin}
          aria-label={`${t('settingsBooks.columns.isActive')}: ${name(entry)}`}
          onChange={(checked) => setActive(entry, checked)}
        />
      ),
    },
    ...(isAdmin
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 1,
            render: (_: unknown, entry: Row<P>) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(entry)}>
                  {t('settingsBooks.properties')}
                </Button>
                {!entry.isSystem && (
                  <DeleteButton
                    confirm={t('settingsBooks.confirmDelete', { name: name(entry) })}
                    onConfirm={() => confirmDelete(entry)}
                  />
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const allIds = (entries.data ?? []).map((e) => e.id);
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary">
          {t('settingsBooks.legend')}
          {!isAdmin && `. ${t('settingsBooks.readOnly')}`}
        </Typography.Text>
        {isAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('settingsBooks.create')}
          </Button>
        )}
      </Flex>
      {children}
      {entries.isError ? (
        <QueryErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />
      ) : (
        <Table<Row<P>>
          size="small"
          bordered
          rowKey="id"
          loading={entries.isPending}
          dataSource={data}
          columns={allColumns}
          pagination={false}
          onRow={(entry) => ({ onDoubleClick: () => open(entry) })}
          {...(tree && {
            expandable: {
              expandedRowKeys: allIds.filter((id) => !collapsed.has(id)),
              onExpand: (expanded: boolean, entry: Row<P>) =>
                setCollapsed((prev) => {
                  const next = new Set(prev);
                  if (expanded) next.delete(entry.id);
                  else next.add(entry.id);
                  return next;
                }),
            },
          })}
        />
      )}
      {editing && renderDialog(editing === 'new' ? null : editing, () => setEditing(null))}
    </Flex>
  );
}
