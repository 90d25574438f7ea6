import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DocAction, DocType, JournalledDocType } from '../../../shared/schemas/access.js';
import { DOC_RULES } from './doc-rules.js';
import type { Viewer } from './viewer.js';

type Part = RawBuilder<SqlBool> | boolean;

/**
 * The one rule, as SQL: a document is within reach of an action when
 *   (reading and the viewer is named on it)
 *   or (its journal is granted — read/write for changes — and it is within the action's level).
 * Returns null when nothing is restricted, so unrestricted queries stay unchanged.
 * `alias` is the name the document table has in the query.
 */
export function accessCondition(
  viewer: Viewer,
  docType: DocType,
  action: DocAction,
  alias: string = DOC_RULES[docType].table,
): RawBuilder<SqlBool> | null {
  if (viewer.unrestricted) return null;
  const rule = DOC_RULES[docType];
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  // `+column` keeps SQLite off the owner indexes for a user with many documents (owner-density.ts).
  const owner = (c: string) => (viewer.dense?.[docType] ? sql`+${col(c)}` : col(c));
  const me = viewer.userId;
  const participant = (users: RawBuilder<unknown>): RawBuilder<SqlBool> | null =>
    rule.participants &&
    sql<SqlBool>`exists (select 1 from ${sql.table(rule.participants.table)} ap
      where ap.${sql.ref(rule.participants.column)} = ${col('id')} and ap.user_id ${users})`;

  const named: Part =
    action === 'read' &&
    or([...Object.keys(rule.named).map((c) => sql<SqlBool>`${owner(c)} = ${me}`), participant(sql`= ${me}`)]);
  const own = () =>
    or([...rule.own.map((c) => sql<SqlBool>`${owner(c)} = ${me}`), participant(sql`= ${me}`)]);

  const level = viewer.levels[docType][action];
  let within: Part;
  if (level === 'all') within = true;
  else if (level === 'own') within = own();
  else if (level === 'department') {
    const ids = viewer.department.length ? sql.join(viewer.department) : null;
    within = or([own(), ...(ids ? rule.department.map((c) => sql<SqlBool>`${owner(c)} in (${ids})`) : [])]);
  } else within = false;

  let journal: Part = true;
  if (rule.journal) {
    const grants = viewer.journals[docType as JournalledDocType];
    const set = action === 'read' || action === 'export' ? grants.read : grants.write;
    journal =
      set === 'all' ? true : set.length ? sql<SqlBool>`${col('journal_id')} in (${sql.join(set)})` : false;
  }
  const result = or([named, and(journal, within)]);
  if (result === true) return null;
  return result === false ? sql<SqlBool>`1 = 0` : result;
}

function or(parts: (Part | null)[]): Part {
  const live = parts.filter((p): p is Part => p !== null && p !== false);
  if (live.some((p) => p === true)) return true;
  if (!live.length) return false;
  if (live.length === 1) return live[0]!;
  return sql<SqlBool>`(${sql.join(live as RawBuilder<SqlBool>[], sql` or `)})`;
}

function and(a: Part, b: Part): Part {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return sql<SqlBool>`(${a} and ${b})`;
}
