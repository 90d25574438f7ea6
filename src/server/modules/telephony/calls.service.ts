import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, TelephonyCallsTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { forbidden, notFound } from '../../http/errors.js';
import { afterCursor, cutPage } from '../../db/keyset.js';
import { SYSTEM_VIEWER, type Viewer } from '../access/viewer.js';
import type { PreparedEvent } from '../events/events.service.js';
import type { createEventRequest } from '../../../shared/schemas/events.js';
import type { z } from 'zod';
import { normalizePhone } from '../clients/phones.js';
import type { TelephonyUser } from '../settings/user-parameters.service.js';
import {
  dedupeKey,
  strippedNumber,
  type CallInput,
  type LiveCallInput,
  type StoreResult,
} from './call-input.js';
import { recordingUrl } from './recording-url.js';
import type {
  Call,
  CallDirection,
  CallDisposition,
  CallPage,
  CallPopCard,
  CallSource,
  LinkUnknownNumber,
  UnknownNumber,
} from '../../../shared/schemas/telephony.js';
import type { CountryCode } from 'libphonenumber-js';
import { isUniqueViolation } from '../../db/errors.js';

type Row = Selectable<TelephonyCallsTable>;
/** A call row with its event's client and contact (null while live). */
type JoinedRow = Row & { client_id: number | null; contact_id: number | null };

/** Keys per `in (…)` list (well under both engines' parameter limits). */
const CHUNK = 500;
/** The system event types of calls, by direction and whether the call was answered. */
const TYPE_CODES = {
  in: { answered: 'incoming_call', not: 'missed_incoming_call' },
  out: { answered: 'outgoing_call', not: 'unanswered_outgoing_call' },
} as const;
const POP_TASKS = 10;
const POP_EVENTS = 5;
const UNKNOWN_LIMIT = 500;

/** What a batch needs that does not change between its calls. */
interface BatchContext {
  minLength: number;
  recordingTemplate: string;
  timeZone: string;
  country: CountryCode;
  sip: Map<string, TelephonyUser>;
  /** The users sources named directly (webhook userId) who are active. */
  activeUsers: Set<number>;
  typeIds: Map<string, number>;
  prepared: PreparedEvent;
}

/** A call of a batch that is to be logged, with what the checks found for it. */
interface Pending {
  index: number;
  input: CallInput;
  key: string;
  e164: string | null;
  /** A live call of the same key (or the webhook's call a record names) that this finishes. */
  liveId: number | null;
}

/**
 * Calls: logging (every source goes through `store`), live calls, the employee's own calls, the
 * call of an event, the screen pop's card, unknown numbers. A logged call's event is of a system
 * call type; who sees the event sees the call.
 */
