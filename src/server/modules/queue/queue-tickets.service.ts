import { sql, type Kysely, type Selectable, type Transaction, type UpdateObject } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Engine } from '../../db/database.js';
import type { DB, QueueServicesTable, QueueTicketsTable } from '../../db/schema.js';
import { lockRows } from '../../db/row-claim.js';
import type { Services } from '../../services.js';
import { AppError, fieldProblem, notFound } from '../../http/errors.js';
import { localName, type Locale } from '../../../shared/locale.js';
import { SYSTEM_VIEWER, type Viewer } from '../access/viewer.js';
import { normalizePhone } from '../clients/phones.js';
import type {
  BoardState,
  CallNextResult,
  KioskInfo,
  OperatorPanel,
  QueueTicket,
  QueueTicketList,
  QueueTicketsQuery,
  TakeTicketRequest,
  TakenTicket,
  TicketState,
} from '../../../shared/schemas/queue.js';
import type { QueueDeviceRef } from './queue-devices.service.js';
import { QueueBoardFeed } from './queue-board-feed.js';
import { dayBounds, inTodaysLine, localDay, ticketCode } from './queue-ticket-day.js';
import { boardTicketOf, ticketById, ticketOf, ticketRows, type Db } from './queue-ticket-view.js';
import { queueEventInput } from './queue-ticket-event.js';
import {
  HELD_STATES,
  atMyWindow,
  blockedBy,
  readDesk,
  waitingCounts,
  type OperatorDesk,
} from './queue-operator-desk.js';
import { queueTicketTexts } from './queue-tickets.messages.js';
import { claimNextTicket } from './queue-call-next.js';

type TicketRow = Selectable<QueueTicketsTable>;
type ServiceRow = Selectable<QueueServicesTable>;

/** A kiosk's rate limit counts its tickets of this window. */
const RATE_WINDOW_MS = 60_000;
const BOARD_CALLED = 10;
const NO_SHOWS = 20;
const LIST_MAX = 5000;

function stateConflict(row: Pick<TicketRow, 'code' | 'state'>): AppError {
  return new AppError(409, 'queue_ticket_state', { code: row.code }, { state: row.state });
}

