import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { fieldErrors, grantAccess, rightlessUser } from '../support/access.js';
import type { QueueService, QueueStats } from '../../src/shared/schemas/queue.js';

const S = 1000;
const MIN = 60 * S;

interface Fixture {
  service: 'A' | 'B';
  operator: 'olga' | 'boris' | null;
  state: string;
  issued: string;
  /** Seconds after issue: first called; then serving starts after `toServing` more, and lasts `serving`. */
  wait?: number;
  toServing?: number;
  serving?: number;
}

/**
 * Statistics per day (enterprise time zone), queue and operator: counts, average and p90
 * (nearest rank) waiting and service times, from ticket rows with known times; CSV; validation;
 * access.
 */
describe('queue statistics', () => {
  let t: TestApp;
  let eva: Client;
  const ids = { A: 0, B: 0, olga: 0, boris: 0 };
  let ticketNo = 0;

  /** Ticket rows written as the ticket flow would leave them, at chosen (historic) moments. */
  const insert = async (fixtures: Fixture[]) => {
    const rows = fixtures.map((f) => {
      const issued = Date.parse(f.issued);
      const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      const called = f.wait === undefined ? null : issued + f.wait * S;
      const serving = called === null || f.toServing === undefined ? null : called + f.toServing * S;
      const finished = serving === null || f.serving === undefined ? null : serving + f.serving * S;
      ticketNo++;
      return {
        service_id: ids[f.service],
        day: f.issued.slice(0, 10),
        number: ticketNo,
        code: `${f.service}${String(ticketNo).padStart(3, '0')}`,
        state: f.state,
        issued_at: at(issued)!,
        queued_at: at(issued)!,
        first_called_at: at(called),
        called_at: at(called),
        serving_at: at(serving),
        finished_at: at(finished),
        call_count: called === null ? 0 : 1,
        operator_id: f.operator === null ? null : ids[f.operator],
        updated_at: at(issued)!,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await t.ctx.database.db
        .insertInto('queue_tickets')
        .values(rows.slice(i, i + 500))
        .execute();
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
    const tz = await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv' });
    expect(tz.statusCode, tz.body).toBe(200);
    for (const [prefix, sortOrder, nameRu, nameUk, nameEn] of [
      ['A', 10, 'Касса', 'Каса', 'Cash desk'],
      ['B', 20, 'Справки', 'Довідки', 'Information'],
    ] as const) {
      const res = await t.admin.post('/api/v1/queue/services', { prefix, sortOrder, nameRu, nameUk, nameEn });
      expect(res.statusCode, res.body).toBe(201);
      ids[prefix] = res.json<QueueService>().id;
    }
    ids.olga = (
      await t.services.users.create({ login: 'olga', fullName: 'Ольга Петрова', password: 'olga-password-1' })
    ).id;
    ids.boris = (
      await t.services.users.create({
        login: 'boris',
        fullName: 'Борис Иванов',
        password: 'boris-password-1',
      })
    ).id;
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

    // Kyiv is UTC+2 in January: its 10th runs from 9 Jan 22:00 UTC to 10 Jan 22:00 UTC.
    const day1 = '2025-01-10T';
    await insert([
      {
        service: 'A',
        operator: 'olga',
        state: 'done',
        issued: `${day1}08:00:00Z`,
        wait: 60,
        toServing: 30,
        serving: 300,
      },
      {
        service: 'A',
        operator: 'olga',
        state: 'done',
        issued: `${day1}08:10:00Z`,
        wait: 120,
        toServing: 10,
        serving: 120,
      },
      { service: 'A', operator: 'olga', state: 'no_show', issued: `${day1}08:20:00Z`, wait: 600 },
      {
        service: 'A',
        operator: 'boris',
        state: 'done',
        issued: `${day1}09:00:00Z`,
        wait: 30,
        toServing: 30,
        serving: 600,
      },
      // Sent on to A after serving began: counted as redirected in B, and again as a ticket of A.
      {
        service: 'B',
        operator: 'boris',
        state: 'redirected',
        issued: `${day1}09:30:00Z`,
        wait: 60,
        toServing: 10,
        serving: 50,
      },
      {
        service: 'A',
        operator: 'olga',
        state: 'done',
        issued: `${day1}09:32:00Z`,
        wait: 480,
        toServing: 0,
        serving: 300,
      },
      // Never called: no operator, nothing measured.
      { service: 'A', operator: null, state: 'waiting', issued: `${day1}21:00:00Z` },
      // 00:30 on the 11th in Kyiv.
      {
        service: 'A',
        operator: 'olga',
        state: 'done',
        issued: `${day1}22:30:00Z`,
        wait: 300,
        toServing: 60,
        serving: 240,
      },
      {
        service: 'B',
        operator: 'boris',
        state: 'done',
        issued: '2025-01-11T10:00:00Z',
        wait: 600,
        toServing: 0,
        serving: 600,
      },
      // Ten tickets: p90 by nearest rank is the 9th smallest, not the largest.
      ...Array.from({ length: 10 }, (_, i): Fixture => ({
        service: 'B',
        operator: 'olga',
        state: 'done',
        issued: new Date(Date.parse('2025-01-11T12:00:00Z') + i * MIN).toISOString(),
        wait: (i + 1) * 10,
        toServing: 0,
        serving: (i + 1) * 60,
      })),
      // 23:59 on the 9th and 00:00 on the 12th in Kyiv: outside the period.
      {
        service: 'A',
        operator: 'olga',
        state: 'done',
        issued: '2025-01-09T21:59:00Z',
        wait: 1,
        toServing: 0,
        serving: 1,
      },
      {
        service: 'A',
        operator: 'olga',
        state: 'done',
        issued: '2025-01-11T22:00:00Z',
        wait: 1,
        toServing: 0,
        serving: 1,
      },
    ]);
  });
  afterAll(() => t.close());

  it('counts per day (enterprise time zone), queue and operator, with average and p90 times', async () => {
    const result = await stats('from=2025-01-10&to=2025-01-11');
    expect(result.rows).toEqual([
      {
        day: '2025-01-10',
        serviceId: ids.A,
        serviceName: 'Cash desk',
        operatorId: ids.boris,
        operatorName: 'Борис Иванов',
        ...figures(1, 1, 0, 0, [30, 30, 600, 600]),
      },
      {
        day: '2025-01-10',
        serviceId: ids.A,
        serviceName: 'Cash desk',
        operatorId: ids.olga,
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
        operatorId: ids.boris,
        operatorName: 'Борис Иванов',
        ...figures(1, 0, 0, 1, [60, 60, null, null]),
      },
      {
        day: '2025-01-11',
        serviceId: ids.A,
        serviceName: 'Cash desk',
        operatorId: ids.olga,
        operatorName: 'Ольга Петрова',
        ...figures(1, 1, 0, 0, [300, 300, 240, 240]),
      },
      {
        day: '2025-01-11',
        serviceId: ids.B,
        serviceName: 'Information',
        operatorId: ids.boris,
        operatorName: 'Борис Иванов',
        ...figures(1, 1, 0, 0, [600, 600, 600, 600]),
      },
      {
        day: '2025-01-11',
        serviceId: ids.B,
        serviceName: 'Information',
        operatorId: ids.olga,
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
      { operatorId: ids.boris, operatorName: 'Борис Иванов', ...figures(3, 2, 0, 1, [230, 600, 600, 600]) },
      {
        operatorId: ids.olga,
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
    const boris = await stats(`from=2025-01-10&to=2025-01-11&operatorId=${ids.boris}`);
    expect(boris.total).toEqual(figures(3, 2, 0, 1, [230, 600, 600, 600]));
    expect(boris.byOperator.map((o) => o.operatorId)).toEqual([ids.boris]);
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
    const many = Array.from({ length: 5_003 }, (): Fixture => ({
      service: 'A',
      operator: 'olga',
      state: 'done',
      issued: '2025-02-01T10:00:00Z',
      wait: 5,
      toServing: 0,
      serving: 7,
    }));
    await insert(many);
    expect((await stats('from=2025-02-01&to=2025-02-01')).total).toEqual(
      figures(5_003, 5_003, 0, 0, [5, 5, 7, 7]),
    );
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
