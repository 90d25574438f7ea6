import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { openLive } from '../support/live-stream.js';
import {
  createDevice,
  createOperator,
  createService,
  createWindow,
  deviceClient,
  listening,
  openBoardStream,
  setStatus,
  sitAt,
  statusIds,
  type BoardStream,
  type DeviceClient,
  type Operator,
} from '../support/queue.js';
import { loadConfig } from '../../src/server/config.js';
import { openContext } from '../../src/server/bootstrap.js';
import { buildApp } from '../../src/server/app.js';
import type {
  BoardMessage,
  BoardState,
  CallNextResult,
  QueueService,
  QueueTicket,
  TakenTicket,
} from '../../src/shared/schemas/queue.js';

/**
 * The display board: its state (queues with who waits, today's last calls) and its live stream
 * (SSE): a call or a repeated call is `ticket.called` with the window, anything else
 * `queue.changed`; a board is told only of the queues it shows, across processes.
 */
describe('queue board', () => {
  let t: TestApp;
  let base: string;
  let kiosk: DeviceClient;
  let hall: QueueService;
  let cash: QueueService;
  let anna: Operator;
  let hallBoard: { token: string };
  let cashBoard: { token: string };
  const streams: BoardStream[] = [];

  const issue = async (serviceId: number): Promise<TakenTicket> => {
    const res = await kiosk.post('/api/v1/queue/kiosk/tickets', { serviceId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<TakenTicket>();
  };
  const callNext = async (client: Client): Promise<QueueTicket> => {
    const res = await client.post('/api/v1/queue/operator/call-next');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CallNextResult>().ticket!;
  };
  const act = async (client: Client, id: number, action: string) => {
    const res = await client.post(`/api/v1/queue/tickets/${id}/${action}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<QueueTicket>();
  };
  const open = async (token: string, at = base) => {
    const stream = await openBoardStream(at, token);
    streams.push(stream);
    return stream;
  };
  const received = (stream: BoardStream, match: (m: BoardMessage) => boolean, what: string) =>
    eventually(async () => stream.messages.find(match), what);

  beforeAll(async () => {
    t = await createTestApp();
    base = await listening(t.app);
    kiosk = deviceClient(t, (await createDevice(t, 'kiosk', { ticketsPerMinute: 600 })).token);
    hall = await createService(t, 'H', { nameRu: 'Зал' });
    cash = await createService(t, 'K', { nameRu: 'Касса' });
    anna = await createOperator(t, 'anna', 'Анна');
    const res = await t.admin.patch(`/api/v1/queue/services/${hall.id}`, { operatorIds: [anna.id] });
    expect(res.statusCode, res.body).toBe(200);
    await t.admin.patch(`/api/v1/queue/services/${cash.id}`, { operatorIds: [anna.id] });
    await setStatus(anna.client, (await statusIds(t)).available!);
    await sitAt(anna.client, (await createWindow(t, 'Окно 7')).id);
    hallBoard = await createDevice(t, 'board', { serviceIds: [hall.id] });
    cashBoard = await createDevice(t, 'board', { serviceIds: [cash.id] });
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t.close();
  });

  it('shows its queues with who waits and today’s last calls, newest first', async () => {
    const board = deviceClient(t, (await createDevice(t, 'board')).token);
    const first = await issue(hall.id);
    const second = await issue(cash.id);
    await issue(hall.id);
    const one = await callNext(anna.client);
    expect(one.id).toBe(first.id);
    await act(anna.client, one.id, 'no-show');
    const two = await callNext(anna.client);
    expect(two.id).toBe(second.id);
    await act(anna.client, two.id, 'start');

    const res = await board.get('/api/v1/queue/board');
    expect(res.statusCode, res.body).toBe(200);
    const state = res.json<BoardState>();
    expect(state.services.map((s) => [s.prefix, s.waiting])).toEqual([
      ['H', 1],
      ['K', 0],
    ]);
    expect(state.called.map((c) => [c.id, c.state, c.windowName])).toEqual([
      [two.id, 'serving', 'Окно 7'],
      [one.id, 'no_show', 'Окно 7'],
    ]);
    await act(anna.client, two.id, 'done');

    // A board of one queue shows that queue only.
    const only = (await deviceClient(t, cashBoard.token).get('/api/v1/queue/board')).json<BoardState>();
    expect(only.services.map((s) => s.prefix)).toEqual(['K']);
    expect(only.called.every((c) => c.serviceId === cash.id)).toBe(true);
    // A kiosk is no board.
    expect((await kiosk.get('/api/v1/queue/board')).statusCode).toBe(401);
  });

  it('streams a call with its window to the boards of its queue only', async () => {
    // Leftovers of the test before are called first.
    for (;;) {
      const res = await anna.client.post('/api/v1/queue/operator/call-next');
      const ticket = res.json<CallNextResult>().ticket;
      if (!ticket) break;
      await act(anna.client, ticket.id, 'no-show');
    }
    const hallStream = await open(hallBoard.token);
    const cashStream = await open(cashBoard.token);
    const taken = await issue(hall.id);
    await received(
      hallStream,
      (m) => m.type === 'queue.changed' && m.serviceIds.includes(hall.id),
      'the new ticket on the hall board',
    );
    const called = await callNext(anna.client);
    expect(called.id).toBe(taken.id);
    const message = await received(
      hallStream,
      (m) => m.type === 'ticket.called' && m.ticket.id === taken.id,
      'the call on the hall board',
    );
    expect(message).toEqual({
      type: 'ticket.called',
      ticket: {
        id: taken.id,
        code: taken.code,
        state: 'called',
        serviceId: hall.id,
        windowName: 'Окно 7',
        calledAt: called.calledAt,
        callCount: 1,
      },
    });
    expect(hallStream.received.map((m) => m.event)).toContain('ticket.called');

    await act(anna.client, taken.id, 'repeat');
    await received(
      hallStream,
      (m) => m.type === 'ticket.called' && m.ticket.id === taken.id && m.ticket.callCount === 2,
      'the repeated call',
    );
    const before = hallStream.messages.length;
    await act(anna.client, taken.id, 'start');
    const started = await eventually(
      async () => hallStream.messages.slice(before).find((m) => m.type === 'queue.changed'),
      'the change after the start',
    );
    expect(started).toEqual({ type: 'queue.changed', serviceIds: [hall.id] });
    await act(anna.client, taken.id, 'done');

    // The cash board hears of its own queue (published after the hall's messages, on one channel)…
    await issue(cash.id);
    await received(
      cashStream,
      (m) => m.type === 'queue.changed' && m.serviceIds.includes(cash.id),
      'the cash ticket on the cash board',
    );
    // …and of nothing of the hall's.
    expect(
      cashStream.messages.every((m) =>
        (m.type === 'queue.changed' ? m.serviceIds : [m.ticket.serviceId]).includes(cash.id),
      ),
    ).toBe(true);
    const called2 = await callNext(anna.client);
    await act(anna.client, called2.id, 'no-show');
  });

  it('tells signed-in operator panels that the queue changed', async () => {
    const live = await openLive(base, anna.client.cookie!);
    try {
      await issue(cash.id);
      await eventually(
        async () =>
          live.messages.find((m) => m.type === 'queue.changed' && m.serviceIds.includes(cash.id)) ??
          undefined,
        'queue.changed on the live stream',
      );
    } finally {
      live.close();
    }
    const ticket = await callNext(anna.client);
    await act(anna.client, ticket.id, 'no-show');
  });

  it('tells every board of a window’s change', async () => {
    const window = await createWindow(t, 'Окно 9');
    const hallStream = await open(hallBoard.token);
    const cashStream = await open(cashBoard.token);
    const renamed = await t.admin.patch(`/api/v1/queue/windows/${window.id}`, { name: 'Окно 10' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    // Boards show window names: both boards of queues served at any window fetch their state again.
    for (const stream of [hallStream, cashStream])
      await received(stream, (m) => m.type === 'queue.changed', 'the window change on a board');
  });

  it('ends a board’s open stream when the board is turned off or gets a new token', async () => {
    const heartbeat = t.services.queueTickets.board.heartbeatMs;
    // The device is checked again on each heartbeat: short ones for the streams opened here.
    t.services.queueTickets.board.heartbeatMs = 50;
    try {
      const off = await createDevice(t, 'board', { serviceIds: [hall.id] });
      const retokened = await createDevice(t, 'board', { serviceIds: [hall.id] });
      const kept = await open(hallBoard.token);
      const offStream = await open(off.token);
      const oldStream = await open(retokened.token);
      const turnedOff = await t.admin.patch(`/api/v1/queue/devices/${off.id}`, { isActive: false });
      expect(turnedOff.statusCode, turnedOff.body).toBe(200);
      const renewed = await t.admin.post(`/api/v1/queue/devices/${retokened.id}/token`, {});
      expect(renewed.statusCode, renewed.body).toBe(200);
      await eventually(async () => offStream.ended || undefined, 'the turned-off board’s stream ends');
      await eventually(async () => oldStream.ended || undefined, 'the old token’s stream ends');

      // The board still on, with its token, keeps its stream and is told of calls.
      const taken = await issue(hall.id);
      await callNext(anna.client);
      await received(
        kept,
        (m) => m.type === 'ticket.called' && m.ticket.id === taken.id,
        'the call on the board that stays',
      );
      expect(kept.ended).toBe(false);
      await act(anna.client, taken.id, 'no-show');
      // The new token opens a stream again.
      await open(renewed.json<{ token: string }>().token);
    } finally {
      t.services.queueTickets.board.heartbeatMs = heartbeat;
    }
  });

  it('refuses a stream without an event-stream client or a board token; keeps the token out of the log', async () => {
    const plain = await t.app.inject({
      method: 'GET',
      url: `/api/v1/queue/board/stream?token=${hallBoard.token}`,
    });
    expect(plain.statusCode).toBe(406);
    const kioskToken = await t.app.inject({
      method: 'GET',
      url: `/api/v1/queue/board/stream?token=${kiosk.token}`,
      headers: { accept: 'text/event-stream' },
    });
    expect(kioskToken.statusCode).toBe(401);
    await expect(openBoardStream(base, 'nonsense')).rejects.toThrow(/401/);
    expect(t.logs.join('\n')).not.toContain(hallBoard.token);
  });

  it('reaches a board connected to another process (PostgreSQL), through the database', async () => {
    if (t.database.engine === 'sqlite') {
      // SQLite's file belongs to one process: a second one cannot even open it.
      await expect(
        openContext(loadConfig({}, { dataDir: t.database.dataDir, logLevel: 'silent' })),
      ).rejects.toThrow(/already in use/);
      return;
    }
    const ctx = await openContext(
      loadConfig(
        {},
        { dataDir: t.database.dataDir, databaseUrl: t.database.databaseUrl, logLevel: 'silent' },
      ),
    );
    const { app } = await buildApp(ctx);
    try {
      const otherBase = await listening(app as FastifyInstance);
      const stream = await open(hallBoard.token, otherBase);
      const taken = await issue(hall.id);
      await callNext(anna.client);
      await received(
        stream,
        (m) => m.type === 'ticket.called' && m.ticket.id === taken.id,
        'the call on the other process’s board',
      );
      stream.close();
      await act(anna.client, taken.id, 'no-show');
    } finally {
      await app.close();
      await ctx.database.close();
    }
  });
});