export class CallsService {
  private readonly db: Kysely<DB>;
  private typeIds: Map<string, number> | null = null;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /**
   * Logs finished calls: drops internal ones (external number shorter than N), skips calls
   * already logged (same key, or a webhook/AMI call with the record's uniqueid or linkedid),
   * finishes live calls of the same key, and writes each new call's event in one transaction
   * per batch. Inputs in order; at most a few thousand per call.
   */
  async store(inputs: CallInput[]): Promise<StoreResult> {
    const result: StoreResult = {
      stored: 0,
      duplicates: 0,
      internal: 0,
      callIds: inputs.map(() => null),
      eventIds: inputs.map(() => null),
    };
    if (!inputs.length) return result;
    const ctx = await this.batchContext(
      inputs[0]!.startedAt,
      inputs.map((i) => i.userId),
    );
    const candidates: Pending[] = [];
    for (const [index, input] of inputs.entries()) {
      if (strippedNumber(input.externalNumber).length < ctx.minLength) {
        result.internal++;
        continue;
      }
      candidates.push({
        index,
        input,
        key: dedupeKey(input),
        e164: normalizePhone(input.externalNumber, ctx.country).e164,
        liveId: null,
      });
    }
    if (!candidates.length) return result;
    // Two processes logging the same call at once (PostgreSQL): the loser's batch fails on the
    // unique key and runs again, now finding that call logged.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.storeBatch(candidates, ctx, result);
        return result;
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 3) throw e;
        result.duplicates = 0;
        for (const p of candidates) {
          result.callIds[p.index] = null;
          result.eventIds[p.index] = null;
          p.liveId = null;
        }
      }
    }
  }

  /** One transaction of store: the calls not yet logged, their events and rows. */
  private async storeBatch(candidates: Pending[], ctx: BatchContext, result: StoreResult): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const fresh = await this.claimLive(trx, await this.withoutLogged(trx, candidates, result), result);
      if (!fresh.length) return;
      const owners = await this.services.clients.ownersOfPhones(
        fresh.flatMap((p) => (p.e164 ? [p.e164] : [])),
        trx,
      );
      const eventIds = await this.services.events.createManyWithin(
        trx,
        fresh.map((p) => ({
          prepared: preparedFor(ctx.prepared, p.input.startedAt),
          input: eventOf(p, ctx, owners),
        })),
        null,
        SYSTEM_VIEWER,
        { dropRefusedLinks: true, keepInactiveType: true },
      );
      const now = new Date().toISOString();
      const rows: Insertable<TelephonyCallsTable>[] = [];
      const rowIndex: number[] = [];
      for (const [k, p] of fresh.entries()) {
        const values = {
          ...callColumns(p, ctx, owners.has(p.e164 ?? '')),
          event_id: eventIds[k]!,
          state: 'done',
          updated_at: now,
        };
        result.eventIds[p.index] = eventIds[k]!;
        if (p.liveId !== null) {
          // The live row keeps its key and source; the finish fills in what the call was.
          const { dedupe_key: _key, source: _source, external_id: _id, ...finish } = values;
          await trx.updateTable('telephony_calls').set(finish).where('id', '=', p.liveId).execute();
          result.callIds[p.index] = p.liveId;
        } else {
          rows.push({ ...values, created_at: now });
          rowIndex.push(p.index);
        }
      }
      for (let i = 0; i < rows.length; i += CHUNK / 5) {
        const inserted = await trx
          .insertInto('telephony_calls')
          .values(rows.slice(i, i + CHUNK / 5))
          .returning('id')
          .execute();
        // Ids are handed out in row order; RETURNING's own order is not promised on SQLite.
        inserted
          .map((r) => r.id)
          .sort((a, b) => a - b)
          .forEach((id, j) => (result.callIds[rowIndex[i + j]!] = id));
      }
      result.stored = fresh.length;
    });
  }

  /**
   * Leaves out of `candidates` the calls already logged (counted as duplicates, with their
   * event), including repeats within the batch, and marks the live calls they finish.
   */
  private async withoutLogged(
    trx: Transaction<DB>,
    candidates: Pending[],
    result: StoreResult,
  ): Promise<Pending[]> {
    const byKey = new Map<string, Pick<Row, 'id' | 'state' | 'event_id'>>();
    const keys = [...new Set(candidates.map((p) => p.key))];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('telephony_calls')
        .select(['id', 'dedupe_key', 'state', 'event_id'])
        .where('dedupe_key', 'in', keys.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) byKey.set(r.dedupe_key, r);
    }
    // A record of a call the webhook or AMI reported under the PBX's uniqueid or linkedid.
    const byPbxId = new Map<string, Pick<Row, 'id' | 'state' | 'event_id'>>();
    const pbxIds = [
      ...new Set(
        candidates
          .filter((p) => p.input.source === 'import')
          .flatMap((p) => [p.input.externalId, p.input.linkedId])
          .filter((id): id is string => !!id),
      ),
    ];
    for (let i = 0; i < pbxIds.length; i += CHUNK) {
      const chunk = pbxIds.slice(i, i + CHUNK);
      const rows = await trx
        .selectFrom('telephony_calls')
        .select(['id', 'external_id', 'linked_id', 'state', 'event_id'])
        .where((eb) => eb.or([eb('external_id', 'in', chunk), eb('linked_id', 'in', chunk)]))
        .where('source', '!=', 'import')
        .execute();
      for (const r of rows) {
        if (r.external_id) byPbxId.set(r.external_id, r);
        // The AMI logs each ringing phone under its own id; the record names the conversation.
        if (r.linked_id && !byPbxId.has(r.linked_id)) byPbxId.set(r.linked_id, r);
      }
    }
    const fresh: Pending[] = [];
    const seen = new Set<string>();
    const finishing = new Set<number>();
    for (const p of candidates) {
      const known =
        byKey.get(p.key) ??
        (p.input.source === 'import'
          ? (byPbxId.get(p.input.externalId ?? '') ?? byPbxId.get(p.input.linkedId ?? ''))
          : undefined);
      if (known?.state === 'internal') {
        // Registered live and found internal (shorter than N): not logged now either.
        result.internal++;
        continue;
      }
      if (seen.has(p.key) || (known && (known.state !== 'live' || finishing.has(known.id)))) {
        result.duplicates++;
        result.callIds[p.index] = known?.id ?? null;
        result.eventIds[p.index] = known?.event_id ?? null;
        continue;
      }
      seen.add(p.key);
      if (known) {
        p.liveId = known.id;
        finishing.add(known.id);
      }
      fresh.push(p);
    }
    return fresh;
  }

  /**
   * Takes the live calls the batch finishes: a live row is finished by one transaction only (a
   * repeated webhook finish, two processes hearing the same hangup). On PostgreSQL the second
   * waits for the first's row lock and then finds the call done: a duplicate.
   */
  private async claimLive(trx: Transaction<DB>, fresh: Pending[], result: StoreResult): Promise<Pending[]> {
    const kept: Pending[] = [];
    for (const p of fresh) {
      if (p.liveId === null) {
        kept.push(p);
        continue;
      }
      const claimed = await trx
        .updateTable('telephony_calls')
        .set({ state: 'done' })
        .where('id', '=', p.liveId)
        .where('state', '=', 'live')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) > 0) {
        kept.push(p);
        continue;
      }
      const done = await trx
        .selectFrom('telephony_calls')
        .select(['id', 'event_id'])
        .where('id', '=', p.liveId)
        .executeTakeFirst();
      result.duplicates++;
      result.callIds[p.index] = done?.id ?? null;
      result.eventIds[p.index] = done?.event_id ?? null;
    }
    return kept;
  }

  /**
   * A call starts ringing (webhook register, AMI): stores it live (no event) unless a call with
   * that id exists. `call` null: an internal number, not kept.
   */
  async register(input: LiveCallInput): Promise<{ call: Call | null; created: boolean }> {
    const key = dedupeKey({ externalId: input.externalId, sequence: null, rowHash: null });
    const existing = await this.db
      .selectFrom('telephony_calls')
      .select('id')
      .where('dedupe_key', '=', key)
      .executeTakeFirst();
    if (existing) return { call: await this.byId(existing.id), created: false };
    const ctx = await this.batchContext(input.startedAt, [input.userId]);
    if (strippedNumber(input.externalNumber).length < ctx.minLength) {
      // Kept without an event so that the call's finish is known to be internal too.
      const internal = await this.db
        .insertInto('telephony_calls')
        .values({
          dedupe_key: key,
          external_id: input.externalId,
          linked_id: input.linkedId,
          source: input.source,
          state: 'internal',
          direction: input.direction,
          external_number: input.externalNumber,
          employee_number: input.employeeNumber,
          started_at: input.startedAt,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return { call: null, created: internal !== undefined };
    }
    const e164 = normalizePhone(input.externalNumber, ctx.country).e164;
    const owners = await this.services.clients.ownersOfPhones(e164 ? [e164] : []);
    const callInput: CallInput = {
      ...input,
      sequence: null,
      rowHash: null,
      answeredAt: null,
      durationSeconds: 0,
      billsec: 0,
      disposition: 'no_answer',
      recordingUrl: null,
      recordingFile: null,
    };
    const now = new Date().toISOString();
    const inserted = await this.db
      .insertInto('telephony_calls')
      .values({
        ...callColumns({ index: 0, input: callInput, key, e164, liveId: null }, ctx, owners.has(e164 ?? '')),
        state: 'live',
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    // No row back: the same call was registered at the same moment by another request.
    const id =
      inserted?.id ??
      (
        await this.db
          .selectFrom('telephony_calls')
          .select('id')
          .where('dedupe_key', '=', key)
          .executeTakeFirstOrThrow()
      ).id;
    return { call: await this.byId(id), created: inserted !== undefined };
  }

  /** Whether the PBX's call was registered as internal (not logged). */
  async wasInternal(externalId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('telephony_calls')
      .select('id')
      .where('dedupe_key', '=', dedupeKey({ externalId, sequence: null, rowHash: null }))
      .where('state', '=', 'internal')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A call by its row id, without access checks (for the PBX side and the pop). */
  async byId(id: number): Promise<Call | null> {
    const rows = await this.joined().where('c.id', '=', id).execute();
    return (await this.present(rows))[0] ?? null;
  }

  /** A call by the PBX's id (webhook/AMI), without access checks; the newest when several. */
  async byExternalId(externalId: string): Promise<Call | null> {
    const rows = await this.joined()
      .where('c.external_id', '=', externalId)
      .orderBy('c.id', 'desc')
      .limit(1)
      .execute();
    return (await this.present(rows))[0] ?? null;
  }

  /** The caller's own calls (as the employee), newest first: the phone panel. */
  async mine(userId: number, query: { cursor?: string; limit: number }, viewer: Viewer): Promise<CallPage> {
    let q = this.joined().where('c.user_id', '=', userId);
    if (query.cursor) q = q.where(afterCursor(sql.ref('c.started_at'), 'c.id', 'desc', query.cursor));
    const rows = await q
      .orderBy('c.started_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const page = cutPage(rows, query.limit, (r) => [r.started_at, r.id]);
    return { items: await this.present(page.rows, viewer), nextCursor: page.nextCursor };
  }

  /** The call of a call event the viewer may read (null for other events). */
  async ofEvent(eventId: number, viewer: Viewer): Promise<Call | null> {
    await this.services.access.assertCan(viewer, 'events', 'read', eventId);
    const rows = await this.joined().where('c.event_id', '=', eventId).execute();
    return (await this.present(rows))[0] ?? null;
  }

  /** The screen pop's card for the user's own call: the client and what the user may see of them. */
  async pop(callId: number, userId: number, viewer: Viewer): Promise<CallPopCard> {
    const call = await this.byId(callId);
    if (!call || call.user?.id !== userId) throw notFound();
    const clientId = call.client?.id ?? null;
    const visible = clientId !== null && (await this.services.access.canRead(viewer, 'clients', clientId));
    if (!visible)
      return {
        call: { ...call, client: null, contact: null },
        client: null,
        contact: null,
        openTasks: [],
        lastEvents: [],
      };
    const open = (await this.services.referenceBooks.taskStatuses.list({}))
      .filter((s) => !s.isFinal)
      .map((s) => s.id);
    const [tasks, events] = await Promise.all([
      open.length
        ? this.services.tasks.list(
            { clientId: [clientId], statusId: open, limit: POP_TASKS, sort: 'createdAt', order: 'desc' },
            viewer,
          )
        : { items: [] },
      this.services.events.list(
        { clientId: [clientId], limit: POP_EVENTS, sort: 'startsAt', order: 'desc' },
        viewer,
      ),
    ]);
    return {
      call,
      client: call.client,
      contact: call.contact,
      openTasks: tasks.items,
      lastEvents: events.items.filter((e) => e.id !== call.eventId),
    };
  }

  /** External numbers of calls the viewer may see that matched no client, most recent first. */
  async unknownNumbers(viewer: Viewer): Promise<UnknownNumber[]> {
    const number = sql<string>`coalesce(c.external_e164, c.external_number)`;
    const rows = await this.unknownCalls(viewer, 'read')
      .select([
        number.as('number'),
        (eb) => eb.fn.max('c.external_e164').as('e164'),
        (eb) => eb.fn.countAll<number>().as('calls'),
        (eb) => eb.fn.max('c.started_at').as('last_call_at'),
      ])
      .groupBy(number)
      .orderBy(sql`max(c.started_at)`, 'desc')
      .limit(UNKNOWN_LIMIT)
      .execute();
    if (!rows.length) return [];
    const latest = await this.unknownCalls(viewer, 'read')
      .select([number.as('number'), 'c.direction', 'c.started_at'])
      .where(
        number,
        'in',
        rows.map((r) => r.number),
      )
      .orderBy('c.started_at', 'desc')
      .execute();
    const directionOf = new Map<string, CallDirection>();
    for (const r of latest)
      if (!directionOf.has(r.number)) directionOf.set(r.number, r.direction as CallDirection);
    return rows.map((r) => ({
      number: r.number,
      e164: r.e164,
      calls: Number(r.calls),
      lastCallAt: r.last_call_at as string,
      lastDirection: directionOf.get(r.number) ?? 'in',
    }));
  }

  /**
   * Links the past calls of an unknown number that the user may change to a client (and a
   * contact person of it), adding the number to the client's phones when asked and missing.
   * Returns how many calls were linked.
   */
  async linkUnknown(input: LinkUnknownNumber, userId: number, viewer: Viewer): Promise<number> {
    const client = await this.services.clients.get(input.clientId, viewer);
    const contactId = input.contactId ?? null;
    if (contactId !== null && !client.contacts.some((c) => c.id === contactId)) throw notFound({ contactId });
    const country = await this.services.clients.settings.phoneCountry();
    const e164 = normalizePhone(input.number, country).e164;
    if (input.addPhone !== false) {
      const owner = contactId === null ? client : client.contacts.find((c) => c.id === contactId)!;
      const has = owner.phones.some((p) => (e164 ? p.e164 === e164 : p.number === input.number));
      if (!has) {
        const phones = [
          ...owner.phones.map((p) => ({ number: p.number, kind: p.kind })),
          { number: input.number, kind: 'work' as const },
        ];
        await this.services.clients.update(
          input.clientId,
          contactId === null
            ? { phones }
            : {
                contacts: client.contacts.map((c) =>
                  c.id === contactId
                    ? {
                        id: c.id,
                        name: c.name,
                        position: c.position,
                        notes: c.notes,
                        emails: c.emails,
                        phones,
                      }
                    : {
                        id: c.id,
                        name: c.name,
                        position: c.position,
                        notes: c.notes,
                        emails: c.emails,
                        phones: c.phones.map((p) => ({ number: p.number, kind: p.kind })),
                      },
                ),
              },
          userId,
          viewer,
        );
      }
    }
    const number = sql<string>`coalesce(c.external_e164, c.external_number)`;
    const numbers = [...new Set([input.number, e164 ?? input.number])];
    const calls = await this.unknownCalls(viewer, 'edit')
      .select(['c.id', 'c.event_id'])
      .where(number, 'in', numbers)
      .execute();
    if (!calls.length) {
      // Calls the user sees but may not change: say so rather than report nothing linked.
      const seen = await this.unknownCalls(viewer, 'read')
        .select('c.id')
        .where(number, 'in', numbers)
        .limit(1)
        .execute();
      if (seen.length) throw forbidden();
      return 0;
    }
    await this.db.transaction().execute(async (trx) => {
      await this.services.events.linkClientWithin(
        trx,
        calls.map((c) => c.event_id!),
        { clientId: input.clientId, contactId },
        userId,
      );
      for (let i = 0; i < calls.length; i += CHUNK) {
        await trx
          .updateTable('telephony_calls')
          .set({ is_unknown: false, updated_at: new Date().toISOString() })
          .where(
            'id',
            'in',
            calls.slice(i, i + CHUNK).map((c) => c.id),
          )
          .execute();
      }
    });
    return calls.length;
  }

  /** Logged calls whose number matched no client and whose event still has none, within the viewer's reach. */
  private unknownCalls(viewer: Viewer, action: 'read' | 'edit') {
    const condition = this.services.access.condition(viewer, 'events', action, 'e');
    const q = this.db
      .selectFrom('telephony_calls as c')
      .innerJoin('events as e', 'e.id', 'c.event_id')
      .where('c.is_unknown', '=', true)
      .where('e.client_id', 'is', null);
    return condition ? q.where(condition) : q;
  }

  /** Calls with their event's links; internal ones (kept only to recognise their finish) left out. */
  private joined() {
    return this.db
      .selectFrom('telephony_calls as c')
      .leftJoin('events as e', 'e.id', 'c.event_id')
      .selectAll('c')
      .select(['e.client_id', 'e.contact_id'])
      .where('c.state', '!=', 'internal');
  }

  /**
   * Calls as the API shows them. A live call's client is the one its number belongs to now —
   * with a viewer, only when they may read that client (a logged call shows its event's).
   */
  private async present(rows: JoinedRow[], viewer?: Viewer): Promise<Call[]> {
    if (!rows.length) return [];
    const liveNumbers = rows
      .filter((r) => r.event_id === null && r.external_e164)
      .map((r) => r.external_e164!);
    const owners = await this.services.clients.ownersOfPhones(liveNumbers);
    if (viewer && owners.size) {
      const readable = await this.services.access.readableIds(
        viewer,
        'clients',
        [...owners.values()].map((o) => o.clientId),
      );
      for (const [number, o] of owners) if (!readable.has(o.clientId)) owners.delete(number);
    }
    const linkOf = (r: JoinedRow) =>
      r.event_id !== null
        ? { clientId: r.client_id, contactId: r.contact_id }
        : (owners.get(r.external_e164 ?? '') ?? { clientId: null, contactId: null });
    const [clients, contacts, users] = await Promise.all([
      this.services.clients.briefByIds(rows.map((r) => linkOf(r).clientId)),
      this.services.clients.contactBriefByIds(rows.map((r) => linkOf(r).contactId)),
      this.services.users.briefByIds(rows.map((r) => r.user_id)),
    ]);
    return rows.map((r) => {
      const { clientId, contactId } = linkOf(r);
      return {
        id: r.id,
        eventId: r.event_id,
        state: r.state as 'live' | 'done',
        source: r.source as CallSource,
        direction: r.direction as CallDirection,
        externalNumber: r.external_number,
        externalE164: r.external_e164,
        employeeNumber: r.employee_number,
        user: r.user_id === null ? null : { id: r.user_id, name: users.get(r.user_id) ?? '' },
        startedAt: r.started_at,
        answeredAt: r.answered_at,
        durationSeconds: r.duration_seconds,
        billsec: r.billsec,
        disposition: r.disposition as CallDisposition,
        recordingUrl: r.recording_url,
        client: clientId === null ? null : { id: clientId, name: clients.get(clientId) ?? '' },
        contact: contactId === null ? null : { id: contactId, name: contacts.get(contactId)?.name ?? '' },
      };
    });
  }

  /** Settings, SIP numbers, call types and the events' numbering, read once per batch. */
  private async batchContext(startedAt: string, userIds: (number | null)[] = []): Promise<BatchContext> {
    const [settings, country, sip, activeUsers, typeIds, prepared] = await Promise.all([
      this.services.telephonySettings.get(),
      this.services.clients.settings.phoneCountry(),
      this.services.userParameters.sipDirectory(),
      this.services.users.activeIds(userIds),
      this.callTypeIds(),
      this.services.events.prepareCreate(null, startedAt, SYSTEM_VIEWER),
    ]);
    return {
      minLength: settings.minNumberLength,
      recordingTemplate: settings.recordingUrlTemplate,
      timeZone: settings.timeZone,
      country,
      sip,
      activeUsers,
      typeIds,
      prepared,
    };
  }

  private async callTypeIds(): Promise<Map<string, number>> {
    if (!this.typeIds) {
      const codes = Object.values(TYPE_CODES).flatMap((t) => [t.answered, t.not]);
      const ids = new Map<string, number>();
      for (const code of codes) {
        const type = await this.services.referenceBooks.eventTypes.byCode(code);
        if (!type) throw new Error(`The system event type ${code} is missing`);
        ids.set(code, type.id);
      }
      this.typeIds = ids;
    }
    return this.typeIds;
  }
}

/**
 * The batch's prepared numbering for one call's date: the journal and settings are the same for
 * every call, only the date (which picks the numbering period) differs.
 */
function preparedFor(prepared: PreparedEvent, startedAt: string): PreparedEvent {
  return { ...prepared, numbering: { ...prepared.numbering, date: new Date(startedAt) } };
}

/**
 * The employee of a call: the user the source named, else the user with that SIP number — if
 * active; a deactivated user's call is logged without an employee rather than refused.
 */
function employeeOf(input: CallInput, ctx: BatchContext): number | null {
  if (input.userId !== null) return ctx.activeUsers.has(input.userId) ? input.userId : null;
  const user = ctx.sip.get(input.employeeNumber);
  return user?.isActive ? user.userId : null;
}

/** The call's event: its system type, the client by the external number, the employee as performer. */
function eventOf(
  p: Pending,
  ctx: BatchContext,
  owners: Map<string, { clientId: number; contactId: number | null }>,
): z.output<typeof createEventRequest> {
  const { input } = p;
  const codes = TYPE_CODES[input.direction];
  const owner = p.e164 ? owners.get(p.e164) : undefined;
  return {
    typeId: ctx.typeIds.get(input.disposition === 'answered' ? codes.answered : codes.not)!,
    subject: p.e164 ?? input.externalNumber,
    startsAt: input.startedAt,
    endsAt: new Date(Date.parse(input.startedAt) + input.durationSeconds * 1000).toISOString(),
    status: 'done',
    clientId: owner?.clientId ?? null,
    contactId: owner?.contactId ?? null,
    projectId: null,
    journalId: undefined,
    performerId: employeeOf(input, ctx),
    participantIds: [],
    description: '',
    result: '',
  };
}

/** The telephony_calls columns of a call (without state, event and timestamps). */
function callColumns(p: Pending, ctx: BatchContext, known: boolean) {
  const { input } = p;
  return {
    dedupe_key: p.key,
    external_id: input.externalId,
    linked_id: input.linkedId,
    source: input.source,
    direction: input.direction,
    external_number: input.externalNumber,
    external_e164: p.e164,
    employee_number: input.employeeNumber,
    user_id: employeeOf(input, ctx),
    started_at: input.startedAt,
    answered_at: input.answeredAt,
    duration_seconds: input.durationSeconds,
    billsec: input.billsec,
    disposition: input.disposition,
    recording_url:
      input.recordingUrl ??
      recordingUrl(ctx.recordingTemplate, input.recordingFile, input.startedAt, ctx.timeZone),
    is_unknown: !known,
  };
}
