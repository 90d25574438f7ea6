import {
  AREA_MODES,
  LEVELS,
  type AreaMode,
  type GrantMode,
  type JournalGrant,
  type Level,
} from '../../../shared/schemas/access.js';

/** Whether `a` gives more than `b` (levels and modes are listed narrowest first). */
export const widerLevel = (a: Level, b: Level | undefined) => LEVELS.indexOf(a) > LEVELS.indexOf(b ?? 'none');
export const widerAreaMode = (a: AreaMode, b: AreaMode | undefined) =>
  AREA_MODES.indexOf(a) > AREA_MODES.indexOf(b ?? 'none');

const GRANT_ORDER: (GrantMode | 'none')[] = ['none', 'read', 'write'];
export const widerGrant = (a: GrantMode | 'none', b: GrantMode | 'none') =>
  GRANT_ORDER.indexOf(a) > GRANT_ORDER.indexOf(b);

/** What a journal gets from the grants: the widest one on it or above it, and where that one is set. */
export interface Reach {
  mode: GrantMode;
  grantedOn: number;
}

/**
 * The grants spread down the journal tree, as the server applies them: a grant on a journal
 * covers every journal below it; of several, the widest counts.
 */
export function reachOf(
  journals: { id: number; parentId: number | null }[],
  grants: JournalGrant[],
): Map<number, Reach> {
  const parentOf = new Map(journals.map((j) => [j.id, j.parentId]));
  const granted = new Map<number, GrantMode>();
  for (const g of grants) {
    const before = granted.get(g.journalId);
    if (!before || widerGrant(g.mode, before)) granted.set(g.journalId, g.mode);
  }
  const reach = new Map<number, Reach>();
  for (const j of journals) {
    let best: Reach | null = null;
    // The visited set guards against a broken tree (a cycle) looping forever.
    const seen = new Set<number>();
    for (let at: number | null = j.id; at !== null && !seen.has(at); at = parentOf.get(at) ?? null) {
      seen.add(at);
      const mode = granted.get(at);
      if (mode && (!best || widerGrant(mode, best.mode))) best = { mode, grantedOn: at };
    }
    if (best) reach.set(j.id, best);
  }
  return reach;
}
