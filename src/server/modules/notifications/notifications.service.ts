import { AsyncLocalStorage } from 'node:async_hooks';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { DB, NotificationsTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import type { Locale } from '../../../shared/locale.js';
import type { DocType as AccessDocType } from '../../../shared/schemas/access.js';
import type { DocType } from '../../../shared/schemas/card-files.js';
import {
  STATUS_FILTER_TRIGGERS,
  TRIGGER_RECIPIENTS,
  type NotificationListQuery,
  type NotificationPage,
  type NotificationTrigger,
  type RecipientRole,
} from '../../../shared/schemas/notifications.js';
import { fieldProblem } from '../../http/errors.js';
import { cutPage, decodeCursor } from '../../db/keyset.js';
import {
  statusChanged,
  type DocumentChange,
  type DocumentPeople,
  type DocumentSnapshot,
} from '../document-changes/document-change.js';
import { COMMENT_EXCERPT, type NotificationParams } from './notification-texts.js';
import { renderBase, renderRow, type NotificationRow } from './notification-render.js';
import { chunks } from './notification-recipients.js';
import { NotificationEmailJob } from './notification-email.js';
import type { RuleSettings } from './notification-rules.service.js';

type Db = Kysely<DB> | Transaction<DB>;

/** A notification to raise for a document (reminders and changes both come through here). */
export interface NotifyInput {
  trigger: NotificationTrigger;
  doc: DocumentSnapshot;
  actorId: number | null;
  /**
   * Who fills the roles instead of the document's own people (e.g. only the newly added
   * participants); a role it leaves out has nobody.
   */
  people?: Partial<DocumentPeople>;
  /** What the text is made of besides the document (old and new status, comment excerpt…). */
  params?: Record<string, string | number | null>;
  /** Makes the notification once per recipient (e.g. `reminder:<id>:<fire_at>`). */
  dedupeKey?: string;
}

/** A notification raised directly (a calculation's `notify(userId, text)`), outside the rules. */
export interface DirectNotification {
  userId: number;
  text: string;
  docType: DocType;
  docId: number;
  actorId: number | null;
  calculationName: string;
}

/** Items of one change sharing a group give a user one notification: the first that reaches them. */
type Item = NotifyInput & { group?: string };

/** Mail and calls are news only when they are recent (a first mailbox sync brings years of history). */
const NEWS_WINDOW_MS = 24 * 3_600_000;
/** Rows per insert: ten columns each, well under both engines' parameter limits. */
const INSERT_CHUNK = 500;
/** The most of a direct notification's text that is kept. */
const DIRECT_TEXT_MAX = 2000;

const ACCESS_TYPE: Record<DocType, AccessDocType> = {
  client: 'clients',
  project: 'projects',
  event: 'events',
  task: 'tasks',
};

const isStatusFiltered = (t: NotificationTrigger) =>
  (STATUS_FILTER_TRIGGERS as readonly string[]).includes(t);

function roleUsers(people: Partial<DocumentPeople>, role: RecipientRole): (number | null | undefined)[] {
  switch (role) {
    case 'performer':
      return [people.performerId];
    case 'author':
      return [people.authorId];
    case 'controller':
      return [people.controllerId];
    case 'project_manager':
      return [people.projectManagerId];
    case 'responsible':
      return [people.responsibleId];
    case 'participants':
      return people.participantIds ?? [];
  }
}

/** The user now named, when newly (set, and not the one named before); else null. */
function newlySet(now: number | null, before: number | null | undefined): number | null {
  return now !== null && now !== before ? now : null;
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= COMMENT_EXCERPT ? flat : `${flat.slice(0, COMMENT_EXCERPT - 1)}…`;
}

/** The notifications a saved change sets off (before rules, opt-outs and access are applied). */
function triggersOf(c: DocumentChange, index: number): Item[] {
  const { doc, before, actorId } = c;
  const base = { doc, actorId };
  const items: Item[] = [];
  const created = c.action === 'created';
  const updated = c.action === 'updated';
  if (!created && !updated && c.action !== 'commented') return items;
  const added = doc.people.participantIds.filter((id) => !before?.people.participantIds.includes(id));

  if (doc.docType === 'task') {
    if (c.action === 'commented' && c.comment) {
      items.push({ ...base, trigger: 'task_comment', params: { excerpt: excerpt(c.comment.body) } });
    }
    if (created || updated) {
      const performerId = newlySet(doc.people.performerId, before?.people.performerId);
      const controllerId = newlySet(doc.people.controllerId, before?.people.controllerId);
      if (performerId !== null || controllerId !== null)
        items.push({ ...base, trigger: 'task_assigned', people: { performerId, controllerId } });
    }
    if (updated && before && before.statusId !== doc.statusId) {
      const params = { fromStatusId: before.statusId, toStatusId: doc.statusId };
      const group = `status:${index}`;
      // Completion first: who gets it does not also get the plain status change.
      if (doc.isClosed && !before.isClosed) items.push({ ...base, trigger: 'task_completed', params, group });
      items.push({ ...base, trigger: 'task_status_changed', params, group });
    }
  } else if (doc.docType === 'event' && created) {
    const recent = doc.startsAt !== null && Date.parse(doc.startsAt) >= Date.parse(c.at) - NEWS_WINDOW_MS;
    if (recent && doc.clientId !== null && doc.typeCode === 'incoming_email')
      items.push({ ...base, trigger: 'mail_incoming' });
    if (recent && doc.clientId !== null && doc.typeCode === 'missed_incoming_call')
      items.push({ ...base, trigger: 'call_missed' });
  }
  // A user assigning is news; the system logging mail or calls with their employee is not.
  if (doc.docType === 'event' && (created || updated) && actorId !== null) {
    const performerId = newlySet(doc.people.performerId, before?.people.performerId);
    if (performerId !== null || added.length)
      items.push({ ...base, trigger: 'event_assigned', people: { performerId, participantIds: added } });
  }
  if (doc.docType === 'project' && (created || updated)) {
    const projectManagerId = newlySet(doc.people.projectManagerId, before?.people.projectManagerId);
    if (projectManagerId !== null || added.length)
      items.push({ ...base, trigger: 'project_added', people: { projectManagerId, participantIds: added } });
    if (updated && statusChanged(c)) {
      items.push({
        ...base,
        trigger: 'project_status_changed',
        params: { fromStatus: before?.statusCode ?? null, toStatus: doc.statusCode },
      });
    }
  }
  return items;
}

/** What a document contributes to every notification's text. */
function docParams(trigger: NotificationTrigger, doc: DocumentSnapshot): NotificationParams {
  const p: NotificationParams = { number: doc.number, title: doc.title };
  if (trigger === 'task_deadline_soon' || trigger === 'task_overdue') p.deadline = doc.deadline;
  if (trigger === 'event_reminder') p.startsAt = doc.startsAt;
  return p;
}

type StoredRow = Pick<NotificationRow, 'id' | 'user_id' | 'is_in_app'>;

/**
 * In-app notifications stored while `collectLive` runs: each recipient's language and their ids.
 * `open` turns false when it ends: a timer armed inside it (the reminders' one) keeps its async
 * context, and what it raises later must go out as usual.
 */
interface LiveBatch {
  open: boolean;
  users: Map<number, { locale: Locale; ids: number[] }>;
}

interface Candidate {
  item: Item;
  userId: number;
  role: string;
}

/**
 * Notifications: evaluates the rules for each change (recipients, opt-outs, read access, never
 * the actor), stores one row per recipient, pushes it live, and (as a background job) sends the
 * e-mail channel through the system sender's letters, one per notification or as a digest.
 */
export class NotificationsService implements BackgroundJob {
  private readonly db: Kysely<DB>;
  private readonly email: NotificationEmailJob;
  private readonly liveBatch = new AsyncLocalStorage<LiveBatch>();

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.email = new NotificationEmailJob(ctx, services);
  }

  /** In the saving transaction: the triggers these changes set off. */
  async onChangesWithin(trx: Transaction<DB>, changes: DocumentChange[]): Promise<void> {
    await this.fire(
      trx,
      changes.flatMap((c, i) => triggersOf(c, i)),
    );
  }

  /**
   * Runs `fn` (a change saved in several transactions, e.g. a bulk change in chunks) telling each
   * recipient once when it is done: their newest notification that was committed, counting the
   * rest, instead of a message per transaction.
   */
  async collectLive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.liveBatch.getStore()?.open) return fn();
    const batch: LiveBatch = { open: true, users: new Map() };
    try {
      return await this.liveBatch.run(batch, fn);
    } finally {
      batch.open = false;
      await this.publishCollected(batch);
    }
  }

  /** Raises notifications in the caller's transaction; returns how many rows were stored. */
  async fireWithin(trx: Transaction<DB>, items: NotifyInput[]): Promise<number> {
    return this.fire(trx, items);
  }

  /**
   * The common path, batched for bulk changes: one query per step for all items (per chunk of
   * keys), read access checked per recipient and document type, rows inserted in chunks, one live
   * message per recipient.
   */
  private async fire(trx: Transaction<DB>, items: Item[]): Promise<number> {
    if (!items.length) return 0;
    const rules = await this.services.notificationRules.settings(trx);
    const statusFilters = await this.statusFilters(trx, rules, items);
    const candidates: Candidate[] = [];
    for (const item of items) {
      const rule = rules.get(item.trigger)!;
      if (!rule.isEnabled || (!rule.inApp && !rule.email)) continue;
      const statuses = statusFilters.get(item.trigger);
      if (statuses && !statuses.has(item.doc.statusId!)) continue;
      const people = item.people ?? item.doc.people;
      const roles = new Map<number, string>();
      for (const role of rule.recipients) {
        if (!TRIGGER_RECIPIENTS[item.trigger].includes(role)) continue;
        for (const id of roleUsers(people, role))
          if (typeof id === 'number' && !roles.has(id)) roles.set(id, role);
      }
      for (const id of rule.userIds) if (!roles.has(id)) roles.set(id, 'user');
      // Nobody is told of their own action.
      if (item.actorId !== null) roles.delete(item.actorId);
      for (const [userId, role] of roles) candidates.push({ item, userId, role });
    }
    if (!candidates.length) return 0;

    const recipients = await this.services.users.deliveryInfoByIds(
      trx,
      candidates.map((c) => c.userId),
    );
    const active = candidates.filter((c) => recipients.get(c.userId)?.isActive);
    if (!active.length) return 0;
    const optedOut = await this.optOuts(trx, active);
    const readable = await this.readable(
      trx,
      active.map((c) => ({ userId: c.userId, docType: c.item.doc.docType, docId: c.item.doc.docId })),
    );

    const rows: Insertable<NotificationsTable>[] = [];
    const served = new Set<string>();
    const now = new Date().toISOString();
    for (const c of active) {
      const { item, userId } = c;
      if (!readable.get(`${userId}:${item.doc.docType}`)?.has(item.doc.docId)) continue;
      const group = item.group === undefined ? null : `${item.group}:${userId}`;
      if (group !== null && served.has(group)) continue;
      const rule = rules.get(item.trigger)!;
      const wants = (channel: 'in_app' | 'email') =>
        rule.isMandatory || !optedOut.has(`${userId}:${item.trigger}:${channel}`);
      const inApp = rule.inApp && wants('in_app');
      const email = rule.email && wants('email') && recipients.get(userId)!.email !== null;
      if (!inApp && !email) continue;
      if (group !== null) served.add(group);
      const params: NotificationParams = {
        ...docParams(item.trigger, item.doc),
        ...item.params,
        role: c.role,
      };
      rows.push({
        user_id: userId,
        trigger: item.trigger,
        doc_type: item.doc.docType,
        doc_id: item.doc.docId,
        actor_id: item.actorId,
        params: JSON.stringify(params),
        created_at: now,
        email_state: email ? 'pending' : null,
        dedupe_key: item.dedupeKey === undefined ? null : `${item.dedupeKey}:${userId}`,
        is_in_app: inApp,
      });
    }

    // Only what the live messages need comes back: returning whole rows costs more than the insert.
    const stored: StoredRow[] = [];
    for (const part of chunks(rows, INSERT_CHUNK)) {
      stored.push(
        ...(await trx
          .insertInto('notifications')
          .values(part)
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .returning(['id', 'user_id', 'is_in_app'])
          .execute()),
      );
    }
    await this.publishNew(trx, stored, recipients);
    return stored.length;
  }

  /**
   * The status filters of the rules these items fall under, without stale ids (a status deleted
   * or turned off since): a trigger whose filter has none left (or never had any) is for any status.
   */
  private async statusFilters(
    trx: Transaction<DB>,
    rules: Map<NotificationTrigger, RuleSettings>,
    items: Item[],
  ): Promise<Map<NotificationTrigger, Set<number>>> {
    const out = new Map<NotificationTrigger, Set<number>>();
    const filtered = new Set(
      items.map((i) => i.trigger).filter((t) => isStatusFiltered(t) && rules.get(t)!.statusIds.length),
    );
    if (!filtered.size) return out;
    const active = new Set(
      (await this.services.referenceBooks.taskStatuses.list({ active: true }, trx)).map((s) => s.id),
    );
    for (const trigger of filtered) {
      const ids = rules.get(trigger)!.statusIds.filter((id) => active.has(id));
      if (ids.length) out.set(trigger, new Set(ids));
    }
    return out;
  }

  /** The users' opt-outs of these triggers, as `user:trigger:channel`. */
  private async optOuts(trx: Transaction<DB>, candidates: Candidate[]): Promise<Set<string>> {
    const triggers = [...new Set(candidates.map((c) => c.item.trigger))];
    const out = new Set<string>();
    for (const part of chunks([...new Set(candidates.map((c) => c.userId))])) {
      const rows = await trx
        .selectFrom('notification_user_prefs')
        .select(['user_id', 'trigger', 'channel'])
        .where('user_id', 'in', part)
        .where('trigger', 'in', triggers)
        .where('is_enabled', '=', false)
        .execute();
      for (const r of rows) out.add(`${r.user_id}:${r.trigger}:${r.channel}`);
    }
    return out;
  }

  /**
   * A calculation's `notify(userId, text)`: an in-app notification with the text as written (and
   * the calculation's name), stored in the caller's transaction and pushed live when it commits.
   * Outside the rules — no matrix row, no opt-out, no e-mail, the actor too may be told — but
   * never to an inactive user or one who may not read the document. Answers the rows stored.
   */
  async directWithin(trx: Transaction<DB>, items: DirectNotification[]): Promise<number> {
    if (!items.length) return 0;
    const recipients = await this.services.users.deliveryInfoByIds(
      trx,
      items.map((i) => i.userId),
    );
    const active = items.filter((i) => recipients.get(i.userId)?.isActive);
    if (!active.length) return 0;
    const readable = await this.readable(trx, active);
    const allowed = active.filter((i) => readable.get(`${i.userId}:${i.docType}`)?.has(i.docId));
    if (!allowed.length) return 0;
    const docs = new Map<string, DocumentSnapshot>();
    for (const docType of new Set(allowed.map((i) => i.docType))) {
      const ids = [...new Set(allowed.filter((i) => i.docType === docType).map((i) => i.docId))];
      for (const doc of await this.services.documentChanges.snapshots(trx, docType, ids))
        docs.set(`${docType}:${doc.docId}`, doc);
    }
    const now = new Date().toISOString();
    const rows: Insertable<NotificationsTable>[] = allowed.map((i) => {
      const doc = docs.get(`${i.docType}:${i.docId}`);
      const params: NotificationParams = {
        ...(doc && { number: doc.number, title: doc.title }),
        text: i.text.length <= DIRECT_TEXT_MAX ? i.text : `${i.text.slice(0, DIRECT_TEXT_MAX - 1)}…`,
        calculation: i.calculationName,
      };
      return {
        user_id: i.userId,
        trigger: 'calculation',
        doc_type: i.docType,
        doc_id: i.docId,
        actor_id: i.actorId,
        params: JSON.stringify(params),
        created_at: now,
        email_state: null,
        dedupe_key: null,
        is_in_app: true,
      };
    });
    const stored: StoredRow[] = [];
    for (const part of chunks(rows, INSERT_CHUNK)) {
      stored.push(
        ...(await trx
          .insertInto('notifications')
          .values(part)
          .returning(['id', 'user_id', 'is_in_app'])
          .execute()),
      );
    }
    await this.publishNew(trx, stored, recipients);
    return stored.length;
  }

  /** The documents each user may read, as `user:docType` → ids: one query per user and type. */
  private async readable(
    trx: Transaction<DB>,
    wants: { userId: number; docType: DocType; docId: number }[],
  ): Promise<Map<string, Set<number>>> {
    const wanted = new Map<number, Map<DocType, Set<number>>>();
    for (const { userId, docType, docId } of wants) {
      let byType = wanted.get(userId);
      if (!byType) wanted.set(userId, (byType = new Map()));
      let ids = byType.get(docType);
      if (!ids) byType.set(docType, (ids = new Set()));
      ids.add(docId);
    }
    const out = new Map<string, Set<number>>();
    for (const [userId, byType] of wanted) {
      const viewer = await this.services.access.viewerOfUserWithin(trx, userId);
      for (const [docType, ids] of byType) {
        const set = new Set<number>();
        for (const part of chunks([...ids])) {
          for (const id of await this.services.access.readableIds(viewer, ACCESS_TYPE[docType], part, trx))
            set.add(id);
        }
        out.set(`${userId}:${docType}`, set);
      }
    }
    return out;
  }

  /**
   * One live message per recipient, going out when the transaction commits; while `collectLive`
   * runs, the rows are gathered for it instead.
   */
  private async publishNew(
    trx: Transaction<DB>,
    stored: StoredRow[],
    recipients: Map<number, { locale: Locale }>,
  ): Promise<void> {
    const inApp = stored.filter((r) => r.is_in_app);
    const batch = this.liveBatch.getStore();
    if (!batch?.open) {
      await this.publishNewest(trx, inApp, (userId) => recipients.get(userId)!.locale, trx);
      return;
    }
    for (const row of inApp) {
      let entry = batch.users.get(row.user_id);
      if (!entry)
        batch.users.set(row.user_id, (entry = { locale: recipients.get(row.user_id)!.locale, ids: [] }));
      entry.ids.push(row.id);
    }
  }

  /** After `collectLive`: a transaction that rolled back left nothing, so only what is in the table counts. */
  private async publishCollected(batch: LiveBatch): Promise<void> {
    const committed: Pick<NotificationRow, 'id' | 'user_id'>[] = [];
    for (const part of chunks([...batch.users.values()].flatMap((e) => e.ids))) {
      committed.push(
        ...(await this.db
          .selectFrom('notifications')
          .select(['id', 'user_id'])
          .where('id', 'in', part)
          .execute()),
      );
    }
    await this.publishNewest(this.db, committed, (userId) => batch.users.get(userId)!.locale);
  }

  /** Tells each user of their newest notification of these, and how many more came with it. */
  private async publishNewest(
    db: Db,
    stored: Pick<NotificationRow, 'id' | 'user_id'>[],
    localeOf: (userId: number) => Locale,
    within?: Transaction<DB>,
  ): Promise<void> {
    const newest = new Map<number, { id: number; count: number }>();
    for (const row of stored) {
      const seen = newest.get(row.user_id);
      if (!seen) newest.set(row.user_id, { id: row.id, count: 1 });
      else {
        seen.count++;
        seen.id = Math.max(seen.id, row.id);
      }
    }
    if (!newest.size) return;
    const rows: NotificationRow[] = [];
    for (const part of chunks([...newest.values()].map((n) => n.id)))
      rows.push(...(await db.selectFrom('notifications').selectAll().where('id', 'in', part).execute()));
    const base = await renderBase(db, this.services, rows);
    for (const row of rows) {
      const notification = renderRow(row, localeOf(row.user_id), base);
      const more = newest.get(row.user_id)!.count - 1;
      await this.services.live.publish(
        [row.user_id],
        { type: 'notification.new', notification, more },
        within,
      );
    }
  }

  async list(userId: number, query: NotificationListQuery, locale: Locale): Promise<NotificationPage> {
    let q = this.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', userId)
      .where('is_in_app', '=', true);
    if (query.unread) q = q.where('read_at', 'is', null);
    if (query.cursor) q = q.where('id', '<', decodeCursor(query.cursor)[1]);
    const fetched = await q
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const { rows, nextCursor } = cutPage(fetched, query.limit, (r) => [r.id, r.id]);
    const base = await renderBase(this.db, this.services, rows);
    return { items: rows.map((r) => renderRow(r, locale, base)), nextCursor };
  }

  async unreadCount(userId: number, db: Db = this.db): Promise<number> {
    const row = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('is_in_app', '=', true)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Marks the caller's notifications read (some or all); answers the unread count left. */
  async markRead(
    userId: number,
    which: { ids?: number[] | undefined; all?: true | undefined },
  ): Promise<number> {
    if (!which.all && !which.ids?.length) throw fieldProblem('ids', 'required');
    return this.db.transaction().execute(async (trx) => {
      let q = trx
        .updateTable('notifications')
        .set({ read_at: new Date().toISOString() })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null);
      if (!which.all) q = q.where('id', 'in', which.ids!);
      const result = await q.executeTakeFirst();
      // The user's other tabs and browsers refresh their bell.
      if (Number(result.numUpdatedRows) > 0)
        await this.services.live.publish([userId], { type: 'notifications.read' }, trx);
      return this.unreadCount(userId, trx);
    });
  }

  /**
   * One pass of the e-mail channel (the job runs it every few seconds); answers the letters
   * queued. `usersPerRun` is for tests that need a small page.
   */
  runEmailOnce(now?: Date, usersPerRun?: number): Promise<number> {
    return this.email.runOnce(now, usersPerRun);
  }

  useLogger(log: FastifyBaseLogger): void {
    this.email.useLogger(log);
  }

  start(): void {
    this.email.start();
  }

  async stop(): Promise<void> {
    await this.email.stop();
  }
}
