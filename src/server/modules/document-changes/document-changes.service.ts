import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { MAX_NOTIFY_BYTES } from '../../db/notify.js';
import type { Services } from '../../services.js';
import type { DocType } from '../../../shared/schemas/card-files.js';
import type { LiveMessage } from '../../../shared/schemas/live.js';
import type { DocumentChange, DocumentSnapshot } from './document-change.js';

type Db = Kysely<DB> | Transaction<DB>;
type LiveAction = Extract<LiveMessage, { type: 'docs.changed' }>['action'];

/**
 * The one place a card-file change fans out: the card-file services call `recordWithin` in the
 * saving transaction (after history and search), and it hands the changes to notifications,
 * reminders, webhooks and the live list updates, in that transaction.
 */
export class DocumentChangesService {
  constructor(
    _ctx: AppContext,
    private readonly services: Services,
  ) {}

  async recordWithin(trx: Transaction<DB>, changes: DocumentChange[]): Promise<void> {
    if (!changes.length) return;
    await this.services.notifications.onChangesWithin(trx, changes);
    await this.services.reminders.onChangesWithin(trx, changes);
    await this.services.webhooks.onChangesWithin(trx, changes);
    for (const message of liveMessages(changes)) await this.services.live.broadcast(message, trx);
  }

  /** Documents as they are now (the reminders read them when they fire); missing ids are left out. */
  async snapshots(db: Db, docType: DocType, ids: readonly number[]): Promise<DocumentSnapshot[]> {
    if (!ids.length) return [];
    const source = {
      client: this.services.clients,
      project: this.services.projects,
      event: this.services.events,
      task: this.services.tasks,
    }[docType];
    return source.snapshotsWithin(db, ids);
  }
}

/**
 * The live list updates of a batch: one message per document type and action (a comment
 * refreshes like an update), its ids split so that each notification stays under the limit;
 * deletions name no ids.
 */
export function liveMessages(changes: DocumentChange[]): LiveMessage[] {
  const groups = new Map<string, { docType: DocType; action: LiveAction; ids: Set<number> }>();
  for (const c of changes) {
    const action: LiveAction = c.action === 'commented' ? 'updated' : c.action;
    const key = `${c.doc.docType}:${action}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { docType: c.doc.docType, action, ids: new Set() }));
    group.ids.add(c.doc.docId);
  }
  const out: LiveMessage[] = [];
  for (const { docType, action, ids } of groups.values()) {
    const message = (list: number[]): LiveMessage => ({ type: 'docs.changed', docType, action, ids: list });
    // Deletions reach browsers without ids (they cannot be checked against the reader's rights).
    if (action === 'deleted') {
      out.push(message([]));
      continue;
    }
    // The envelope live.service wraps a broadcast in: `{"u":null,"m":…}`.
    const room = MAX_NOTIFY_BYTES - Buffer.byteLength(JSON.stringify({ u: null, m: message([]) }));
    let list: number[] = [];
    let used = 0;
    for (const id of ids) {
      const size = String(id).length + (list.length ? 1 : 0);
      if (list.length && used + size > room) {
        out.push(message(list));
        list = [id];
        used = String(id).length;
      } else {
        list.push(id);
        used += size;
      }
    }
    if (list.length) out.push(message(list));
  }
  return out;
}
