import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { fieldErrors } from '../support/access.js';
import {
  createDevice,
  createService,
  deviceClient,
  updateService,
  type DeviceClient,
} from '../support/queue.js';
import type {
  KioskInfo,
  QueueService,
  QueueTicket,
  QueueTicketList,
  TakenTicket,
} from '../../src/shared/schemas/queue.js';

/**
 * The kiosk (by its device token): the queues it offers, tickets numbered per queue and day in the
 * enterprise's time zone, the phone that links a ticket to a client, the per-device rate limit.
 */
describe('queue kiosk', () => {
  let t: TestApp;
  let a: QueueService;
  let b: QueueService;
  let kiosk: DeviceClient;

  const take = async (device: DeviceClient, body: Record<string, unknown>): Promise<TakenTicket> => {
    const res = await device.post('/api/v1/queue/kiosk/tickets', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<TakenTicket>();
  };
  const ticketsOf = async (query = ''): Promise<QueueTicket[]> => {
    const res = await t.admin.get(`/api/v1/queue/tickets${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<QueueTicketList>().items;
  };
  /** Runs `fn` with the tickets' clock at `at` (moved by `fn` through the setter it gets). */
  const atMoment = async (at: string, fn: (set: (iso: string) => void) => Promise<void>) => {
    let now = new Date(at);
    t.services.queueTickets.clock = () => now;
    await fn((iso) => (now = new Date(iso)));
  };

  beforeAll(async () => {
    t = await createTestApp();
    const zone = await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Asia/Tokyo' });
    expect(zone.statusCode, zone.body).toBe(200);
    a = await createService(t, 'A', { nameRu: 'Справки', sortOrder: 2 });
    b = await createService(t, 'B', { nameRu: 'Касса', sortOrder: 1 });
    kiosk = deviceClient(t, (await createDevice(t, 'kiosk', { ticketsPerMinute: 600 })).token);
  });
  afterEach(() => {
    t.services.queueTickets.clock = () => new Date();
  });
  afterAll(() => t.close());

  it('offers the active queues with who waits, and numbers tickets per queue', async () => {
    const before = await kiosk.get('/api/v1/queue/kiosk');
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json<KioskInfo>().services.map((s) => [s.prefix, s.waiting])).toEqual([
      ['B', 0],
      ['A', 0],
    ]);

    const first = await take(kiosk, { serviceId: a.id });
    expect(first).toMatchObject({
      code: 'A001',
      service: { id: a.id, nameRu: 'Справки' },
      ahead: 0,
    });
    expect((await take(kiosk, { serviceId: a.id })).code).toBe('A002');
    const cash = await take(kiosk, { serviceId: b.id });
    expect(cash).toMatchObject({ code: 'B001', ahead: 0 });
    const third = await take(kiosk, { serviceId: a.id });
    expect(third).toMatchObject({ code: 'A003', ahead: 2 });

    const after = (await kiosk.get('/api/v1/queue/kiosk')).json<KioskInfo>();
    expect(after.services.map((s) => [s.prefix, s.waiting])).toEqual([
      ['B', 1],
      ['A', 3],
    ]);
    const listed = await ticketsOf(`?serviceId=${a.id}`);
    expect(listed.map((x) => [x.code, x.number, x.state])).toEqual([
      ['A001', 1, 'waiting'],
      ['A002', 2, 'waiting'],
      ['A003', 3, 'waiting'],
    ]);
  });

  it('starts numbering again at the enterprise’s local midnight; a queue without daily reset goes on', async () => {
    const day = await createService(t, 'D');
    const ever = await createService(t, 'E', { isDailyReset: false });
    const device = deviceClient(t, (await createDevice(t, 'kiosk', { serviceIds: [day.id, ever.id] })).token);
    // Asia/Tokyo is UTC+9: 14:59:30 UTC is 23:59:30 there on 2031-03-10.
    await atMoment('2031-03-10T14:59:00.000Z', async (set) => {
      expect((await take(device, { serviceId: day.id })).code).toBe('D001');
      expect((await take(device, { serviceId: ever.id })).code).toBe('E001');
      set('2031-03-10T14:59:30.000Z');
      expect((await take(device, { serviceId: day.id })).code).toBe('D002');
      set('2031-03-10T15:00:30.000Z');
      expect((await take(device, { serviceId: day.id })).code).toBe('D001');
      expect((await take(device, { serviceId: ever.id })).code).toBe('E002');
    });
    const evening = await ticketsOf(`?day=2031-03-10&serviceId=${day.id}`);
    expect(evening.map((x) => [x.code, x.day])).toEqual([
      ['D001', '2031-03-10'],
      ['D002', '2031-03-10'],
    ]);
    const morning = await ticketsOf(`?day=2031-03-11`);
    expect(morning.map((x) => [x.code, x.day])).toEqual([
      // Still waiting in a queue without daily reset: in today's line too (the clock is on that day).
      ['E001', '-'],
      ['D001', '2031-03-11'],
      ['E002', '-'],
    ]);
    t.services.queueTickets.clock = () => new Date('2031-03-12T03:00:00.000Z');
    expect((await ticketsOf(`?day=2031-03-11`)).map((x) => x.code)).toEqual(['D001', 'E002']);
  });

  it('numbers one day across a change to summer time in the enterprise zone, and the next from 1', async () => {
    const kyiv = await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv' });
    expect(kyiv.statusCode, kyiv.body).toBe(200);
    try {
      const s = await createService(t, 'S');
      const device = deviceClient(t, (await createDevice(t, 'kiosk', { serviceIds: [s.id] })).token);
      // 28 March 2027, the last Sunday of March: at 03:00 EET (UTC+2) the clocks go to 04:00 EEST (UTC+3).
      await atMoment('2027-03-27T22:30:00.000Z', async (set) => {
        // 00:30 local, winter time.
        expect((await take(device, { serviceId: s.id })).code).toBe('S001');
        // 04:30 local, summer time: the same day.
        set('2027-03-28T01:30:00.000Z');
        expect((await take(device, { serviceId: s.id })).code).toBe('S002');
        // 23:50 local: still the same day, though it is only 23 hours long.
        set('2027-03-28T20:50:00.000Z');
        expect((await take(device, { serviceId: s.id })).code).toBe('S003');
        // 00:10 local on the 29th: a new day.
        set('2027-03-28T21:10:00.000Z');
        expect((await take(device, { serviceId: s.id })).code).toBe('S001');
      });
      const sunday = await ticketsOf(`?day=2027-03-28&serviceId=${s.id}`);
      expect(sunday.map((x) => [x.code, x.day])).toEqual([
        ['S001', '2027-03-28'],
        ['S002', '2027-03-28'],
        ['S003', '2027-03-28'],
      ]);
      expect((await ticketsOf(`?day=2027-03-29&serviceId=${s.id}`)).map((x) => [x.code, x.day])).toEqual([
        ['S001', '2027-03-29'],
      ]);
    } finally {
      const back = await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Asia/Tokyo' });
      expect(back.statusCode, back.body).toBe(200);
    }
  });

  it('links a ticket to the client whose phone is typed, in any form; keeps an unknown phone', async () => {
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Талон»',
      phones: [{ number: '+380 44 555 12 34', kind: 'work' }],
    });
    expect(client.statusCode, client.body).toBe(201);
    const clientId = client.json<{ id: number }>().id;

    const known = await take(kiosk, { serviceId: b.id, phone: '044 555-12-34' });
    const unknown = await take(kiosk, { serviceId: b.id, phone: '+380 67 000 00 01' });
    // The public kiosk does not tell whether a number belongs to a client: both answers look alike.
    expect(Object.keys(known).sort()).toEqual(['ahead', 'code', 'id', 'issuedAt', 'service']);
    expect(Object.keys(unknown).sort()).toEqual(Object.keys(known).sort());
    const listed = await ticketsOf(`?serviceId=${b.id}`);
    expect(listed.find((x) => x.id === known.id)).toMatchObject({
      clientId,
      clientName: 'ООО «Талон»',
      phone: '+380445551234',
    });
    expect(listed.find((x) => x.id === unknown.id)).toMatchObject({ clientId: null, phone: '+380670000001' });
  });

  it('refuses a phone that is no number, and a queue the kiosk does not offer or that is off', async () => {
    const count = (await ticketsOf()).length;
    expect(
      fieldErrors(await kiosk.post('/api/v1/queue/kiosk/tickets', { serviceId: a.id, phone: '12' }), 400),
    ).toEqual([['phone', 'queue_ticket_phone']]);
    const only = deviceClient(t, (await createDevice(t, 'kiosk', { serviceIds: [a.id] })).token);
    expect(fieldErrors(await only.post('/api/v1/queue/kiosk/tickets', { serviceId: b.id }), 400)).toEqual([
      ['serviceId', 'queue_ticket_service'],
    ]);
    const off = await createService(t, 'F');
    await updateService(t, off.id, { isActive: false });
    expect(fieldErrors(await kiosk.post('/api/v1/queue/kiosk/tickets', { serviceId: off.id }), 400)).toEqual([
      ['serviceId', 'queue_ticket_service'],
    ]);
    expect(
      (await kiosk.get('/api/v1/queue/kiosk')).json<KioskInfo>().services.map((s) => s.prefix),
    ).not.toContain('F');
    expect((await ticketsOf()).length).toBe(count);
  });

  it('limits a kiosk to its tickets per minute: 429 with Retry-After, nothing written past it', async () => {
    const device = await createDevice(t, 'kiosk', { ticketsPerMinute: 3 });
    const flood = deviceClient(t, device.token);
    const start = Date.parse('2032-05-01T08:00:00.000Z');
    const at = (s: number) => new Date(start + s * 1000).toISOString();
    await atMoment(at(0), async (set) => {
      for (const s of [0, 10, 20]) {
        set(at(s));
        await take(flood, { serviceId: a.id });
      }
      set(at(30));
      const refused = await flood.post('/api/v1/queue/kiosk/tickets', { serviceId: a.id });
      expect(refused.statusCode, refused.body).toBe(429);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('queue_kiosk_rate_limited');
      // The first ticket (at 0 s) leaves the minute at 60 s.
      expect(refused.headers['retry-after']).toBe('30');
      // Many more at once: all refused.
      const burst = await Promise.all(
        Array.from({ length: 10 }, () => flood.post('/api/v1/queue/kiosk/tickets', { serviceId: a.id })),
      );
      expect(burst.map((r) => r.statusCode)).toEqual(Array(10).fill(429));
      set(at(59));
      expect(
        (await flood.post('/api/v1/queue/kiosk/tickets', { serviceId: a.id })).headers['retry-after'],
      ).toBe('1');
      set(at(60.5));
      await take(flood, { serviceId: a.id });
    });
    expect((await ticketsOf(`?day=2032-05-01&serviceId=${a.id}`)).length).toBe(4);
    // Another kiosk is not held up by this one.
    await take(kiosk, { serviceId: a.id });
  });

  it('holds the limit when a flood arrives at once', async () => {
    const device = await createDevice(t, 'kiosk', { ticketsPerMinute: 5 });
    const flood = deviceClient(t, device.token);
    await atMoment('2033-01-01T00:00:00.000Z', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => flood.post('/api/v1/queue/kiosk/tickets', { serviceId: b.id })),
      );
      expect(answers.filter((r) => r.statusCode === 201).length).toBe(5);
      expect(answers.filter((r) => r.statusCode === 429).length).toBe(15);
    });
    expect((await ticketsOf(`?day=2033-01-01&serviceId=${b.id}`)).length).toBe(5);
  });

  it('answers 401 to a board’s token, a wrong one and none', async () => {
    const board = await createDevice(t, 'board');
    expect((await deviceClient(t, board.token).get('/api/v1/queue/kiosk')).statusCode).toBe(401);
    expect(
      (await deviceClient(t, board.token).post('/api/v1/queue/kiosk/tickets', { serviceId: a.id }))
        .statusCode,
    ).toBe(401);
    expect((await deviceClient(t, 'not-a-token').get('/api/v1/queue/kiosk')).statusCode).toBe(401);
    expect((await t.anonymous.post('/api/v1/queue/kiosk/tickets', { serviceId: a.id })).statusCode).toBe(401);
    // A signed-in user is no kiosk either.
    expect((await t.admin.get('/api/v1/queue/kiosk')).statusCode).toBe(401);
  });
});