/** Tickets: issued at a kiosk, called and served by operators, shown on boards. */
export class QueueTicketsService {
  private readonly db: Kysely<DB>;
  private readonly engine: Engine;
  /** What display boards are told (every process's open board streams). */
  readonly board: QueueBoardFeed;
  /**
   * "Now" for every ticket time and for the day a ticket is numbered in. One clock, read in the
   * application rather than the database, so that a test can move it across the enterprise's
   * local midnight (numbering starts again) and give exact waiting and service times; production
   * never replaces it.
   */
  clock: () => Date = () => new Date();
  private eventTypeId: number | null = null;

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.engine = ctx.database.engine;
    this.board = new QueueBoardFeed(ctx.database.notifier);
  }

  /* ---------------------------------------------------------------- kiosk */

  /** The kiosk's page: the active queues it offers (all when it names none), with who waits. */
  async kiosk(device: QueueDeviceRef): Promise<KioskInfo> {
    const services = await this.shownServices(this.db, device.serviceIds);
    const waiting = await waitingCounts(
      this.db,
      services.map((s) => s.id),
      (await this.today()).from,
    );
    return {
      device: { id: device.id, name: device.name },
      services: services.map((s) => ({ ...namesOf(s), prefix: s.prefix, waiting: waiting.get(s.id) ?? 0 })),
    };
  }

  /**
   * Issues a ticket at a kiosk: the device's rate limit (tickets of the last minute, counted in
   * the database so it holds across processes, the device's row locked so two requests cannot
   * both slip under it), the queue's next number of the day in the enterprise's time zone (or
   * ever, without a daily reset) taken in the same transaction as the ticket, and the client of
   * the phone, when known. Whether the phone belonged to a client is not told: the kiosk stands in
   * a public hall, and the answer would let anyone test numbers. The operator sees the link.
   */
  async take(device: QueueDeviceRef, input: TakeTicketRequest): Promise<TakenTicket> {
    const [timeZone, country] = await Promise.all([
      this.services.enterprise.timeZone(),
      this.services.clients.settings.phoneCountry(),
    ]);
    let phone: string | null = null;
    if (input.phone) {
      phone = normalizePhone(input.phone, country).e164;
      if (!phone) throw fieldProblem('phone', 'queue_ticket_phone');
    }
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      const at = now.toISOString();
      await lockRows(
        this.engine,
        trx.selectFrom('queue_devices').select('id').where('id', '=', device.id),
      ).execute();
      await this.assertRate(trx, device, now);
      // The queue's row too: a delete or a change of its daily reset waits for this ticket (or
      // this ticket for them), so neither sees half of the other.
      await lockRows(
        this.engine,
        trx.selectFrom('queue_services').select('id').where('id', '=', input.serviceId),
      ).execute();
      const service = (await this.shownServices(trx, device.serviceIds)).find(
        (s) => s.id === input.serviceId,
      );
      if (!service) throw fieldProblem('serviceId', 'queue_ticket_service', { id: input.serviceId });
      const owner = phone ? (await this.services.clients.ownersOfPhones([phone], trx)).get(phone) : undefined;
      const today = localDay(now, timeZone);
      const day = service.is_daily_reset ? today : '-';
      const { last_number: number } = await trx
        .insertInto('queue_counters')
        .values({ service_id: service.id, day, last_number: 1 })
        .onConflict((oc) =>
          oc
            .columns(['service_id', 'day'])
            .doUpdateSet({ last_number: sql<number>`queue_counters.last_number + 1` }),
        )
        .returning('last_number')
        .executeTakeFirstOrThrow();
      const code = ticketCode(service.prefix, number);
      const { id } = await trx
        .insertInto('queue_tickets')
        .values({
          service_id: service.id,
          day,
          number,
          code,
          state: 'waiting',
          client_id: owner?.clientId ?? null,
          phone,
          device_id: device.id,
          issued_at: at,
          queued_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const ahead = await trx
        .selectFrom('queue_tickets')
        .select(sql<number>`count(*)`.as('n'))
        .where('state', '=', 'waiting')
        .where('service_id', '=', service.id)
        .where(inTodaysLine(dayBounds(today, timeZone).from))
        .where((eb) =>
          eb.or([eb('queued_at', '<', at), eb.and([eb('queued_at', '=', at), eb('id', '<', id)])]),
        )
        .executeTakeFirstOrThrow();
      await this.changedWithin(trx, [service.id]);
      return { id, code, service: namesOf(service), issuedAt: at, ahead: Number(ahead.n) };
    });
  }

  /** 429 when the device issued its tickets per minute already; Retry-After: until the oldest counted leaves. */
  private async assertRate(trx: Transaction<DB>, device: QueueDeviceRef, now: Date): Promise<void> {
    const recent = await trx
      .selectFrom('queue_tickets')
      .select('issued_at')
      .where('device_id', '=', device.id)
      .where('issued_at', '>', new Date(now.getTime() - RATE_WINDOW_MS).toISOString())
      .orderBy('issued_at', 'desc')
      .limit(device.ticketsPerMinute)
      .execute();
    if (recent.length < device.ticketsPerMinute) return;
    // There is room again once the oldest of the last ticketsPerMinute leaves the minute.
    const leaves = Date.parse(recent[recent.length - 1]!.issued_at) + RATE_WINDOW_MS;
    const seconds = Math.max(1, Math.ceil((leaves - now.getTime()) / 1000));
    throw new AppError(429, 'queue_kiosk_rate_limited', { seconds }, { retryAfterSeconds: seconds });
  }

  /* ------------------------------------------------------------- operator */

  async panel(userId: number): Promise<OperatorPanel> {
    const now = this.clock();
    const timeZone = await this.services.enterprise.timeZone();
    const desk = await this.desk(this.db, userId, await this.placeOf(this.db, userId));
    const today = dayBounds(localDay(now, timeZone), timeZone);
    const serviceIds = desk.services.map((s) => s.id);
    const waiting = await waitingCounts(this.db, serviceIds, today.from);
    const current = desk.held ? await ticketById(this.db, desk.held.id) : null;
    // What recall would take: no-shows of the queues served at the operator's window.
    const here = serviceIds.filter((id) => atMyWindow(desk, id));
    const noShows = here.length
      ? await ticketRows(this.db)
          .where('t.state', '=', 'no_show')
          .where('t.service_id', 'in', here)
          .where('t.issued_at', '>=', today.from)
          .where('t.issued_at', '<', today.to)
          .orderBy('t.finished_at', 'desc')
          .orderBy('t.id', 'desc')
          .limit(NO_SHOWS)
          .execute()
      : [];
    const served = await this.db
      .selectFrom('queue_tickets')
      .select(sql<number>`count(*)`.as('n'))
      .where('operator_id', '=', userId)
      .where('state', '=', 'done')
      .where('finished_at', '>=', today.from)
      .where('finished_at', '<', today.to)
      .executeTakeFirstOrThrow();
    return {
      status: desk.status,
      window: desk.window,
      windows: desk.windows,
      services: desk.services.map((s) => ({
        ...namesOf(s),
        prefix: s.prefix,
        priority: s.priority,
        waiting: waiting.get(s.id) ?? 0,
        atMyWindow: atMyWindow(desk, s.id),
      })),
      blockedBy: blockedBy(desk),
      current,
      noShows: noShows.map(ticketOf),
      servedToday: Number(served.n),
      redirectTargets: (await this.services.queueSetup.listServices({ active: true })).map((s) => ({
        id: s.id,
        nameRu: s.nameRu,
        nameUk: s.nameUk,
        nameEn: s.nameEn,
        prefix: s.prefix,
      })),
    };
  }

  /** Sits the operator at a window (null: at none): an active window where one of their queues is served. */
  async setWindow(userId: number, windowId: number | null): Promise<OperatorPanel> {
    await this.db.transaction().execute(async (trx) => {
      if (windowId !== null) {
        const desk = await this.desk(trx, userId, null);
        if (!desk.windows.some((w) => w.id === windowId))
          throw fieldProblem('windowId', 'queue_ticket_window', { id: windowId });
      }
      const at = this.clock().toISOString();
      await trx
        .insertInto('queue_operator_places')
        .values({ user_id: userId, window_id: windowId, updated_at: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ window_id: windowId, updated_at: at }))
        .execute();
    });
    return this.panel(userId);
  }

  /**
   * Call next: the first waiting ticket of today's line (see inTodaysLine) of the operator's queues
   * served at their window, by queue priority (higher first), then place in line, claimed in one
   * conditional update (PostgreSQL skips rows another operator is taking: see db/row-claim.ts).
   * The operator's place row is locked first, so their own two presses at once run one after the
   * other and the second finds them busy. 409 `queue_no_window` when none of their queues is
   * served at their window (the window's queues changed since they sat there).
   */
  async callNext(userId: number, locale: Locale): Promise<CallNextResult> {
    const timeZone = await this.services.enterprise.timeZone();
    const ticket = await this.db.transaction().execute(async (trx) => {
      const desk = await this.desk(trx, userId, await this.lockPlace(trx, userId));
      this.assertMayCall(desk, locale);
      // Not empty: assertMayCall refuses a window where none of them is served.
      const services = desk.services.filter((s) => atMyWindow(desk, s.id));
      const now = this.clock();
      const at = now.toISOString();
      const columns = {
        state: 'called',
        operator_id: userId,
        window_id: desk.window!.id,
        called_at: at,
        first_called_at: sql<string>`coalesce(first_called_at, ${at})`,
        call_count: sql<number>`call_count + 1`,
        updated_at: at,
      };
      const claimed = await claimNextTicket(
        trx,
        this.engine,
        services,
        dayBounds(localDay(now, timeZone), timeZone).from,
        async (id) =>
          (await trx
            .updateTable('queue_tickets')
            .set(columns)
            .where('id', '=', id)
            .where('state', '=', 'waiting')
            .returning('id')
            .executeTakeFirst()) !== undefined,
      );
      if (claimed === null) return null;
      return this.called(trx, claimed);
    });
    return { ticket };
  }

  /**
   * Calls a no-show of today (of one of the operator's queues) again, at the operator's window:
   * like Call next, only where its queue is served (else 409 `queue_no_window`).
   */
  async recall(userId: number, id: number, locale: Locale): Promise<QueueTicket> {
    const timeZone = await this.services.enterprise.timeZone();
    return this.db.transaction().execute(async (trx) => {
      const desk = await this.desk(trx, userId, await this.lockPlace(trx, userId));
      const row = await this.row(trx, id);
      if (!desk.services.some((s) => s.id === row.service_id))
        throw new AppError(403, 'queue_not_your_ticket');
      if (row.state !== 'no_show') throw stateConflict(row);
      const now = this.clock();
      if (row.issued_at < dayBounds(localDay(now, timeZone), timeZone).from)
        throw new AppError(409, 'queue_ticket_expired', { code: row.code });
      this.assertMayCall(desk, locale);
      if (!atMyWindow(desk, row.service_id)) throw new AppError(409, 'queue_no_window');
      const at = now.toISOString();
      await this.update(trx, row, {
        state: 'called',
        operator_id: userId,
        window_id: desk.window!.id,
        called_at: at,
        finished_at: null,
        call_count: sql<number>`call_count + 1`,
        updated_at: at,
      });
      return this.called(trx, id);
    });
  }

  /** Calls the held ticket again (the board chimes again). */
  repeat(userId: number, id: number): Promise<QueueTicket> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.held(trx, userId, id, ['called']);
      const at = this.clock().toISOString();
      await this.update(trx, row, { called_at: at, call_count: sql<number>`call_count + 1`, updated_at: at });
      return this.called(trx, id);
    });
  }

  /** The visitor came: serving starts. */
  start(userId: number, id: number): Promise<QueueTicket> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.held(trx, userId, id, ['called']);
      const at = this.clock().toISOString();
      await this.update(trx, row, { state: 'serving', serving_at: at, updated_at: at });
      return this.settled(trx, id, [row.service_id]);
    });
  }

  /** The visitor did not come. */
  noShow(userId: number, id: number): Promise<QueueTicket> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.held(trx, userId, id, ['called']);
      const at = this.clock().toISOString();
      await this.update(trx, row, { state: 'no_show', finished_at: at, updated_at: at });
      return this.settled(trx, id, [row.service_id]);
    });
  }

  /**
   * Served: the ticket is done, and when its client is known an «electronic_queue» event is
   * written to the client card in the same transaction, as the system's record (like a logged
   * call), with the operator as performer and the texts in the operator's language. A client
   * deleted since the ticket was linked gets none: an event of no card would be nobody's record.
   */
  async done(userId: number, id: number, locale: Locale): Promise<QueueTicket> {
    const typeId = await this.queueEventTypeId();
    const before = await this.db
      .selectFrom('queue_tickets')
      .select('serving_at')
      .where('id', '=', id)
      .executeTakeFirst();
    // Before the transaction (SQLite: no reads outside it once it is open); its date is the service's start.
    const prepared = await this.services.events.prepareCreate(
      null,
      before?.serving_at ?? this.clock().toISOString(),
      SYSTEM_VIEWER,
    );
    return this.db.transaction().execute(async (trx) => {
      const row = await this.held(trx, userId, id, ['serving']);
      const at = this.clock().toISOString();
      await this.update(trx, row, { state: 'done', finished_at: at, updated_at: at });
      if (row.client_id !== null && (await this.usableClient(trx, row.client_id))) {
        const ticket = (await ticketById(trx, id))!;
        const from = row.redirected_from_id
          ? await trx
              .selectFrom('queue_tickets as t')
              .innerJoin('queue_services as s', 's.id', 't.service_id')
              .select(['s.name_ru as nameRu', 's.name_uk as nameUk', 's.name_en as nameEn'])
              .where('t.id', '=', row.redirected_from_id)
              .executeTakeFirst()
          : undefined;
        const startsAt = ticket.servingAt ?? at;
        const [eventId] = await this.services.events.createManyWithin(
          trx,
          [
            {
              prepared: { ...prepared, numbering: { ...prepared.numbering, date: new Date(startsAt) } },
              input: queueEventInput(ticket, typeId, locale, from ?? null),
            },
          ],
          null,
          SYSTEM_VIEWER,
          { keepInactiveType: true },
        );
        await trx.updateTable('queue_tickets').set({ event_id: eventId! }).where('id', '=', id).execute();
      }
      return this.settled(trx, id, [row.service_id]);
    });
  }

  /**
   * Sends the visitor to another queue: this row ends as 'redirected', and a new waiting row of
   * the target queue carries the same code, number and day, the client and the phone, and the
   * original place in line (`queued_at`): the visitor is called there before everyone who came
   * after them. Returns the new row.
   */
  redirect(userId: number, id: number, serviceId: number): Promise<QueueTicket> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.held(trx, userId, id, HELD_STATES);
      const target = await trx
        .selectFrom('queue_services')
        .select('id')
        .where('id', '=', serviceId)
        .where('is_active', '=', true)
        .executeTakeFirst();
      if (!target || serviceId === row.service_id)
        throw fieldProblem('serviceId', 'queue_ticket_redirect', { id: serviceId });
      const at = this.clock().toISOString();
      await this.update(trx, row, { state: 'redirected', finished_at: at, updated_at: at });
      const { id: newId } = await trx
        .insertInto('queue_tickets')
        .values({
          service_id: serviceId,
          day: row.day,
          number: row.number,
          code: row.code,
          state: 'waiting',
          client_id: row.client_id,
          phone: row.phone,
          // Issued by the operator, not the kiosk: it does not count against the kiosk's limit.
          device_id: null,
          issued_at: at,
          queued_at: row.queued_at,
          redirected_from_id: row.id,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return this.settled(trx, newId, [row.service_id, serviceId]);
    });
  }

  /** Links the held ticket to a client the operator may read (null: unlinks it). */
  setClient(userId: number, id: number, clientId: number | null, viewer: Viewer): Promise<QueueTicket> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.held(trx, userId, id, HELD_STATES);
      if (clientId !== null)
        await this.services.clients.assertUsable(trx, clientId, 'clientId', null, viewer);
      await this.update(trx, row, { client_id: clientId, updated_at: this.clock().toISOString() });
      return this.settled(trx, id, [row.service_id]);
    });
  }

  /**
   * The tickets issued on a day (default today, enterprise time zone), by place in line. Today's
   * also has the tickets still waiting from earlier days in queues without a daily reset: they
   * stand in today's line (see inTodaysLine), so the list's waiting ones are those Call next takes.
   */
  async list(query: QueueTicketsQuery): Promise<QueueTicketList> {
    const timeZone = await this.services.enterprise.timeZone();
    const today = localDay(this.clock(), timeZone);
    const bounds = dayBounds(query.day ?? today, timeZone);
    const filtered = (q: ReturnType<typeof ticketRows>) => {
      if (query.serviceId !== undefined) q = q.where('t.service_id', '=', query.serviceId);
      if (query.state !== undefined) q = q.where('t.state', '=', query.state);
      return q.orderBy('t.queued_at').orderBy('t.id').limit(LIST_MAX);
    };
    const issued = await filtered(
      ticketRows(this.db).where('t.issued_at', '>=', bounds.from).where('t.issued_at', '<', bounds.to),
    ).execute();
    const carried =
      (query.day ?? today) === today && (query.state ?? 'waiting') === 'waiting'
        ? await filtered(
            ticketRows(this.db)
              .where('t.state', '=', 'waiting')
              .where('t.day', '=', '-')
              .where('t.issued_at', '<', bounds.from),
          ).execute()
        : [];
    const rows = [...carried, ...issued]
      .sort((a, b) => a.queued_at.localeCompare(b.queued_at) || a.id - b.id)
      .slice(0, LIST_MAX);
    return { items: rows.map(ticketOf) };
  }

  /* ---------------------------------------------------------------- board */

  /** A board's state: its queues with who waits, and today's last called tickets, newest call first. */
  async boardState(device: QueueDeviceRef): Promise<BoardState> {
    const services = await this.shownServices(this.db, device.serviceIds);
    const ids = services.map((s) => s.id);
    const today = await this.today();
    const waiting = await waitingCounts(this.db, ids, today.from);
    const called = ids.length
      ? await ticketRows(this.db)
          .where('t.service_id', 'in', ids)
          .where('t.called_at', '>=', today.from)
          .orderBy('t.called_at', 'desc')
          .orderBy('t.id', 'desc')
          .limit(BOARD_CALLED)
          .execute()
      : [];
    return {
      device: { id: device.id, name: device.name },
      services: services.map((s) => ({ ...namesOf(s), prefix: s.prefix, waiting: waiting.get(s.id) ?? 0 })),
      called: called.map((r) => boardTicketOf(ticketOf(r))),
    };
  }

  /** Whether a board shows a queue (a board naming none shows all). */
  static shows(device: Pick<QueueDeviceRef, 'serviceIds'>, serviceId: number): boolean {
    return !device.serviceIds.length || device.serviceIds.includes(serviceId);
  }

  /* -------------------------------------------------------------- helpers */

  /** Today's bounds in the enterprise's time zone, by the tickets' clock. */
  private async today(): Promise<{ from: string; to: string }> {
    const timeZone = await this.services.enterprise.timeZone();
    return dayBounds(localDay(this.clock(), timeZone), timeZone);
  }

  /** Whether a client may still be named on a record (it exists and is not deleted). */
  private async usableClient(trx: Transaction<DB>, clientId: number): Promise<boolean> {
    try {
      await this.services.clients.assertUsable(trx, clientId, 'clientId', null, SYSTEM_VIEWER);
      return true;
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return false;
      throw e;
    }
  }

  /** The active queues a device offers or shows (naming none: all), by sort order. */
  private shownServices(db: Db, serviceIds: number[]): Promise<ServiceRow[]> {
    let q = db
      .selectFrom('queue_services')
      .selectAll()
      .where('is_active', '=', true)
      .orderBy('sort_order')
      .orderBy('id');
    if (serviceIds.length) q = q.where('id', 'in', serviceIds);
    return q.execute();
  }

  private async placeOf(db: Db, userId: number): Promise<number | null> {
    const place = await db
      .selectFrom('queue_operator_places')
      .select('window_id')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return place?.window_id ?? null;
  }

  /**
   * Locks the operator's place row (created when missing) for the transaction: one operator's
   * calls run one at a time. Returns their window.
   */
  private async lockPlace(trx: Transaction<DB>, userId: number): Promise<number | null> {
    const read = () =>
      lockRows(
        this.engine,
        trx.selectFrom('queue_operator_places').select('window_id').where('user_id', '=', userId),
      ).executeTakeFirst();
    let place = await read();
    if (!place) {
      await trx
        .insertInto('queue_operator_places')
        .values({ user_id: userId, window_id: null, updated_at: this.clock().toISOString() })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
      place = await read();
    }
    return place?.window_id ?? null;
  }

  private async desk(db: Db, userId: number, windowId: number | null): Promise<OperatorDesk> {
    const status = await this.services.referenceBooks.userStatuses.current(userId, db);
    return readDesk(db, userId, status, windowId);
  }

  /** Call next and recall refuse, in the panel's order of reasons. */
  private assertMayCall(desk: OperatorDesk, locale: Locale): void {
    switch (blockedBy(desk)) {
      case 'busy':
        throw new AppError(
          409,
          'queue_operator_busy',
          { code: desk.held!.code },
          { ticketId: desk.held!.id, code: desk.held!.code },
        );
      case 'no_services':
        throw new AppError(409, 'queue_no_services');
      case 'no_window':
        throw new AppError(409, 'queue_no_window');
      case 'status': {
        const status = desk.status.status;
        throw new AppError(
          409,
          'queue_status_not_taking',
          { status: status ? localName(status, locale) : queueTicketTexts.noStatus[locale] },
          { statusId: status?.id ?? null },
        );
      }
      case null:
        return;
    }
  }

  private async row(trx: Transaction<DB>, id: number): Promise<TicketRow> {
    const row = await trx.selectFrom('queue_tickets').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  /** The ticket, when the operator holds it in one of `states`: else 403 (another's) or 409 (state). */
  private async held(
    trx: Transaction<DB>,
    userId: number,
    id: number,
    states: readonly TicketState[],
  ): Promise<TicketRow> {
    const row = await this.row(trx, id);
    if (row.operator_id !== userId) throw new AppError(403, 'queue_not_your_ticket');
    if (!states.includes(row.state as TicketState)) throw stateConflict(row);
    return row;
  }

  /** Changes a ticket only if it is still as read: a concurrent change wins and this one is refused. */
  private async update(
    trx: Transaction<DB>,
    row: TicketRow,
    set: UpdateObject<DB, 'queue_tickets'>,
  ): Promise<void> {
    let q = trx.updateTable('queue_tickets').set(set).where('id', '=', row.id).where('state', '=', row.state);
    q =
      row.operator_id === null
        ? q.where('operator_id', 'is', null)
        : q.where('operator_id', '=', row.operator_id);
    const result = await q.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw stateConflict(await this.row(trx, row.id));
  }

  /** A ticket was called (call next, repeat, recall): boards chime, operator panels refresh. */
  private async called(trx: Transaction<DB>, id: number): Promise<QueueTicket> {
    const ticket = (await ticketById(trx, id))!;
    await this.board.publish({ type: 'ticket.called', ticket: boardTicketOf(ticket) }, trx);
    await this.services.live.broadcast({ type: 'queue.changed', serviceIds: [ticket.serviceId] }, trx);
    return ticket;
  }

  /** Any other change of a ticket: boards and operator panels of these queues refresh. */
  private async settled(trx: Transaction<DB>, id: number, serviceIds: number[]): Promise<QueueTicket> {
    await this.changedWithin(trx, serviceIds);
    return (await ticketById(trx, id))!;
  }

  /** Something moved in these queues (their tickets or setup): boards and operator panels refresh. */
  async changedWithin(trx: Transaction<DB>, serviceIds: number[]): Promise<void> {
    const ids = [...new Set(serviceIds)];
    await this.board.publish({ type: 'queue.changed', serviceIds: ids }, trx);
    await this.services.live.broadcast({ type: 'queue.changed', serviceIds: ids }, trx);
  }

  private async queueEventTypeId(): Promise<number> {
    if (this.eventTypeId === null) {
      const type = await this.services.referenceBooks.eventTypes.byCode('electronic_queue');
      if (!type) throw new Error('The system event type electronic_queue is missing');
      this.eventTypeId = type.id;
    }
    return this.eventTypeId;
  }
}

function namesOf(s: ServiceRow) {
  return { id: s.id, nameRu: s.name_ru, nameUk: s.name_uk, nameEn: s.name_en };
}
