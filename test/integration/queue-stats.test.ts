import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { fieldErrors, grantAccess, rightlessUser } from '../support/access.js';
import {
  createDevice,
  createOperator,
  createWindow,
  deviceClient,
  setStatus,
  sitAt,
  statusIds,
  type DeviceClient,
  type Operator,
} from '../support/queue.js';
import type {
  CallNextResult,
  QueueService,
  QueueStats,
  QueueTicket,
  TakenTicket,
} from '../../src/shared/schemas/queue.js';

const S = 1000;
const MIN = 60 * S;

type Queue = 'A' | 'B' | 'C';
type OperatorName = 'olga' | 'boris' | 'carl';

/** How an operator handles a ticket, in seconds. */
interface Handling {
  operator: OperatorName;
  /** From the ticket's issue to the call. */
  wait: number;
  /** From the call to the start of serving, which lasts `serving`; without `serving`: a no-show a minute after the call. */
  toServing?: number;
  serving?: number;
  /** Sent on to this queue when the serving time is up, instead of done. */
  redirectTo?: Queue;
}

/**
 * Statistics per day (enterprise time zone), queue and operator: counts, average and p90
 * (nearest rank) waiting and service times, from tickets issued at a kiosk and handled at the
 * operators' desks (call next, start, done, no-show, redirect, recall) with the tickets' clock set
 * to each step's moment; CSV; validation; access.
 */
