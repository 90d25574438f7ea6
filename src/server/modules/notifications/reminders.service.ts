import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import { createScheduler, type ScheduledItem, type Scheduler } from '../../db/scheduler.js';
import type { DocumentChange, DocumentSnapshot } from '../document-changes/document-change.js';
import type { NotificationTrigger } from '../../../shared/schemas/notifications.js';
import {
  DEFAULT_LEAD_MINUTES,
  KIND_TRIGGER,
  LEAD_KIND,
  canonicalTime,
  isLeadTrigger,
  reminderParams,
  wantedReminders,
  type LeadTrigger,
  type Leads,
  type ReminderKind,
} from './reminder-schedule.js';

type Db = Kysely<DB> | Transaction<DB>;
type ReminderDocType = 'task' | 'event';

/** Documents looked up at once (bound parameters stay well under the engines' limits). */
const CHUNK = 500;
/** Due reminders read at once by a run. */
const DUE_BATCH = 100;

/** A document's reminders to bring to what it wants now. */
interface Target {
  docId: number;
  wanted: Map<ReminderKind, string>;
}

/**
 * Durable reminders: deadline approaching, overdue, event start. The schedule is a table written
 * in the saving transaction (moved when the deadline or start moves, dropped when the document
 * closes or goes); the job fires each due row exactly once, also with several processes (the row
 * is claimed in the transaction that raises its notifications; on PostgreSQL pg-boss wakes a
 * worker at the due time, see db/scheduler.ts).
 */
export class RemindersService implements BackgroundJob {
  private readonly db: Kysely<DB>;
  private log: FastifyBaseLogger | null = null;
  private scheduler: Scheduler | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /* ---------------------------------------------------------------- scheduling */

  /** In the saving transaction: reminders of the changed tasks and events follow them. */
  async onChangesWithin(trx: Transaction<DB>, changes: DocumentChange[]): Promise<void> {
    // The last change of a document in the batch is what it is now.
    const latest = new Map<string, DocumentChange>();
    for (const c of changes) {
      if ((c.doc.docType === 'task' || c.doc.docType === 'event') && mayMoveSchedule(c))
        latest.set(`${c.doc.docType}:${c.doc.docId}`, c);
    }
    if (!latest.size) return;
    const now = new Date();
    const leads = await this.leads(trx);
    const byType: Record<ReminderDocType, Target[]> = { task: [], event: [] };
    for (const c of latest.values()) {
      byType[c.doc.docType as ReminderDocType].push({
        docId: c.doc.docId,
        wanted: c.action === 'deleted' ? new Map() : wantedReminders(c.doc, leads, now),
      });
    }
    const scheduled: ScheduledItem[] = [];
    for (const docType of ['task', 'event'] as const) {
      for (let i = 0; i < byType[docType].length; i += CHUNK)
        scheduled.push(...(await this.reconcile(trx, docType, byType[docType].slice(i, i + CHUNK), now)));
    }
    this.scheduler?.scheduled(scheduled);
  }

  /**
   * In the transaction that changes a rule's lead time: the reminders of that kind not fired yet
   * move to the new lead (one already past fires at once, as when scheduled).
   */
  async leadChangedWithin(
    trx: Transaction<DB>,
    trigger: NotificationTrigger,
    leadMinutes: number,
  ): Promise<void> {
    if (!isLeadTrigger(trigger)) return;
    const { kind, docType } = LEAD_KIND[trigger];
    const leads = { ...(await this.leads(trx)), [trigger]: leadMinutes };
    const now = new Date();
    const scheduled: ScheduledItem[] = [];
    let after = 0;
    for (;;) {
      const rows = await trx
        .selectFrom('notification_reminders')
        .select('doc_id')
        .where('doc_type', '=', docType)
        .where('kind', '=', kind)
        .where('fired_at', 'is', null)
        .where('doc_id', '>', after)
        .orderBy('doc_id')
        .limit(CHUNK)
        .execute();
      if (!rows.length) break;
      after = rows[rows.length - 1]!.doc_id;
      const ids = rows.map((r) => r.doc_id);
      const docs = new Map(
        (await this.services.documentChanges.snapshots(trx, docType, ids)).map((d) => [d.docId, d]),
      );
      const targets = ids.map((docId) => {
        const doc = docs.get(docId);
        const wanted = doc ? wantedReminders(doc, leads, now) : new Map<ReminderKind, string>();
        // Only this kind moves; the document's other reminders stay as they are.
        return { docId, wanted: new Map([...wanted].filter(([k]) => k === kind)) };
      });
      scheduled.push(...(await this.reconcile(trx, docType, targets, now, kind)));
    }
    this.scheduler?.scheduled(scheduled);
  }

