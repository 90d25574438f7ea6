import { Flex, Select, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GrantMode, JournalGrant } from '../../../shared/schemas/access.js';
import { JOURNAL_DOC_TYPES, type Journal } from '../../../shared/schemas/reference-books.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useBook } from '../settings/books/books.api.js';
import { useEntryName } from '../settings/books/BookEntryName.js';
import { reachOf, widerGrant } from './access-rules.js';

interface Props {
  value?: JournalGrant[];
  onChange?: (grants: JournalGrant[]) => void;
  /** For a user: the grants of their roles and their own together, as saved. */
  effective?: JournalGrant[] | null;
  id?: string;
}

interface Row {
  key: number;
  journal: Journal;
  children?: Row[];
}

const CHOICES = ['none', 'read', 'write'] as const;

/** The journal tree of every document type with a grant choice per journal (a form control). */
export function JournalGrantsField({ value = [], onChange, effective = null, id }: Props) {
  const { t } = useTranslation();
  const journals = useBook('journals');
  const nameOf = useEntryName();
  if (journals.isError)
    return <QueryErrorAlert error={journals.error} onRetry={() => void journals.refetch()} />;
  // The tree opens fully only when the table is first drawn with its rows.
  if (journals.isPending) return <Skeleton active />;

  const all = journals.data;
  const byId = new Map(all.map((j) => [j.id, j]));
  const own = new Map(value.map((g) => [g.journalId, g.mode]));
  const ownReach = reachOf(all, value);
  const effectiveReach = effective ? reachOf(all, effective) : null;
  const modeText = (mode: GrantMode | 'none') => t(`access.grantModes.${mode}`);

  const rows = new Map<number, Row>(all.map((j) => [j.id, { key: j.id, journal: j }]));
  const roots: Row[] = [];
  for (const j of all) {
    const row = rows.get(j.id)!;
    const parent = j.parentId === null ? undefined : rows.get(j.parentId);
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  roots.sort(
    (a, b) => JOURNAL_DOC_TYPES.indexOf(a.journal.docType) - JOURNAL_DOC_TYPES.indexOf(b.journal.docType),
  );

  const change = (journalId: number, mode: GrantMode | 'none') => {
    const next = value.filter((g) => g.journalId !== journalId);
    if (mode !== 'none') next.push({ journalId, mode });
    onChange?.(next.sort((a, b) => a.journalId - b.journalId));
  };

  const columns: TableColumnsType<Row> = [
    {
      title: t('access.journal'),
      key: 'name',
      render: (_, { journal }) => (
        <Typography.Text strong={journal.parentId === null} type={journal.isActive ? undefined : 'secondary'}>
          {nameOf(journal)}
        </Typography.Text>
      ),
    },
    {
      title: t('access.grant'),
      key: 'grant',
      width: 380,
      render: (_, { journal }) => {
        const reach = ownReach.get(journal.id);
        const inherited = reach && reach.grantedOn !== journal.id ? reach : null;
        const fromRoles = effectiveReach?.get(journal.id);
        const name = nameOf(journal);
        return (
          <Flex gap={6} align="center" wrap>
            <Select<GrantMode | 'none'>
              aria-label={`${t('access.journal')} «${name}»`}
              size="small"
              style={{ width: 160 }}
              value={own.get(journal.id) ?? 'none'}
              onChange={(mode) => change(journal.id, mode)}
              options={CHOICES.map((mode) => ({ value: mode, label: modeText(mode) }))}
            />
            {inherited && (
              <Tag data-testid="inherited-grant">
                {t('access.inherited', {
                  journal: nameOf(byId.get(inherited.grantedOn) ?? journal),
                  mode: modeText(inherited.mode),
                })}
              </Tag>
            )}
            {fromRoles && widerGrant(fromRoles.mode, reach?.mode ?? 'none') && (
              <Tag color="blue">{t('access.byRoles', { value: modeText(fromRoles.mode) })}</Tag>
            )}
          </Flex>
        );
      },
    },
  ];

  return (
    <div id={id} data-testid="journal-grants">
      <Table<Row>
        size="small"
        bordered
        pagination={false}
        dataSource={roots}
        columns={columns}
        expandable={{ defaultExpandAllRows: true }}
      />
    </div>
  );
}