describe('queue statistics', () => {
  let t: TestApp;
  let eva: Client;
  let kiosk: DeviceClient;
  const ids: Record<Queue, number> = { A: 0, B: 0, C: 0 };
  const operators = {} as Record<OperatorName, Operator>;
  let now = new Date();

  /** A kiosk ticket of `queue` issued at `atMs`. */
  const issue = async (queue: Queue, atMs: number): Promise<TakenTicket> => {
    now = new Date(atMs);
    const res = await kiosk.post('/api/v1/queue/kiosk/tickets', { serviceId: ids[queue] });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<TakenTicket>();
  };
  /** An operator's step on a ticket at `atMs`. */
  const act = async (
    who: OperatorName,
    id: number,
    action: string,
    atMs: number,
    body?: unknown,
  ): Promise<QueueTicket> => {
    now = new Date(atMs);
    const res = await operators[who].client.post(`/api/v1/queue/tickets/${id}/${action}`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<QueueTicket>();
  };
  /** Call next at `atMs`: it must call ticket `id` (the fixtures keep one ticket waiting at a time). */
  const callNext = async (who: OperatorName, id: number, atMs: number): Promise<void> => {
    now = new Date(atMs);
    const res = await operators[who].client.post('/api/v1/queue/operator/call-next');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<CallNextResult>().ticket?.id).toBe(id);
  };
  /** Handles a waiting ticket from its call to its end; answers the ticket as it ends (a redirect: the new one). */
  const handle = async (ticket: { id: number; issuedAt: string }, h: Handling): Promise<QueueTicket> => {
    const called = Date.parse(ticket.issuedAt) + h.wait * S;
    await callNext(h.operator, ticket.id, called);
    if (h.serving === undefined) return act(h.operator, ticket.id, 'no-show', called + MIN);
    const serving = called + (h.toServing ?? 0) * S;
    await act(h.operator, ticket.id, 'start', serving);
    const end = serving + h.serving * S;
    return h.redirectTo
      ? act(h.operator, ticket.id, 'redirect', end, { serviceId: ids[h.redirectTo] })
      : act(h.operator, ticket.id, 'done', end);
  };
  /** A ticket issued at `issued` and, unless it is never called, handled to its end. */
  const visit = async (queue: Queue, issued: string, h?: Handling): Promise<QueueTicket | null> => {
    const ticket = await issue(queue, Date.parse(issued));
    return h ? handle(ticket, h) : null;
  };
  const stats = async (query: string, client: Client = eva): Promise<QueueStats> => {
    const res = await client.get(`/api/v1/queue/stats?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<QueueStats>();
  };
  const figures = (
    tickets: number,
    served: number,
    noShows: number,
    redirected: number,
    [avgWaitSeconds, p90WaitSeconds, avgServiceSeconds, p90ServiceSeconds]: (number | null)[],
  ) => ({
    tickets,
    served,
    noShows,
    redirected,
    avgWaitSeconds,
    p90WaitSeconds,
    avgServiceSeconds,
    p90ServiceSeconds,
  });

  beforeAll(async () => {
    t = await createTestApp();
    t.services.queueTickets.clock = () => now;
    const tz = await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv' });
    expect(tz.statusCode, tz.body).toBe(200);
    const status = await statusIds(t);
    for (const [login, fullName] of [
      ['olga', 'Ольга Петрова'],
      ['boris', 'Борис Иванов'],
      ['carl', 'Carl'],
    ] as const) {
      operators[login] = await createOperator(t, login, fullName);
      await setStatus(operators[login].client, status.available!);
    }
    // C (served by Carl alone) is for the tests after the main fixture.
    for (const [prefix, sortOrder, nameRu, nameUk, nameEn, serving] of [
      ['A', 10, 'Касса', 'Каса', 'Cash desk', ['olga', 'boris']],
      ['B', 20, 'Справки', 'Довідки', 'Information', ['olga', 'boris']],
      ['C', 30, 'Выдача', 'Видача', 'Pick-up', ['carl']],
    ] as const) {
      const res = await t.admin.post('/api/v1/queue/services', {
        prefix,
        sortOrder,
        nameRu,
        nameUk,
        nameEn,
        operatorIds: serving.map((o) => operators[o].id),
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[prefix] = res.json<QueueService>().id;
    }
    for (const operator of Object.values(operators))
      await sitAt(operator.client, (await createWindow(t, `Окно ${operator.id}`)).id);
    kiosk = deviceClient(t, (await createDevice(t, 'kiosk', { ticketsPerMinute: 600 })).token);
    const user = await t.services.users.create({
      login: 'eva',
      fullName: 'Eva',
      password: 'eva-password-1',
      locale: 'en',
      roleIds: [],
    });
    eva = await t.login('eva', 'eva-password-1');
    // Without the books area: no statistics.
    expect((await eva.get('/api/v1/queue/stats?from=2025-01-10&to=2025-01-11')).statusCode).toBe(403);
    expect((await eva.get('/api/v1/queue/stats.csv?from=2025-01-10&to=2025-01-11')).statusCode).toBe(403);
    await grantAccess(t, user.id, { areas: { books: 'read' } });

    // Each ticket is handled to its end before the next is issued (the clock goes back between
    // them), so that Call next has exactly the one ticket in line to take.
    // Kyiv is UTC+2 in January: its 10th runs from 9 Jan 22:00 UTC to 10 Jan 22:00 UTC.
    const day1 = '2025-01-10T';
    await visit('A', `${day1}08:00:00Z`, { operator: 'olga', wait: 60, toServing: 30, serving: 300 });
    await visit('A', `${day1}08:10:00Z`, { operator: 'olga', wait: 120, toServing: 10, serving: 120 });
    await visit('A', `${day1}08:20:00Z`, { operator: 'olga', wait: 600 });
    await visit('A', `${day1}09:00:00Z`, { operator: 'boris', wait: 30, toServing: 30, serving: 600 });
    // Sent on to A after serving began: counted as redirected in B, and again as a ticket of A,
    // issued there at the redirect (09:32), waiting from then.
    const moved = await visit('B', `${day1}09:30:00Z`, {
      operator: 'boris',
      wait: 60,
      toServing: 10,
      serving: 50,
      redirectTo: 'A',
    });
    expect(moved).toMatchObject({ serviceId: ids.A, state: 'waiting', issuedAt: `${day1}09:32:00.000Z` });
    await handle(moved!, { operator: 'olga', wait: 480, toServing: 0, serving: 300 });
    // 00:30 on the 11th in Kyiv.
    await visit('A', `${day1}22:30:00Z`, { operator: 'olga', wait: 300, toServing: 60, serving: 240 });
    await visit('B', '2025-01-11T10:00:00Z', { operator: 'boris', wait: 600, toServing: 0, serving: 600 });
    // Ten tickets: p90 by nearest rank is the 9th smallest, not the largest.
    for (let i = 0; i < 10; i++) {
      const issued = new Date(Date.parse('2025-01-11T12:00:00Z') + i * MIN).toISOString();
      await visit('B', issued, { operator: 'olga', wait: (i + 1) * 10, toServing: 0, serving: (i + 1) * 60 });
    }
    // 23:59 on the 9th and 00:00 on the 12th in Kyiv: outside the period.
    await visit('A', '2025-01-09T21:59:00Z', { operator: 'olga', wait: 1, toServing: 0, serving: 1 });
    await visit('A', '2025-01-11T22:00:00Z', { operator: 'olga', wait: 1, toServing: 0, serving: 1 });
    // Never called: no operator, nothing measured. Issued last, so no Call next above meets it.
    await visit('A', `${day1}21:00:00Z`);
  });
  afterAll(async () => {
    t.services.queueTickets.clock = () => new Date();
    await t.close();
  });

  it('counts per day (enterprise time zone), queue and operator, with average and p90 times', async () => {
    const result = await stats('from=2025-01-10&to=2025-01-11');
    expect(result.rows).toEqual([
      {
        day: '2025-01-10',
        serviceId: ids.A,
        serviceName: 'Cash desk',
        operatorId: operators.boris.id,
        operatorName: 'Борис Иванов',
        ...figures(1, 1, 0, 0, [30, 30, 600, 600]),
      },
      {
        day: '2025-01-10',
        serviceId: ids.A,
        serviceName: 'Cash desk',
        operatorId: operators.olga.id,
        operatorName: 'Ольга Петрова',
        ...figures(4, 3, 1, 0, [315, 600, 240, 300]),
      },
      {
        day: '2025-01-10',
        serviceId: ids.A,
        serviceName: 'Cash desk',
        operatorId: null,
        operatorName: null,
        ...figures(1, 0, 0, 0, [null, null, null, null]),
      },
      {
        day: '2025-01-10',
        serviceId: ids.B,
        serviceName: 'Information',
        operatorId: operators.boris.id,
        operatorName: 'Борис Иванов',
        ...figures(1, 0, 0, 1, [60, 60, null, null]),
      },
      {
        day: '2025-01-11',
        serviceId: ids.A,
        serviceName: 'Cash desk',
        operatorId: operators.olga.id,
        operatorName: 'Ольга Петрова',
        ...figures(1, 1, 0, 0, [300, 300, 240, 240]),
      },
      {
        day: '2025-01-11',
        serviceId: ids.B,
        serviceName: 'Information',
        operatorId: operators.boris.id,
        operatorName: 'Борис Иванов',
        ...figures(1, 1, 0, 0, [600, 600, 600, 600]),
      },
      {
        day: '2025-01-11',
        serviceId: ids.B,
        serviceName: 'Information',
        operatorId: operators.olga.id,
        operatorName: 'Ольга Петрова',
        ...figures(10, 10, 0, 0, [55, 90, 330, 540]),
      },
    ]);
    expect(result.byDay).toEqual([
      { day: '2025-01-10', ...figures(7, 4, 1, 1, [225, 600, 330, 600]) },
      { day: '2025-01-11', ...figures(12, 12, 0, 0, [120.8, 300, 345, 600]) },
    ]);
    expect(result.byService).toEqual([
      { serviceId: ids.A, serviceName: 'Cash desk', ...figures(7, 5, 1, 0, [265, 600, 312, 600]) },
      { serviceId: ids.B, serviceName: 'Information', ...figures(12, 11, 0, 1, [100.8, 100, 354.5, 600]) },
    ]);
    expect(result.byOperator).toEqual([
      {
        operatorId: operators.boris.id,
        operatorName: 'Борис Иванов',
        ...figures(3, 2, 0, 1, [230, 600, 600, 600]),
      },
      {
        operatorId: operators.olga.id,
        operatorName: 'Ольга Петрова',
        ...figures(15, 14, 1, 0, [140.7, 480, 304.3, 540]),
      },
      { operatorId: null, operatorName: null, ...figures(1, 0, 0, 0, [null, null, null, null]) },
    ]);
    // 5460 s over 16 services: 341.25, rounded half up.
    expect(result.total).toEqual(figures(19, 16, 1, 1, [155.6, 600, 341.3, 600]));

    // One day, one queue, one operator; names in the caller's language.
    const day2 = await stats('from=2025-01-11&to=2025-01-11');
    expect(day2.total).toMatchObject({ tickets: 12, served: 12 });
    expect((await stats(`from=2025-01-10&to=2025-01-11&serviceId=${ids.A}`)).total).toEqual(
      figures(7, 5, 1, 0, [265, 600, 312, 600]),
    );
    const boris = await stats(`from=2025-01-10&to=2025-01-11&operatorId=${operators.boris.id}`);
    expect(boris.total).toEqual(figures(3, 2, 0, 1, [230, 600, 600, 600]));
    expect(boris.byOperator.map((o) => o.operatorId)).toEqual([operators.boris.id]);
    const inRussian = await stats(`from=2025-01-10&to=2025-01-10&serviceId=${ids.B}`, t.admin);
    expect(inRussian.byService).toMatchObject([{ serviceName: 'Справки', tickets: 1, redirected: 1 }]);

    const empty = await stats('from=2024-06-01&to=2024-06-30');
    expect(empty).toEqual({
      rows: [],
      byDay: [],
      byService: [],
      byOperator: [],
      total: figures(0, 0, 0, 0, [null, null, null, null]),
    });
  });

  it('reads any number of tickets in chunks, none lost or counted twice', async () => {
    // More tickets than one chunk (5000) of the statistics' reads. Through HTTP each takes four
    // requests (about 8 ms a ticket on SQLite, 27 ms on PostgreSQL: 40 s and over 2 min), so one
    // ticket goes through the kiosk and the desk and the rest are copies of the row it left, all
    // issued at the same moment (the chunks' keyset goes on by id).
    const real = await visit('C', '2025-02-01T10:00:00Z', {
      operator: 'carl',
      wait: 5,
      toServing: 0,
      serving: 7,
    });
    const db = t.ctx.database.db;
    const { id: _id, ...row } = await db
      .selectFrom('queue_tickets')
      .selectAll()
      .where('id', '=', real!.id)
      .executeTakeFirstOrThrow();
    for (let copied = 0; copied < 5_002; copied += 500)
      await db
        .insertInto('queue_tickets')
        .values(Array.from({ length: Math.min(500, 5_002 - copied) }, () => row))
        .execute();
    expect((await stats('from=2025-02-01&to=2025-02-01')).total).toEqual(
      figures(5_003, 5_003, 0, 0, [5, 5, 7, 7]),
    );
  });

  it('counts a recalled no-show as served, waiting from its first call; a repeated call changes nothing', async () => {
    const issued = Date.parse('2025-03-03T08:00:00Z');
    const ticket = await issue('C', issued);
    await callNext('carl', ticket.id, issued + 60 * S);
    await act('carl', ticket.id, 'repeat', issued + 90 * S);
    await act('carl', ticket.id, 'no-show', issued + 120 * S);
    await act('carl', ticket.id, 'recall', issued + 300 * S);
    await act('carl', ticket.id, 'start', issued + 320 * S);
    const done = await act('carl', ticket.id, 'done', issued + 440 * S);
    expect(done).toMatchObject({ state: 'done', callCount: 3 });
    const result = await stats('from=2025-03-03&to=2025-03-03');
    expect(result.rows).toEqual([
      {
        day: '2025-03-03',
        serviceId: ids.C,
        serviceName: 'Pick-up',
        operatorId: operators.carl.id,
        operatorName: 'Carl',
        ...figures(1, 1, 0, 0, [60, 60, 120, 120]),
      },
    ]);
  });

  it('exports the rows as CSV with headers in the caller’s language', async () => {
    const res = await t.admin.get('/api/v1/queue/stats.csv?from=2025-01-10&to=2025-01-11');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(
      'attachment; filename="queue-stats-2025-01-10-2025-01-11.csv"',
    );
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toEqual([
      'День;Очередь;Оператор;Талонов;Обслужено;Не явились;Перенаправлено;' +
        'Ожидание, среднее (с);Ожидание, p90 (с);Обслуживание, среднее (с);Обслуживание, p90 (с)',
      '2025-01-10;Касса;Борис Иванов;1;1;0;0;30;30;600;600',
      '2025-01-10;Касса;Ольга Петрова;4;3;1;0;315;600;240;300',
      '2025-01-10;Касса;;1;0;0;0;;;;',
      '2025-01-10;Справки;Борис Иванов;1;0;0;1;60;60;;',
      '2025-01-11;Касса;Ольга Петрова;1;1;0;0;300;300;240;240',
      '2025-01-11;Справки;Борис Иванов;1;1;0;0;600;600;600;600',
      '2025-01-11;Справки;Ольга Петрова;10;10;0;0;55;90;330;540',
      '',
    ]);

    const english = await eva.get(`/api/v1/queue/stats.csv?from=2025-01-11&to=2025-01-11&serviceId=${ids.A}`);
    expect(english.statusCode, english.body).toBe(200);
    expect(english.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'Day;Queue;Operator;Tickets;Served;No-shows;Redirected;Wait, average (s);Wait, p90 (s);Service, average (s);Service, p90 (s)',
      '2025-01-11;Cash desk;Ольга Петрова;1;1;0;0;300;300;240;240',
      '',
    ]);
  });

  it('refuses a reversed, too long or malformed period', async () => {
    const reversed = await t.admin.get('/api/v1/queue/stats?from=2025-01-11&to=2025-01-10');
    expect(fieldErrors(reversed, 400)).toEqual([
      ['from', 'queue_stats_order'],
      ['to', 'queue_stats_order'],
    ]);
    const long = await t.admin.get('/api/v1/queue/stats.csv?from=2024-01-01&to=2025-01-01');
    expect(fieldErrors(long, 400)).toEqual([['to', 'queue_stats_too_long']]);
    expect(
      long.json<{ error: { details: { fields: { message: string }[] } } }>().error.details.fields[0]!.message,
    ).toBe('Период — не более 366 дней');
    // A leap year whole: 366 days.
    expect((await t.admin.get('/api/v1/queue/stats?from=2024-01-01&to=2024-12-31')).statusCode).toBe(200);

    expect(fieldErrors(await t.admin.get('/api/v1/queue/stats?from=2025-13-01&to=2025-01-10'), 400)).toEqual([
      ['from', 'invalid_format'],
    ]);
    expect(fieldErrors(await t.admin.get('/api/v1/queue/stats?from=2025-01-01'), 400)).toEqual([
      ['to', 'invalid_type'],
    ]);
    expect(
      fieldErrors(await t.admin.get('/api/v1/queue/stats?from=2025-01-01&to=2025-01-02&serviceId=x'), 400),
    ).toEqual([['serviceId', 'invalid_type']]);
  });

  it('is for users with the books area (read)', async () => {
    const { client: ivan } = await rightlessUser(t, 'ivan', 'Иван');
    expect((await ivan.get('/api/v1/queue/stats?from=2025-01-10&to=2025-01-11')).statusCode).toBe(403);
    expect((await ivan.get('/api/v1/queue/stats.csv?from=2025-01-10&to=2025-01-11')).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/v1/queue/stats?from=2025-01-10&to=2025-01-11')).statusCode).toBe(401);
  });
});
