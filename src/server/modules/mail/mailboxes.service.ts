import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import { AppError, notFound } from '../../http/errors.js';
import { errorMessages, format } from '../../http/messages.js';
import type { MailboxState } from '../../../shared/schemas/mail.js';
import type { Credentials, ServerEndpoint } from '../admin/mail-connection-test.js';
import { closeImap, connectionKey, describeImapError, openImap, type ImapConnection } from './imap-client.js';
import { syncFolders, type SyncCounts } from './imap-sync.js';
import { MailIngest } from './mail-ingest.js';
import {
  backoffMs,
  ensureMailboxRow,
  foldersOf,
  presentMailbox,
  type MailboxRow,
  type MailUser,
} from './mailbox-rows.js';

const NONE: SyncCounts = { fetched: 0, stored: 0, skipped: 0 };
/** New mail announced by the server is fetched after this pause (several arrivals, one sync). */
const EXISTS_DELAY_MS = 500;

interface SyncOutcome {
  counts: SyncCounts;
  error: string | null;
}

/**
 * Users' mailboxes: which exist, their status and folders, and the IMAP sync of each. As a
 * background job it refreshes the mailboxes from the qualifying users every poll interval and
 * syncs the due ones, at most `mailSyncConcurrency` at a time, keeping one connection per
 * mailbox open between polls (idling on INBOX, so new mail is fetched as it arrives).
 */
