import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { DB, EventsTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError, fieldProblem, notFound } from '../../http/errors.js';
import { afterCursor, cutPage, type SortValue } from '../../db/keyset.js';
import type { EventStatus } from '../../../shared/schemas/card-files.js';
import {
  createEventRequest,
  eventCalcFilter,
  updateEventRequest,
  type EventCard,
  type EventFilter,
  type EventListItem,
  type EventListQuery,
  type EventPage,
} from '../../../shared/schemas/events.js';
import type { EventType } from '../../../shared/schemas/reference-books.js';
import type { Journal } from '../../../shared/schemas/reference-books.js';
import type { TimelineItem } from '../../../shared/schemas/timeline.js';
import { localName, type Locale } from '../../../shared/locale.js';
import type { z } from 'zod';
import type { SearchDocument } from '../search/search.service.js';
import { periodMoment } from '../../time/period.js';
import { afterTimelineCursor, type TimelineScope, type TimelineSource } from '../timeline/timeline-source.js';
import { SYSTEM_VIEWER, type Viewer } from '../access/viewer.js';
import type { PreparedNumbering } from '../numbering/numbering.service.js';
import type { UsableRows } from '../clients/clients.service.js';
import type { DocumentSnapshot } from '../document-changes/document-change.js';
import {
  actorOf,
  changedKeys,
  readInChunks,
  updateChanges,
  wholeChanges,
} from '../document-changes/change-list.js';
import { groupBy } from '../../group-by.js';
import type { CalcActor, CalcCreatePort, CalcDocumentPort } from '../calculations/calculation-port.js';
import type { Json, JsonObject } from '../calculations/sandbox/sandbox-types.js';
import { parseCalcInput, cardOrNull, narrowByLists } from '../calculations/calculation-input.js';
import { CALC_FIND_MAX } from '../../../shared/schemas/calculations.js';

type Db = Kysely<DB> | Transaction<DB>;
type Row = Selectable<EventsTable>;
type CreateInput = z.output<typeof createEventRequest>;
type UpdateInput = z.output<typeof updateEventRequest>;

/** What prepareCreate resolved before the transaction. */
export interface PreparedEvent {
  journalId: number;
  numbering: PreparedNumbering;
}

/** An event as history compares it: field names from shared/history-fields.ts. */
type Fields = {
  number: string;
  typeId: number;
  subject: string;
  status: EventStatus;
  clientId: number | null;
  contactId: number | null;
  projectId: number | null;
  journalId: number;
  startsAt: string;
  endsAt: string | null;
  performerId: number | null;
  participants: number[];
  result: string;
  description: string;
};

/** The links of an event to a client, a contact person of it and a project. */
interface Links {
  clientId: number | null;
  contactId: number | null;
  projectId: number | null;
}

const SORT_COLUMNS = { startsAt: 'starts_at', number: 'number', createdAt: 'created_at' } as const;
/**
 * The longest an event is expected to last, for the calendar's lower bound on starts_at (an event
 * is a call, a meeting, a trip: a month covers them).
 */
