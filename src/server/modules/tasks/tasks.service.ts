import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { DB, TasksTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import { periodMoment } from '../../time/period.js';
import type { Services } from '../../services.js';
import { AppError, fieldProblem, forbidden, notFound } from '../../http/errors.js';
import { errorMessages, format } from '../../http/messages.js';
import { afterCursor, cutPage, decodeCursor, type SortValue } from '../../db/keyset.js';
import { localName, type Locale } from '../../../shared/locale.js';
import type { TaskStatus } from '../../../shared/schemas/reference-books.js';
import type { TaskPriority } from '../../../shared/schemas/card-files.js';
import type { TimelineItem } from '../../../shared/schemas/timeline.js';
import {
  TASK_BOARD_COLUMN_CAP,
  createChecklistItemRequest,
  createTaskRequest,
  taskCalcFilter,
  taskCommentsCalcFilter,
  updateChecklistItemRequest,
  updateTaskRequest,
  type Task,
  type TaskBoard,
  type TaskBoardQuery,
  type TaskChecklistItem,
  type TaskComment,
  type TaskCommentPage,
  type TaskFilter,
  type TaskListItem,
  type TaskListQuery,
  type TaskPage,
  type TaskSort,
  type TaskStatusBrief,
  type BulkTaskStatusResult,
} from '../../../shared/schemas/tasks.js';
import type { z } from 'zod';
import { afterTimelineCursor, type TimelineScope, type TimelineSource } from '../timeline/timeline-source.js';
import { SYSTEM_VIEWER, type Viewer } from '../access/viewer.js';
import type { DocumentChange, DocumentSnapshot } from '../document-changes/document-change.js';
import { actorOf, readInChunks, updateChanges, wholeChanges } from '../document-changes/change-list.js';
import type {
  CalcActor,
  CalcApplyMode,
  CalcCreatePort,
  CalcDocumentPort,
} from '../calculations/calculation-port.js';
import type { Json, JsonObject } from '../calculations/sandbox/sandbox-types.js';
import { parseCalcInput, cardOrNull, narrowByLists } from '../calculations/calculation-input.js';
import { CALC_FIND_MAX } from '../../../shared/schemas/calculations.js';

type Db = Kysely<DB> | Transaction<DB>;
type TaskRow = Selectable<TasksTable>;
export type CreateTaskInput = z.output<typeof createTaskRequest>;
export type UpdateTaskInput = z.output<typeof updateTaskRequest>;
export type CreateChecklistItemInput = z.output<typeof createChecklistItemRequest>;
export type UpdateChecklistItemInput = z.output<typeof updateChecklistItemRequest>;

/**
 * Tasks without a deadline sort after every dated one; in the deadline sort's cursor this value
 * stands for "among the undated tasks" (keyset cursor values are never null).
 */
const NO_DEADLINE = '9999-12-31T23:59:59.999Z';
const PRIORITY_RANK: Record<TaskPriority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
const priorityRank = sql<number>`(case priority when 'low' then 0 when 'high' then 2 when 'urgent' then 3 else 1 end)`;
const deadlineKey = sql<string>`coalesce(deadline, ${NO_DEADLINE})`;
const CHECKLIST_MAX = 500;
/** Tasks per transaction of a bulk status change: short transactions, few statements each. */
const BULK_CHUNK = 300;
/** A task's columns a save may change, by their names in the API (changedFields). */
const API_FIELDS = {
  title: 'title',
  description: 'description',
  priority: 'priority',
  author_id: 'authorId',
  performer_id: 'performerId',
  controller_id: 'controllerId',
  starts_at: 'startsAt',
  deadline: 'deadline',
  project_id: 'projectId',
  event_id: 'eventId',
  client_id: 'clientId',
  journal_id: 'journalId',
  status_id: 'statusId',
} as const satisfies Partial<Record<keyof TaskRow, string>>;

/** The sorts by one non-null column or expression; `deadline` pages in two phases (deadlineRows). */
const SORT_KEYS: Record<Exclude<TaskSort, 'deadline'>, Expression<SortValue>> = {
  createdAt: sql.ref('created_at'),
  number: sql.ref('number'),
  priority: priorityRank,
};
const SORT_VALUES: Record<TaskSort, (r: TaskRow) => SortValue> = {
  createdAt: (r) => r.created_at,
  deadline: (r) => r.deadline ?? NO_DEADLINE,
  number: (r) => r.number,
  priority: (r) => PRIORITY_RANK[r.priority as TaskPriority] ?? 1,
};

/** Who lists: the caller (for "my tasks") and the access conditions every listed row meets. */
interface Reach {
  userId: number;
  conditions: RawBuilder<SqlBool>[];
}

/** What a filter needs from the books, resolved once per request. */
interface FilterContext {
  statuses: Map<number, TaskStatus>;
  finalIds: number[];
  /** The journal filter's subtree; undefined when the filter names no journal. */
  journalIds: number[] | undefined;
  /** The deadline period as moments (days resolved in the enterprise's time zone). */
  deadlineFrom: string | undefined;
  deadlineTo: string | undefined;
  now: string;
}

/**
 * Картотека задач: tasks with status rules, comments and a checklist.
 *
 * Status rules come from the task status book: a status listing allowed next statuses lets a task
 * move only there (none listed: anywhere); moving into a final status stamps `completed_at`,
 * leaving one clears it. A task in a final status is locked: its fields and checklist change only
 * after it is moved out of the final status; comments stay open (a closed task is still discussed).
 */
export class TasksService implements TimelineSource, CalcDocumentPort, CalcCreatePort {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  // ---- lists -------------------------------------------------------------------------------

  async list(query: TaskListQuery, viewer: Viewer): Promise<TaskPage> {
    return this.listWithin(this.reach(viewer, ['read']), query);
  }

  private async listWithin(reach: Reach, query: TaskListQuery): Promise<TaskPage> {
    const ctx = await this.filterContext(query);
    if (ctx.journalIds?.length === 0) return { items: [], nextCursor: null };
    let fetched: TaskRow[];
    if (query.sort === 'deadline') {
      fetched = await this.deadlineRows(query, reach, ctx);
    } else {
      const key = SORT_KEYS[query.sort];
      let q = this.db
        .selectFrom('tasks')
        .selectAll()
        .where((eb) => this.filterWhere(eb, query, reach, ctx))
        .orderBy(key, query.order)
        .orderBy('id', query.order)
        .limit(query.limit + 1);
      if (query.cursor) q = q.where(afterCursor(key, 'id', query.order, query.cursor));
      fetched = await q.execute();
    }
    const value = SORT_VALUES[query.sort];
    const { rows, nextCursor } = cutPage(fetched, query.limit, (r) => [value(r), r.id]);
    return { items: await this.present(rows, ctx), nextCursor };
  }

  /**
   * Up to `limit + 1` rows of the deadline sort. It runs as two phases, each an ordered range of
   * the plain (deadline, id) index (a coalesce() key could use none): the dated tasks by
   * (deadline, id), and the undated ones by id, which come after the dated ones ascending and
   * before them descending. The cursor's value is NO_DEADLINE while in the undated phase.
   */
  private async deadlineRows(query: TaskListQuery, reach: Reach, ctx: FilterContext): Promise<TaskRow[]> {
    const { order } = query;
    const op = order === 'asc' ? '>' : '<';
    const cursor = deadlineCursor(query.cursor);
    const inUndated = cursor?.deadline === NO_DEADLINE;
    const base = (limit: number) =>
      this.db
        .selectFrom('tasks')
        .selectAll()
        .where((eb) => this.filterWhere(eb, query, reach, ctx))
        .limit(limit);
    const dated = (limit: number) => {
      let q = base(limit).where('deadline', 'is not', null).orderBy('deadline', order).orderBy('id', order);
      if (cursor && !inUndated) {
        q = q.where((eb) => eb(eb.refTuple('deadline', 'id'), op, eb.tuple(cursor.deadline, cursor.id)));
      }
      return q.execute();
    };
    const undated = (limit: number) => {
      let q = base(limit).where('deadline', 'is', null).orderBy('id', order);
      if (cursor && inUndated) q = q.where('id', op, cursor.id);
      return q.execute();
    };
    // The phases still ahead of the cursor, in page order.
    const phases =
      order === 'asc'
        ? inUndated
          ? [undated]
          : [dated, undated]
        : cursor && !inUndated
          ? [dated]
          : [undated, dated];
    const rows: TaskRow[] = [];
    for (const phase of phases) {
      rows.push(...(await phase(query.limit + 1 - rows.length)));
      if (rows.length > query.limit) break;
    }
    return rows;
  }

  /**
   * Every page of a filtered list, for the export (memory stays flat for any size): only tasks
   * the viewer may read and export.
   */
  async *pages(
    query: Omit<TaskListQuery, 'cursor' | 'limit'>,
    viewer: Viewer,
  ): AsyncIterable<TaskListItem[]> {
    const reach = this.reach(viewer, ['read', 'export']);
    let cursor: string | undefined;
    do {
      const page = await this.listWithin(reach, { ...query, cursor, limit: 500 });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** The kanban board: a column per active status, in the book's order; urgent and due first. */
  async board(query: TaskBoardQuery, viewer: Viewer): Promise<TaskBoard> {
    const reach = this.reach(viewer, ['read']);
    const ctx = await this.filterContext(query);
    const columns = [...ctx.statuses.values()].filter(
      (s) => s.isActive && (!query.statusId || query.statusId.includes(s.id)),
    );
    if (ctx.journalIds?.length === 0 || !columns.length) {
      return { columns: columns.map((s) => ({ status: brief(s), total: 0, items: [] })) };
    }
    const counts = await this.db
      .selectFrom('tasks')
      .select(['status_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where((eb) => this.filterWhere(eb, query, reach, ctx))
      .groupBy('status_id')
      .execute();
    const rows = await Promise.all(
      columns.map((s) =>
        this.db
          .selectFrom('tasks')
          .selectAll()
          .where((eb) => this.filterWhere(eb, query, reach, ctx))
          .where('status_id', '=', s.id)
          .orderBy(priorityRank, 'desc')
          .orderBy(deadlineKey, 'asc')
          .orderBy('id', 'asc')
          .limit(TASK_BOARD_COLUMN_CAP)
          .execute(),
      ),
    );
    const items = await this.present(rows.flat(), ctx);
    const byId = new Map(items.map((i) => [i.id, i]));
    return {
      columns: columns.map((s, i) => ({
        status: brief(s),
        total: Number(counts.find((c) => c.status_id === s.id)?.n ?? 0),
        items: rows[i]!.map((r) => byId.get(r.id)!),
      })),
    };
  }

  // ---- the card ----------------------------------------------------------------------------

  /** The task card; 404 when missing or out of the viewer's reach. */
  async get(id: number, viewer: Viewer): Promise<Task> {
    await this.services.access.assertCan(viewer, 'tasks', 'read', id);
    return this.card(this.db, id);
  }

  /**
   * The card without an access check: for the one who just saved it, and after the check; read
   * through `db` (a saving transaction reads its own writes).
   */
  private async card(db: Db, id: number): Promise<Task> {
    const row = await this.row(db, id);
    const ctx = await this.filterContext({}, db);
    const [item] = await this.present([row], ctx, db);
    const [project, event, journal, checklist] = await Promise.all([
      row.project_id === null ? null : this.projectBrief(db, row.project_id),
      row.event_id === null ? null : this.eventBrief(db, row.event_id),
      this.services.referenceBooks.journals.get(row.journal_id, db),
      db
        .selectFrom('task_checklist_items')
        .select((eb) => [
          eb.fn.countAll<number>().as('total'),
          eb.fn.sum<number>(eb.case().when('is_done', '=', true).then(1).else(0).end()).as('done'),
        ])
        .where('task_id', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      ...item!,
      description: row.description,
      project,
      event,
      journal: { id: journal.id, nameRu: journal.nameRu, nameUk: journal.nameUk, nameEn: journal.nameEn },
      checklist: { total: Number(checklist.total), done: Number(checklist.done ?? 0) },
    };
  }

  async create(input: CreateTaskInput, userId: number, viewer: Viewer, locale: Locale = 'ru'): Promise<Task> {
    return this.createAs(input, { userId, viewer, locale }, viewer);
  }

  /**
   * Creates a task for `actor` (its author by default; its calculations act for them), checked
   * against `rights` — the actor's viewer, or the system's for what a calculation creates.
   */
  private async createAs(input: CreateTaskInput, actor: CalcActor, rights: Viewer): Promise<Task> {
    const { userId, locale } = actor;
    assertDates(input.startsAt, input.deadline);
    const journal = await this.services.referenceBooks.journals.resolveForDocument('task', input.journalId);
    this.services.access.assertCreate(rights, 'tasks', journal.id);
    const prepared = await this.services.numbering.prepare('task', { journalId: journal.id });
    const id = await this.db.transaction().execute(async (trx) => {
      const calc = await this.services.calculations.prepareWithin(trx, 'task', null);
      // A new task starts in the initial status or one step on by an allowed transition, so the
      // book's rules cannot be bypassed by creating a task already there (e.g. closed).
      const initial = await this.services.referenceBooks.taskStatuses.initial(trx);
      const status =
        input.statusId === undefined || input.statusId === initial.id
          ? initial
          : await this.transition(trx, initial, input.statusId);
      const authorId = input.authorId === undefined ? userId : input.authorId;
      await this.assertUsers(trx, {
        authorId: input.authorId,
        performerId: input.performerId,
        controllerId: input.controllerId,
      });
      const links = {
        event_id: input.eventId,
        project_id: input.projectId,
        client_id: input.clientId ?? null,
      };
      await this.checkLinks(
        trx,
        links,
        null,
        { projectId: input.projectId !== null, clientId: input.clientId !== undefined },
        rights,
      );
      const number = await this.services.numbering.nextNumber(trx, prepared);
      const now = new Date().toISOString();
      const row = await trx
        .insertInto('tasks')
        .values({
          number,
          title: input.title,
          description: input.description,
          status_id: status.id,
          priority: input.priority,
          author_id: authorId,
          performer_id: input.performerId,
          controller_id: input.controllerId,
          starts_at: moment(input.startsAt),
          deadline: moment(input.deadline),
          completed_at: status.isFinal ? now : null,
          ...links,
          journal_id: journal.id,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.saved(trx, null, row, status, userId, locale);
      await this.services.documentChanges.recordWithin(
        trx,
        wholeChanges('created', await this.snapshotsWithin(trx, [row.id]), userId),
      );
      // Its own calculations' changes are applied with the rights it was created with.
      await this.services.calculations.savingWithin(trx, calc, row.id, 'created', {
        ...actor,
        editRights: rights,
      });
      return row.id;
    });
    return this.card(this.db, id);
  }

  /**
   * Changes a task. A status change obeys the book's transitions; a task in a final status
   * accepts only a status change that takes it out (409 `task_final_locked` otherwise).
   */
  async update(
    id: number,
    changes: UpdateTaskInput,
    userId: number,
    viewer: Viewer,
    locale: Locale = 'ru',
  ): Promise<Task> {
    await this.services.access.assertCan(viewer, 'tasks', 'edit', id);
    await this.db
      .transaction()
      .execute((trx) => this.updateWithin(trx, id, changes, { userId, viewer, locale }, 'save'));
    return this.card(this.db, id);
  }

  /**
   * The update in the caller's transaction (the edit right already checked); false when nothing
   * changed. A `save` runs the task's calculations; a calculation's changes run none. Those of a
   * before-save or status-change script (`phase`) are part of the save that ran it, so a task that
   * save closed still takes them; any other (`change`) meets the final-status lock as a save does.
   */
  private async updateWithin(
    trx: Transaction<DB>,
    id: number,
    changes: UpdateTaskInput,
    actor: CalcActor,
    by: 'save' | CalcApplyMode,
  ): Promise<boolean> {
    const { userId, viewer, locale } = actor;
    const calc = by === 'save' ? await this.services.calculations.prepareWithin(trx, 'task', id) : null;
    const before = await this.row(trx, id);
    const from = await this.services.referenceBooks.taskStatuses.get(before.status_id, trx);
    const next = {
      title: changes.title ?? before.title,
      description: changes.description ?? before.description,
      priority: changes.priority ?? before.priority,
      author_id: pick(changes.authorId, before.author_id),
      performer_id: pick(changes.performerId, before.performer_id),
      controller_id: pick(changes.controllerId, before.controller_id),
      starts_at: changes.startsAt === undefined ? before.starts_at : moment(changes.startsAt),
      deadline: changes.deadline === undefined ? before.deadline : moment(changes.deadline),
      project_id: pick(changes.projectId, before.project_id),
      event_id: pick(changes.eventId, before.event_id),
      client_id: pick(changes.clientId, before.client_id),
      journal_id: before.journal_id,
    };
    if (changes.journalId !== undefined && changes.journalId !== before.journal_id) {
      next.journal_id = (
        await this.services.referenceBooks.journals.resolveForDocument('task', changes.journalId, trx)
      ).id;
      this.services.access.assertJournalWritable(viewer, 'tasks', next.journal_id);
    }
    const changedFields = () =>
      (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== before[k]);
    const statusChanges = changes.statusId !== undefined && changes.statusId !== before.status_id;
    if (from.isFinal && by !== 'phase' && changedFields().length) throw finalLocked(from);
    const to = statusChanges ? await this.transition(trx, from, changes.statusId!) : from;
    if (!changedFields().length && !statusChanges) return false;

    assertDates(next.starts_at, next.deadline);
    const changed = changedFields();
    await this.assertUsers(trx, {
      authorId: changed.includes('author_id') ? next.author_id : undefined,
      performerId: changed.includes('performer_id') ? next.performer_id : undefined,
      controllerId: changed.includes('controller_id') ? next.controller_id : undefined,
    });
    await this.checkLinks(
      trx,
      next,
      before,
      { projectId: changes.projectId !== undefined, clientId: changes.clientId !== undefined },
      viewer,
    );

    const now = new Date().toISOString();
    const completedAt = to.isFinal === from.isFinal ? before.completed_at : to.isFinal ? now : null;
    const snapshotBefore = await this.snapshotsWithin(trx, [id]);
    const after = await trx
      .updateTable('tasks')
      .set({ ...next, status_id: to.id, completed_at: completedAt, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.saved(trx, before, after, to, userId, locale);
    const apiChanged = Object.entries(API_FIELDS)
      .filter(([column]) => before[column as keyof TaskRow] !== after[column as keyof TaskRow])
      .map(([, name]) => name);
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(snapshotBefore, await this.snapshotsWithin(trx, [id]), userId, () => apiChanged),
    );
    await this.services.calculations.savingWithin(trx, calc, id, 'updated', actor);
    return true;
  }

  changeStatus(
    id: number,
    statusId: number,
    userId: number,
    viewer: Viewer,
    locale: Locale = 'ru',
  ): Promise<Task> {
    return this.update(id, { statusId }, userId, viewer, locale);
  }

  /**
   * Moves many tasks to one status. Each is checked as a single change would be (it exists, the
   * viewer may read and edit it, its status allows the move); refused ones are reported with the
   * reason in `locale`, the others saved with their history, search entries and document
   * changes, BULK_CHUNK tasks per transaction. Tasks already in the status are left alone.
   */
  async changeStatusMany(
    ids: number[],
    statusId: number,
    userId: number,
    viewer: Viewer,
    locale: Locale = 'ru',
  ): Promise<BulkTaskStatusResult> {
    const to = await this.usableStatus(this.db, statusId);
    const result: BulkTaskStatusResult = { updated: 0, errors: [] };
    const refuse = (id: number, e: AppError) =>
      result.errors.push({ id, code: e.code, message: format(errorMessages[e.code][locale], e.params) });
    const unique = [...new Set(ids)];
    // Calculations see each task's save (and may refuse it): then every task is saved on its own.
    if (await this.services.calculations.hasEnabledWithin(this.db, 'task')) {
      await this.services.notifications.collectLive(async () => {
        for (const id of unique) {
          try {
            await this.services.access.assertCan(viewer, 'tasks', 'edit', id);
            const saved = await this.db
              .transaction()
              .execute((trx) => this.updateWithin(trx, id, { statusId }, { userId, viewer, locale }, 'save'));
            if (saved) result.updated++;
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            refuse(id, e);
          }
        }
      });
      return result;
    }
    // Each recipient is told once of the whole change, not once per chunk.
    await this.services.notifications.collectLive(async () => {
      for (let i = 0; i < unique.length; i += BULK_CHUNK) {
        const chunk = unique.slice(i, i + BULK_CHUNK);
        result.updated += await this.db.transaction().execute(async (trx) => {
          const statuses = new Map(
            (await this.services.referenceBooks.taskStatuses.list({}, trx)).map((s) => [s.id, s]),
          );
          const read = this.services.access.condition(viewer, 'tasks', 'read') ?? sql<boolean>`1 = 1`;
          const edit = this.services.access.condition(viewer, 'tasks', 'edit') ?? sql<boolean>`1 = 1`;
          const rows = await trx
            .selectFrom('tasks')
            .select([
              'id',
              'number',
              'title',
              'description',
              'status_id',
              sql<number>`case when ${read} then 1 else 0 end`.as('can_read'),
              sql<number>`case when ${edit} then 1 else 0 end`.as('can_edit'),
            ])
            .where('id', 'in', chunk)
            .execute();
          const byId = new Map(rows.map((r) => [r.id, r]));
          const moving: { row: (typeof rows)[number]; from: TaskStatus }[] = [];
          for (const id of chunk) {
            const row = byId.get(id);
            // A task the viewer may not read answers like a missing one.
            if (!row || !Number(row.can_read)) refuse(id, notFound());
            else if (!Number(row.can_edit)) refuse(id, forbidden());
            else if (row.status_id !== to.id) {
              const from = statuses.get(row.status_id)!;
              if (from.allowedNextIds.length && !from.allowedNextIds.includes(to.id)) {
                refuse(id, transitionRefused(from, to));
              } else moving.push({ row, from });
            }
          }
          if (!moving.length) return 0;
          const movingIds = moving.map((m) => m.row.id);
          const before = await this.snapshotsWithin(trx, movingIds);
          const now = new Date().toISOString();
          // completed_at as a single change sets it: stamped on entering a final status, cleared on leaving one.
          for (const fromFinal of [true, false]) {
            const group = moving.filter((m) => m.from.isFinal === fromFinal).map((m) => m.row.id);
            if (!group.length) continue;
            const completedAt = fromFinal === to.isFinal ? {} : { completed_at: to.isFinal ? now : null };
            await trx
              .updateTable('tasks')
              .set({ status_id: to.id, updated_at: now, ...completedAt })
              .where('id', 'in', group)
              .execute();
          }
          const entry = (s: TaskStatus) => ({ id: s.id, name: localName(s, locale) });
          await this.services.history.recordChanged(
            trx,
            'task',
            userId,
            moving.map(({ row, from }) => ({
              docId: row.id,
              before: { statusId: entry(from) },
              after: { statusId: entry(to) },
            })),
          );
          await this.services.search.indexMany(
            trx,
            moving.map(({ row }) => ({
              docType: 'task',
              docId: row.id,
              title: row.title,
              subtitle: `${row.number} · ${to.nameRu}`,
              terms: [row.number, row.description.slice(0, 1000)],
            })),
          );
          const after = before.map((s) => ({
            ...s,
            statusId: to.id,
            statusCode: to.code,
            isClosed: to.isFinal,
          }));
          await this.services.documentChanges.recordWithin(
            trx,
            updateChanges(before, after, userId, () => ['statusId']),
          );
          return moving.length;
        });
      }
    });
    return result;
  }

  /** Deletes a task for real, with its comments and checklist. */
  async remove(id: number, viewer: Viewer): Promise<void> {
    await this.services.access.assertCan(viewer, 'tasks', 'delete', id);
    await this.db.transaction().execute(async (trx) => {
      await this.row(trx, id);
      // Taken before: a deleted task is reported as it was.
      const gone = await this.snapshotsWithin(trx, [id]);
      await trx.deleteFrom('tasks').where('id', '=', id).execute();
      await this.services.search.remove(trx, 'task', id);
      await this.services.documentChanges.recordWithin(trx, wholeChanges('deleted', gone, actorOf(viewer)));
    });
  }

  // ---- comments ----------------------------------------------------------------------------

  /** A task's comments, oldest first. */
  async comments(
    taskId: number,
    page: { cursor?: string | undefined; limit: number },
    viewer: Viewer,
  ): Promise<TaskCommentPage> {
    await this.assertReadable(viewer, taskId);
    let q = this.db
      .selectFrom('task_comments')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('id')
      .limit(page.limit + 1);
    if (page.cursor) q = q.where('id', '>', decodeCursor(page.cursor)[1]);
    const { rows, nextCursor } = cutPage(await q.execute(), page.limit, (r) => [r.id, r.id]);
    return { items: await this.presentComments(rows), nextCursor };
  }

  /** Anyone who may read a task may comment on it. */
  async addComment(taskId: number, body: string, userId: number, viewer: Viewer): Promise<TaskComment> {
    await this.assertReadable(viewer, taskId);
    const now = new Date().toISOString();
    const row = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('task_comments')
        .values({ task_id: taskId, user_id: userId, body, created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      const changes: DocumentChange[] = (await this.snapshotsWithin(trx, [taskId])).map((doc) => ({
        action: 'commented',
        doc,
        before: doc,
        actorId: userId,
        changedFields: [],
        comment: { id: row.id, body },
        at: now,
      }));
      await this.services.documentChanges.recordWithin(trx, changes);
      return row;
    });
    return (await this.presentComments([row]))[0]!;
  }

  async updateComment(
    taskId: number,
    commentId: number,
    body: string,
    userId: number,
    viewer: Viewer,
  ): Promise<TaskComment> {
    await this.assertReadable(viewer, taskId);
    await this.ownComment(taskId, commentId, userId);
    const row = await this.db
      .updateTable('task_comments')
      .set({ body, updated_at: new Date().toISOString() })
      .where('id', '=', commentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return (await this.presentComments([row]))[0]!;
  }

  async removeComment(taskId: number, commentId: number, userId: number, viewer: Viewer): Promise<void> {
    await this.assertReadable(viewer, taskId);
    await this.ownComment(taskId, commentId, userId);
    await this.db.deleteFrom('task_comments').where('id', '=', commentId).execute();
  }

  // ---- checklist ---------------------------------------------------------------------------

  async checklist(taskId: number, viewer: Viewer): Promise<TaskChecklistItem[]> {
    await this.assertReadable(viewer, taskId);
    return (await this.checklistRows(this.db, taskId)).map(presentItem);
  }

  /** The checklist is part of the task: changing it is editing the task. */
  async addChecklistItem(
    taskId: number,
    input: CreateChecklistItemInput,
    viewer: Viewer,
  ): Promise<TaskChecklistItem> {
    await this.services.access.assertCan(viewer, 'tasks', 'edit', taskId);
    return this.db.transaction().execute(async (trx) => {
      await this.assertEditable(trx, taskId);
      const items = await this.checklistRows(trx, taskId);
      if (items.length >= CHECKLIST_MAX)
        throw new AppError(409, 'task_checklist_full', { max: CHECKLIST_MAX });
      const now = new Date().toISOString();
      const row = await trx
        .insertInto('task_checklist_items')
        .values({
          task_id: taskId,
          text: input.text,
          is_done: input.isDone,
          sort_order: (items.at(-1)?.sort_order ?? 0) + 10,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.checklistChanged(trx, taskId, viewer);
      return presentItem(row);
    });
  }

  /** Changes an item's text or done flag; `position` moves it (the others keep their order). */
  async updateChecklistItem(
    taskId: number,
    itemId: number,
    changes: UpdateChecklistItemInput,
    viewer: Viewer,
  ): Promise<TaskChecklistItem> {
    await this.services.access.assertCan(viewer, 'tasks', 'edit', taskId);
    return this.db.transaction().execute(async (trx) => {
      await this.assertEditable(trx, taskId);
      const items = await this.checklistRows(trx, taskId);
      const item = items.find((i) => i.id === itemId);
      if (!item) throw notFound();
      const now = new Date().toISOString();
      if (changes.position !== undefined) {
        const order = items.filter((i) => i.id !== itemId);
        order.splice(Math.min(changes.position, order.length), 0, item);
        for (const [index, i] of order.entries()) {
          if (i.sort_order !== (index + 1) * 10) {
            await trx
              .updateTable('task_checklist_items')
              .set({ sort_order: (index + 1) * 10 })
              .where('id', '=', i.id)
              .execute();
          }
        }
      }
      const row = await trx
        .updateTable('task_checklist_items')
        .set({
          ...(changes.text !== undefined && { text: changes.text }),
          ...(changes.isDone !== undefined && { is_done: changes.isDone }),
          updated_at: now,
        })
        .where('id', '=', itemId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.checklistChanged(trx, taskId, viewer);
      return presentItem(row);
    });
  }

  async removeChecklistItem(taskId: number, itemId: number, viewer: Viewer): Promise<void> {
    await this.services.access.assertCan(viewer, 'tasks', 'edit', taskId);
    await this.db.transaction().execute(async (trx) => {
      await this.assertEditable(trx, taskId);
      const res = await trx
        .deleteFrom('task_checklist_items')
        .where('id', '=', itemId)
        .where('task_id', '=', taskId)
        .executeTakeFirst();
      if (!res.numDeletedRows) throw notFound();
      await this.checklistChanged(trx, taskId, viewer);
    });
  }

  /** The checklist is part of the task: a change of it is reported as a change of the task. */
  private async checklistChanged(trx: Transaction<DB>, taskId: number, viewer: Viewer): Promise<void> {
    const docs = await this.snapshotsWithin(trx, [taskId]);
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(docs, docs, actorOf(viewer), () => ['checklist']),
    );
  }

  // ---- calculations ------------------------------------------------------------------------

  /** The card as GET /api/v1/tasks/:id shows it, read through `db`; null when gone. */
  async calcCardWithin(db: Db, id: number): Promise<JsonObject | null> {
    return cardOrNull(this.card(db, id));
  }

  /** Fields a script changed, validated and saved as a PATCH would be, without calculations. */
  async calcApplyWithin(
    trx: Transaction<DB>,
    id: number,
    fields: JsonObject,
    actor: CalcActor,
    mode: CalcApplyMode,
  ): Promise<void> {
    const changes = parseCalcInput(updateTaskRequest, fields);
    await this.services.access.assertCan(actor.viewer, 'tasks', 'edit', id, trx);
    await this.updateWithin(trx, id, changes, actor, mode);
  }

  /**
   * `find('tasks', filter)`: list items the viewer may read, by id, at most 500. Filter keys (all
   * optional, together they narrow): `ids`, `projectId`, `clientId`, `eventId`, `performerId`,
   * `statusId` (an id or a list of ids), `statusCode` (a status code or a list), `isClosed`
   * (whether the status is final).
   */
  async calcFindWithin(db: Db, viewer: Viewer, filter: Json): Promise<JsonObject[]> {
    const f = parseCalcInput(taskCalcFilter, filter ?? {});
    const ctx = await this.filterContext({}, db);
    let q = db.selectFrom('tasks').selectAll().orderBy('id').limit(CALC_FIND_MAX);
    const access = this.services.access.condition(viewer, 'tasks', 'read');
    if (access) q = q.where(access);
    const narrowed = narrowByLists(q, [
      ['id', f.ids],
      ['project_id', f.projectId],
      ['client_id', f.clientId],
      ['event_id', f.eventId],
      ['performer_id', f.performerId],
      ['status_id', f.statusId],
    ]);
    if (!narrowed) return [];
    q = narrowed;
    if (f.statusCode) {
      const codes = new Set(f.statusCode);
      const ids = [...ctx.statuses.values()].filter((s) => codes.has(s.code)).map((s) => s.id);
      if (!ids.length) return [];
      q = q.where('status_id', 'in', ids);
    }
    if (f.isClosed !== undefined && ctx.finalIds.length) {
      q = q.where('status_id', f.isClosed ? 'in' : 'not in', ctx.finalIds);
    } else if (f.isClosed) return [];
    return this.present(await q.execute(), ctx, db);
  }

  /**
   * `find('taskComments', { taskId })`: the task's comments (oldest first, at most 500) when the
   * viewer may read the task, else none.
   */
  async calcCommentsWithin(db: Db, viewer: Viewer, filter: Json): Promise<JsonObject[]> {
    const { taskId } = parseCalcInput(taskCommentsCalcFilter, filter);
    if (!(await this.services.access.canRead(viewer, 'tasks', taskId, db))) return [];
    const rows = await db
      .selectFrom('task_comments')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('id')
      .limit(CALC_FIND_MAX)
      .execute();
    return this.presentComments(rows, db);
  }

  /**
   * `createTask({...})` of an after-save script: validated as POST /api/v1/tasks, created through
   * the same path (its own transaction, its own calculations, which act for the same user). It
   * is checked against the system's rights — what a calculation creates is the administrator's
   * code's decision, not the acting user's — and authored by the user whose save ran the script
   * (none for a system save).
   */
  async calcCreate(input: JsonObject, actor: CalcActor): Promise<{ id: number; number: string }> {
    const parsed = parseCalcInput(createTaskRequest, input);
    const task = await this.createAs(parsed, actor, SYSTEM_VIEWER);
    return { id: task.id, number: task.number };
  }

  // ---- for other modules -------------------------------------------------------------------

  /**
   * Merge of clients: moves tasks of client `fromId` to `toId`, with a `clientId` history line on
   * each task (the clients as `{ id, name }`, like every task reference in the history).
   */
  async reassignClient(
    trx: Transaction<DB>,
    fromId: number,
    toId: number,
    userId: number | null,
  ): Promise<number> {
    const moved = await trx.selectFrom('tasks').select('id').where('client_id', '=', fromId).execute();
    if (!moved.length) return 0;
    const ids = moved.map((r) => r.id);
    const before = await this.snapshotsWithin(trx, ids);
    await trx
      .updateTable('tasks')
      .set({ client_id: toId, updated_at: new Date().toISOString() })
      .where('client_id', '=', fromId)
      .execute();
    const names = await this.services.clients.briefByIds([fromId, toId], trx);
    await this.services.history.recordMoved(trx, {
      docType: 'task',
      docIds: moved.map((r) => r.id),
      field: 'clientId',
      from: { id: fromId, name: names.get(fromId) ?? `#${fromId}` },
      to: { id: toId, name: names.get(toId) ?? `#${toId}` },
      userId,
    });
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(before, await this.snapshotsWithin(trx, ids), userId, () => ['clientId']),
    );
    return moved.length;
  }

  /** Tasks as document changes report them (see document-change.ts), a few queries for the lot. */
  async snapshotsWithin(db: Db, ids: readonly number[]): Promise<DocumentSnapshot[]> {
    const rows = await readInChunks(ids, (part) =>
      db
        .selectFrom('tasks')
        .select([
          'id',
          'number',
          'title',
          'status_id',
          'author_id',
          'performer_id',
          'controller_id',
          'deadline',
          'client_id',
          'project_id',
        ])
        .where('id', 'in', part)
        .execute(),
    );
    if (!rows.length) return [];
    const [statuses, managers, responsible] = await Promise.all([
      this.services.referenceBooks.taskStatuses.list({}, db),
      this.services.projects.managersByIds(
        db,
        rows.map((r) => r.project_id),
      ),
      this.services.clients.responsibleByIds(
        db,
        rows.map((r) => r.client_id),
      ),
    ]);
    const statusOf = new Map(statuses.map((s) => [s.id, s]));
    return rows.map((r) => {
      const status = statusOf.get(r.status_id);
      return {
        docType: 'task',
        docId: r.id,
        number: r.number,
        title: r.title,
        people: {
          performerId: r.performer_id,
          authorId: r.author_id,
          controllerId: r.controller_id,
          projectManagerId: r.project_id === null ? null : (managers.get(r.project_id) ?? null),
          responsibleId: r.client_id === null ? null : (responsible.get(r.client_id) ?? null),
          participantIds: [],
        },
        typeCode: null,
        statusId: r.status_id,
        statusCode: status?.code ?? null,
        isClosed: status?.isFinal ?? false,
        deadline: r.deadline,
        startsAt: null,
        clientId: r.client_id,
        projectId: r.project_id,
      };
    });
  }

  /** How many tasks are in journal `journalId`. */
  countInJournal(db: Db, journalId: number): Promise<number> {
    return this.count(db, 'journal_id', journalId);
  }

  /** How many tasks have status `statusId`. */
  countWithStatus(db: Db, statusId: number): Promise<number> {
    return this.count(db, 'status_id', statusId);
  }

  /**
   * Per project id: tasks in total and in a final status (project progress), counting only the
   * tasks the viewer may read — a count must not reveal hidden tasks.
   */
  async progressByProject(
    projectIds: number[],
    viewer: Viewer,
    db: Db = this.db,
  ): Promise<Map<number, { total: number; done: number }>> {
    const out = new Map(projectIds.map((id) => [id, { total: 0, done: 0 }]));
    if (!projectIds.length) return out;
    const finalIds = (await this.services.referenceBooks.taskStatuses.list({}, db))
      .filter((s) => s.isFinal)
      .map((s) => s.id);
    const rows = await db
      .selectFrom('tasks')
      .select((eb) => [
        'project_id',
        eb.fn.countAll<number>().as('total'),
        finalIds.length
          ? eb.fn.sum<number>(eb.case().when('status_id', 'in', finalIds).then(1).else(0).end()).as('done')
          : sql<number>`0`.as('done'),
      ])
      .where('project_id', 'in', projectIds)
      .$call((q) => {
        const visible = this.services.access.condition(viewer, 'tasks');
        return visible ? q.where(visible) : q;
      })
      .groupBy('project_id')
      .execute();
    for (const r of rows) {
      out.set(r.project_id!, { total: Number(r.total), done: Number(r.done ?? 0) });
    }
    return out;
  }

  /**
   * Calendar and ICS feed: tasks the viewer may read with a deadline in [from, to) where the user
   * is performer, author or controller (every task when userId is null), by deadline, at most
   * `limit` of them (the earliest). A caller that must tell a cut list asks for one more than it
   * shows.
   */
  async deadlinesBetween(
    userId: number | null,
    from: string,
    to: string,
    viewer: Viewer,
    limit = 2000,
  ): Promise<
    { id: number; number: string; title: string; deadline: string; isFinal: boolean; isOverdue: boolean }[]
  > {
    let q = this.db
      .selectFrom('tasks')
      .select(['id', 'number', 'title', 'deadline', 'status_id'])
      .where('deadline', '>=', new Date(from).toISOString())
      .where('deadline', '<', new Date(to).toISOString())
      .orderBy('deadline')
      .orderBy('id')
      .limit(limit);
    const access = this.services.access.condition(viewer, 'tasks');
    if (access) q = q.where(access);
    if (userId !== null) {
      q = q.where((eb) =>
        eb.or([
          eb('performer_id', '=', userId),
          eb('author_id', '=', userId),
          eb('controller_id', '=', userId),
        ]),
      );
    }
    const [rows, ctx] = await Promise.all([q.execute(), this.filterContext({})]);
    return rows.map((r) => {
      const isFinal = ctx.statuses.get(r.status_id)?.isFinal ?? false;
      return {
        id: r.id,
        number: r.number,
        title: r.title,
        deadline: r.deadline!,
        isFinal,
        isOverdue: !isFinal && r.deadline! < ctx.now,
      };
    });
  }

  /**
   * Tasks of a client or project the viewer may read on its timeline, by creation time.
   * `status` is the status code and `subtitle` its Russian name (the timeline is built without
   * the caller's language); `userName` is the performer.
   */
  async timeline(
    db: Db,
    scope: TimelineScope,
    viewer: Viewer,
    after: string | null,
    limit: number,
    locale: Locale,
  ): Promise<TimelineItem[]> {
    if (scope.clientId === undefined && scope.projectId === undefined) return [];
    let q = db
      .selectFrom('tasks')
      .select(['id', 'number', 'title', 'status_id', 'performer_id', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (scope.clientId !== undefined) q = q.where('client_id', '=', scope.clientId);
    if (scope.projectId !== undefined) q = q.where('project_id', '=', scope.projectId);
    if (after) q = q.where(afterTimelineCursor('created_at', 'id', 'task', after));
    const access = this.services.access.condition(viewer, 'tasks');
    if (access) q = q.where(access);
    const rows = await q.execute();
    if (!rows.length) return [];
    const [statuses, users] = await Promise.all([
      this.services.referenceBooks.taskStatuses.list({}, db),
      this.services.users.briefByIds(
        rows.map((r) => r.performer_id),
        db,
      ),
    ]);
    return rows.map((r) => {
      const status = statuses.find((s) => s.id === r.status_id);
      return {
        kind: 'task',
        id: r.id,
        at: r.created_at,
        docType: 'task',
        docId: r.id,
        number: r.number,
        title: r.title,
        subtitle: status ? localName(status, locale) : '',
        status: status?.code ?? null,
        userName: r.performer_id === null ? null : (users.get(r.performer_id) ?? null),
      };
    });
  }

  // ---- internals ---------------------------------------------------------------------------

  /** The access conditions of these actions (none when the viewer is not restricted). */
  private reach(viewer: Viewer, actions: ('read' | 'export')[]): Reach {
    return {
      userId: viewer.userId,
      conditions: actions
        .map((action) => this.services.access.condition(viewer, 'tasks', action))
        .filter((c) => c !== null),
    };
  }

  /** 404 when the task is missing or the viewer may not read it (the same answer for both). */
  private async assertReadable(viewer: Viewer, taskId: number): Promise<void> {
    await this.services.access.assertCan(viewer, 'tasks', 'read', taskId);
    // An unrestricted viewer is not checked against the table: the task must still exist.
    await this.row(this.db, taskId);
  }

  private async row(db: Db, id: number): Promise<TaskRow> {
    const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  private async count(db: Db, column: 'journal_id' | 'status_id', id: number): Promise<number> {
    const r = await db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', id)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  private async filterContext(
    filter: Pick<TaskFilter, 'journalId' | 'from' | 'to'>,
    db: Db = this.db,
  ): Promise<FilterContext> {
    const days = [filter.from, filter.to].some((b) => b?.length === 10);
    const [statuses, journalIds, timeZone] = await Promise.all([
      this.services.referenceBooks.taskStatuses.list({}, db),
      filter.journalId === undefined
        ? undefined
        : this.services.referenceBooks.journals.subtreeIds(filter.journalId),
      days ? this.services.enterprise.timeZone() : 'UTC',
    ]);
    return {
      statuses: new Map(statuses.map((s) => [s.id, s])),
      finalIds: statuses.filter((s) => s.isFinal).map((s) => s.id),
      journalIds,
      deadlineFrom: filter.from && periodMoment(filter.from, 'from', timeZone),
      deadlineTo: filter.to && periodMoment(filter.to, 'to', timeZone),
      now: new Date().toISOString(),
    };
  }

  private filterWhere(
    eb: ExpressionBuilder<DB, 'tasks'>,
    f: TaskFilter,
    reach: Reach,
    ctx: FilterContext,
  ): Expression<SqlBool> {
    const c: Expression<SqlBool>[] = [...reach.conditions];
    if (f.q) {
      const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
      c.push(
        eb.or([
          sql<SqlBool>`lower(title) like ${like} escape '\\'`,
          sql<SqlBool>`lower(number) like ${like} escape '\\'`,
        ]),
      );
    }
    const lists = [
      ['status_id', f.statusId],
      ['performer_id', f.performerId],
      ['author_id', f.authorId],
      ['controller_id', f.controllerId],
      ['client_id', f.clientId],
      ['project_id', f.projectId],
      ['event_id', f.eventId],
      ['journal_id', ctx.journalIds],
    ] as const;
    for (const [column, ids] of lists) if (ids) c.push(eb(column, 'in', ids));
    if (ctx.deadlineFrom) c.push(eb('deadline', '>=', ctx.deadlineFrom));
    if (ctx.deadlineTo) c.push(eb('deadline', '<', ctx.deadlineTo));
    if (f.mine) {
      const roles = f.mine === 'any' ? (['performer', 'author', 'controller'] as const) : [f.mine];
      c.push(eb.or(roles.map((role) => eb(`${role}_id`, '=', reach.userId))));
    }
    const open = ctx.finalIds.length ? [eb('status_id', 'not in', ctx.finalIds)] : [];
    if (f.overdue === 'true') {
      c.push(eb.and([eb('deadline', 'is not', null), eb('deadline', '<', ctx.now), ...open]));
    } else if (f.overdue === 'false') {
      c.push(
        eb.or([
          eb('deadline', 'is', null),
          eb('deadline', '>=', ctx.now),
          ...(ctx.finalIds.length ? [eb('status_id', 'in', ctx.finalIds)] : []),
        ]),
      );
    }
    return eb.and(c);
  }

  private async present(rows: TaskRow[], ctx: FilterContext, db: Db = this.db): Promise<TaskListItem[]> {
    if (!rows.length) return [];
    const clientIds = rows.map((r) => r.client_id).filter((id) => id !== null);
    const [users, clients] = await Promise.all([
      this.services.users.briefByIds(
        rows.flatMap((r) => [r.author_id, r.performer_id, r.controller_id]),
        db,
      ),
      clientIds.length ? this.services.clients.briefByIds(clientIds, db) : new Map<number, string>(),
    ]);
    const user = (id: number | null) => (id === null ? null : { id, name: users.get(id) ?? '' });
    return rows.map((r) => {
      const status = ctx.statuses.get(r.status_id)!;
      return {
        id: r.id,
        number: r.number,
        title: r.title,
        statusId: r.status_id,
        status: brief(status),
        priority: r.priority as TaskPriority,
        authorId: r.author_id,
        author: user(r.author_id),
        performerId: r.performer_id,
        performer: user(r.performer_id),
        controllerId: r.controller_id,
        controller: user(r.controller_id),
        startsAt: r.starts_at,
        deadline: r.deadline,
        completedAt: r.completed_at,
        isOverdue: r.deadline !== null && r.deadline < ctx.now && !status.isFinal,
        clientId: r.client_id,
        client: r.client_id === null ? null : { id: r.client_id, name: clients.get(r.client_id) ?? '' },
        projectId: r.project_id,
        eventId: r.event_id,
        journalId: r.journal_id,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
  }

  // The projects and events services offer no list of names; the single-document check gives the
  // card what it shows. A project or event that no longer passes it is shown by id only.
  private async projectBrief(db: Db, id: number): Promise<Task['project']> {
    try {
      const p = await this.services.projects.assertUsable(db, id);
      return { id: p.id, number: p.number, name: p.name };
    } catch (e) {
      if (e instanceof AppError) return null;
      throw e;
    }
  }

  private async eventBrief(db: Db, id: number): Promise<Task['event']> {
    try {
      const ev = await this.services.events.assertUsable(db, id);
      return { id: ev.id, number: ev.number, subject: ev.subject };
    } catch (e) {
      if (e instanceof AppError) return null;
      throw e;
    }
  }

  /** A status a task may be put in: it exists and is active. */
  private async usableStatus(db: Db, id: number): Promise<TaskStatus> {
    const status = (await this.services.referenceBooks.taskStatuses.list({}, db)).find((s) => s.id === id);
    if (!status?.isActive) throw fieldProblem('statusId', 'task_status_unknown', { id });
    return status;
  }

  /** The target of a status change, when the current status allows moving there. */
  private async transition(db: Db, from: TaskStatus, toId: number): Promise<TaskStatus> {
    const to = await this.usableStatus(db, toId);
    if (from.allowedNextIds.length && !from.allowedNextIds.includes(to.id)) throw transitionRefused(from, to);
    return to;
  }

  private async assertUsers(
    db: Db,
    ids: {
      authorId?: number | null | undefined;
      performerId?: number | null | undefined;
      controllerId?: number | null | undefined;
    },
  ): Promise<void> {
    await this.services.users.assertAssignable(db, 'authorId', ids.authorId);
    await this.services.users.assertAssignable(db, 'performerId', ids.performerId);
    await this.services.users.assertAssignable(db, 'controllerId', ids.controllerId);
  }

  /**
   * Checks the linked event, project and client that are new (unchanged links are not checked
   * again) and fills the gaps the caller left: an event gives its project and client, a project
   * its client. A new client, chosen or filled in, must exist and not be deleted; an external
   * project takes only its own client (internal ones have none and take any). A link the user
   * chose must be readable by the viewer (else it answers like an unknown one); links filled in
   * from the event or the project are not the user's choice.
   */
  private async checkLinks(
    db: Db,
    links: { event_id: number | null; project_id: number | null; client_id: number | null },
    before: TaskRow | null,
    chosen: { projectId: boolean; clientId: boolean },
    viewer: Viewer,
  ): Promise<void> {
    if (links.event_id !== null && links.event_id !== before?.event_id) {
      const event = await this.services.events.assertUsable(db, links.event_id, 'eventId', viewer);
      if (!chosen.projectId && links.project_id === null) links.project_id = event.projectId;
      if (!chosen.clientId && links.client_id === null) links.client_id = event.clientId;
    }
    const projectChanged = links.project_id !== before?.project_id;
    if (links.project_id !== null && (projectChanged || links.client_id !== before?.client_id)) {
      const project = await this.services.projects.assertUsable(
        db,
        links.project_id,
        'projectId',
        chosen.projectId && projectChanged ? viewer : null,
      );
      if (!chosen.clientId && links.client_id === null) links.client_id = project.clientId;
      if (project.clientId !== null && links.client_id !== null && links.client_id !== project.clientId) {
        throw fieldProblem(projectChanged ? 'projectId' : 'clientId', 'task_project_other_client', {
          number: project.number,
        });
      }
    }
    if (links.client_id !== null && links.client_id !== before?.client_id) {
      await this.services.clients.assertUsable(
        db,
        links.client_id,
        'clientId',
        undefined,
        chosen.clientId ? viewer : null,
      );
    }
  }

  /**
   * History (same transaction) and the search entry of a saved task. References are recorded
   * with their names (`{ id, name }`, book entries in the caller's language) so the history
   * reads well after they change or go.
   */
  private async saved(
    trx: Db,
    before: TaskRow | null,
    after: TaskRow,
    status: TaskStatus,
    userId: number | null,
    locale: Locale,
  ): Promise<void> {
    const named = await this.historyNames(trx, before ? [before, after] : [after], locale);
    await this.services.history.record(trx, {
      docType: 'task',
      docId: after.id,
      userId,
      before: before && named(before),
      after: named(after),
    });
    await this.services.search.index(trx, {
      docType: 'task',
      docId: after.id,
      title: after.title,
      subtitle: `${after.number} · ${status.nameRu}`,
      terms: [after.number, after.description.slice(0, 1000)],
    });
  }

  /** The task's fields as history compares them (names from shared/history-fields.ts). */
  private async historyNames(
    trx: Db,
    versions: TaskRow[],
    locale: Locale,
  ): Promise<(r: TaskRow) => Record<string, unknown>> {
    const ids = (pick: (r: TaskRow) => (number | null)[]) => [
      ...new Set(versions.flatMap(pick).filter((id) => id !== null)),
    ];
    const clientIds = ids((r) => [r.client_id]);
    const [users, clients, statuses, journals, projects, events] = await Promise.all([
      this.services.users.briefByIds(
        ids((r) => [r.author_id, r.performer_id, r.controller_id]),
        trx,
      ),
      clientIds.length ? this.services.clients.briefByIds(clientIds, trx) : new Map<number, string>(),
      this.services.referenceBooks.taskStatuses.list({}, trx),
      this.services.referenceBooks.journals.list({}, trx),
      this.linkNames(
        ids((r) => [r.project_id]),
        async (id) => {
          const p = await this.services.projects.assertUsable(trx, id);
          return `${p.number} ${p.name}`;
        },
      ),
      this.linkNames(
        ids((r) => [r.event_id]),
        async (id) => {
          const e = await this.services.events.assertUsable(trx, id);
          return `${e.number} ${e.subject}`;
        },
      ),
    ]);
    const ref = (names: Map<number, string>, id: number | null) =>
      id === null ? null : { id, name: names.get(id) ?? `#${id}` };
    const entry = (entries: { id: number; nameRu: string; nameUk: string; nameEn: string }[], id: number) => {
      const found = entries.find((e) => e.id === id);
      return { id, name: found ? localName(found, locale) : `#${id}` };
    };
    return (r) => ({
      number: r.number,
      title: r.title,
      statusId: entry(statuses, r.status_id),
      clientId: ref(clients, r.client_id),
      projectId: ref(projects, r.project_id),
      eventId: ref(events, r.event_id),
      journalId: entry(journals, r.journal_id),
      authorId: ref(users, r.author_id),
      performerId: ref(users, r.performer_id),
      controllerId: ref(users, r.controller_id),
      deadline: r.deadline,
      priority: r.priority,
      description: r.description,
    });
  }

  /** Names of linked projects or events, each read through its module's single-document check. */
  private async linkNames(
    ids: number[],
    name: (id: number) => Promise<string>,
  ): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const id of ids) {
      try {
        out.set(id, await name(id));
      } catch (e) {
        // A link that no longer passes the check keeps its id in the history.
        if (!(e instanceof AppError)) throw e;
      }
    }
    return out;
  }

  /** The task exists and is not in a final status (its checklist is locked then). */
  private async assertEditable(db: Db, taskId: number): Promise<void> {
    const row = await this.row(db, taskId);
    const status = await this.services.referenceBooks.taskStatuses.get(row.status_id, db);
    if (status.isFinal) throw finalLocked(status);
  }

  private checklistRows(db: Db, taskId: number) {
    return db
      .selectFrom('task_checklist_items')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
  }

  private async ownComment(taskId: number, commentId: number, userId: number): Promise<void> {
    const row = await this.db
      .selectFrom('task_comments')
      .select('user_id')
      .where('id', '=', commentId)
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.user_id !== userId) throw new AppError(403, 'task_comment_not_author');
  }

  private async presentComments(
    rows: Selectable<DB['task_comments']>[],
    db: Db = this.db,
  ): Promise<TaskComment[]> {
    const users = await this.services.users.briefByIds(
      rows.map((r) => r.user_id),
      db,
    );
    return rows.map((r) => ({
      id: r.id,
      taskId: r.task_id,
      userId: r.user_id,
      user: r.user_id === null ? null : { id: r.user_id, name: users.get(r.user_id) ?? '' },
      body: r.body,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }
}

function brief(s: TaskStatus): TaskStatusBrief {
  return {
    id: s.id,
    code: s.code,
    nameRu: s.nameRu,
    nameUk: s.nameUk,
    nameEn: s.nameEn,
    color: s.color,
    isFinal: s.isFinal,
  };
}

function presentItem(r: Selectable<DB['task_checklist_items']>): TaskChecklistItem {
  return {
    id: r.id,
    taskId: r.task_id,
    text: r.text,
    isDone: r.is_done,
    sortOrder: r.sort_order,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function transitionRefused(from: TaskStatus, to: TaskStatus): AppError {
  return new AppError(409, 'task_transition_refused', {
    fromRu: from.nameRu,
    fromUk: from.nameUk,
    fromEn: from.nameEn,
    toRu: to.nameRu,
    toUk: to.nameUk,
    toEn: to.nameEn,
  });
}

function finalLocked(status: TaskStatus): AppError {
  return new AppError(409, 'task_final_locked', {
    statusRu: status.nameRu,
    statusUk: status.nameUk,
    statusEn: status.nameEn,
  });
}

/** The deadline sort's cursor; its value is compared with the deadline column, so must be a moment. */
function deadlineCursor(cursor: string | undefined): { deadline: string; id: number } | null {
  if (!cursor) return null;
  const [value, id] = decodeCursor(cursor);
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw fieldProblem('cursor', 'cursor_invalid');
  }
  return { deadline: value, id };
}

/** `undefined` keeps the stored value; null clears it. */
function pick<T>(value: T | null | undefined, current: T | null): T | null {
  return value === undefined ? current : value;
}

/** An input moment as stored: UTC ISO, so both engines compare them as equals. */
function moment(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function assertDates(startsAt: string | null, deadline: string | null): void {
  if (startsAt !== null && deadline !== null && Date.parse(deadline) < Date.parse(startsAt)) {
    throw fieldProblem('deadline', 'task_deadline_before_start');
  }
}