  /**
   * Brings the rows of these documents (of one kind, or all kinds) to what they want: a new time
   * (re)arms the row (fired_at cleared: it fires again for the new time), an unwanted row goes.
   * Set-based: one read, one delete and one upsert for all the targets. Returns the rows armed.
   */
  private async reconcile(
    trx: Transaction<DB>,
    docType: ReminderDocType,
    targets: Target[],
    now: Date,
    onlyKind?: ReminderKind,
  ): Promise<ScheduledItem[]> {
    if (!targets.length) return [];
    const existing = await trx
      .selectFrom('notification_reminders')
      .select(['id', 'doc_id', 'kind', 'fire_at'])
      .where('doc_type', '=', docType)
      .where(
        'doc_id',
        'in',
        targets.map((t) => t.docId),
      )
      .$if(onlyKind !== undefined, (q) => q.where('kind', '=', onlyKind!))
      .execute();
    const rowsOf = new Map<number, typeof existing>();
    for (const r of existing) rowsOf.set(r.doc_id, [...(rowsOf.get(r.doc_id) ?? []), r]);
    const at = now.toISOString();
    const drop: number[] = [];
    // New rows and rows whose time moved alike: an upsert on (doc_type, doc_id, kind) writes both.
    const arm: { doc_id: number; kind: ReminderKind; fire_at: string }[] = [];
    for (const { docId, wanted } of targets) {
      const rows = rowsOf.get(docId) ?? [];
      for (const row of rows) if (!wanted.has(row.kind as ReminderKind)) drop.push(row.id);
      for (const [kind, fireAt] of wanted) {
        const row = rows.find((r) => r.kind === kind);
        if (!row || canonicalTime(row.fire_at) !== fireAt) arm.push({ doc_id: docId, kind, fire_at: fireAt });
      }
    }
    if (drop.length) await trx.deleteFrom('notification_reminders').where('id', 'in', drop).execute();
    if (!arm.length) return [];
    const armed = await trx
      .insertInto('notification_reminders')
      .values(arm.map((r) => ({ ...r, doc_type: docType, fired_at: null, updated_at: at })))
      // Also what a concurrent save of the same document inserted meanwhile: this one's time wins.
      .onConflict((oc) =>
        oc
          .columns(['doc_type', 'doc_id', 'kind'])
          .doUpdateSet((eb) => ({ fire_at: eb.ref('excluded.fire_at'), fired_at: null, updated_at: at })),
      )
      .returning(['id', 'fire_at'])
      .execute();
    return armed.map((r) => ({ id: r.id, at: canonicalTime(r.fire_at) }));
  }

  /** The lead times of the rules, as the rules service applies them. */
  private async leads(db: Db): Promise<Leads> {
    const rules = await this.services.notificationRules.settings(db);
    const lead = (trigger: LeadTrigger) => rules.get(trigger)?.leadMinutes ?? DEFAULT_LEAD_MINUTES[trigger];
    return { task_deadline_soon: lead('task_deadline_soon'), event_reminder: lead('event_reminder') };
  }

  /* -------------------------------------------------------------------- firing */