export const CALENDAR_LONGEST_EVENT_DAYS = 31;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Ids per `in (…)` list of a batch (well under both engines' parameter limits). */
const BATCH = 500;

/** Картотека событий: calls, letters, meetings… with or without a client and a project. */
export class EventsService implements TimelineSource, CalcDocumentPort, CalcCreatePort {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** The event card; 404 when missing or out of the viewer's reach. */
  async get(id: number, viewer: Viewer): Promise<EventCard> {
    await this.services.access.assertCan(viewer, 'events', 'read', id);
    return this.card(this.db, id);
  }

  /**
   * The card without an access check: for the one who just saved it, and after the check; read
   * through `db` (a saving transaction reads its own writes).
   */
  private async card(db: Db, id: number): Promise<EventCard> {
    const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const participantIds = await this.participantIds(db, id);
    const [[item], users, contact] = await Promise.all([
      this.present([row], db),
      this.services.users.briefByIds([...participantIds, row.created_by], db),
      this.contactBrief(row, db),
    ]);
    const brief = (userId: number | null) =>
      userId === null ? null : { id: userId, name: users.get(userId) ?? '' };
    return {
      ...item!,
      contactId: row.contact_id,
      contact,
      participantIds,
      participants: participantIds.map((p) => brief(p)!),
      description: row.description,
      result: row.result,
      createdBy: brief(row.created_by),
      updatedAt: row.updated_at,
    };
  }

  async list(query: EventListQuery, viewer: Viewer): Promise<EventPage> {
    return this.listWithin(this.reach(viewer, ['read']), query);
  }

  /** Every page of the filtered list, for the export: only events the viewer may read and export. */
  async *pages(filter: EventFilter, viewer: Viewer): AsyncIterable<EventListItem[]> {
    const reach = this.reach(viewer, ['read', 'export']);
    let cursor: string | undefined;
    do {
      const page = await this.listWithin(reach, { ...filter, cursor, limit: 500 });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  async create(
    input: CreateInput,
    userId: number,
    viewer: Viewer,
    locale: Locale = 'ru',
  ): Promise<EventCard> {
    return this.createAs(input, { userId, viewer, locale }, viewer);
  }

  /**
   * Creates an event for `actor` (its creator and default performer; its calculations act for
   * them), checked against `rights` — the actor's viewer, or the system's for what a calculation
   * creates.
   */
  private async createAs(input: CreateInput, actor: CalcActor, rights: Viewer): Promise<EventCard> {
    const prepared = await this.prepareCreate(input.journalId, input.startsAt, rights);
    const [id] = await this.db.transaction().execute((trx) =>
      // Its own calculations' changes are applied with the rights it was created with.
      this.createManyWithin(trx, [{ prepared, input }], actor.userId, rights, {
        calcActor: { ...actor, editRights: rights },
      }),
    );
    return this.card(this.db, id!);
  }

  /**
   * The part of a create that must run before the transaction: the journal, the create right in
   * it and the number's settings (see numbering.prepare). Modules that save a record of their own
   * with an event (mail, telephony) call this, then createWithin inside their transaction.
   */
  async prepareCreate(
    journalId: number | null | undefined,
    startsAt: string,
    viewer: Viewer,
  ): Promise<PreparedEvent> {
    const journal = await this.services.referenceBooks.journals.resolveForDocument('event', journalId);
    this.services.access.assertCreate(viewer, 'events', journal.id);
    const numbering = await this.services.numbering.prepare('event', {
      journalId: journal.id,
      date: new Date(startsAt),
    });
    return { journalId: journal.id, numbering };
  }

  /** Saves a new event in the caller's transaction; returns its id. `userId` null: the system. */
  async createWithin(
    trx: Transaction<DB>,
    prepared: PreparedEvent,
    input: CreateInput,
    userId: number | null,
    viewer: Viewer,
  ): Promise<number> {
    return (await this.createManyWithin(trx, [{ prepared, input }], userId, viewer))[0]!;
  }

  /**
   * Saves new events in the caller's transaction, in order; returns their ids. Everything is
   * checked before anything is written; links, types and people are checked once per distinct
   * value, numbers taken per numbering period, and rows, history and search entries written with
   * multi-row statements (a mailbox sync stores its letters' events in batches).
   * `dropRefusedLinks`: a client, contact or project the checks refuse is left out instead of
   * failing the save, and `keepInactiveType`: a type turned off is still used — both for events
   * the system records (received letters, calls), which must not be lost.
   * The events' calculations run for each, acting for `calcActor` (default: `userId` with
   * `viewer`'s rights); with none enabled that costs one query for the batch. Events saved in no
   * user's name (`userId` null without a `calcActor`: calls, received letters) are the system's
   * records: a calculation that refuses or fails one is logged and the event kept.
   */
  async createManyWithin(
    trx: Transaction<DB>,
    items: { prepared: PreparedEvent; input: CreateInput }[],
    userId: number | null,
    viewer: Viewer,
    opts: { dropRefusedLinks?: boolean; keepInactiveType?: boolean; calcActor?: CalcActor } = {},
  ): Promise<number[]> {
    if (!items.length) return [];
    // A new event has no `prev`: one pending run serves every event of the batch.
    const calc = await this.services.calculations.prepareWithin(trx, 'event', null);
    const types = new Map<number, EventType>();
    const linksOf = new Map<string, Links>();
    const rows: Insertable<EventsTable>[] = [];
    const now = new Date().toISOString();
    const known =
      items.length > 1
        ? await this.services.clients.usableRows(
            trx,
            items.map((i) => i.input.clientId),
            items.map((i) => i.input.contactId),
          )
        : undefined;
    for (const { prepared, input } of items) {
      if (!types.has(input.typeId))
        types.set(input.typeId, await this.usableType(trx, input.typeId, opts.keepInactiveType));
      const type = types.get(input.typeId)!;
      const asked = {
        clientId: input.clientId ?? null,
        contactId: input.contactId ?? null,
        projectId: input.projectId ?? null,
      };
      const key = JSON.stringify([asked, input.clientId === undefined]);
      let links = linksOf.get(key);
      if (!links) {
        const check = () =>
          this.checkLinks(
            trx,
            asked,
            { client: true, project: true, clientGiven: input.clientId !== undefined },
            viewer,
            { client: input.clientId != null || input.contactId != null, project: true },
            known,
          );
        links = await check().catch((e: unknown) => {
          if (!opts.dropRefusedLinks || !(e instanceof AppError) || e.status !== 400) throw e;
          return { clientId: null, contactId: null, projectId: null };
        });
        linksOf.set(key, links);
      }
      const endsAt = input.endsAt === undefined ? defaultEnd(input.startsAt, type) : input.endsAt;
      assertOrder(input.startsAt, endsAt);
      rows.push({
        number: '',
        type_id: type.id,
        subject: input.subject,
        starts_at: input.startsAt,
        ends_at: endsAt,
        status: input.status,
        client_id: links.clientId,
        contact_id: links.contactId,
        project_id: links.projectId,
        journal_id: prepared.journalId,
        performer_id: input.performerId === undefined ? userId : input.performerId,
        description: input.description,
        result: input.result,
        created_by: userId,
        created_at: now,
        updated_at: now,
      });
    }
    // One event: the form's performerId field; several: performerId.N, the list position.
    await this.services.users.assertAssignable(
      trx,
      'performerId',
      items.length === 1 ? rows[0]!.performer_id : rows.map((r) => r.performer_id),
    );
    for (const { input } of items)
      await this.services.users.assertAssignable(trx, 'participantIds', input.participantIds);
    const numbers = await this.services.numbering.nextNumbers(
      trx,
      items.map((i) => i.prepared.numbering),
    );
    numbers.forEach((n, i) => (rows[i]!.number = n));
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += BATCH / 10) {
      const inserted = await trx
        .insertInto('events')
        .values(rows.slice(i, i + BATCH / 10))
        .returning('id')
        .execute();
      // Ids are handed out in row order; RETURNING's own order is not promised on SQLite.
      ids.push(...inserted.map((r) => r.id).sort((a, b) => a - b));
    }
    const participants = items.flatMap(({ input }, i) =>
      unique(input.participantIds).map((user_id) => ({ event_id: ids[i]!, user_id })),
    );
    if (participants.length) await trx.insertInto('event_participants').values(participants).execute();
    await this.services.history.recordCreated(trx, 'event', ids, userId);
    const clients = await this.services.clients.briefByIds(
      rows.map((r) => r.client_id),
      trx,
    );
    await this.services.search.indexMany(
      trx,
      rows.map((r, i) =>
        searchDocument(
          { id: ids[i]!, number: r.number, subject: r.subject, description: r.description ?? '' },
          types.get(r.type_id)!,
          r.client_id == null ? null : (clients.get(r.client_id) ?? null),
        ),
      ),
    );
    await this.services.documentChanges.recordWithin(
      trx,
      wholeChanges('created', await this.snapshotsWithin(trx, ids), userId),
    );
    if (calc) {
      const actor = opts.calcActor ?? { userId, viewer, locale: 'ru', system: userId === null };
      for (const id of ids) await this.services.calculations.savingWithin(trx, calc, id, 'created', actor);
    }
    return ids;
  }

  /**
   * Sets the status of events in the caller's transaction, with their history lines: for modules
   * that move their own events along (the outbox marks a sent letter's event done). Events
   * already in that status or gone are left alone. Each one's calculations run with the system's
   * rights, for `userId`; the system records these saves, so a calculation that refuses or fails
   * one is logged and the status kept (a letter already sent is never sent again for it).
   */
  async setStatusWithin(
    trx: Transaction<DB>,
    ids: number[],
    status: EventStatus,
    userId: number | null,
  ): Promise<void> {
    if (!ids.length) return;
    const rows = await trx
      .selectFrom('events')
      .selectAll()
      .where('id', 'in', ids)
      .where('status', '!=', status)
      .execute();
    if (!rows.length) return;
    const calcs = await this.services.calculations.prepareManyWithin(
      trx,
      'event',
      rows.map((r) => r.id),
    );
    const changes = await Promise.all(
      rows.map(async (row) => {
        const before = await this.fields(trx, row.id, row);
        return { docId: row.id, before, after: { ...before, status } };
      }),
    );
    const rowIds = rows.map((r) => r.id);
    const before = await this.snapshotsWithin(trx, rowIds);
    await trx
      .updateTable('events')
      .set({ status, updated_at: new Date().toISOString() })
      .where('id', 'in', rowIds)
      .execute();
    await this.services.history.recordChanged(trx, 'event', userId, changes);
    const after = before.map((s) => ({ ...s, statusCode: status, isClosed: isClosedStatus(status) }));
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(before, after, userId, () => ['status']),
    );
    const actor: CalcActor = { userId, viewer: SYSTEM_VIEWER, locale: 'ru', system: true };
    for (const [id, calc] of calcs)
      await this.services.calculations.savingWithin(trx, calc, id, 'updated', actor);
  }

  /**
   * Links events that have no client to a client (and contact person) in the caller's
   * transaction, with history lines and search rows: telephony links past calls of a number
   * once a user says whose number it is. Returns the ids changed.
   */
  async linkClientWithin(
    trx: Transaction<DB>,
    ids: number[],
    link: { clientId: number; contactId: number | null },
    userId: number | null,
  ): Promise<number[]> {
    const changed: number[] = [];
    const before: DocumentSnapshot[] = [];
    const contactChanged = new Set<number>();
    for (const chunk of chunked(ids, BATCH)) {
      const rows = await trx
        .selectFrom('events')
        .selectAll()
        .where('id', 'in', chunk)
        .where('client_id', 'is', null)
        .execute();
      if (!rows.length) continue;
      const changes = await Promise.all(
        rows.map(async (row) => {
          const before = await this.fields(trx, row.id, row);
          return { docId: row.id, before, after: { ...before, ...link } };
        }),
      );
      const rowIds = rows.map((r) => r.id);
      before.push(...(await this.snapshotsWithin(trx, rowIds)));
      for (const r of rows) if (r.contact_id !== link.contactId) contactChanged.add(r.id);
      await trx
        .updateTable('events')
        .set({ client_id: link.clientId, contact_id: link.contactId, updated_at: new Date().toISOString() })
        .where('id', 'in', rowIds)
        .execute();
      await this.services.history.recordChanged(trx, 'event', userId, changes);
      changed.push(...rowIds);
    }
    if (!changed.length) return changed;
    await this.indexOfClient(trx, link.clientId, changed);
    const responsibleId =
      (await this.services.clients.responsibleByIds(trx, [link.clientId])).get(link.clientId) ?? null;
    const after = before.map((s) => ({
      ...s,
      clientId: link.clientId,
      people: { ...s.people, responsibleId },
    }));
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(before, after, userId, (id) =>
        contactChanged.has(id) ? ['clientId', 'contactId'] : ['clientId'],
      ),
    );
    return changed;
  }

  /** Events as document changes report them (see document-change.ts), a few queries for the lot. */
  async snapshotsWithin(db: Db, ids: readonly number[]): Promise<DocumentSnapshot[]> {
    const rows = await readInChunks(ids, (part) =>
      db
        .selectFrom('events')
        .select([
          'id',
          'number',
          'subject',
          'type_id',
          'status',
          'starts_at',
          'client_id',
          'project_id',
          'performer_id',
          'created_by',
        ])
        .where('id', 'in', part)
        .execute(),
    );
    if (!rows.length) return [];
    const [participants, types, managers, responsible] = await Promise.all([
      readInChunks(
        rows.map((r) => r.id),
        (part) =>
          db
            .selectFrom('event_participants')
            .select(['event_id', 'user_id'])
            .where('event_id', 'in', part)
            .orderBy('user_id')
            .execute(),
      ),
      this.typesById(db),
      this.services.projects.managersByIds(
        db,
        rows.map((r) => r.project_id),
      ),
      this.services.clients.responsibleByIds(
        db,
        rows.map((r) => r.client_id),
      ),
    ]);
    const participantsOf = groupBy(
      participants,
      (p) => p.event_id,
      (p) => p.user_id,
    );
    return rows.map((r) => ({
      docType: 'event',
      docId: r.id,
      number: r.number,
      title: r.subject,
      people: {
        performerId: r.performer_id,
        authorId: r.created_by,
        controllerId: null,
        projectManagerId: r.project_id === null ? null : (managers.get(r.project_id) ?? null),
        responsibleId: r.client_id === null ? null : (responsible.get(r.client_id) ?? null),
        participantIds: participantsOf.get(r.id) ?? [],
      },
      typeCode: types.get(r.type_id)?.code ?? null,
      statusId: null,
      statusCode: r.status,
      isClosed: isClosedStatus(r.status),
      deadline: null,
      startsAt: r.starts_at,
      clientId: r.client_id,
      projectId: r.project_id,
    }));
  }

  /** The client and project of each event (for modules that follow an event's links, e.g. a letter's thread). */
  async linksByIds(
    ids: number[],
    db: Db = this.db,
  ): Promise<Map<number, { clientId: number | null; projectId: number | null }>> {
    const unique = [...new Set(ids)];
    const links = new Map<number, { clientId: number | null; projectId: number | null }>();
    for (let i = 0; i < unique.length; i += BATCH) {
      const rows = await db
        .selectFrom('events')
        .select(['id', 'client_id', 'project_id'])
        .where('id', 'in', unique.slice(i, i + BATCH))
        .execute();
      for (const r of rows) links.set(r.id, { clientId: r.client_id, projectId: r.project_id });
    }
    return links;
  }

  /** Adds a user to an event's participants (a letter fetched by a second mailbox); no-op if there. */
  async addParticipant(trx: Transaction<DB>, eventId: number, userId: number): Promise<void> {
    const before = await this.fields(trx, eventId);
    if (before.participants.includes(userId) || before.performerId === userId) return;
    const snapshotBefore = await this.snapshotsWithin(trx, [eventId]);
    await trx.insertInto('event_participants').values({ event_id: eventId, user_id: userId }).execute();
    const after = await this.fields(trx, eventId);
    await this.services.history.record(trx, {
      docType: 'event',
      docId: eventId,
      userId: null,
      before,
      after,
    });
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(snapshotBefore, await this.snapshotsWithin(trx, [eventId]), null, () => [
        'participantIds',
      ]),
    );
  }

  async update(
    id: number,
    changes: UpdateInput,
    userId: number,
    viewer: Viewer,
    locale: Locale = 'ru',
  ): Promise<EventCard> {
    await this.services.access.assertCan(viewer, 'events', 'edit', id);
    await this.db
      .transaction()
      .execute((trx) => this.updateWithin(trx, id, changes, { userId, viewer, locale }, 'save'));
    return this.card(this.db, id);
  }

  /**
   * The update in the caller's transaction (the edit right already checked). A `save` runs the
   * event's calculations; a calculation's own changes (`calculation`) run none.
   */
  private async updateWithin(
    trx: Transaction<DB>,
    id: number,
    changes: UpdateInput,
    actor: CalcActor,
    by: 'save' | 'calculation',
  ): Promise<void> {
    const { userId, viewer } = actor;
    const calc = by === 'save' ? await this.services.calculations.prepareWithin(trx, 'event', id) : null;
    const row = await trx.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const before = await this.fields(trx, id, row);
    const snapshotBefore = await this.snapshotsWithin(trx, [id]);
    const type =
      changes.typeId !== undefined && changes.typeId !== row.type_id
        ? await this.usableType(trx, changes.typeId)
        : await this.services.referenceBooks.eventTypes.get(row.type_id, trx);

    const clientChanged = changes.clientId !== undefined && changes.clientId !== row.client_id;
    const contactChanged = changes.contactId !== undefined && changes.contactId !== row.contact_id;
    const projectChanged = changes.projectId !== undefined && changes.projectId !== row.project_id;
    const links = await this.checkLinks(
      trx,
      {
        clientId: changes.clientId === undefined ? row.client_id : changes.clientId,
        // A contact person belongs to the client: another client drops the old contact.
        contactId:
          changes.contactId !== undefined ? changes.contactId : clientChanged ? null : row.contact_id,
        projectId: changes.projectId === undefined ? row.project_id : changes.projectId,
      },
      {
        client: clientChanged || contactChanged,
        project: projectChanged || clientChanged,
        clientGiven: changes.clientId !== undefined || row.client_id !== null,
      },
      viewer,
      { client: clientChanged || contactChanged, project: projectChanged },
    );

    const startsAt = changes.startsAt ?? row.starts_at;
    let endsAt = changes.endsAt === undefined ? row.ends_at : changes.endsAt;
    // Moving the start without naming an end keeps the duration.
    if (changes.endsAt === undefined && changes.startsAt !== undefined && row.ends_at !== null) {
      endsAt = new Date(
        Date.parse(row.ends_at) + Date.parse(startsAt) - Date.parse(row.starts_at),
      ).toISOString();
    }
    assertOrder(startsAt, endsAt);

    const journalId =
      changes.journalId !== undefined && changes.journalId !== row.journal_id
        ? (await this.services.referenceBooks.journals.resolveForDocument('event', changes.journalId, trx)).id
        : row.journal_id;
    if (journalId !== row.journal_id) this.services.access.assertJournalWritable(viewer, 'events', journalId);
    if (changes.performerId !== undefined && changes.performerId !== row.performer_id) {
      await this.services.users.assertAssignable(trx, 'performerId', changes.performerId);
    }
    if (changes.participantIds !== undefined) {
      const participants = unique(changes.participantIds);
      // Users already on the event may stay even if switched off since; new ones must be active.
      await this.services.users.assertAssignable(
        trx,
        'participantIds',
        changes.participantIds.map((p) => (before.participants.includes(p) ? null : p)),
      );
      await this.setParticipants(trx, id, participants);
    }

    await trx
      .updateTable('events')
      .set({
        type_id: type.id,
        subject: changes.subject ?? row.subject,
        starts_at: startsAt,
        ends_at: endsAt,
        status: changes.status ?? row.status,
        client_id: links.clientId,
        contact_id: links.contactId,
        project_id: links.projectId,
        journal_id: journalId,
        performer_id: changes.performerId === undefined ? row.performer_id : changes.performerId,
        description: changes.description ?? row.description,
        result: changes.result ?? row.result,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    const after = await this.fields(trx, id);
    await this.services.history.record(trx, {
      docType: 'event',
      docId: id,
      userId,
      before,
      after,
    });
    await this.index(trx, id, after, type);
    const changed = changedKeys(before, after, { participants: 'participantIds' });
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(snapshotBefore, await this.snapshotsWithin(trx, [id]), userId, () => changed),
    );
    await this.services.calculations.savingWithin(trx, calc, id, 'updated', actor);
  }

  /** Deletes for real; tasks based on the event keep existing without the link. */
  async remove(id: number, viewer: Viewer): Promise<void> {
    await this.services.access.assertCan(viewer, 'events', 'delete', id);
    await this.db.transaction().execute(async (trx) => {
      // Taken before: a deleted event is reported as it was.
      const gone = await this.snapshotsWithin(trx, [id]);
      if (!gone.length) throw notFound();
      await trx.deleteFrom('event_participants').where('event_id', '=', id).execute();
      await trx.deleteFrom('events').where('id', '=', id).execute();
      await this.services.search.remove(trx, 'event', id);
      await this.services.documentChanges.recordWithin(trx, wholeChanges('deleted', gone, actorOf(viewer)));
    });
  }

  /** For tasks created from an event: checks it exists (field error on `path`, code `event_unknown`). */
  async assertUsable(
    db: Db,
    eventId: number,
    path = 'eventId',
    viewer: Viewer | null = null,
  ): Promise<{
    id: number;
    clientId: number | null;
    projectId: number | null;
    subject: string;
    number: string;
  }> {
    const row = await db
      .selectFrom('events')
      .select(['id', 'client_id', 'project_id', 'subject', 'number'])
      .where('id', '=', eventId)
      .executeTakeFirst();
    // An event the viewer may not read answers like one that does not exist.
    if (!row || (viewer && !(await this.services.access.canRead(viewer, 'events', eventId, db))))
      throw fieldProblem(path, 'event_unknown', { id: eventId });
    return {
      id: row.id,
      clientId: row.client_id,
      projectId: row.project_id,
      subject: row.subject,
      number: row.number,
    };
  }

  /**
   * Merge of clients: moves the events of client `fromId` to `toId` (contact persons move with the
   * client, so the events keep theirs), one history line each, and re-indexes them under the new
   * client's name. A few statements for all the events: the merge transaction stays short.
   */
  async reassignClient(
    trx: Transaction<DB>,
    fromId: number,
    toId: number,
    userId: number | null,
  ): Promise<number> {
    const ids = (await trx.selectFrom('events').select('id').where('client_id', '=', fromId).execute()).map(
      (r) => r.id,
    );
    if (!ids.length) return 0;
    const before = await this.snapshotsWithin(trx, ids);
    await trx
      .updateTable('events')
      .set({ client_id: toId, updated_at: new Date().toISOString() })
      .where('client_id', '=', fromId)
      .execute();
    // An event's history keeps the client as its id (see `fields`).
    await this.services.history.recordMoved(trx, {
      docType: 'event',
      docIds: ids,
      field: 'clientId',
      from: fromId,
      to: toId,
      userId,
    });
    await this.indexOfClient(trx, toId, ids);
    await this.services.documentChanges.recordWithin(
      trx,
      updateChanges(before, await this.snapshotsWithin(trx, ids), userId, () => ['clientId']),
    );
    return ids.length;
  }

  /** Re-indexes the events of client `clientId` under its current name (the client was renamed). */
  async reindexForClient(trx: Db, clientId: number): Promise<void> {
    await this.indexOfClient(trx, clientId, null);
  }

  /** How many events are in journal `journalId`. */
  async countInJournal(db: Db, journalId: number): Promise<number> {
    const row = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('journal_id', '=', journalId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** How many events have type `typeId` (the type cannot be deleted then). */
  async countWithType(db: Db, typeId: number): Promise<number> {
    const row = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type_id', '=', typeId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** A client's or a project's events the viewer may read on its timeline, at their start time. */
  async timeline(
    db: Db,
    scope: TimelineScope,
    viewer: Viewer,
    after: string | null,
    limit: number,
    locale: Locale,
  ): Promise<TimelineItem[]> {
    let q = db
      .selectFrom('events')
      .select(['id', 'number', 'subject', 'starts_at', 'status', 'type_id', 'performer_id'])
      .orderBy('starts_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (scope.clientId !== undefined) q = q.where('client_id', '=', scope.clientId);
    else if (scope.projectId !== undefined) q = q.where('project_id', '=', scope.projectId);
    else return [];
    if (after) q = q.where(afterTimelineCursor('starts_at', 'id', 'event', after));
    const access = this.services.access.condition(viewer, 'events');
    if (access) q = q.where(access);
    const rows = await q.execute();
    if (!rows.length) return [];
    const [types, users] = await Promise.all([
      this.typesById(db),
      this.services.users.briefByIds(
        rows.map((r) => r.performer_id),
        db,
      ),
    ]);
    const typeName = (id: number) => {
      const type = types.get(id);
      return type ? localName(type, locale) : '';
    };
    return rows.map((r) => ({
      kind: 'event',
      id: r.id,
      at: r.starts_at,
      docType: 'event',
      docId: r.id,
      number: r.number,
      title: r.subject,
      subtitle: typeName(r.type_id),
      status: r.status,
      userName: r.performer_id === null ? null : (users.get(r.performer_id) ?? null),
    }));
  }

  /**
   * The calendar: events the viewer may read overlapping [from, to) where the user is the
   * performer or a participant (every event when userId is null), earliest first, at most `limit`
   * of them. Only events starting at most CALENDAR_LONGEST_EVENT_DAYS before `from` are looked
   * at, so the index on starts_at bounds the scan: a longer event shows only in periods that
   * include its first weeks.
   */
  async between(
    userId: number | null,
    from: string,
    to: string,
    viewer: Viewer,
    limit: number,
  ): Promise<
    {
      id: number;
      number: string;
      subject: string;
      startsAt: string;
      endsAt: string | null;
      status: EventStatus;
      typeName: string;
    }[]
  > {
    const earliest = new Date(Date.parse(from) - CALENDAR_LONGEST_EVENT_DAYS * DAY).toISOString();
    let q = this.db
      .selectFrom('events')
      .select(['id', 'number', 'subject', 'starts_at', 'ends_at', 'status', 'type_id'])
      .where('starts_at', '>=', earliest)
      .where('starts_at', '<', to)
      .where(sql<boolean>`coalesce(ends_at, starts_at) >= ${from}`)
      .orderBy('starts_at')
      .orderBy('id')
      .limit(limit);
    const access = this.services.access.condition(viewer, 'events');
    if (access) q = q.where(access);
    if (userId !== null) {
      q = q.where((eb) =>
        eb.or([
          eb('performer_id', '=', userId),
          eb(
            'id',
            'in',
            eb.selectFrom('event_participants').select('event_id').where('user_id', '=', userId),
          ),
        ]),
      );
    }
    const rows = await q.execute();
    const types = await this.typesById(this.db);
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      subject: r.subject,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      status: r.status as EventStatus,
      typeName: types.get(r.type_id)?.nameRu ?? '',
    }));
  }

  // ---- calculations ------------------------------------------------------------------------

  /** The card as GET /api/v1/events/:id shows it, read through `db`; null when gone. */
  async calcCardWithin(db: Db, id: number): Promise<JsonObject | null> {
    return cardOrNull(this.card(db, id));
  }

  /**
   * Fields a script changed, validated and saved as a PATCH would be, without calculations (an
   * event has no lock a mode could keep: every mode applies them alike).
   */
  async calcApplyWithin(
    trx: Transaction<DB>,
    id: number,
    fields: JsonObject,
    actor: CalcActor,
  ): Promise<void> {
    const changes = parseCalcInput(updateEventRequest, fields);
    await this.services.access.assertCan(actor.viewer, 'events', 'edit', id, trx);
    await this.updateWithin(trx, id, changes, actor, 'calculation');
  }

  /**
   * `find('events', filter)`: list items the viewer may read, by id, at most 500. Filter keys (all
   * optional, together they narrow): `ids`, `projectId`, `clientId`, `performerId` (an id or a
   * list of ids), `typeCode` (an event type's code or a list of them).
   */
  async calcFindWithin(db: Db, viewer: Viewer, filter: Json): Promise<JsonObject[]> {
    const f = parseCalcInput(eventCalcFilter, filter ?? {});
    let q = db.selectFrom('events').selectAll().orderBy('id').limit(CALC_FIND_MAX);
    const access = this.services.access.condition(viewer, 'events', 'read');
    if (access) q = q.where(access);
    const narrowed = narrowByLists(q, [
      ['id', f.ids],
      ['project_id', f.projectId],
      ['client_id', f.clientId],
      ['performer_id', f.performerId],
    ]);
    if (!narrowed) return [];
    q = narrowed;
    if (f.typeCode) {
      const codes = new Set(f.typeCode);
      const typeIds = [...(await this.typesById(db)).values()]
        .filter((t) => codes.has(t.code))
        .map((t) => t.id);
      if (!typeIds.length) return [];
      q = q.where('type_id', 'in', typeIds);
    }
    return this.present(await q.execute(), db);
  }

  /**
   * `createEvent({...})` of an after-save script: validated as POST /api/v1/events, created through
   * the same path (its own transaction, its own calculations, which act for the same user). It is
   * checked against the system's rights — what a calculation creates is the administrator's
   * code's decision, not the acting user's — and created by the user whose save ran the script
   * (none for a system save), who is also its performer unless the script names one.
   */
  async calcCreate(input: JsonObject, actor: CalcActor): Promise<{ id: number; number: string }> {
    const parsed = parseCalcInput(createEventRequest, input);
    const event = await this.createAs(parsed, actor, SYSTEM_VIEWER);
    return { id: event.id, number: event.number };
  }

  /** The access conditions of these actions (none when the viewer is not restricted). */
  private reach(viewer: Viewer, actions: ('read' | 'export')[]): RawBuilder<SqlBool>[] {
    return actions
      .map((action) => this.services.access.condition(viewer, 'events', action))
      .filter((c) => c !== null);
  }

  private async listWithin(reach: RawBuilder<SqlBool>[], query: EventListQuery): Promise<EventPage> {
    const { rows, nextCursor } = await this.page(reach, query);
    return { items: await this.present(rows, this.db), nextCursor };
  }

  private async page(
    reach: RawBuilder<SqlBool>[],
    query: EventListQuery,
  ): Promise<{ rows: Row[]; nextCursor: string | null }> {
    const column = SORT_COLUMNS[query.sort];
    let q = this.db
      .selectFrom('events')
      .selectAll()
      .orderBy(column, query.order)
      .orderBy('id', query.order)
      .limit(query.limit + 1);
    for (const condition of reach) q = q.where(condition);
    if (query.q) {
      const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(
        sql<boolean>`(lower(subject) like ${like} escape '\\' or lower(number) like ${like} escape '\\')`,
      );
    }
    if (query.typeId) q = q.where('type_id', 'in', query.typeId);
    if (query.status?.length) q = q.where('status', 'in', query.status);
    if (query.performerId) q = q.where('performer_id', 'in', query.performerId);
    if (query.clientId) q = q.where('client_id', 'in', query.clientId);
    if (query.projectId) q = q.where('project_id', 'in', query.projectId);
    if (query.journalId !== undefined) {
      const ids = await this.services.referenceBooks.journals.subtreeIds(query.journalId);
      if (!ids.length) return { rows: [], nextCursor: null };
      q = q.where('journal_id', 'in', ids);
    }
    if (query.from || query.to) {
      // A day is read in the enterprise's time zone (the zone is looked up only then).
      const days = [query.from, query.to].some((b) => b?.length === 10);
      const timeZone = days ? await this.services.enterprise.timeZone() : 'UTC';
      if (query.from) q = q.where('starts_at', '>=', periodMoment(query.from, 'from', timeZone));
      if (query.to) q = q.where('starts_at', '<', periodMoment(query.to, 'to', timeZone));
    }
    if (query.cursor) q = q.where(afterCursor(sql.ref(column), 'id', query.order, query.cursor));
    const rows = await q.execute();
    return cutPage(rows, query.limit, (r): [SortValue, number] => [r[column], r.id]);
  }

  /** List lines with their type, client, project, journal and performer. */
  private async present(rows: Row[], db: Db): Promise<EventListItem[]> {
    if (!rows.length) return [];
    const [types, journals, clients, projects, users] = await Promise.all([
      this.typesById(db),
      this.journalsById(db),
      this.services.clients.briefByIds(
        rows.map((r) => r.client_id),
        db,
      ),
      this.services.projects.briefByIds(
        rows.map((r) => r.project_id),
        db,
      ),
      this.services.users.briefByIds(
        rows.map((r) => r.performer_id),
        db,
      ),
    ]);
    return rows.map((r) => {
      const type = types.get(r.type_id)!;
      const journal = journals.get(r.journal_id)!;
      return {
        id: r.id,
        number: r.number,
        type: {
          id: type.id,
          code: type.code,
          nameRu: type.nameRu,
          nameUk: type.nameUk,
          nameEn: type.nameEn,
          color: type.color,
        },
        typeId: r.type_id,
        subject: r.subject,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        status: r.status as EventStatus,
        clientId: r.client_id,
        client: r.client_id === null ? null : { id: r.client_id, name: clients.get(r.client_id) ?? '' },
        projectId: r.project_id,
        project: projectRef(r.project_id, projects),
        journalId: r.journal_id,
        journal: { id: journal.id, nameRu: journal.nameRu, nameUk: journal.nameUk, nameEn: journal.nameEn },
        performerId: r.performer_id,
        performer:
          r.performer_id === null ? null : { id: r.performer_id, name: users.get(r.performer_id) ?? '' },
        createdAt: r.created_at,
      };
    });
  }

  /**
   * Checks the client, its contact person and the project of an event (only those `check` names:
   * an unchanged link to a client deleted since stays). The client defaults to the project's
   * when none was given; a project of another client is refused. Links the request `chosen`
   * must also be readable by the viewer (else they answer like unknown ones); a client filled in
   * from the project is not the user's choice.
   */
  private async checkLinks(
    db: Db,
    links: Links,
    check: { client: boolean; project: boolean; clientGiven: boolean },
    viewer: Viewer,
    chosen: { client: boolean; project: boolean },
    known?: UsableRows,
  ): Promise<Links> {
    let { clientId } = links;
    if (check.project && links.projectId !== null) {
      const project = await this.services.projects.assertUsable(
        db,
        links.projectId,
        'projectId',
        chosen.project ? viewer : null,
      );
      if (clientId === null && !check.clientGiven && project.clientId !== null) {
        clientId = project.clientId;
        check = { ...check, client: true };
      } else if (clientId !== null && project.clientId !== null && project.clientId !== clientId) {
        throw fieldProblem('projectId', 'event_project_other_client', { number: project.number });
      }
    }
    if (links.contactId !== null && clientId === null) {
      throw fieldProblem('contactId', 'event_contact_without_client');
    }
    if (check.client && clientId !== null) {
      await this.services.clients.assertUsable(
        db,
        clientId,
        'clientId',
        links.contactId,
        chosen.client ? viewer : null,
        // Read ahead for a batch; a client taken from a project is not in it.
        clientId === links.clientId ? known : undefined,
      );
    }
    return { clientId, contactId: links.contactId, projectId: links.projectId };
  }

  private async usableType(db: Db, typeId: number, keepInactive = false): Promise<EventType> {
    const type = await this.services.referenceBooks.eventTypes.get(typeId, db).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404) return null;
      throw err;
    });
    if (!type || (!type.isActive && !keepInactive))
      throw fieldProblem('typeId', 'event_type_unknown', { id: typeId });
    return type;
  }

  private async fields(db: Db, id: number, row?: Row): Promise<Fields> {
    const r =
      row ?? (await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    return {
      number: r.number,
      typeId: r.type_id,
      subject: r.subject,
      status: r.status as EventStatus,
      clientId: r.client_id,
      contactId: r.contact_id,
      projectId: r.project_id,
      journalId: r.journal_id,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      performerId: r.performer_id,
      participants: await this.participantIds(db, id),
      result: r.result,
      description: r.description,
    };
  }

  private async index(db: Db, id: number, fields: Fields, type: EventType): Promise<void> {
    const client =
      fields.clientId === null
        ? null
        : ((await this.services.clients.briefByIds([fields.clientId], db)).get(fields.clientId) ?? null);
    await this.services.search.index(db, searchDocument({ id, ...fields }, type, client));
  }

  /**
   * Indexes the events of client `clientId` under its current name, in batches: only `ids` among
   * them when given (chunked: a big client's list would pass the engines' parameter limits).
   */
  private async indexOfClient(trx: Db, clientId: number, ids: number[] | null): Promise<void> {
    const [clients, types] = await Promise.all([
      this.services.clients.briefByIds([clientId], trx),
      this.typesById(trx),
    ]);
    const client = clients.get(clientId) ?? null;
    const chunks = ids ? chunked(ids, BATCH) : [null];
    for (const chunk of chunks) {
      let q = trx
        .selectFrom('events')
        .select(['id', 'number', 'subject', 'description', 'type_id'])
        .where('client_id', '=', clientId);
      if (chunk) q = q.where('id', 'in', chunk);
      const rows = await q.execute();
      await this.services.search.indexMany(
        trx,
        rows.map((r) => searchDocument(r, types.get(r.type_id)!, client)),
      );
    }
  }

  private async participantIds(db: Db, eventId: number): Promise<number[]> {
    const rows = await db
      .selectFrom('event_participants')
      .select('user_id')
      .where('event_id', '=', eventId)
      .orderBy('user_id')
      .execute();
    return rows.map((r) => r.user_id);
  }

  private async setParticipants(db: Db, eventId: number, userIds: number[]): Promise<void> {
    await db.deleteFrom('event_participants').where('event_id', '=', eventId).execute();
    if (userIds.length) {
      await db
        .insertInto('event_participants')
        .values(userIds.map((user_id) => ({ event_id: eventId, user_id })))
        .execute();
    }
  }

  private async typesById(db: Db): Promise<Map<number, EventType>> {
    return new Map((await this.services.referenceBooks.eventTypes.list({}, db)).map((t) => [t.id, t]));
  }

  private async journalsById(db: Db): Promise<Map<number, Journal>> {
    return new Map((await this.services.referenceBooks.journals.list({}, db)).map((j) => [j.id, j]));
  }

  /** The contact person's name (kept for an event of a client deleted since). */
  private async contactBrief(row: Row, db: Db): Promise<{ id: number; name: string } | null> {
    if (row.contact_id === null) return null;
    const contacts = await this.services.clients.contactBriefByIds([row.contact_id], db);
    return { id: row.contact_id, name: contacts.get(row.contact_id)?.name ?? '' };
  }
}

/** A done or cancelled event is closed. */
function isClosedStatus(status: string): boolean {
  return status === 'done' || status === 'cancelled';
}

function projectRef(
  id: number | null,
  projects: Map<number, { number: string; name: string }>,
): { id: number; number: string; name: string } | null {
  const project = id === null ? undefined : projects.get(id);
  return id === null || !project ? null : { id, ...project };
}

function searchDocument(
  e: { id: number; number: string; subject: string; description: string },
  type: EventType,
  client: string | null,
): SearchDocument {
  return {
    docType: 'event',
    docId: e.id,
    title: e.subject,
    subtitle: `${e.number} · ${type.nameRu}`,
    terms: [e.number, client, e.description.slice(0, 1000)],
  };
}

/** The type's default duration after the start, or no end when the type has none. */
function defaultEnd(startsAt: string, type: EventType): string | null {
  return type.defaultDurationMinutes > 0
    ? new Date(Date.parse(startsAt) + type.defaultDurationMinutes * MINUTE).toISOString()
    : null;
}

function assertOrder(startsAt: string, endsAt: string | null): void {
  if (endsAt !== null && Date.parse(endsAt) < Date.parse(startsAt)) {
    throw fieldProblem('endsAt', 'event_ends_before_start');
  }
}

function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}
