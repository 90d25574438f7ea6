import type { Viewer } from '../access/viewer.js';
import type { DocumentAction, DocumentChange, DocumentSnapshot } from './document-change.js';

/**
 * Builders of the changes a card-file service reports: from snapshots taken in the saving
 * transaction before and after the write (see DocumentChangesService.recordWithin).
 */

/** Ids per `in (…)` list when reading a batch (well under both engines' parameter limits). */
export const SNAPSHOT_BATCH = 500;

/** Runs `read` over `ids` in lists of SNAPSHOT_BATCH and joins the rows. */
export async function readInChunks<T>(
  ids: readonly number[],
  read: (part: number[]) => Promise<T[]>,
): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += SNAPSHOT_BATCH) {
    out.push(...(await read(unique.slice(i, i + SNAPSHOT_BATCH))));
  }
  return out;
}

/** The distinct non-null ids of a list. */
export function presentIds(ids: Iterable<number | null | undefined>): number[] {
  return [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
}

/** New documents (or, with `deleted`, documents as they were before they went). */
export function wholeChanges(
  action: Extract<DocumentAction, 'created' | 'deleted'>,
  docs: DocumentSnapshot[],
  actorId: number | null,
): DocumentChange[] {
  const at = new Date().toISOString();
  return docs.map((doc) => ({
    action,
    doc,
    before: action === 'created' ? null : doc,
    actorId,
    changedFields: [],
    at,
  }));
}

/**
 * Saved documents: each `after` paired with its `before` by id. `changedFields` names the fields
 * (API terms) that changed for a document; a document without any is left out.
 */
export function updateChanges(
  before: DocumentSnapshot[],
  after: DocumentSnapshot[],
  actorId: number | null,
  changedFields: (docId: number) => string[],
): DocumentChange[] {
  const at = new Date().toISOString();
  const earlier = new Map(before.map((s) => [s.docId, s]));
  return after.flatMap((doc) => {
    const fields = changedFields(doc.docId);
    const was = earlier.get(doc.docId);
    if (!was || !fields.length) return [];
    return [{ action: 'updated' as const, doc, before: was, actorId, changedFields: fields, at }];
  });
}

/** The keys whose values differ between two versions of a document (compared as JSON). */
export function changedKeys<T extends object>(before: T, after: T, names?: Partial<Record<keyof T, string>>) {
  const out: string[] = [];
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    out.push(names?.[key] ?? String(key));
  }
  return out;
}

/** The user acting through a viewer; null for the system (SYSTEM_VIEWER's user id is 0). */
export function actorOf(viewer: Viewer): number | null {
  return viewer.userId || null;
}
