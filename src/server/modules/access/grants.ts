import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import {
  AREA_MODES,
  AREAS,
  DOC_ACTIONS,
  DOC_TYPES,
  LEVELS,
  type AccessSource,
  type Area,
  type AreaMode,
  type AreaModes,
  type DocType,
  type GrantMode,
  type Level,
  type PermissionMatrix,
} from '../../../shared/schemas/access.js';
import type { JournalDocType } from '../../../shared/schemas/reference-books.js';

type Db = Kysely<DB> | Transaction<DB>;

/** One permission, area or journal grant row that applies to a user, with where it comes from. */
export interface Sourced<T> {
  value: T;
  source: AccessSource;
}
export interface GrantRows {
  permissions: Sourced<{ docType: DocType; action: string; level: Level }>[];
  areas: Sourced<{ area: Area; mode: AreaMode }>[];
  journals: Sourced<{ journalId: number; mode: GrantMode }>[];
}

export interface JournalNode {
  id: number;
  parentId: number | null;
  docType: JournalDocType;
  name: string;
}

export const emptyMatrix = (level: Level = 'none'): PermissionMatrix =>
  Object.fromEntries(
    DOC_TYPES.map((t) => [t, Object.fromEntries(DOC_ACTIONS.map((a) => [a, level]))]),
  ) as PermissionMatrix;
export const emptyAreas = (mode: AreaMode = 'none'): AreaModes =>
  Object.fromEntries(AREAS.map((a) => [a, mode])) as AreaModes;

export const widerLevel = (a: Level, b: Level): Level => (LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b);
export const widerMode = (a: AreaMode, b: AreaMode): AreaMode =>
  AREA_MODES.indexOf(a) >= AREA_MODES.indexOf(b) ? a : b;

/**
 * Everything granted to a user directly or through their roles, each row with its source.
 * `subject` narrows to one role or one user alone (for the settings page).
 */
export async function grantRows(
  db: Db,
  subject: { userId: number } | { roleId: number } | { userOnly: number },
): Promise<GrantRows> {
  const whose =
    'roleId' in subject
      ? sql<boolean>`g.role_id = ${subject.roleId}`
      : 'userOnly' in subject
        ? sql<boolean>`g.user_id = ${subject.userOnly}`
        : sql<boolean>`(g.user_id = ${subject.userId}
            or g.role_id in (select role_id from user_roles where user_id = ${subject.userId}))`;
  const sourceName = sql<string>`coalesce((select name from roles where roles.id = g.role_id),
    (select full_name from users where users.id = g.user_id))`.as('source_name');
  const [permissions, areas, journals] = await Promise.all([
    db
      .selectFrom('access_permissions as g')
      .select(['g.role_id', 'g.user_id', 'g.doc_type', 'g.action', 'g.level', sourceName])
      .where(whose)
      .execute(),
    db
      .selectFrom('access_areas as g')
      .select(['g.role_id', 'g.user_id', 'g.area', 'g.mode', sourceName])
      .where(whose)
      .execute(),
    db
      .selectFrom('journal_grants as g')
      .select(['g.role_id', 'g.user_id', 'g.journal_id', 'g.mode', sourceName])
      .where(whose)
      .execute(),
  ]);
  const source = (r: {
    role_id: number | null;
    user_id: number | null;
    source_name: string;
  }): AccessSource =>
    r.role_id !== null
      ? { kind: 'role', id: r.role_id, name: r.source_name }
      : { kind: 'user', id: r.user_id!, name: r.source_name };
  return {
    permissions: permissions
      .filter((r) => (DOC_TYPES as readonly string[]).includes(r.doc_type))
      .map((r) => ({
        value: { docType: r.doc_type as DocType, action: r.action, level: r.level as Level },
        source: source(r),
      })),
    areas: areas
      .filter((r) => (AREAS as readonly string[]).includes(r.area))
      .map((r) => ({ value: { area: r.area as Area, mode: r.mode as AreaMode }, source: source(r) })),
    journals: journals.map((r) => ({
      value: { journalId: r.journal_id, mode: r.mode as GrantMode },
      source: source(r),
    })),
  };
}

/** Every journal (few rows), for expanding grants down the tree. */
export async function journalTree(db: Db): Promise<JournalNode[]> {
  const rows = await db.selectFrom('journals').select(['id', 'parent_id', 'doc_type', 'name_ru']).execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    docType: r.doc_type as JournalDocType,
    name: r.name_ru,
  }));
}

/**
 * Each journal with the grant that reaches it: a grant on a journal covers every journal below
 * it; the widest grant on the way up wins (write over read).
 */
export function expandJournalGrants(
  tree: JournalNode[],
  grants: Sourced<{ journalId: number; mode: GrantMode }>[],
): Map<number, { mode: GrantMode; grantedOn: number; via: AccessSource[] }> {
  const byId = new Map(tree.map((j) => [j.id, j]));
  const direct = new Map<number, { mode: GrantMode; via: AccessSource[] }>();
  for (const g of grants) {
    const prev = direct.get(g.value.journalId);
    if (!prev || (prev.mode === 'read' && g.value.mode === 'write'))
      direct.set(g.value.journalId, { mode: g.value.mode, via: [g.source] });
    else if (prev.mode === g.value.mode) prev.via.push(g.source);
  }
  const out = new Map<number, { mode: GrantMode; grantedOn: number; via: AccessSource[] }>();
  for (const j of tree) {
    let best: { mode: GrantMode; grantedOn: number; via: AccessSource[] } | null = null;
    // Walk up to the root; the guard stops a (never expected) cycle.
    for (
      let at: JournalNode | undefined = j, hops = 0;
      at && hops < 64;
      at = byId.get(at.parentId ?? -1), hops++
    ) {
      const g = direct.get(at.id);
      if (g && (!best || (best.mode === 'read' && g.mode === 'write'))) best = { ...g, grantedOn: at.id };
    }
    if (best) out.set(j.id, best);
  }
  return out;
}
