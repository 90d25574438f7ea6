import type { Kysely, Selectable } from 'kysely';
import type { DB, MailMailboxesTable } from '../../db/schema.js';
import type { MailboxState } from '../../../shared/schemas/mail.js';

export type MailboxRow = Selectable<MailMailboxesTable>;

/** What the mailbox's user has for mail: their employee, and the login when they qualify. */
export interface MailUser {
  name: string;
  employeeId: number | null;
  /** Null when the user does not qualify (parameter off, inactive, no e-mail or password). */
  creds: { email: string; password: string } | null;
}

export const DEFAULT_FOLDERS = ['INBOX'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Waiting time after the n-th failure in a row: a minute, doubling, at most an hour. */
export function backoffMs(failures: number): number {
  return Math.min(MINUTE * 2 ** Math.max(0, failures - 1), HOUR);
}

export function foldersOf(row: MailboxRow): string[] {
  try {
    const list: unknown = JSON.parse(row.folders);
    if (Array.isArray(list) && list.every((f) => typeof f === 'string') && list.length) return list;
  } catch {
    // a damaged value falls back to the default
  }
  return DEFAULT_FOLDERS;
}

export function presentMailbox(row: MailboxRow, user: MailUser | undefined): MailboxState {
  return {
    id: row.id,
    user: { id: row.user_id, name: user?.name ?? '' },
    employeeId: user?.employeeId ?? null,
    account: row.account,
    folders: foldersOf(row),
    status: row.status as MailboxState['status'],
    isEnabled: !!user?.creds,
    lastSyncAt: row.last_sync_at,
    lastError: row.last_error,
    messageCount: row.message_count,
    failures: row.failures,
    nextAttemptAt: row.next_attempt_at,
  };
}

/**
 * The user's mailbox row, created on first need; a new address starts over (its folder
 * positions belong to the old one).
 */
export async function ensureMailboxRow(db: Kysely<DB>, userId: number, account: string): Promise<MailboxRow> {
  const row = await db
    .selectFrom('mail_mailboxes')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const now = new Date().toISOString();
  if (!row) {
    await db
      .insertInto('mail_mailboxes')
      .values({
        user_id: userId,
        account,
        folders: JSON.stringify(DEFAULT_FOLDERS),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  } else if (row.account !== account) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('mail_mailbox_folders').where('mailbox_id', '=', row.id).execute();
      await trx
        .updateTable('mail_mailboxes')
        .set({
          account,
          status: 'idle',
          last_error: null,
          failures: 0,
          next_attempt_at: null,
          message_count: 0,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute();
    });
  } else {
    return row;
  }
  return db.selectFrom('mail_mailboxes').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
}