export class MailboxesService implements BackgroundJob {
  private readonly db: Kysely<DB>;
  private readonly ingest: MailIngest;
  private running = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly connections = new Map<number, ImapConnection>();
  /** The sync in hand (and the one queued behind it) per mailbox: one at a time each. */
  private readonly chains = new Map<number, Promise<unknown>>();
  /** Mailboxes with a sync queued by new mail, not started yet. */
  private readonly triggered = new Set<number>();
  /** The server and login a mailbox last failed with: a change of either is worth a try at once. */
  private readonly failedWith = new Map<number, string>();
  private active = 0;
  private log: FastifyBaseLogger | null = null;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.ingest = new MailIngest(this.db, services);
  }

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  /* ------------------------------------------------------------------ reading */

  /** The admin view; mailboxes of users who qualify are created on the way. */
  async list(filter: {
    employeeId?: number | undefined;
    userId?: number | undefined;
  }): Promise<MailboxState[]> {
    const users = await this.mailUsers();
    await this.ensureRows(users);
    let q = this.db.selectFrom('mail_mailboxes').selectAll().orderBy('id');
    if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
    const rows = await q.execute();
    return rows
      .map((r) => presentMailbox(r, users.get(r.user_id)))
      .filter((m) => filter.employeeId === undefined || m.employeeId === filter.employeeId);
  }

  /** The user's own mailbox, or null when they have none and do not qualify for one. */
  async mine(userId: number): Promise<MailboxState | null> {
    const user = await this.mailUser(userId);
    if (user.creds) await ensureMailboxRow(this.db, userId, user.creds.email);
    const row = await this.rowOfUser(userId);
    return row ? presentMailbox(row, user) : null;
  }

  async get(id: number): Promise<MailboxState> {
    const row = await this.row(id);
    return presentMailbox(row, await this.mailUser(row.user_id));
  }

  async updateFolders(id: number, folders: string[]): Promise<MailboxState> {
    const row = await this.row(id);
    const unique = [...new Set(folders)];
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('mail_mailboxes')
        .set({ folders: JSON.stringify(unique), updated_at: new Date().toISOString() })
        .where('id', '=', row.id)
        .execute();
      await trx
        .deleteFrom('mail_mailbox_folders')
        .where('mailbox_id', '=', row.id)
        .where('folder', 'not in', unique)
        .execute();
    });
    return this.get(id);
  }

  /* --------------------------------------------------------------------- sync */

  /**
   * Syncs the user's mailbox now (creating it when the user qualifies) and returns what it did;
   * throws `mailbox_disabled` when the user does not qualify, `mailbox_sync_failed` when the
   * sync failed (the mailbox's status tells why, as after any sync).
   */
  async syncNow(userId: number): Promise<SyncCounts> {
    const user = await this.mailUser(userId);
    if (!user.creds) throw new AppError(409, 'mailbox_disabled');
    const row = await ensureMailboxRow(this.db, userId, user.creds.email);
    const outcome = await this.syncExclusive(row.id);
    if (outcome.error !== null) throw new AppError(502, 'mailbox_sync_failed', { error: outcome.error });
    return outcome.counts;
  }

  /** A sync asked for from the admin view: its outcome is the mailbox's status. */
  async syncById(id: number): Promise<MailboxState> {
    const row = await this.row(id);
    const user = await this.mailUser(row.user_id);
    if (!user.creds) throw new AppError(409, 'mailbox_disabled');
    await this.syncExclusive(row.id);
    return this.get(id);
  }

  async syncMine(userId: number): Promise<MailboxState> {
    const user = await this.mailUser(userId);
    if (!user.creds) throw new AppError(409, 'mailbox_disabled');
    const row = await ensureMailboxRow(this.db, userId, user.creds.email);
    await this.syncExclusive(row.id);
    return this.get(row.id);
  }

  /* -------------------------------------------------------------- the job */

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    void this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.triggered.clear();
    while (this.chains.size) await Promise.allSettled([...this.chains.values()]);
    const open = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(open.map((c) => closeImap(c.client)));
  }

  /** One poll: refresh the mailboxes, start the due syncs; never throws. */
  private async tick(): Promise<void> {
    try {
      const users = await this.mailUsers();
      const rows = await this.ensureRows(users);
      const server = await this.services.mailServers.endpoint('imap').catch(() => null);
      const now = Date.now();
      for (const row of rows) {
        const creds = users.get(row.user_id)?.creds ?? null;
        if (!creds) {
          this.dropConnection(row.id);
          continue;
        }
        if (this.chains.has(row.id)) continue;
        const changed =
          this.failedWith.has(row.id) &&
          server &&
          this.failedWith.get(row.id) !== connectionKey(server, creds);
        if (row.next_attempt_at === null || Date.parse(row.next_attempt_at) <= now || changed) {
          void this.syncExclusive(row.id);
        }
      }
    } catch {
      // The database was busy or closing: the next poll tries again.
    } finally {
      if (this.running)
        this.timer = setTimeout(() => void this.tick(), this.ctx.config.mailPollSeconds * 1000);
    }
  }

  /** New mail announced on a kept connection: one sync soon, however many letters arrive. */
  private onExists(mailboxId: number): void {
    if (!this.running || this.triggered.has(mailboxId)) return;
    this.triggered.add(mailboxId);
    setTimeout(() => {
      if (this.running) void this.syncExclusive(mailboxId, () => this.triggered.delete(mailboxId));
      else this.triggered.delete(mailboxId);
    }, EXISTS_DELAY_MS).unref();
  }

  /** Runs after the mailbox's sync in hand, within the concurrency limit; never rejects. */
  private syncExclusive(mailboxId: number, onStart?: () => void): Promise<SyncOutcome> {
    const previous = this.chains.get(mailboxId) ?? Promise.resolve();
    const run = previous.then(() => {
      onStart?.();
      return this.limited(() => this.syncMailbox(mailboxId));
    });
    const outcome = run.catch((e: unknown) => ({ counts: NONE, error: describeImapError(e, '').message }));
    this.chains.set(mailboxId, outcome);
    void outcome.then(() => {
      if (this.chains.get(mailboxId) === outcome) this.chains.delete(mailboxId);
    });
    return outcome;
  }

  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= this.ctx.config.mailSyncConcurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** One sync of one mailbox; the outcome is recorded as its status. */
  private async syncMailbox(mailboxId: number): Promise<SyncOutcome> {
    const found = await this.db
      .selectFrom('mail_mailboxes')
      .select('user_id')
      .where('id', '=', mailboxId)
      .executeTakeFirst();
    if (!found || this.stopping) return { counts: NONE, error: null };
    const user = await this.mailUser(found.user_id);
    if (!user.creds) {
      this.dropConnection(mailboxId);
      return { counts: NONE, error: null };
    }
    const creds = user.creds;
    // The employee's address may have changed since the row was read: positions start over then.
    const row = await ensureMailboxRow(this.db, found.user_id, creds.email);
    let server: ServerEndpoint;
    try {
      server = await this.services.mailServers.endpoint('imap');
    } catch (e) {
      // Nothing to connect to: the mailbox waits, saying why, and is looked at again next poll.
      const message = errorText(e);
      await this.setState(row.id, { status: 'idle', last_error: message });
      return { counts: NONE, error: message };
    }
    await this.setState(row.id, { status: 'syncing' });
    let conn: ImapConnection | null = null;
    try {
      conn = await this.connection(row.id, server, creds);
      const folders = foldersOf(row);
      const { counts, missing } = await syncFolders(
        conn.client,
        this.db,
        this.ingest,
        { mailboxId: row.id, userId: row.user_id, folders },
        { maxMessageBytes: this.ctx.config.mailMaxMessageBytes, shouldStop: () => this.stopping },
      );
      if (this.keepsConnections()) {
        // Idle on INBOX: that is where new mail arrives.
        if (conn.client.mailbox && conn.client.mailbox.path !== 'INBOX') {
          await conn.client.mailboxOpen('INBOX', { readOnly: true }).catch(() => undefined);
        }
      } else {
        this.dropConnection(row.id);
      }
      this.failedWith.delete(row.id);
      // Missing folders are a setting to correct, not a failure to back off from: the rest syncs.
      const problem = missing.length ? `Нет папок на сервере: ${missing.join(', ')}` : null;
      await this.setState(row.id, {
        status: problem ? 'error' : 'ok',
        failures: 0,
        last_sync_at: new Date().toISOString(),
        last_error: problem,
        next_attempt_at: null,
      });
      return { counts, error: null };
    } catch (e) {
      this.dropConnection(row.id, conn);
      const { authFailed, message } =
        e instanceof AppError
          ? { authFailed: false, message: errorText(e) }
          : describeImapError(e, creds.password);
      const failures = row.failures + 1;
      this.log?.warn(
        { mailboxId: row.id, account: creds.email, failures, reason: message },
        'mailbox sync failed',
      );
      this.failedWith.set(row.id, connectionKey(server, creds));
      await this.setState(row.id, {
        status: authFailed ? 'auth_failed' : 'error',
        last_error: message,
        failures,
        next_attempt_at: new Date(Date.now() + backoffMs(failures)).toISOString(),
      });
      return { counts: NONE, error: message };
    }
  }

  /** The mailbox's kept connection when it still fits, else a new one. */
  private async connection(
    mailboxId: number,
    server: ServerEndpoint,
    creds: Credentials,
  ): Promise<ImapConnection> {
    const kept = this.connections.get(mailboxId);
    if (kept && kept.key === connectionKey(server, creds) && kept.client.usable) return kept;
    this.dropConnection(mailboxId);
    const conn = await openImap(server, creds, {
      onExists: () => this.onExists(mailboxId),
      onGone: (client) => {
        if (this.connections.get(mailboxId)?.client === client) this.connections.delete(mailboxId);
      },
    });
    this.connections.set(mailboxId, conn);
    return conn;
  }

  private keepsConnections(): boolean {
    return this.running && !this.stopping;
  }

  /** Closes the mailbox's connection (or the given one) in the background. */
  private dropConnection(mailboxId: number, conn: ImapConnection | null = null): void {
    const kept = this.connections.get(mailboxId);
    if (kept) this.connections.delete(mailboxId);
    for (const c of new Set([kept, conn])) if (c) void closeImap(c.client).catch(() => undefined);
  }

  private async setState(
    id: number,
    changes: Partial<
      Pick<MailboxRow, 'status' | 'last_error' | 'failures' | 'last_sync_at' | 'next_attempt_at'>
    >,
  ): Promise<void> {
    await this.db
      .updateTable('mail_mailboxes')
      .set({ ...changes, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /* ------------------------------------------------------------ who qualifies */

  /** Every user with what they have for mail. */
  private async mailUsers(): Promise<Map<number, MailUser>> {
    const [users, params] = await Promise.all([
      this.services.users.list(),
      this.services.userParameters.list(),
    ]);
    const wanted = new Set(params.filter((p) => p.isCorporateMail).map((p) => p.userId));
    const out = new Map<number, MailUser>();
    for (const u of users) {
      const employeeId = u.employee?.id ?? null;
      const creds =
        u.isActive && wanted.has(u.id) && employeeId !== null ? await this.credentials(employeeId) : null;
      out.set(u.id, { name: u.fullName || u.login, employeeId, creds });
    }
    return out;
  }

  private async mailUser(userId: number): Promise<MailUser> {
    const [user, params] = await Promise.all([
      this.services.users.get(userId),
      this.services.userParameters.get(userId),
    ]);
    const employeeId = user.employee?.id ?? null;
    const creds =
      user.isActive && params.isCorporateMail && employeeId !== null
        ? await this.credentials(employeeId)
        : null;
    return { name: user.fullName || user.login, employeeId, creds };
  }

  private async credentials(employeeId: number): Promise<Credentials | null> {
    return this.services.employees.mailboxCredentials(employeeId).catch(() => null);
  }

  private async ensureRows(users: Map<number, MailUser>): Promise<MailboxRow[]> {
    for (const [userId, user] of users)
      if (user.creds) await ensureMailboxRow(this.db, userId, user.creds.email);
    return this.db.selectFrom('mail_mailboxes').selectAll().orderBy('id').execute();
  }

  private async row(id: number): Promise<MailboxRow> {
    const row = await this.db
      .selectFrom('mail_mailboxes')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  private rowOfUser(userId: number): Promise<MailboxRow | undefined> {
    return this.db.selectFrom('mail_mailboxes').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }
}

/** An application error as the Russian text the status shows (the UI's main language). */
function errorText(e: unknown): string {
  if (e instanceof AppError) {
    const template = (errorMessages as Record<string, { ru: string } | undefined>)[e.code]?.ru ?? e.code;
    return format(template, e.params);
  }
  return e instanceof Error ? e.message : String(e);
}
