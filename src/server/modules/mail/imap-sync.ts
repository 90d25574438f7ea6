import type { Kysely } from 'kysely';
import type { ImapFlow } from 'imapflow';
import type { DB } from '../../db/schema.js';
import type { FetchedLetter, MailIngest } from './mail-ingest.js';

export interface SyncCounts {
  fetched: number;
  stored: number;
  skipped: number;
}

export interface SyncTarget {
  mailboxId: number;
  userId: number;
  folders: string[];
}

/** UIDs per FETCH. */
const FETCH_BATCH = 200;
/** Letters stored per transaction, and the most their sources may weigh together. */
const STORE_BATCH = 20;
const STORE_BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Fetches what is new in each folder (UIDs above the stored position) and stores it in small
 * batches as it arrives, each batch in one transaction with the position it advances. A changed
 * UIDVALIDITY starts the folder over; Message-IDs keep that from duplicating. `shouldStop` is
 * asked between letters so a shutdown does not wait for a long first sync. Returns the folders
 * the server does not have besides the counts.
 */
export async function syncFolders(
  client: ImapFlow,
  db: Kysely<DB>,
  ingest: MailIngest,
  target: SyncTarget,
  opts: { maxMessageBytes: number; shouldStop: () => boolean },
): Promise<{ counts: SyncCounts; missing: string[] }> {
  const counts: SyncCounts = { fetched: 0, stored: 0, skipped: 0 };
  const missing: string[] = [];
  const session = ingest.newSession();
  for (const folder of target.folders) {
    if (opts.shouldStop()) break;
    // A folder that is not on the server (renamed, mistyped) does not stop the others.
    const box = await client.mailboxOpen(folder, { readOnly: true }).catch((e: unknown) => {
      if ((e as { mailboxMissing?: boolean }).mailboxMissing) return null;
      throw e;
    });
    if (!box) {
      missing.push(folder);
      continue;
    }
    const lastUid = await position(db, target.mailboxId, folder, Number(box.uidValidity));
    if (box.exists === 0 || (box.uidNext > 0 && box.uidNext <= lastUid + 1)) continue;
    // `n:*` always matches the newest letter, even below n: the filter below drops it.
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    const uids = (found || []).filter((u) => u > lastUid).sort((a, b) => a - b);
    const where = { mailboxId: target.mailboxId, userId: target.userId, folder };
    let pending: FetchedLetter[] = [];
    // mailparser is loaded on first use (start-up time), like the IMAP client.
    const parse = await import('./mail-parse.js');
    let pendingBytes = 0;
    const flush = async () => {
      for (const result of await ingest.store(pending, where, session)) counts[result]++;
      pending = [];
      pendingBytes = 0;
    };
    for (let i = 0; i < uids.length && !opts.shouldStop(); i += FETCH_BATCH) {
      const batch = uids.slice(i, i + FETCH_BATCH);
      const range = `${batch[0]}:${batch[batch.length - 1]}`;
      for await (const msg of client.fetch(range, { uid: true, source: true, size: true }, { uid: true })) {
        if (msg.uid <= lastUid || !msg.source) continue;
        counts.fetched++;
        pending.push({ letter: await parse.parseLetter(msg.source, opts.maxMessageBytes), uid: msg.uid });
        pendingBytes += msg.source.length;
        if (pending.length >= STORE_BATCH || pendingBytes >= STORE_BATCH_BYTES) await flush();
        if (opts.shouldStop()) break;
      }
      await flush();
    }
  }
  return { counts, missing };
}

/** The folder's stored position; a new folder or a new UIDVALIDITY starts from 0. */
async function position(
  db: Kysely<DB>,
  mailboxId: number,
  folder: string,
  uidValidity: number,
): Promise<number> {
  const row = await db
    .selectFrom('mail_mailbox_folders')
    .select(['uid_validity', 'last_uid'])
    .where('mailbox_id', '=', mailboxId)
    .where('folder', '=', folder)
    .executeTakeFirst();
  const now = new Date().toISOString();
  if (!row) {
    await db
      .insertInto('mail_mailbox_folders')
      .values({ mailbox_id: mailboxId, folder, uid_validity: uidValidity, last_uid: 0, updated_at: now })
      .execute();
    return 0;
  }
  if (Number(row.uid_validity) !== uidValidity) {
    await db
      .updateTable('mail_mailbox_folders')
      .set({ uid_validity: uidValidity, last_uid: 0, updated_at: now })
      .where('mailbox_id', '=', mailboxId)
      .where('folder', '=', folder)
      .execute();
    return 0;
  }
  return Number(row.last_uid);
}
