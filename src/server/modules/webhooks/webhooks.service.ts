import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { DB, WebhookDeliveriesTable, WebhooksTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { PollingLoop, type BackgroundJob } from '../../jobs.js';
import { AppError, notFound } from '../../http/errors.js';
import { cutPage, decodeCursor } from '../../db/keyset.js';
import { randomToken } from '../../security/tokens.js';
import type { DocType } from '../../../shared/schemas/card-files.js';
import type {
  CreateWebhookRequest,
  DeliveryStatus,
  UpdateWebhookRequest,
  Webhook,
  WebhookAction,
  WebhookDelivery,
  webhookDeliveryPage,
  webhookDeliveryQuery,
  webhookWithSecret,
} from '../../../shared/schemas/webhooks.js';
import type { z } from 'zod';
import type { DocumentChange } from '../document-changes/document-change.js';
import { eventPayload, webhookActions } from './webhook-events.js';
import { postSigned, type SendOutcome } from './webhook-send.js';

type HookRow = Selectable<WebhooksTable>;
type DeliveryRow = Selectable<WebhookDeliveriesTable>;
type WebhookWithSecret = z.infer<typeof webhookWithSecret>;
type DeliveryQuery = z.output<typeof webhookDeliveryQuery>;
type DeliveryPage = z.infer<typeof webhookDeliveryPage>;

/** The notifier channel that wakes the delivery job of every process once new deliveries commit. */
const KICK_CHANNEL = 'kartoteka_webhooks';
/** How often the job looks for due deliveries besides being woken by new ones. */
const POLL_MS = 2_000;
/** An endpoint that has not answered by then is given up on for this attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Deliveries sent at once by one process. */
const CONCURRENCY = 4;
/** Attempts before a delivery is given up («failed»). */
const MAX_ATTEMPTS = 8;
/** The wait after the n-th failed attempt (the last one repeats). */
const BACKOFF_MS = [30, 120, 600, 3_600, 6 * 3_600, 12 * 3_600, 24 * 3_600].map((s) => s * 1000);
/**
 * A delivery still «sending» this long after it was claimed belongs to a process that died: it is
 * taken back. A live process settles a claim within DELIVERY_TIMEOUT_MS of sending it, and sends
 * it right after claiming (at most CONCURRENCY claims wait for a free sender).
 */
const STALE_SENDING_MS = 12 * DELIVERY_TIMEOUT_MS;
/** Rows per multi-row insert of deliveries (9 values each: 4 500 parameters, under both engines' limits). */
const INSERT_CHUNK = 500;

/** What one pass of the delivery job did. */
export interface WebhookRunResult {
  delivered: number;
  /** Put back for a later attempt. */
  retried: number;
  /** Given up on after MAX_ATTEMPTS. */
  failed: number;
}

/** A delivery taken for sending, with its webhook's address and secret. */
interface Claimed {
  row: DeliveryRow;
  url: string;
  secret: string;
}

/**
 * Outgoing webhooks: the registry (Администратор → Вебхуки), a delivery row per matching change
 * written in the saving transaction, and the background job that POSTs them signed (HMAC-SHA256),
 * with a timeout, retried with backoff, every attempt's outcome kept on the delivery.
 */
export class WebhooksService implements BackgroundJob {
  private readonly db: Kysely<DB>;
  private log: FastifyBaseLogger | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly loop = new PollingLoop(
    POLL_MS,
    (goOn) => this.pass(() => new Date(), DELIVERY_TIMEOUT_MS, goOn),
    (err) => this.log?.error({ err }, 'webhooks: delivery pass failed'),
  );

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  // ---- the registry --------------------------------------------------------------------------

  async list(): Promise<Webhook[]> {
    const rows = await this.db.selectFrom('webhooks').selectAll().orderBy('name').orderBy('id').execute();
    return this.present(rows);
  }

  async get(id: number): Promise<Webhook> {
    return (await this.present([await this.row(id)]))[0]!;
  }

  /** Registers an endpoint; its secret (made here unless given) is in this answer only. */
  async create(input: CreateWebhookRequest, userId: number): Promise<WebhookWithSecret> {
    const secret = input.secret ?? randomToken(32);
    const now = new Date().toISOString();
    const row = await this.db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('webhooks')
        .values({
          name: input.name,
          url: input.url,
          events: JSON.stringify(unique(input.events)),
          doc_types: JSON.stringify(unique(input.docTypes)),
          is_active: input.isActive,
          secret_enc: this.ctx.secrets.encrypt(secret),
          created_by: userId,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.services.settingsChanges.record(trx, {
        ...logEntry(created.id, userId),
        before: null,
        after: logged(created),
      });
      return created;
    });
    return { ...(await this.present([row]))[0]!, secret };
  }

  /** Changes an endpoint; with `rotateSecret` a new secret is made and shown in this answer only. */
  async update(id: number, changes: UpdateWebhookRequest, userId: number): Promise<WebhookWithSecret> {
    const secret = changes.rotateSecret ? randomToken(32) : null;
    const { before, row } = await this.db.transaction().execute(async (trx) => {
      const old = await this.row(id, trx);
      const updated = await trx
        .updateTable('webhooks')
        .set({
          name: changes.name ?? old.name,
          url: changes.url ?? old.url,
          events: changes.events ? JSON.stringify(unique(changes.events)) : old.events,
          doc_types: changes.docTypes ? JSON.stringify(unique(changes.docTypes)) : old.doc_types,
          is_active: changes.isActive ?? old.is_active,
          ...(secret !== null && { secret_enc: this.ctx.secrets.encrypt(secret) }),
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw notFound();
      // The log says that the secret was replaced, never what it is.
      await this.services.settingsChanges.record(trx, {
        ...logEntry(id, userId),
        before: logged(old),
        after: { ...logged(updated), ...(secret !== null && { isSecretRotated: true }) },
      });
      return { before: old, row: updated };
    });
    // Turned on again: deliveries held while it was off may go now.
    if (row.is_active && !before.is_active) this.kick();
    return { ...(await this.present([row]))[0]!, secret };
  }

  /** Removes an endpoint with its deliveries: nothing more is sent to it. */
  async remove(id: number, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('webhooks').where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw notFound();
      await this.services.settingsChanges.record(trx, {
        ...logEntry(id, userId),
        before: logged(row),
        after: null,
      });
    });
  }

  /** An endpoint's deliveries, newest first (keyset pages), optionally of one status. */
  async deliveries(id: number, query: DeliveryQuery): Promise<DeliveryPage> {
    await this.row(id);
    let q = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', id)
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.cursor) q = q.where('id', '<', decodeCursor(query.cursor)[1]);
    const { rows, nextCursor } = cutPage(await q.execute(), query.limit, (r) => [r.id, r.id]);
    return { items: rows.map(presentDelivery), nextCursor };
  }

  /** Sends a delivery again, as it was (the same body), as soon as the job gets to it. */
  async redeliver(id: number, deliveryId: number): Promise<WebhookDelivery> {
    const now = new Date().toISOString();
    const row = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: now, updated_at: now })
      .where('id', '=', deliveryId)
      .where('webhook_id', '=', id)
      .where('status', '!=', 'sending')
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const exists = await this.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('id', '=', deliveryId)
        .where('webhook_id', '=', id)
        .executeTakeFirst();
      throw exists ? new AppError(409, 'webhook_delivery_sending') : notFound();
    }
    this.kick();
    return presentDelivery(row);
  }

  /** Queues a `ping`: a signed test delivery naming the webhook and the administrator. */
  async ping(id: number, userId: number): Promise<WebhookDelivery> {
    const hook = await this.row(id);
    const now = new Date().toISOString();
    const names = await this.services.users.briefByIds([userId]);
    const row = await this.db
      .insertInto('webhook_deliveries')
      .values({
        webhook_id: id,
        event: 'ping',
        doc_type: null,
        doc_id: null,
        payload: JSON.stringify({
          id: randomUUID(),
          event: 'ping',
          occurredAt: now,
          actor: { id: userId, name: names.get(userId) ?? '' },
          webhook: { id: hook.id, name: hook.name },
        }),
        status: 'pending',
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    this.kick();
    return presentDelivery(row);
  }

  // ---- document changes ----------------------------------------------------------------------

  /**
   * In the saving transaction: one delivery per active webhook and change it listens to, the
   * body fixed now. The job is woken once the transaction commits.
   */
  async onChangesWithin(trx: Transaction<DB>, changes: DocumentChange[]): Promise<void> {
    const hooks = (
      await trx
        .selectFrom('webhooks')
        .select(['id', 'events', 'doc_types'])
        .where('is_active', '=', true)
        .execute()
    ).map((h) => ({
      id: h.id,
      events: JSON.parse(h.events) as WebhookAction[],
      docTypes: JSON.parse(h.doc_types) as DocType[],
    }));
    if (!hooks.length) return;
    const actors = await this.services.users.briefByIds(
      changes.map((c) => c.actorId),
      trx,
    );
    const now = new Date().toISOString();
    const rows: Insertable<WebhookDeliveriesTable>[] = [];
    for (const change of changes) {
      for (const action of webhookActions(change)) {
        const listening = hooks.filter(
          (h) =>
            (!h.events.length || h.events.includes(action)) &&
            (!h.docTypes.length || h.docTypes.includes(change.doc.docType)),
        );
        if (!listening.length) continue;
        const actorName = change.actorId === null ? null : (actors.get(change.actorId) ?? null);
        const { event, body } = eventPayload(change, action, actorName);
        for (const hook of listening) {
          rows.push({
            webhook_id: hook.id,
            event,
            doc_type: change.doc.docType,
            doc_id: change.doc.docId,
            payload: body,
            status: 'pending',
            next_attempt_at: now,
            created_at: now,
            updated_at: now,
          });
        }
      }
    }
    if (!rows.length) return;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    }
    await this.ctx.database.notifier.publish(KICK_CHANNEL, '', trx);
  }

  // ---- the delivery job ----------------------------------------------------------------------

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  start(): void {
    if (this.loop.running) return;
    this.loop.start();
    this.ctx.database.notifier
      .subscribe(KICK_CHANNEL, () => this.kick())
      .then((remove) => {
        if (this.loop.running) this.unsubscribe = remove;
        else remove();
      })
      // The poll still finds the deliveries; the listening connection keeps retrying.
      .catch((err: unknown) => this.log?.warn({ err }, 'webhooks: new deliveries are found by polling only'));
  }

  /** Stops taking deliveries and waits for those being sent. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.loop.stop();
  }

  /** Sends what is due without waiting for the next poll; does nothing unless started. */
  kick(): void {
    this.loop.kick();
  }

  /**
   * One pass: every delivery due is sent and settled, then it resolves. Runs after any pass in
   * hand. `now` stops the pass's clock at that moment (what is due then, when retries fall);
   * `timeoutMs` replaces DELIVERY_TIMEOUT_MS.
   */
  runOnce(opts: { now?: Date; timeoutMs?: number } = {}): Promise<WebhookRunResult> {
    const { now } = opts;
    return this.loop.serial(() =>
      this.pass(now ? () => now : () => new Date(), opts.timeoutMs ?? DELIVERY_TIMEOUT_MS, () => true),
    );
  }

  private async pass(clock: () => Date, timeoutMs: number, goOn: () => boolean): Promise<WebhookRunResult> {
    await this.takeBackStale(clock());
    const result: WebhookRunResult = { delivered: 0, retried: 0, failed: 0 };
    const queue: Claimed[] = [];
    let exhausted = false;
    let refill: Promise<void> | null = null;
    // Senders share one queue, refilled by a claim of CONCURRENCY deliveries when it runs dry.
    const next = async (): Promise<Claimed | null> => {
      for (;;) {
        const item = queue.shift();
        if (item) return item;
        if (exhausted || !goOn()) return null;
        refill ??= this.claim(clock(), CONCURRENCY)
          .then((claimed) => {
            if (!claimed.length) exhausted = true;
            queue.push(...claimed);
          })
          .finally(() => (refill = null));
        await refill;
      }
    };
    const senders = Array.from({ length: CONCURRENCY }, async () => {
      for (let item = await next(); item; item = await next()) {
        const outcome = await this.send(item, clock, timeoutMs);
        if (outcome) result[outcome]++;
      }
    });
    const settled = await Promise.allSettled(senders);
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure) throw failure.reason;
    return result;
  }

  /**
   * Takes up to `limit` due deliveries of active webhooks, oldest due first: «pending» →
   * «sending», one more attempt. One conditional UPDATE: a delivery another process took
   * meanwhile is no longer «pending», so none is sent twice at once.
   */
  private async claim(now: Date, limit: number): Promise<Claimed[]> {
    const at = now.toISOString();
    const postgres = this.ctx.database.engine === 'postgres';
    const rows = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: at }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', at)
          .where('webhook_id', 'in', eb.selectFrom('webhooks').select('id').where('is_active', '=', true))
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          // Another process's claim in progress is passed over, not waited for.
          .$if(postgres, (q) => q.forUpdate().skipLocked()),
      )
      .where('status', '=', 'pending')
      .returningAll()
      .execute();
    if (!rows.length) return [];
    const hooks = await this.db
      .selectFrom('webhooks')
      .select(['id', 'url', 'secret_enc'])
      .where('id', 'in', [...new Set(rows.map((r) => r.webhook_id))])
      .execute();
    const hookOf = new Map(hooks.map((h) => [h.id, h]));
    return rows
      .sort((a, b) => (a.next_attempt_at ?? '').localeCompare(b.next_attempt_at ?? '') || a.id - b.id)
      .flatMap((row) => {
        const hook = hookOf.get(row.webhook_id);
        // Deleted meanwhile: its deliveries went with it.
        return hook ? [{ row, url: hook.url, secret: this.ctx.secrets.decrypt(hook.secret_enc) }] : [];
      });
  }

  /** Deliveries left «sending» by a process that died are due again (see STALE_SENDING_MS). */
  private async takeBackStale(now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: at, updated_at: at })
      .where('status', '=', 'sending')
      .where('updated_at', '<', new Date(now.getTime() - STALE_SENDING_MS).toISOString())
      .execute();
  }

  /**
   * POSTs a claimed delivery and settles it: delivered on 2xx, else due again after the backoff
   * or, after MAX_ATTEMPTS, failed. Null when the claim was lost meanwhile (the webhook was
   * deleted, or another process took the delivery back as stale).
   */
  private async send(
    item: Claimed,
    clock: () => Date,
    timeoutMs: number,
  ): Promise<keyof WebhookRunResult | null> {
    const { row } = item;
    const outcome: SendOutcome = await postSigned(
      item.url,
      row.payload,
      {
        event: row.event,
        deliveryId: row.id,
        secret: item.secret,
        timestamp: Math.floor(Date.now() / 1000),
      },
      timeoutMs,
    );
    const delivered = outcome.error === null;
    const final = !delivered && row.attempts >= MAX_ATTEMPTS;
    const status: DeliveryStatus = delivered ? 'delivered' : final ? 'failed' : 'pending';
    const settledAt = clock();
    const backoff = BACKOFF_MS[Math.min(row.attempts, BACKOFF_MS.length) - 1]!;
    const res = await this.db
      .updateTable('webhook_deliveries')
      .set({
        status,
        last_status_code: outcome.statusCode,
        last_error: outcome.error,
        duration_ms: outcome.durationMs,
        next_attempt_at: status === 'pending' ? new Date(settledAt.getTime() + backoff).toISOString() : null,
        delivered_at: delivered ? settledAt.toISOString() : row.delivered_at,
        updated_at: settledAt.toISOString(),
      })
      .where('id', '=', row.id)
      .where('status', '=', 'sending')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    if (!delivered) {
      this.log?.warn(
        {
          webhookId: row.webhook_id,
          deliveryId: row.id,
          event: row.event,
          attempts: row.attempts,
          final,
          statusCode: outcome.statusCode,
          reason: outcome.error,
          durationMs: outcome.durationMs,
        },
        'webhooks: delivery not accepted',
      );
    }
    if (!Number(res.numUpdatedRows)) return null;
    return delivered ? 'delivered' : final ? 'failed' : 'retried';
  }

  // ---- internals -----------------------------------------------------------------------------

  private async row(id: number, db: Kysely<DB> | Transaction<DB> = this.db): Promise<HookRow> {
    const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  /** Rows as the API shows them, with their waiting and failed counts and the last delivery. */
  private async present(rows: HookRow[]): Promise<Webhook[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [counts, last] = await Promise.all([
      this.db
        .selectFrom('webhook_deliveries')
        .select(['webhook_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('webhook_id', 'in', ids)
        .where('status', 'in', ['pending', 'sending', 'failed'])
        .groupBy(['webhook_id', 'status'])
        .execute(),
      this.db
        .selectFrom('webhook_deliveries')
        .select(['webhook_id', 'status', 'last_status_code', 'updated_at'])
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('webhook_deliveries')
            .select((e) => e.fn.max('id').as('id'))
            .where('webhook_id', 'in', ids)
            .groupBy('webhook_id'),
        )
        .execute(),
    ]);
    const count = (id: number, statuses: string[]) =>
      counts
        .filter((c) => c.webhook_id === id && statuses.includes(c.status))
        .reduce((n, c) => n + Number(c.n), 0);
    const lastOf = new Map(last.map((l) => [l.webhook_id, l]));
    return rows.map((r) => {
      const l = lastOf.get(r.id);
      return {
        id: r.id,
        name: r.name,
        url: r.url,
        events: JSON.parse(r.events) as WebhookAction[],
        docTypes: JSON.parse(r.doc_types) as DocType[],
        isActive: r.is_active,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        pending: count(r.id, ['pending', 'sending']),
        failed: count(r.id, ['failed']),
        lastDelivery: l
          ? { status: l.status as DeliveryStatus, statusCode: l.last_status_code, at: l.updated_at }
          : null,
      };
    });
  }
}

function presentDelivery(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    webhookId: r.webhook_id,
    event: r.event,
    docType: r.doc_type as DocType | null,
    docId: r.doc_id,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    payload: r.payload,
  };
}

/** Who changed which webhook, for the settings change log. */
function logEntry(id: number, userId: number) {
  return { area: 'webhooks', entity: 'webhook', entityId: id, userId } as const;
}

/** A webhook as the settings change log keeps it: everything but its secret. */
function logged(r: HookRow): Record<string, unknown> {
  return {
    name: r.name,
    url: r.url,
    events: JSON.parse(r.events) as WebhookAction[],
    docTypes: JSON.parse(r.doc_types) as DocType[],
    isActive: r.is_active,
  };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
