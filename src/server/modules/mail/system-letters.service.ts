import type { Kysely, Selectable, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { DB, MailSystemLettersTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { PollingLoop, type BackgroundJob } from '../../jobs.js';
import { afterCursor, cutPage } from '../../db/keyset.js';
import { AppError, notFound } from '../../http/errors.js';
import { errorMessages, format, type ErrorCode } from '../../http/messages.js';
import type { Locale } from '../../../shared/locale.js';
import type {
  SystemLetterItem,
  SystemLetterPage,
  systemLetterQuery,
} from '../../../shared/schemas/system-letters.js';
import type { ServerEndpoint } from '../admin/mail-connection-test.js';
import type { SendTransport, SentInfo } from './outbox-send.js';

type Row = Selectable<MailSystemLettersTable>;
type SendModule = typeof import('./outbox-send.js');

export interface SystemLetter {
  toAddress: string;
  toName: string;
  subject: string;
  text: string;
  html: string;
}

/** How often the worker looks for due letters besides being kicked by a new one. */
const POLL_MS = 5_000;
/**
 * A letter «sending» this long after its claim was stamped belongs to a process that died: it is
 * queued again. A claim is stamped again right before its send, and a send ends within
 * nodemailer's timeouts (send.TIMEOUT_MS each for connecting, the greeting and any silence), far
 * below this. Delivery is therefore at least once; a copy keeps its Message-ID.
 */
const STALE_SENDING_MS = 10 * 60_000;

/** Reasons of our own kept in last_error as their message code, shown in the reader's language. */
const OWN_REASONS: Partial<Record<ErrorCode, Record<string, unknown>>> = {
  mail_system_sender_not_set: {},
  mail_server_not_configured: { protocol: 'SMTP' },
};

/** What one pass over the letters did. */
export interface SystemLettersRunResult {
  sent: number;
  failed: number;
  retried: number;
  /** Left queued because the system sender or the SMTP server is not set. */
  waiting: number;
}

/** The system sender's login and the server to log in to; or why letters cannot go. */
type SenderSetup =
  | { ok: true; endpoint: ServerEndpoint; address: string; name: string; password: string }
  | { ok: false; reason: ErrorCode };

/**
 * Letters from the system sender (Администратор → Рассылка: the enterprise SMTP server and the
 * notification mailbox): queued in the caller's transaction, sent by this job with the outbox's
 * SMTP transport, retries and backoff, their state visible to the administrator. They belong to
 * no event and no client. Claiming is one conditional UPDATE, so two processes never send the
 * same letter at once.
 */
export class SystemLettersService implements BackgroundJob {
  private readonly db: Kysely<DB>;
  private log: FastifyBaseLogger | null = null;
  private readonly loop = new PollingLoop(
    POLL_MS,
    (goOn) => this.pass(new Date(), goOn),
    (err) => this.log?.error({ err }, 'system letters: pass failed'),
  );

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /* ----------------------------------------------------------------- the sender */

  /** Whether the system sender is set up (address and password, and the SMTP server). */
  async ready(): Promise<boolean> {
    return (await this.services.systemSender.get()).ready;
  }

  /* -------------------------------------------------------------------- letters */

  async queueWithin(trx: Transaction<DB>, letters: SystemLetter[]): Promise<void> {
    if (!letters.length) return;
    const now = new Date().toISOString();
    await trx
      .insertInto('mail_system_letters')
      .values(
        letters.map((l) => ({
          to_address: l.toAddress,
          to_name: l.toName,
          subject: l.subject,
          text_body: l.text,
          html_body: l.html,
          status: 'queued',
          attempts: 0,
          next_attempt_at: now,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    // After the caller's transaction: on SQLite the pass's reads wait for it to commit; on
    // PostgreSQL a letter not yet visible is found by the next poll.
    setImmediate(() => this.kick());
  }

  /** Letters waiting (queued, sending) and given up. */
  async counts(): Promise<{ queued: number; failed: number }> {
    const c = await this.statusCounts();
    return { queued: c.queued, failed: c.failed };
  }

  private async statusCounts(): Promise<{ queued: number; failed: number; sent: number }> {
    const rows = await this.db
      .selectFrom('mail_system_letters')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    return { queued: n('queued') + n('sending'), failed: n('failed'), sent: n('sent') };
  }

  /** Newest first. */
  async list(query: z.output<typeof systemLetterQuery>, locale: Locale): Promise<SystemLetterPage> {
    let q = this.db.selectFrom('mail_system_letters').selectAll();
    if (query.status) q = q.where('status', '=', query.status);
    if (query.cursor) {
      const cursor = query.cursor;
      q = q.where((eb) => afterCursor(eb.ref('id'), 'id', 'desc', cursor));
    }
    const rows = await q
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const page = cutPage(rows, query.limit, (r) => [r.id, r.id]);
    return {
      items: page.rows.map((r) => present(r, locale)),
      nextCursor: page.nextCursor,
      counts: await this.statusCounts(),
    };
  }

  /** A failed letter back to the queue, due now, with its attempts counted afresh. */
  async retry(id: number, locale: Locale): Promise<SystemLetterItem> {
    const row = await this.db
      .selectFrom('mail_system_letters')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound();
    const now = new Date().toISOString();
    const res = await this.db
      .updateTable('mail_system_letters')
      .set({ status: 'queued', attempts: 0, next_attempt_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'mail_not_failed', { status: row.status });
    this.kick();
    const updated = await this.db
      .selectFrom('mail_system_letters')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return present(updated, locale);
  }

  /* --------------------------------------------------------------------- worker */

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  start(): void {
    this.loop.start();
  }

  /** Stops taking letters and waits for those being sent. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends what is due without waiting for the next poll; does nothing unless started. */
  kick(): void {
    this.loop.kick();
  }

  /**
   * One pass: every letter due at `now` (default: the present) is sent or rescheduled. Runs after
   * any pass in hand.
   */
  runOnce(opts: { now?: Date } = {}): Promise<SystemLettersRunResult> {
    return this.loop.serial(() => this.pass(opts.now ?? new Date(), () => true));
  }

  private async pass(now: Date, goOn: () => boolean): Promise<SystemLettersRunResult> {
    const result: SystemLettersRunResult = { sent: 0, failed: 0, retried: 0, waiting: 0 };
    const at = now.toISOString();
    await this.db
      .updateTable('mail_system_letters')
      .set({ status: 'queued', next_attempt_at: at, updated_at: at })
      .where('status', '=', 'sending')
      .where('updated_at', '<', new Date(now.getTime() - STALE_SENDING_MS).toISOString())
      .execute();
    const setup = await this.setup();
    if (!setup.ok) {
      // Not the letters' fault: they wait, no attempt counted, the reason on each.
      await this.db
        .updateTable('mail_system_letters')
        .set({ last_error: setup.reason, updated_at: at })
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('last_error', 'is', null), eb('last_error', '!=', setup.reason)]))
        .execute();
      result.waiting = await this.dueCount(at);
      return result;
    }
    const send = await import('./outbox-send.js');
    const transport = send.smtpTransport(setup.endpoint, { email: setup.address, password: setup.password });
    try {
      while (goOn()) {
        const claimed = await this.claim(at, send.CLAIM_BATCH);
        if (!claimed.length) break;
        const outcomes = await Promise.all(
          claimed.map((row) => this.deliver(row, setup, transport, now, send)),
        );
        for (const o of outcomes) if (o) result[o]++;
      }
    } finally {
      transport.close();
    }
    return result;
  }

  private async dueCount(at: string): Promise<number> {
    const r = await this.db
      .selectFrom('mail_system_letters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', at)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  private async setup(): Promise<SenderSetup> {
    const sender = await this.services.systemSender.credentials();
    if (!sender) return { ok: false, reason: 'mail_system_sender_not_set' };
    let endpoint: ServerEndpoint;
    try {
      endpoint = await this.services.mailServers.endpoint('smtp');
    } catch (e) {
      if (e instanceof AppError && e.code === 'mail_server_not_configured')
        return { ok: false, reason: 'mail_server_not_configured' };
      throw e;
    }
    return {
      ok: true,
      endpoint,
      ...sender,
    };
  }

  /** Takes up to `limit` due letters, oldest due first: «queued» → «sending», one more attempt. */
  private async claim(at: string, limit: number): Promise<Row[]> {
    const postgres = this.ctx.database.engine === 'postgres';
    const rows = await this.db
      .updateTable('mail_system_letters')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: at }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('mail_system_letters')
          .select('id')
          .where('status', '=', 'queued')
          .where('next_attempt_at', '<=', at)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          // Another process's claim in progress is passed over, not waited for.
          .$if(postgres, (q) => q.forUpdate().skipLocked()),
      )
      .where('status', '=', 'queued')
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.id - b.id);
  }

  /**
   * Sends a claimed letter and settles it. Null when the claim was lost meanwhile (another
   * process found it stale and queued it again: it is that process's now).
   */
  private async deliver(
    row: Row,
    sender: Extract<SenderSetup, { ok: true }>,
    transport: SendTransport,
    now: Date,
    send: SendModule,
  ): Promise<'sent' | 'failed' | 'retried' | null> {
    let info: SentInfo;
    try {
      // Stamped right before the send: a letter that waited for a connection must not look stale.
      const touched = await this.db
        .updateTable('mail_system_letters')
        .set({ updated_at: new Date(Math.max(now.getTime(), Date.now())).toISOString() })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      if (Number(touched.numUpdatedRows) === 0) return null;
      info = await transport.sendMail({
        from: { name: sender.name, address: sender.address },
        to: { name: row.to_name, address: row.to_address },
        subject: row.subject,
        text: row.text_body,
        ...(row.html_body && { html: row.html_body }),
        messageId: messageIdOf(row, sender.address),
        date: new Date(row.created_at),
      });
    } catch (e) {
      const failure = send.classifyFailure(e);
      const { final, set } = send.afterFailure(failure, row.attempts, now);
      const marked = await this.db
        .updateTable('mail_system_letters')
        .set(set)
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      this.log?.warn(
        { letterId: row.id, attempts: row.attempts, final, reason: failure.message },
        'system letters: letter not sent',
      );
      if (Number(marked.numUpdatedRows) === 0) return null;
      return final ? 'failed' : 'retried';
    }
    // One recipient: had the server refused it, sendMail would have failed.
    const marked = await this.db
      .updateTable('mail_system_letters')
      .set({
        status: 'sent',
        smtp_response: send.smtpReply(info.response),
        last_error: null,
        next_attempt_at: null,
        sent_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .where('id', '=', row.id)
      .where('status', '=', 'sending')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    return Number(marked.numUpdatedRows) === 0 ? null : 'sent';
  }
}

/** Stable for the letter, so a resend is recognised as the same message. */
function messageIdOf(row: Row, senderAddress: string): string {
  const domain = senderAddress.split('@')[1] ?? 'kartoteka.local';
  return `<system-${row.id}.${Date.parse(row.created_at)}@${domain}>`;
}

function present(r: Row, locale: Locale): SystemLetterItem {
  return {
    id: r.id,
    toAddress: r.to_address,
    subject: r.subject,
    status: r.status as SystemLetterItem['status'],
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error === null ? null : reasonText(r.last_error, locale),
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** Our own reasons are stored as their code; anything else is the server's words. */
function reasonText(stored: string, locale: Locale): string {
  if (!Object.hasOwn(OWN_REASONS, stored)) return stored;
  const code = stored as ErrorCode;
  return format(errorMessages[code][locale], OWN_REASONS[code]);
}
