import { useEffect, useRef } from 'react';
import { useQueryClient, type Query } from '@tanstack/react-query';
import type { DocType } from '../../../shared/schemas/card-files.js';
import { queryKeys } from '../../http/query-keys.js';
import { useLive, useLiveReconnect } from './live.js';

/** Changes arriving together (a bulk status change) refresh once. */
const BATCH_MS = 200;

/** The root query key of each card file (its lists, boards, pickers and cards sit under it). */
const ROOT: Record<DocType, string> = {
  client: queryKeys.clients[0],
  project: queryKeys.projects[0],
  event: queryKeys.events[0],
  task: queryKeys.tasks[0],
};

/** Other views showing a changed document: timelines, the calendar, a project's progress from its tasks. */
const ALSO: Record<DocType, readonly (readonly string[])[]> = {
  client: [],
  project: [],
  event: [queryKeys.calendar, ['timeline']],
  task: [queryKeys.calendar, ['timeline'], queryKeys.projects],
};

/**
 * Ids changed per type; null = any (after a reconnect, what changed meanwhile is unknown; a
 * deletion names no ids).
 */
type Pending = Map<DocType, Set<number> | null>;

/**
 * Live lists and cards: a `docs.changed` message refreshes the open lists of that document type
 * and its open cards among the ids, or all of them when it names none (the data comes again
 * through the API, under the reader's rights).
 */
export function useLiveDocsRefresh(): void {
  const client = useQueryClient();
  const pending = useRef<Pending>(new Map());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const flush = () => {
    const batch = pending.current;
    pending.current = new Map();
    for (const [docType, ids] of batch) {
      const root = ROOT[docType];
      // A card (and its comments, history…) is keyed [root, id]; anything else under the root is a list.
      const affected = (query: Query) => {
        const [first, second] = query.queryKey;
        if (first !== root) return false;
        return typeof second !== 'number' || ids === null || ids.has(second);
      };
      void client.invalidateQueries({ predicate: affected });
      for (const queryKey of ALSO[docType]) void client.invalidateQueries({ queryKey });
    }
  };
  const schedule = () => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      flush();
    }, BATCH_MS);
  };

  useLive('docs.changed', (m) => {
    const known = pending.current.get(m.docType);
    if (known === null) return;
    // No ids (a deletion): every list and card of the type refreshes; a deleted card then shows 404.
    if (!m.ids.length) pending.current.set(m.docType, null);
    else if (known) for (const id of m.ids) known.add(id);
    else pending.current.set(m.docType, new Set(m.ids));
    schedule();
  });
  useLiveReconnect(() => {
    for (const docType of Object.keys(ROOT) as DocType[]) pending.current.set(docType, null);
    schedule();
  });
}
