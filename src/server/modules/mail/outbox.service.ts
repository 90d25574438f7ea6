import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { PollingLoop, type BackgroundJob } from '../../jobs.js';
import { AppError, notFound } from '../../http/errors.js';
import type { MailMessage, composeMailRequest, recipientsQuery } from '../../../shared/schemas/mail.js';
import type { Viewer } from '../access/viewer.js';
import { recipientSuggestions, resolveLinks, type RecipientSuggestion } from './outbox-links.js';
import { SendCycle, SendRefusal } from './outbox-cycle.js';
import type { OutboxRow, SentInfo } from './outbox-send.js';

type ComposeInput = z.output<typeof composeMailRequest>;

/** How often the worker looks for due letters besides being kicked by a new one. */
const POLL_MS = 5_000;
/** How often a pass refreshes the claims it holds (letters waiting for a sender or being sent). */
const HEARTBEAT_MS = 60_000;
/**
 * A letter still «sending» this long after its claim was last refreshed belongs to a process
 * that died: it is queued again. A live process refreshes its claims right before each send and
 * every HEARTBEAT_MS while it holds them. (A send itself ends within nodemailer's timeouts,
 * send.TIMEOUT_MS each for connecting, the greeting and any silence of the server, over at most
 * six connections of its pool; the refreshes go on meanwhile.) Ten heartbeats are far above that. Delivery is therefore at least once — a letter may reach the
 * server twice if the process died after the server accepted it — and the copy keeps its
 * Message-ID, so recipients' mail programs and our own IMAP sync recognise it as the same letter.
 */
const STALE_SENDING_MS = 10 * HEARTBEAT_MS;

/** A letter taken for sending; whether it has attachments is learnt for the whole batch at once. */
interface Claimed {
  row: OutboxRow;
  hasAttachments: boolean;
}

/** What one pass over the outbox did. */
export interface OutboxRunResult {
  sent: number;
  /** Given up on: a final SMTP reply, no mailbox, or too many attempts. */
  failed: number;
  /** Put back in the queue for a later attempt. */
  retried: number;
}

/**
 * «Написать письмо» and the outbox: a letter is stored with its «outgoing_email» event in one
 * transaction (status «queued»), then the worker sends it over SMTP as the user's employee and
 * marks it «sent» (the event «done») or, after the server's final refusal or too many temporary
 * ones, «failed» with the server's reply. Claiming a letter is one conditional UPDATE, so two
 * processes never send the same letter at once.
 */
