import { sql, type Expression, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, ProjectsTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { fieldProblem, notFound } from '../../http/errors.js';
import { afterCursor, cutPage } from '../../db/keyset.js';
import { localName, type Locale } from '../../../shared/locale.js';
import type { ProjectKind, ProjectStatus } from '../../../shared/schemas/card-files.js';
import {
  projectCalcFilter,
  updateProjectRequest,
  type Project,
  type ProjectFilter,
  type ProjectListItem,
  type ProjectListQuery,
  type ProjectPage,
  type ProjectProgress,
  type ProjectSort,
  type createProjectRequest,
} from '../../../shared/schemas/projects.js';
import type { TimelineItem } from '../../../shared/schemas/timeline.js';
import type { z } from 'zod';
import type { SearchDocument } from '../search/search.service.js';
import { afterTimelineCursor, type TimelineScope, type TimelineSource } from '../timeline/timeline-source.js';
import { SYSTEM_VIEWER, type Viewer } from '../access/viewer.js';
import type { DocumentSnapshot } from '../document-changes/document-change.js';
import {
  actorOf,
  changedKeys,
  presentIds,
  readInChunks,
  updateChanges,
  wholeChanges,
} from '../document-changes/change-list.js';
import { groupBy } from '../../group-by.js';
import type { CalcActor, CalcDocumentPort } from '../calculations/calculation-port.js';
import type { Json, JsonObject } from '../calculations/sandbox/sandbox-types.js';
import { parseCalcInput, cardOrNull, narrowByLists } from '../calculations/calculation-input.js';
import { CALC_FIND_MAX } from '../../../shared/schemas/calculations.js';

type Db = Kysely<DB> | Transaction<DB>;
type Row = Selectable<ProjectsTable>;
type CreateInput = z.output<typeof createProjectRequest>;
type UpdateInput = z.output<typeof updateProjectRequest>;

/** A project's fields as history compares them (names from shared/history-fields.ts). */
type Fields = {
  number: string;
  name: string;
  kind: ProjectKind;
  clientId: number | null;
  managerId: number | null;
  participants: number[];
  journalId: number;
  status: ProjectStatus;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  description: string;
  progressPercent: number | null;
};

/** Ids per `in (…)` list of a batch (well under both engines' parameter limits). */
const BATCH = 500;
/** Rows without a planned end sort as if it were far away (keyset needs a non-null value). */
const NO_END = '9999-12-31';
const SORT_EXPRESSIONS: Record<ProjectSort, Expression<unknown>> = {
  createdAt: sql.ref('projects.created_at'),
  number: sql.ref('projects.number'),
  name: sql.ref('projects.name'),
  plannedEnd: sql`coalesce(projects.planned_end, ${sql.lit(NO_END)})`,
};
const sortValue: Record<ProjectSort, (r: Row) => string> = {
  createdAt: (r) => r.created_at,
  number: (r) => r.number,
  name: (r) => r.name,
  plannedEnd: (r) => r.planned_end ?? NO_END,
};

/** Проекты: external (for a client) and internal projects with participants and status. */
export class ProjectsService implements TimelineSource, CalcDocumentPort {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** The project card; 404 when missing or not readable by the viewer (the same answer). */
  async get(id: number, viewer: Viewer, locale: Locale = 'ru'): Promise<Project> {
    await this.services.access.assertCan(viewer, 'projects', 'read', id);
    return this.card(this.db, id, viewer, locale);
  }

  /**
   * The card as stored, without access checks: what a write just saved is shown to its author.
   * Read through `db` (a saving transaction reads its own writes).
   */
  private async card(db: Db, id: number, viewer: Viewer, locale: Locale): Promise<Project> {
    const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const [item] = await this.present([row], viewer, locale, db);
    const participantIds = await this.participantIds(db, id);
    const users = await this.services.users.briefByIds([...participantIds, row.created_by], db);
    const brief = (userId: number | null) =>
      userId === null ? null : { id: userId, name: users.get(userId) ?? '' };
    return {
      ...item!,
      participantIds,
      participants: participantIds
        .map((p) => brief(p)!)
        .sort((a, b) => a.name.localeCompare(b.name, locale) || a.id - b.id),
      description: row.description,
      createdBy: brief(row.created_by),
      updatedAt: row.updated_at,
    };
  }

  async list(query: ProjectListQuery, viewer: Viewer, locale: Locale = 'ru'): Promise<ProjectPage> {
    const { rows, nextCursor } = await this.page(query, viewer, ['read']);
    return { items: await this.present(rows, viewer, locale), nextCursor };
  }

  /** Every page of a filtered list, for the export: only projects the viewer may read and export. */
  async *pages(filter: ProjectFilter, viewer: Viewer, locale: Locale): AsyncGenerator<ProjectListItem[]> {
    let cursor: string | undefined;
    do {
      const { rows, nextCursor } = await this.page({ ...filter, cursor, limit: 500 }, viewer, [
        'read',
        'export',
      ]);
      yield await this.present(rows, viewer, locale);
      cursor = nextCursor ?? undefined;
    } while (cursor);
  }

  async create(input: CreateInput, userId: number, viewer: Viewer, locale: Locale = 'ru'): Promise<Project> {
    // Journal and numbering are read before the transaction (on SQLite it holds the only connection).
    // The default journal when none is chosen: the grant is checked on where the project goes.
    const journal = await this.services.referenceBooks.journals.resolveForDocument(
      'project',
      input.journalId,
    );
    this.services.access.assertCreate(viewer, 'projects', journal.id);
    const prepared = await this.services.numbering.prepare('project', { journalId: journal.id });
    const fields: Omit<Fields, 'number'> = {
      name: input.name,
      kind: input.kind,
      clientId: input.clientId,
      managerId: input.managerId === undefined ? userId : input.managerId,
      participants: unique(input.participantIds),
      journalId: journal.id,
      status: input.status,
      plannedStart: input.plannedStart,
      plannedEnd: input.plannedEnd,
      actualStart: input.actualStart,
      actualEnd: input.actualEnd,
      description: input.description,
      progressPercent: input.progressPercent,
    };
    checkShape(fields);
    const id = await this.db.transaction().execute(async (trx) => {
      const calc = await this.services.calculations.prepareWithin(trx, 'project', null);
      const clientName = await this.checkReferences(trx, fields, null, viewer);
      const number = await this.services.numbering.nextNumber(trx, prepared);
      const now = new Date().toISOString();
      const { id } = await trx
        .insertInto('projects')
        .values({ number, ...columns(fields), created_by: userId, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.setParticipants(trx, id, fields.participants);
      await this.services.history.record(trx, {
        docType: 'project',
        docId: id,
        userId,
        before: null,
        after: { number, ...fields },
      });
      await this.index(trx, { id, number, ...fields }, clientName);
      await this.services.documentChanges.recordWithin(
        trx,
        wholeChanges('created', await this.snapshotsWithin(trx, [id]), userId),
      );
      await this.services.calculations.savingWithin(trx, calc, id, 'created', { userId, viewer, locale });
      return id;
    });
    return this.card(this.db, id, viewer, locale);
  }

  async update(
    id: number,
    changes: UpdateInput,
    userId: number,
    viewer: Viewer,
    locale: Locale = 'ru',
  ): Promise<Project> {
    // Before the transaction: on SQLite it holds the only connection.
    await this.services.access.assertCan(viewer, 'projects', 'edit', id);
    await this.db
      .transaction()
      .execute((trx) => this.updateWithin(trx, id, changes, { userId, viewer, locale }, 'save'));
    return this.card(this.db, id, viewer, locale);
  }

  /**
   * The update in the caller's transaction (the edit right already checked). A `save` runs the
   * project's calculations; a calculation's own changes (`calculation`) run none.
   */
  private async updateWithin(
    trx: Transaction<DB>,
    id: number,
    changes: UpdateInput,
    actor: CalcActor,
    by: 'save' | 'calculation',
  ): Promise<void> {
    const { userId, viewer, locale } = actor;
    const calc = by === 'save' ? await this.services.calculations.prepareWithin(trx, 'project', id) : null;
    const row = await trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const before = fieldsOf(row, await this.participantIds(trx, id));
    const snapshotBefore = await this.snapshotsWithin(trx, [id]);
    const after: Fields = {
      ...before,
      ...defined(changes, [
        'name',
        'kind',
        'clientId',
        'managerId',
        'journalId',
        'status',
        'plannedStart',
        'plannedEnd',
        'actualStart',
        'actualEnd',
        'description',
        'progressPercent',
      ]),
      participants: changes.participantIds ? unique(changes.participantIds) : before.participants,
    };
    checkShape(after);
    if (after.journalId !== before.journalId) {
      await this.services.referenceBooks.journals.resolveForDocument('project', after.journalId, trx);
      this.services.access.assertJournalWritable(viewer, 'projects', after.journalId);
    }
    const clientName = await this.checkReferences(trx, after, before, viewer);
    await trx
      .updateTable('projects')
      .set({ ...columns(after), updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    if (!sameIds(before.participants, after.participants)) {
      await this.setParticipants(trx, id, after.participants);
    }
    const named = await this.historyNames(trx, [before, after], locale);
    await this.services.history.record(trx, {
      docType: 'project',
      docId: id,
      userId,
      before: named(before),
      after: named(after),
    });
    await this.index(trx, { id, ...after }, clientName);
    const changed = changedKeys(before, after, { participants: 'participantIds' });
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(snapshotBefore, await this.snapshotsWithin(trx, [id]), userId, () => changed),
    );
    await this.services.calculations.savingWithin(trx, calc, id, 'updated', actor);
  }

  /** Deleted for real; its events and tasks stay, without a project (the foreign keys set null). */
  async remove(id: number, viewer: Viewer): Promise<void> {
    await this.services.access.assertCan(viewer, 'projects', 'delete', id);
    await this.db.transaction().execute(async (trx) => {
      // Taken before: a deleted project is reported as it was.
      const gone = await this.snapshotsWithin(trx, [id]);
      const res = await trx.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
      if (!Number(res.numDeletedRows)) throw notFound();
      await this.services.search.remove(trx, 'project', id);
      await this.services.documentChanges.recordWithin(trx, wholeChanges('deleted', gone, actorOf(viewer)));
    });
  }

  /** For events/tasks in a project: checks it exists (field error on `path`, code `project_unknown`). */
  async assertUsable(
    db: Db,
    projectId: number,
    path = 'projectId',
    viewer: Viewer | null = null,
  ): Promise<{ id: number; clientId: number | null; name: string; number: string }> {
    const row = await db
      .selectFrom('projects')
      .select(['id', 'client_id', 'name', 'number'])
      .where('id', '=', projectId)
      .executeTakeFirst();
    // A project the viewer may not read answers like one that does not exist.
    if (!row || (viewer && !(await this.services.access.canRead(viewer, 'projects', projectId, db))))
      throw fieldProblem(path, 'project_unknown', { id: projectId });
    return { id: row.id, clientId: row.client_id, name: row.name, number: row.number };
  }

  /**
   * Merge of clients: moves projects of client `fromId` to `toId`, one history line each (the
   * client as `{ id, name }`, like a project's own saves), and re-indexes them, since the client's
   * name is among their search terms.
   */
  async reassignClient(
    trx: Transaction<DB>,
    fromId: number,
    toId: number,
    userId: number | null,
  ): Promise<number> {
    const ids = (await trx.selectFrom('projects').select('id').where('client_id', '=', fromId).execute()).map(
      (r) => r.id,
    );
    if (!ids.length) return 0;
    const before = await this.snapshotsWithin(trx, ids);
    await trx
      .updateTable('projects')
      .set({ client_id: toId, updated_at: new Date().toISOString() })
      .where('client_id', '=', fromId)
      .execute();
    const names = await this.services.clients.briefByIds([fromId, toId], trx);
    const ref = (id: number) => ({ id, name: names.get(id) ?? `#${id}` });
    await this.services.history.recordMoved(trx, {
      docType: 'project',
      docIds: ids,
      field: 'clientId',
      from: ref(fromId),
      to: ref(toId),
      userId,
    });
    await this.indexOfClient(trx, toId, ids);
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(before, await this.snapshotsWithin(trx, ids), userId, () => ['clientId']),
    );
    return ids.length;
  }

  /** Re-indexes the projects of client `clientId` under its current name (the client was renamed). */
  async reindexForClient(trx: Db, clientId: number): Promise<void> {
    await this.indexOfClient(trx, clientId, null);
  }

  /** Projects as document changes report them (see document-change.ts), a few queries for the lot. */
  async snapshotsWithin(db: Db, ids: readonly number[]): Promise<DocumentSnapshot[]> {
    const rows = await readInChunks(ids, (part) =>
      db
        .selectFrom('projects')
        .select(['id', 'number', 'name', 'status', 'client_id', 'manager_id', 'created_by'])
        .where('id', 'in', part)
        .execute(),
    );
    if (!rows.length) return [];
    const [participants, responsible] = await Promise.all([
      readInChunks(
        rows.map((r) => r.id),
        (part) =>
          db
            .selectFrom('project_participants')
            .select(['project_id', 'user_id'])
            .where('project_id', 'in', part)
            .orderBy('user_id')
            .execute(),
      ),
      this.services.clients.responsibleByIds(
        db,
        rows.map((r) => r.client_id),
      ),
    ]);
    const participantsOf = groupBy(
      participants,
      (p) => p.project_id,
      (p) => p.user_id,
    );
    return rows.map((r) => ({
      docType: 'project',
      docId: r.id,
      number: r.number,
      title: r.name,
      people: {
        performerId: null,
        authorId: r.created_by,
        controllerId: null,
        projectManagerId: r.manager_id,
        responsibleId: r.client_id === null ? null : (responsible.get(r.client_id) ?? null),
        participantIds: participantsOf.get(r.id) ?? [],
      },
      typeCode: null,
      statusId: null,
      statusCode: r.status,
      isClosed: r.status === 'completed' || r.status === 'cancelled',
      deadline: null,
      startsAt: null,
      clientId: r.client_id,
      projectId: r.id,
    }));
  }

  /** The manager of each project (projects not found are left out). */
  async managersByIds(db: Db, ids: Iterable<number | null | undefined>): Promise<Map<number, number | null>> {
    const rows = await readInChunks(presentIds(ids), (part) =>
      db.selectFrom('projects').select(['id', 'manager_id']).where('id', 'in', part).execute(),
    );
    return new Map(rows.map((r) => [r.id, r.manager_id]));
  }

  /** Numbers and names of projects, for lists of documents that link them. */
  async briefByIds(
    ids: Iterable<number | null | undefined>,
    db: Db = this.db,
  ): Promise<Map<number, { number: string; name: string }>> {
    const unique = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
    if (!unique.length) return new Map();
    const rows = await db
      .selectFrom('projects')
      .select(['id', 'number', 'name'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, { number: r.number, name: r.name }]));
  }

  /** How many projects are in journal `journalId` (it cannot be deleted then). */
  async countInJournal(db: Db, journalId: number): Promise<number> {
    const r = await db
      .selectFrom('projects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('journal_id', '=', journalId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * A client's projects on its timeline (those the viewer may read), at their creation. A
   * project's own timeline shows its events and tasks, not the project itself.
   */
  async timeline(
    db: Db,
    scope: TimelineScope,
    viewer: Viewer,
    after: string | null,
    limit: number,
    _locale: Locale,
  ): Promise<TimelineItem[]> {
    if (scope.clientId === undefined) return [];
    let q = db
      .selectFrom('projects')
      .select(['id', 'number', 'name', 'status', 'created_by', 'created_at'])
      .where('client_id', '=', scope.clientId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (after) q = q.where(afterTimelineCursor('created_at', 'id', 'project', after));
    const visible = this.services.access.condition(viewer, 'projects');
    if (visible) q = q.where(visible);
    const rows = await q.execute();
    const names = await this.services.users.briefByIds(
      rows.map((r) => r.created_by),
      db,
    );
    return rows.map((r) => ({
      kind: 'project',
      id: r.id,
      at: r.created_at,
      docType: 'project',
      docId: r.id,
      number: r.number,
      title: r.name,
      subtitle: r.status,
      status: r.status,
      userName: r.created_by === null ? null : (names.get(r.created_by) ?? null),
    }));
  }

  // ---- calculations ------------------------------------------------------------------------

  /**
   * The card as GET /api/v1/projects/:id shows it, read through `db`; null when gone. Its
   * `progress` counts every task of the project (no reader's rights apply) and the journal is
   * named in Russian, the language the card defaults to.
   */
  async calcCardWithin(db: Db, id: number): Promise<JsonObject | null> {
    return cardOrNull(this.card(db, id, SYSTEM_VIEWER, 'ru'));
  }

  /**
   * Fields a script changed, validated and saved as a PATCH would be, without calculations (a
   * project has no lock a mode could keep: every mode applies them alike).
   */
  async calcApplyWithin(
    trx: Transaction<DB>,
    id: number,
    fields: JsonObject,
    actor: CalcActor,
  ): Promise<void> {
    const changes = parseCalcInput(updateProjectRequest, fields);
    await this.services.access.assertCan(actor.viewer, 'projects', 'edit', id, trx);
    await this.updateWithin(trx, id, changes, actor, 'calculation');
  }

  /**
   * `find('projects', filter)`: list items the viewer may read, by id, at most 500 (progress from
   * the tasks the viewer may read, journals named in Russian). Filter keys (all optional,
   * together they narrow): `ids`, `clientId`, `managerId` (an id or a list of ids), `status` (a
   * status or a list of them).
   */
  async calcFindWithin(db: Db, viewer: Viewer, filter: Json): Promise<JsonObject[]> {
    const f = parseCalcInput(projectCalcFilter, filter ?? {});
    let q = db.selectFrom('projects').selectAll().orderBy('id').limit(CALC_FIND_MAX);
    const access = this.services.access.condition(viewer, 'projects', 'read');
    if (access) q = q.where(access);
    const narrowed = narrowByLists(q, [
      ['id', f.ids],
      ['client_id', f.clientId],
      ['manager_id', f.managerId],
      ['status', f.status],
    ]);
    if (!narrowed) return [];
    q = narrowed;
    return this.present(await q.execute(), viewer, 'ru', db);
  }

  /** A page of projects within the viewer's reach for every one of `actions`. */
  private async page(
    query: ProjectListQuery,
    viewer: Viewer,
    actions: ('read' | 'export')[],
  ): Promise<{ rows: Row[]; nextCursor: string | null }> {
    const sortBy = SORT_EXPRESSIONS[query.sort];
    let q = this.db
      .selectFrom('projects')
      .selectAll()
      .orderBy(sortBy, query.order)
      .orderBy('projects.id', query.order)
      .limit(query.limit + 1);
    for (const action of actions) {
      const c = this.services.access.condition(viewer, 'projects', action);
      if (c) q = q.where(c);
    }
    if (query.cursor) q = q.where(afterCursor(sortBy, 'projects.id', query.order, query.cursor));
    if (query.q) {
      const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(
        sql<boolean>`(lower(projects.name) like ${like} escape '\\' or lower(projects.number) like ${like} escape '\\')`,
      );
    }
    if (query.status?.length) q = q.where('status', 'in', query.status);
    if (query.kind) q = q.where('kind', '=', query.kind);
    if (query.clientId?.length) q = q.where('client_id', 'in', query.clientId);
    if (query.managerId?.length) q = q.where('manager_id', 'in', query.managerId);
    if (query.journalId !== undefined) {
      const ids = await this.services.referenceBooks.journals.subtreeIds(query.journalId);
      if (!ids.length) return { rows: [], nextCursor: null };
      q = q.where('journal_id', 'in', ids);
    }
    // A missing end means the project goes on; a project without any planned date is in no period.
    if (query.from) {
      const from = query.from;
      q = q.where((eb) =>
        eb.or([
          eb('planned_end', '>=', from),
          eb.and([eb('planned_end', 'is', null), eb('planned_start', 'is not', null)]),
        ]),
      );
    }
    if (query.to) {
      const to = query.to;
      q = q.where((eb) =>
        eb.or([
          eb('planned_start', '<=', to),
          eb.and([eb('planned_start', 'is', null), eb('planned_end', 'is not', null)]),
        ]),
      );
    }
    const key = sortValue[query.sort];
    return cutPage(await q.execute(), query.limit, (r) => [key(r), r.id]);
  }

  /** List rows with the names they refer to and the progress from the tasks the viewer may read. */
  private async present(
    rows: Row[],
    viewer: Viewer,
    locale: Locale,
    db: Db = this.db,
  ): Promise<ProjectListItem[]> {
    if (!rows.length) return [];
    const clientIds = unique(rows.flatMap((r) => (r.client_id === null ? [] : [r.client_id])));
    const [clients, users, journals, progress] = await Promise.all([
      clientIds.length ? this.services.clients.briefByIds(clientIds, db) : new Map<number, string>(),
      this.services.users.briefByIds(
        rows.map((r) => r.manager_id),
        db,
      ),
      this.journalNames(locale, db),
      this.services.tasks.progressByProject(
        rows.map((r) => r.id),
        viewer,
        db,
      ),
    ]);
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      kind: r.kind as ProjectKind,
      status: r.status as ProjectStatus,
      clientId: r.client_id,
      client: r.client_id === null ? null : { id: r.client_id, name: clients.get(r.client_id) ?? '' },
      managerId: r.manager_id,
      manager: r.manager_id === null ? null : { id: r.manager_id, name: users.get(r.manager_id) ?? '' },
      journalId: r.journal_id,
      journal: { id: r.journal_id, name: journals.get(r.journal_id) ?? '' },
      plannedStart: r.planned_start,
      plannedEnd: r.planned_end,
      actualStart: r.actual_start,
      actualEnd: r.actual_end,
      progress: progressOf(progress.get(r.id)),
      progressPercent: r.progress_percent,
      createdAt: r.created_at,
    }));
  }

  private async journalNames(locale: Locale, db: Db = this.db): Promise<Map<number, string>> {
    const journals = await this.services.referenceBooks.journals.list({}, db);
    return new Map(journals.map((j) => [j.id, localName(j, locale)]));
  }

  /**
   * Checks the client, manager and participants a save sets, except those the project already
   * had (a client deleted or a user deactivated later does not block other edits). Returns the
   * client's name for the search index. A client the viewer may not read is refused like an
   * unknown one.
   */
  private async checkReferences(
    trx: Db,
    after: Omit<Fields, 'number'>,
    before: Fields | null,
    viewer: Viewer,
  ): Promise<string | null> {
    let clientName: string | null = null;
    if (after.clientId !== null) {
      if (before?.clientId === after.clientId) {
        clientName =
          (await this.services.clients.briefByIds([after.clientId], trx)).get(after.clientId) ?? null;
      } else {
        clientName = (await this.services.clients.assertUsable(trx, after.clientId, 'clientId', null, viewer))
          .name;
      }
    }
    if (after.managerId !== before?.managerId) {
      await this.services.users.assertAssignable(trx, 'managerId', after.managerId);
    }
    const had = new Set(before?.participants ?? []);
    await this.services.users.assertAssignable(
      trx,
      'participantIds',
      after.participants.map((p) => (had.has(p) ? null : p)),
    );
    return clientName;
  }

  /**
   * History shows who and what a reference pointed to: ids become `{ id, name }` (looked up once
   * for both sides, so an unchanged reference stays equal).
   */
  private async historyNames(
    trx: Db,
    versions: Fields[],
    locale: Locale,
  ): Promise<(f: Fields) => Record<string, unknown>> {
    const clientIds = unique(versions.flatMap((v) => (v.clientId === null ? [] : [v.clientId])));
    const [clients, users, journals] = await Promise.all([
      clientIds.length ? this.services.clients.briefByIds(clientIds, trx) : new Map<number, string>(),
      this.services.users.briefByIds(
        versions.flatMap((v) => [v.managerId, ...v.participants]),
        trx,
      ),
      this.journalNames(locale, trx),
    ]);
    const ref = (names: Map<number, string>, id: number | null) =>
      id === null ? null : { id, name: names.get(id) ?? `#${id}` };
    return (f) => ({
      ...f,
      clientId: ref(clients, f.clientId),
      managerId: ref(users, f.managerId),
      participants: f.participants.map((p) => ref(users, p)),
      journalId: ref(journals, f.journalId),
    });
  }

  private async participantIds(db: Db, projectId: number): Promise<number[]> {
    const rows = await db
      .selectFrom('project_participants')
      .select('user_id')
      .where('project_id', '=', projectId)
      .orderBy('user_id')
      .execute();
    return rows.map((r) => r.user_id);
  }

  private async setParticipants(trx: Db, projectId: number, userIds: number[]): Promise<void> {
    await trx.deleteFrom('project_participants').where('project_id', '=', projectId).execute();
    if (userIds.length) {
      await trx
        .insertInto('project_participants')
        .values(userIds.map((userId) => ({ project_id: projectId, user_id: userId })))
        .execute();
    }
  }

  /**
   * Indexes the projects of client `clientId` under its current name, in batches: only `ids`
   * among them when given (chunked: a big client's list would pass the engines' parameter limits).
   */
  private async indexOfClient(trx: Db, clientId: number, ids: number[] | null): Promise<void> {
    const clientName = (await this.services.clients.briefByIds([clientId], trx)).get(clientId) ?? null;
    const chunks = ids ? chunked(ids, BATCH) : [null];
    for (const chunk of chunks) {
      let q = trx
        .selectFrom('projects')
        .select(['id', 'number', 'name', 'description'])
        .where('client_id', '=', clientId);
      if (chunk) q = q.where('id', 'in', chunk);
      const rows = await q.execute();
      await this.services.search.indexMany(
        trx,
        rows.map((r) => searchDocument(r, clientName)),
      );
    }
  }

  private async index(
    db: Db,
    p: { id: number; number: string; name: string; description: string },
    clientName: string | null,
  ): Promise<void> {
    await this.services.search.index(db, searchDocument(p, clientName));
  }
}

function searchDocument(
  p: { id: number; number: string; name: string; description: string },
  clientName: string | null,
): SearchDocument {
  return {
    docType: 'project',
    docId: p.id,
    title: p.name,
    subtitle: p.number,
    terms: [p.number, clientName, p.description.slice(0, 1000)],
  };
}

/** The rules between fields: a client exactly for external projects, ends not before starts. */
function checkShape(f: Omit<Fields, 'number'>): void {
  if (f.kind === 'external' && f.clientId === null) throw fieldProblem('clientId', 'project_client_required');
  if (f.kind === 'internal' && f.clientId !== null) throw fieldProblem('clientId', 'project_client_internal');
  if (f.plannedStart && f.plannedEnd && f.plannedEnd < f.plannedStart) {
    throw fieldProblem('plannedEnd', 'project_dates_order');
  }
  if (f.actualStart && f.actualEnd && f.actualEnd < f.actualStart) {
    throw fieldProblem('actualEnd', 'project_dates_order');
  }
}

function columns(f: Omit<Fields, 'number'>) {
  return {
    name: f.name,
    kind: f.kind,
    client_id: f.clientId,
    manager_id: f.managerId,
    journal_id: f.journalId,
    status: f.status,
    planned_start: f.plannedStart,
    planned_end: f.plannedEnd,
    actual_start: f.actualStart,
    actual_end: f.actualEnd,
    description: f.description,
    progress_percent: f.progressPercent,
  };
}

function fieldsOf(r: Row, participants: number[]): Fields {
  return {
    number: r.number,
    name: r.name,
    kind: r.kind as ProjectKind,
    clientId: r.client_id,
    managerId: r.manager_id,
    participants,
    journalId: r.journal_id,
    status: r.status as ProjectStatus,
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    description: r.description,
    progressPercent: r.progress_percent,
  };
}

/** The given keys of `changes` that are not undefined (PATCH: absent keeps the stored value). */
function defined<T extends object, K extends keyof T>(
  changes: T,
  keys: K[],
): Partial<{ [P in K]: Exclude<T[P], undefined> }> {
  const out: Partial<Record<K, unknown>> = {};
  for (const k of keys) if (changes[k] !== undefined) out[k] = changes[k];
  return out as Partial<{ [P in K]: Exclude<T[P], undefined> }>;
}

function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function progressOf(p: { total: number; done: number } | undefined): ProjectProgress {
  const total = p?.total ?? 0;
  const done = p?.done ?? 0;
  return { total, done, percent: total ? Math.floor((done * 100) / total) : 0 };
}
