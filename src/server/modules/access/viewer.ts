import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import {
  JOURNAL_DOC_TYPES,
  type AreaModes,
  type DocType,
  type JournalledDocType,
  type PermissionMatrix,
} from '../../../shared/schemas/access.js';
import type { AuthUser } from '../auth/auth-context.js';
import { DOC_RULES } from './doc-rules.js';
import {
  emptyAreas,
  emptyMatrix,
  expandJournalGrants,
  grantRows,
  journalTree,
  widerLevel,
  widerMode,
  type GrantRows,
  type JournalNode,
} from './grants.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Journal ids of one document type a viewer may read or change; 'all' when every one. */
export type JournalSet = 'all' | readonly number[];

/**
 * A user's effective rights, resolved once per request: their own settings merged with those of
 * all their roles (widest wins), journal grants expanded down the tree.
 */
export interface Viewer {
  /** 0 for the system (CLI, demo data, background jobs). */
  userId: number;
  unrestricted: boolean;
  levels: PermissionMatrix;
  areas: AreaModes;
  journals: Record<JournalledDocType, { read: JournalSet; write: JournalSet }>;
  /** Users in the viewer's department, the viewer included; empty when they have none. */
  department: readonly number[];
  /** SQLite planner hint (owner-density.ts): types whose owner indexes the condition hides. */
  dense?: Partial<Record<DocType, boolean>>;
}

const allJournals = { read: 'all', write: 'all' } as const;

/** Acts with every right: CLI commands, demo data, jobs. */
export const SYSTEM_VIEWER: Viewer = {
  userId: 0,
  unrestricted: true,
  levels: emptyMatrix('all'),
  areas: emptyAreas('write'),
  journals: { projects: allJournals, events: allJournals, tasks: allJournals },
  department: [],
};

export function adminViewer(userId: number): Viewer {
  return { ...SYSTEM_VIEWER, userId };
}

export async function resolveViewer(db: Db, user: Pick<AuthUser, 'id' | 'isAdmin'>): Promise<Viewer> {
  if (user.isAdmin) return adminViewer(user.id);
  const [rows, tree, department] = await Promise.all([
    grantRows(db, { userId: user.id }),
    journalTree(db),
    departmentOf(db, user.id),
  ]);
  return viewerFrom(user.id, rows, tree, department);
}

export function viewerFrom(
  userId: number,
  rows: GrantRows,
  tree: JournalNode[],
  department: readonly number[],
): Viewer {
  const levels = emptyMatrix();
  for (const { value: p } of rows.permissions) {
    const forType = levels[p.docType] as Record<string, (typeof levels)['tasks']['read']>;
    if (p.action in forType) forType[p.action] = widerLevel(forType[p.action]!, p.level);
  }
  const areas = emptyAreas();
  for (const { value: a } of rows.areas) areas[a.area] = widerMode(areas[a.area], a.mode);
  const reach = expandJournalGrants(tree, rows.journals);
  const journals = {} as Viewer['journals'];
  for (const docType of JOURNAL_DOC_TYPES) {
    const kind = DOC_RULES[docType].journal;
    const ofType = tree.filter((j) => j.docType === kind);
    const read = ofType.filter((j) => reach.has(j.id)).map((j) => j.id);
    const write = ofType.filter((j) => reach.get(j.id)?.mode === 'write').map((j) => j.id);
    journals[docType] = {
      read: read.length === ofType.length ? 'all' : read,
      write: write.length === ofType.length ? 'all' : write,
    };
  }
  return { userId, unrestricted: false, levels, areas, journals, department };
}

/** Users whose employee card names the same (non-empty) department as the user's. */
export async function departmentOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('employees as e', 'e.id', 'u.employee_id')
    .select('u.id')
    .where('e.department', '<>', '')
    .where('e.department', '=', (eb) =>
      eb
        .selectFrom('users as me')
        .innerJoin('employees as me_e', 'me_e.id', 'me.employee_id')
        .select('me_e.department')
        .where('me.id', '=', userId),
    )
    .execute();
  return rows.map((r) => r.id);
}

export function inJournalSet(set: JournalSet, journalId: number): boolean {
  return set === 'all' || set.includes(journalId);
}
