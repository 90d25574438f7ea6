import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Locale } from '../../../shared/locale.js';
import type { Viewer } from '../access/viewer.js';
import { fieldProblem } from '../../http/errors.js';
import { TIMELINE_KINDS, type TimelineItem, type TimelineKind } from '../../../shared/schemas/timeline.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Whose timeline: a client's (everything linked to it) or a project's. */
export interface TimelineScope {
  clientId?: number;
  projectId?: number;
}

/**
 * A module that puts lines on timelines (events, tasks, projects, history). `timeline` returns at
 * most `limit` lines of the scope in timeline order — `at` descending, then kind in TIMELINE_KINDS
 * order, then id descending — strictly after the cursor `after` (use `afterTimelineCursor`);
 * names in `subtitle` are in `locale`. Only lines the viewer may read (services.access.condition).
 */
export interface TimelineSource {
  timeline(
    db: Db,
    scope: TimelineScope,
    viewer: Viewer,
    after: string | null,
    limit: number,
    locale: Locale,
  ): Promise<TimelineItem[]>;
}

export function encodeTimelineCursor(item: Pick<TimelineItem, 'at' | 'kind' | 'id'>): string {
  return Buffer.from(JSON.stringify([item.at, item.kind, item.id])).toString('base64url');
}

function decodeTimelineCursor(cursor: string): { at: string; kind: TimelineKind; id: number } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(v) &&
      typeof v[0] === 'string' &&
      !Number.isNaN(Date.parse(v[0])) &&
      TIMELINE_KINDS.includes(v[1] as TimelineKind) &&
      Number.isSafeInteger(v[2])
    ) {
      return { at: new Date(v[0]).toISOString(), kind: v[1] as TimelineKind, id: v[2] as number };
    }
  } catch {
    // falls through to the field error
  }
  throw fieldProblem('cursor', 'cursor_invalid');
}

/** Rows of kind `kind` (time in `atColumn`, id in `idColumn`) that come after the cursor. */
export function afterTimelineCursor(
  atColumn: string,
  idColumn: string,
  kind: TimelineKind,
  cursor: string,
): Expression<SqlBool> {
  const c = decodeTimelineCursor(cursor);
  const at = sql.ref(atColumn);
  const order = TIMELINE_KINDS.indexOf(kind) - TIMELINE_KINDS.indexOf(c.kind);
  if (order < 0) return sql<SqlBool>`${at} < ${c.at}`;
  if (order > 0) return sql<SqlBool>`${at} <= ${c.at}`;
  return sql<SqlBool>`(${at} < ${c.at} or (${at} = ${c.at} and ${sql.ref(idColumn)} < ${c.id}))`;
}

/** Timeline order between two lines (for merging the sources' pages). */
export function compareTimeline(a: TimelineItem, b: TimelineItem): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  const k = TIMELINE_KINDS.indexOf(a.kind) - TIMELINE_KINDS.indexOf(b.kind);
  return k !== 0 ? k : b.id - a.id;
}