export class OutboxService implements BackgroundJob {
  private readonly db: Kysely<DB>;
  private log: FastifyBaseLogger | null = null;
  private readonly loop = new PollingLoop(
    POLL_MS,
    (goOn) => this.pass(() => new Date(), goOn),
    (err) => this.log?.error({ err }, 'outbox pass failed'),
  );

  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** Where the worker reports what went wrong (the app's logger). */
  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  /* ------------------------------------------------------------------ writing */

  /** Queues a letter written by `userId`; returns it as stored. */
  async compose(input: ComposeInput, userId: number, viewer: Viewer): Promise<MailMessage> {
    const compose = await import('./mail-compose.js');
    const user = await this.services.users.get(userId);
    const creds = user.employee ? await this.services.employees.mailboxCredentials(user.employee.id) : null;
    if (!user.employee || !creds) throw new AppError(409, 'mail_no_mailbox');
    await this.services.mailServers.endpoint('smtp');
    const attachments = compose.decodeAttachments(input.attachments);
    const links = await resolveLinks(this.db, this.services, input, viewer);
    const type = await this.services.referenceBooks.eventTypes.byCode('outgoing_email');
    if (!type) throw new Error('The system event type outgoing_email is missing');

    const bodies = compose.letterBodies(input.html);
    const names = compose.clientAddressNames(links.client);
    const threading = links.parent ? compose.replyThreading(links.parent) : null;
    const now = new Date().toISOString();
    const prepared = await this.services.events.prepareCreate(null, now, viewer);
    const employeeId = user.employee.id;
    const id = await this.db.transaction().execute(async (trx) => {
      const eventId = await this.services.events.createWithin(
        trx,
        prepared,
        {
          typeId: type.id,
          subject: input.subject,
          startsAt: now,
          endsAt: null,
          status: 'planned',
          clientId: links.clientId,
          contactId: links.contactId,
          projectId: links.projectId,
          journalId: undefined,
          performerId: userId,
          participantIds: [],
          description: bodies.text.slice(0, compose.EVENT_DESCRIPTION_MAX),
          result: '',
        },
        userId,
        viewer,
      );
      const { id } = await trx
        .insertInto('mail_messages')
        .values({
          message_id: compose.newMessageId(creds.email),
          direction: 'out',
          event_id: eventId,
          task_id: links.taskId,
          thread_id: threading?.threadId ?? null,
          in_reply_to: threading?.inReplyTo ?? null,
          references_ids: threading?.references ?? '',
          from_address: creds.email,
          from_name: user.employee!.fullName,
          to_list: JSON.stringify(compose.addressList(input.to, names)),
          cc_list: JSON.stringify(compose.addressList(input.cc, names)),
          bcc_list: JSON.stringify(compose.addressList(input.bcc, names)),
          subject: input.subject,
          sent_at: now,
          text_body: bodies.text,
          html_body: bodies.html,
          size: compose.approximateSize(input.subject, bodies, attachments),
          status: 'queued',
          attempts: 0,
          next_attempt_at: now,
          sent_by: userId,
          sender_employee_id: employeeId,
          is_remote_images: bodies.hasRemoteImages,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // A first letter starts its own conversation.
      if (!threading)
        await trx.updateTable('mail_messages').set({ thread_id: id }).where('id', '=', id).execute();
      for (const a of attachments) {
        await trx
          .insertInto('mail_attachments')
          .values({
            mail_id: id,
            filename: a.filename,
            content_type: a.contentType,
            size: a.content.length,
            content: a.content,
            is_inline: false,
          })
          .execute();
      }
      return id;
    });
    this.kick();
    return this.services.mail.get(id, viewer);
  }

  /** A failed outgoing letter back to the queue, due now, with its attempts counted afresh. */
  async retry(id: number, viewer: Viewer): Promise<MailMessage> {
    const row = await this.db
      .selectFrom('mail_messages')
      .select(['event_id', 'status', 'direction'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.direction !== 'out') throw notFound();
    await this.services.access.assertCan(viewer, 'events', 'edit', row.event_id);
    const now = new Date().toISOString();
    const res = await this.db
      .updateTable('mail_messages')
      .set({ status: 'queued', attempts: 0, next_attempt_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'mail_not_failed', { status: row.status });
    this.kick();
    return this.services.mail.get(id, viewer);
  }

  /** Addresses to suggest in To/Cc for a letter written from a client, project, task or event. */
  recipients(query: z.output<typeof recipientsQuery>, viewer: Viewer): Promise<RecipientSuggestion[]> {
    return recipientSuggestions(this.services, query, viewer);
  }

  /* ------------------------------------------------------------------- worker */

  start(): void {
    this.loop.start();
  }

  /** Stops taking letters and waits for those being sent. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends what is due soon, without waiting for the next poll; does nothing unless started. */
  kick(): void {
    this.loop.kick();
  }

  /**
   * One pass: every letter due is sent or rescheduled, then it resolves. Runs after any pass in
   * hand. Each time the pass reads or writes (the due and stale-claim checks, claims and their
   * refreshes, backoff) is the moment it does so; `now` stops that clock at a given moment, so
   * a caller can look at a later one.
   */
  runOnce(opts: { now?: Date } = {}): Promise<OutboxRunResult> {
    const { now } = opts;
    return this.loop.serial(() => this.pass(now ? () => now : () => new Date(), () => true));
  }

  private async pass(clock: () => Date, goOn: () => boolean): Promise<OutboxRunResult> {
    const send = await import('./outbox-send.js');
    await this.requeueStale(clock());
    const result: OutboxRunResult = { sent: 0, failed: 0, retried: 0 };
    const cycle = new SendCycle(this.services, send);
    // The pass's claims not yet settled (id → attempts, which tells this claim from a later one).
    const held = new Map<number, number>();
    const heartbeat = setInterval(() => {
      this.refresh(held, clock()).catch((err: unknown) =>
        this.log?.warn({ err }, 'outbox: claims not refreshed'),
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
    // Letters are claimed a few at a time and handed to the senders one by one; those claimed
    // are sent even when the worker is stopping (stop waits for them).
    const claimed: Claimed[] = [];
    let exhausted = false;
    let refill: Promise<void> | null = null;
    const next = async (): Promise<Claimed | null> => {
      for (;;) {
        const letter = claimed.shift();
        if (letter) return letter;
        if (exhausted || !goOn()) return null;
        refill ??= this.claim(clock(), send.CLAIM_BATCH)
          .then((letters) => {
            if (!letters.length) exhausted = true;
            for (const l of letters) held.set(l.row.id, l.row.attempts);
            claimed.push(...letters);
          })
          .finally(() => (refill = null));
        await refill;
      }
    };
    try {
      const workers = Array.from({ length: send.SEND_CONCURRENCY }, async () => {
        for (let letter = await next(); letter; letter = await next()) {
          const outcome = await this.deliver(letter, cycle, clock, send);
          held.delete(letter.row.id);
          if (outcome) result[outcome]++;
        }
      });
      const outcomes = await Promise.allSettled(workers);
      const failure = outcomes.find((o) => o.status === 'rejected');
      if (failure) throw failure.reason;
    } finally {
      clearInterval(heartbeat);
      cycle.close();
    }
    return result;
  }

  /**
   * Takes up to `limit` due letters, oldest due first: «queued» → «sending» and one more attempt.
   * One conditional UPDATE: a letter another process took meanwhile is no longer «queued».
   */
  private async claim(now: Date, limit: number): Promise<Claimed[]> {
    const at = now.toISOString();
    const postgres = this.ctx.database.engine === 'postgres';
    const rows = await this.db
      .updateTable('mail_messages')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: at }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('mail_messages')
          .select('id')
          .where('status', '=', 'queued')
          .where('next_attempt_at', '<=', at)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          // Another process's claim in progress is passed over, not waited for (SQLite has one writer).
          .$if(postgres, (q) => q.forUpdate().skipLocked()),
      )
      .where('status', '=', 'queued')
      .returningAll()
      .execute();
    if (!rows.length) return [];
    const withAttachments = new Set(
      (
        await this.db
          .selectFrom('mail_attachments')
          .select('mail_id')
          .distinct()
          .where(
            'mail_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      ).map((r) => r.mail_id),
    );
    return rows
      .sort((a, b) => (a.next_attempt_at ?? '').localeCompare(b.next_attempt_at ?? '') || a.id - b.id)
      .map((row) => ({ row, hasAttachments: withAttachments.has(row.id) }));
  }

  /** Letters left «sending» by a process that died go back to the queue (see STALE_SENDING_MS). */
  private async requeueStale(now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db
      .updateTable('mail_messages')
      .set({ status: 'queued', next_attempt_at: at, updated_at: at })
      .where('status', '=', 'sending')
      .where('updated_at', '<', new Date(now.getTime() - STALE_SENDING_MS).toISOString())
      .execute();
  }

  /** Marks the pass's claims as alive (see STALE_SENDING_MS). */
  private async refresh(held: Map<number, number>, now: Date): Promise<void> {
    if (!held.size) return;
    await this.db
      .updateTable('mail_messages')
      .set({ updated_at: now.toISOString() })
      .where('status', '=', 'sending')
      .where((eb) =>
        eb.or([...held].map(([id, attempts]) => eb.and([eb('id', '=', id), eb('attempts', '=', attempts)]))),
      )
      .execute();
  }

  /**
   * Sends a claimed letter and settles it. Null when the claim was lost before the letter was
   * settled: another process found it stale and queued it again, and it is that process's now.
   */
  private async deliver(
    { row, hasAttachments }: Claimed,
    cycle: SendCycle,
    clock: () => Date,
    send: typeof import('./outbox-send.js'),
  ): Promise<keyof OutboxRunResult | null> {
    let info: SentInfo;
    try {
      const transport = await cycle.transportFor(row);
      const attachments = hasAttachments
        ? await this.db
            .selectFrom('mail_attachments')
            .select(['filename', 'content_type', 'content'])
            .where('mail_id', '=', row.id)
            .orderBy('id')
            .execute()
        : [];
      // Refreshed right before the send: a letter that waited long for a sender must not look stale.
      const touched = await this.db
        .updateTable('mail_messages')
        .set({ updated_at: clock().toISOString() })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      if (Number(touched.numUpdatedRows) === 0) return null;
      info = await transport.sendMail(send.messageOf(row, attachments));
    } catch (e) {
      const failure = e instanceof SendRefusal ? e.failure : send.classifyFailure(e);
      const now = clock();
      const { final, set } = send.afterFailure(failure, row.attempts, now);
      const marked = await this.db
        .updateTable('mail_messages')
        .set(set)
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      this.log?.warn(
        { mailId: row.id, attempts: row.attempts, final, reason: failure.message },
        'outbox: letter not sent',
      );
      if (Number(marked.numUpdatedRows) === 0) return null;
      return final ? 'failed' : 'retried';
    }
    // nodemailer succeeds when the server took the letter for at least one recipient.
    const refused = send.refusedRecipients(info);
    if (refused) this.log?.warn({ mailId: row.id, refused }, 'outbox: some recipients refused');
    const at = clock().toISOString();
    // The letter and its event change together: a sent letter's event is done in the sender's name.
    await this.db.transaction().execute(async (trx) => {
      const marked = await trx
        .updateTable('mail_messages')
        .set({
          status: 'sent',
          smtp_response: send.smtpReply(info.response),
          // When it was taken for sending: letters claimed together are sent at once and finish in
          // any order, and a conversation written in one go keeps its order (sent_at, then id).
          sent_at: row.updated_at,
          last_error: refused,
          next_attempt_at: null,
          updated_at: at,
        })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) > 0 && row.sent_by !== null)
        await this.services.events.setStatusWithin(trx, [row.event_id], 'done', row.sent_by);
    });
    return 'sent';
  }
}