  /**
   * Fires every reminder due at `now` (default: the present) not fired yet; returns how many
   * this call claimed. The job calls it on start and whenever something falls due; tests call it
   * with a later `now` instead of waiting.
   */
  async runDue(now: Date = new Date()): Promise<number> {
    let claimed = 0;
    let cursor: { fireAt: string; id: number } | null = null;
    for (;;) {
      const from = cursor;
      const due: { id: number; fire_at: string }[] = await this.db
        .selectFrom('notification_reminders')
        .select(['id', 'fire_at'])
        .where('fired_at', 'is', null)
        .where('fire_at', '<=', now.toISOString())
        .$if(from !== null, (q) =>
          q.where((eb) =>
            eb.or([
              eb('fire_at', '>', from!.fireAt),
              eb.and([eb('fire_at', '=', from!.fireAt), eb('id', '>', from!.id)]),
            ]),
          ),
        )
        .orderBy('fire_at')
        .orderBy('id')
        .limit(DUE_BATCH)
        .execute();
      for (const r of due) {
        try {
          if (await this.fire(r.id, r.fire_at, now)) claimed++;
        } catch (err) {
          // One reminder that cannot fire must not hold back the others; it stays due.
          this.log?.error({ err, reminderId: r.id }, 'reminder not fired');
        }
      }
      if (due.length < DUE_BATCH) return claimed;
      const last: { id: number; fire_at: string } = due[due.length - 1]!;
      cursor = { fireAt: last.fire_at, id: last.id };
    }
  }

  /**
   * Fires one reminder expected at `fireAt`, exactly once: the claim (fired_at set where it is
   * still null and the time unchanged) and the notifications are one transaction, so a second
   * process, a repeated job or a moved deadline claims nothing. The document is read as it is
   * now: closed or gone, nothing is raised; wanting another time (changed behind the schedule's
   * back), the row moves there instead. Returns whether this call claimed it.
   */
  private async fire(id: number, fireAt: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const moved: ScheduledItem[] = [];
    const claimed = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('notification_reminders')
        .set({ fired_at: at, updated_at: at })
        .where('id', '=', id)
        .where('fired_at', 'is', null)
        .where('fire_at', '=', fireAt)
        .returning(['doc_type', 'doc_id', 'kind', 'fire_at'])
        .executeTakeFirst();
      if (!row) return false;
      const kind = row.kind as ReminderKind;
      const docType = row.doc_type as ReminderDocType;
      const [doc] = await this.services.documentChanges.snapshots(trx, docType, [row.doc_id]);
      const wanted = doc ? wantedReminders(doc, await this.leads(trx), now).get(kind) : undefined;
      const scheduledAt = canonicalTime(row.fire_at);
      if (wanted === undefined) {
        await trx.deleteFrom('notification_reminders').where('id', '=', id).execute();
      } else if (wanted !== scheduledAt) {
        await trx
          .updateTable('notification_reminders')
          .set({ fire_at: wanted, fired_at: null, updated_at: at })
          .where('id', '=', id)
          .execute();
        moved.push({ id, at: wanted });
      } else {
        await this.services.notifications.fireWithin(trx, [notifyInput(id, kind, doc!, scheduledAt)]);
      }
      return true;
    });
    this.scheduler?.scheduled(moved);
    return claimed;
  }

  private async nextDue(): Promise<Date | null> {
    const r = await this.db
      .selectFrom('notification_reminders')
      .select((eb) => eb.fn.min('fire_at').as('next'))
      .where('fired_at', 'is', null)
      .executeTakeFirst();
    return r?.next ? new Date(r.next) : null;
  }

  /* ---------------------------------------------------------------------- job */

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  start(): void {
    if (this.scheduler) return;
    this.scheduler = createScheduler(
      this.ctx,
      {
        name: 'kartoteka-reminders',
        runDue: async () => void (await this.runDue()),
        runOne: async (id, at) => void (await this.fire(id, at, new Date())),
        nextDue: () => this.nextDue(),
      },
      () => this.log,
    );
    this.scheduler.start();
  }

  async stop(): Promise<void> {
    const scheduler = this.scheduler;
    this.scheduler = null;
    await scheduler?.stop();
  }
}

/** Whether a change can touch the schedule (a comment or a retitled task cannot). */
function mayMoveSchedule(c: DocumentChange): boolean {
  if (c.action === 'commented') return false;
  if (c.action !== 'updated' || c.before === null) return true;
  return (
    c.before.deadline !== c.doc.deadline ||
    c.before.startsAt !== c.doc.startsAt ||
    c.before.isClosed !== c.doc.isClosed
  );
}

function notifyInput(id: number, kind: ReminderKind, doc: DocumentSnapshot, fireAt: string) {
  return {
    trigger: KIND_TRIGGER[kind],
    doc,
    actorId: null,
    params: reminderParams(kind, doc, fireAt),
    // Once per reminder and time: a moved deadline reminds again, a repeat never.
    dedupeKey: `reminder:${id}:${fireAt}`,
  };
}
