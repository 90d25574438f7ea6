import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { fieldErrors } from '../support/access.js';
import {
  createDevice,
  createOperator,
  createService,
  createWindow,
  deviceClient,
  setStatus,
  sitAt,
  statusIds,
  updateService,
  type DeviceClient,
  type Operator,
} from '../support/queue.js';
import type {
  CallNextResult,
  OperatorPanel,
  QueueService,
  QueueTicket,
  QueueTicketList,
  TakenTicket,
} from '../../src/shared/schemas/queue.js';
import type { EventCard } from '../../src/shared/schemas/events.js';
import { localDay } from '../../src/server/modules/queue/queue-ticket-day.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> | null };
}

/**
 * The operator's desk: status and window gate Call next, which takes the first waiting ticket by
 * priority and place in line; a held ticket is repeated, served, finished (the client card gets an
 * «electronic_queue» event), marked a no-show and recalled, or redirected keeping its place.
 */
describe('queue operator', () => {
  let t: TestApp;
  let kiosk: DeviceClient;
  let status: Record<string, number>;
  let n = 0;

  const issue = async (serviceId: number, phone?: string): Promise<TakenTicket> => {
    const res = await kiosk.post('/api/v1/queue/kiosk/tickets', { serviceId, ...(phone && { phone }) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<TakenTicket>();
  };
  const panel = async (client: Client): Promise<OperatorPanel> => {
    const res = await client.get('/api/v1/queue/operator');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<OperatorPanel>();
  };
  const callNext = async (client: Client): Promise<QueueTicket | null> => {
    const res = await client.post('/api/v1/queue/operator/call-next');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CallNextResult>().ticket;
  };
  const act = async (client: Client, id: number, action: string, body?: unknown): Promise<QueueTicket> => {
    const res = await client.post(`/api/v1/queue/tickets/${id}/${action}`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<QueueTicket>();
  };
  const refusal = (res: { statusCode: number; body: string }, status: number) => {
    expect(res.statusCode, res.body).toBe(status);
    return (JSON.parse(res.body) as ErrorBody).error;
  };
  /** An operator of `services`, in the status «Свободен», at `windowId` (when given). */
  const operator = async (
    services: QueueService[],
    windowId?: number,
    name?: string,
    roleIds?: number[],
  ): Promise<Operator> => {
    const op = await createOperator(t, `op${++n}`, name ?? `Оператор ${n}`, roleIds);
    for (const s of services)
      await updateService(t, s.id, { operatorIds: [...s.operatorIds, op.id] }).then(
        (u) => (s.operatorIds = u.operatorIds),
      );
    await setStatus(op.client, status.available!);
    if (windowId !== undefined) await sitAt(op.client, windowId);
    return op;
  };
  let prefixes = 0;
  const service = (body: Record<string, unknown> = {}) =>
    createService(t, `Q${String.fromCharCode(65 + prefixes++)}`, body);

  beforeAll(async () => {
    t = await createTestApp();
    kiosk = deviceClient(t, (await createDevice(t, 'kiosk', { ticketsPerMinute: 600 })).token);
    status = await statusIds(t);
  });
  afterEach(() => {
    t.services.queueTickets.clock = () => new Date();
  });
  afterAll(() => t.close());

  it('serves a ticket from waiting to done and records it on the client card with wait and service times', async () => {
    const window = await createWindow(t, 'Окно 1');
    const s = await service({ nameRu: 'Справки' });
    const anna = await operator([s], window.id, 'Анна Петрова');
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ИП Очередной',
      phones: [{ number: '+380 44 777 00 11', kind: 'work' }],
    });
    expect(client.statusCode, client.body).toBe(201);
    const clientId = client.json<{ id: number }>().id;

    const start = Date.now() - 30 * 60_000;
    const at = (s: number) => new Date(start + s * 1000);
    let now = at(0);
    t.services.queueTickets.clock = () => now;
    const taken = await issue(s.id, '+380447770011');

    const before = await panel(anna.client);
    expect(before).toMatchObject({
      status: { status: { code: 'available', isTakingClients: true } },
      window: { id: window.id, name: 'Окно 1' },
      blockedBy: null,
      current: null,
      servedToday: 0,
    });
    expect(before.services).toEqual([expect.objectContaining({ id: s.id, waiting: 1, atMyWindow: true })]);

    now = at(300);
    const called = await callNext(anna.client);
    expect(called).toMatchObject({
      id: taken.id,
      code: taken.code,
      state: 'called',
      operatorId: anna.id,
      operatorName: 'Анна Петрова',
      windowId: window.id,
      windowName: 'Окно 1',
      callCount: 1,
      clientId,
      clientName: 'ИП Очередной',
      calledAt: at(300).toISOString(),
      firstCalledAt: at(300).toISOString(),
    });
    const busy = await panel(anna.client);
    expect(busy).toMatchObject({ blockedBy: 'busy', current: { id: taken.id, state: 'called' } });
    expect(refusal(await anna.client.post('/api/v1/queue/operator/call-next'), 409)).toMatchObject({
      code: 'queue_operator_busy',
      message: `Сначала завершите талон ${taken.code}`,
    });

    now = at(330);
    expect(await act(anna.client, taken.id, 'start')).toMatchObject({
      state: 'serving',
      servingAt: at(330).toISOString(),
    });
    now = at(585);
    const done = await act(anna.client, taken.id, 'done');
    expect(done).toMatchObject({ state: 'done', finishedAt: at(585).toISOString() });
    expect(done.eventId).not.toBeNull();

    const event = await t.admin.get(`/api/v1/events/${done.eventId}`);
    expect(event.statusCode, event.body).toBe(200);
    const card = event.json<EventCard>();
    expect(card).toMatchObject({
      type: { code: 'electronic_queue' },
      subject: `Талон ${taken.code} — Справки`,
      status: 'done',
      clientId,
      performerId: anna.id,
      startsAt: at(330).toISOString(),
      endsAt: at(585).toISOString(),
    });
    // Waited from the issue to the call: 5 min; served from the start to the end: 4 min 15 s.
    expect(card.description.split('\n')).toEqual([
      'Ожидание: 5 мин 0 с',
      'Обслуживание: 4 мин 15 с',
      'Окно: Окно 1',
      'Оператор: Анна Петрова',
    ]);
    const timeline = await t.admin.get(`/api/v1/events?clientId=${clientId}`);
    expect(timeline.json<{ items: { id: number }[] }>().items.map((e) => e.id)).toContain(done.eventId);

    const after = await panel(anna.client);
    expect(after).toMatchObject({ blockedBy: null, current: null, servedToday: 1 });
  });

  it('writes the event in the operator’s language; no event without a client', async () => {
    const window = await createWindow(t, 'Window E');
    const s = await service({ nameEn: 'Certificates' });
    const op = await operator([s], window.id);
    const me = await op.client.patch('/api/v1/me', { locale: 'en' });
    expect(me.statusCode, me.body).toBe(200);
    const client = await t.admin.post('/api/v1/clients', {
      name: 'English Ltd',
      phones: [{ number: '+380 44 777 00 22', kind: 'work' }],
    });
    expect(client.statusCode, client.body).toBe(201);

    const known = await issue(s.id, '+380447770022');
    await callNext(op.client);
    await act(op.client, known.id, 'start');
    const done = await act(op.client, known.id, 'done');
    const card = (await t.admin.get(`/api/v1/events/${done.eventId}`)).json<EventCard>();
    expect(card.subject).toBe(`Ticket ${known.code} — Certificates`);
    expect(card.description).toMatch(/^Waiting: .+\nService: .+\nWindow: Window E\nOperator: /);

    const anonymous = await issue(s.id);
    await callNext(op.client);
    await act(op.client, anonymous.id, 'start');
    expect((await act(op.client, anonymous.id, 'done')).eventId).toBeNull();
  });

  it('calls by queue priority first, then by place in line', async () => {
    const window = await createWindow(t, 'Окно П');
    const low = await service({ priority: 0 });
    const high = await service({ priority: 5 });
    const op = await operator([low, high], window.id);
    const first = await issue(low.id);
    const second = await issue(low.id);
    const urgent = await issue(high.id);

    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ticket = (await callNext(op.client))!;
      order.push(ticket.code);
      await act(op.client, ticket.id, 'no-show');
    }
    expect(order).toEqual([urgent.code, first.code, second.code]);
    expect(await callNext(op.client)).toBeNull();
  });

  it('marks a no-show, lists it and recalls it; repeat calls again', async () => {
    const window = await createWindow(t, 'Окно Н');
    const s = await service();
    const op = await operator([s], window.id);
    const other = await operator([]);
    let now = new Date(Date.now() - 60_000);
    t.services.queueTickets.clock = () => now;
    const missing = await issue(s.id);
    const next = await issue(s.id);
    const called = (await callNext(op.client))!;
    expect(called.id).toBe(missing.id);
    now = new Date(now.getTime() + 20_000);
    const repeated = await act(op.client, missing.id, 'repeat');
    expect(repeated).toMatchObject({
      state: 'called',
      callCount: 2,
      calledAt: now.toISOString(),
      firstCalledAt: called.firstCalledAt,
    });
    const gone = await act(op.client, missing.id, 'no-show');
    expect(gone).toMatchObject({ state: 'no_show' });
    expect(gone.finishedAt).toBe(now.toISOString());
    t.services.queueTickets.clock = () => new Date();

    expect((await panel(op.client)).noShows.map((x) => x.id)).toEqual([missing.id]);
    // Busy with the next one: no recall.
    expect((await callNext(op.client))!.id).toBe(next.id);
    expect(refusal(await op.client.post(`/api/v1/queue/tickets/${missing.id}/recall`), 409).code).toBe(
      'queue_operator_busy',
    );
    await act(op.client, next.id, 'no-show');
    // Someone who does not serve its queue may not recall it.
    expect(refusal(await other.client.post(`/api/v1/queue/tickets/${missing.id}/recall`), 403).code).toBe(
      'queue_not_your_ticket',
    );

    const recalled = await act(op.client, missing.id, 'recall');
    expect(recalled).toMatchObject({ state: 'called', callCount: 3, operatorId: op.id, finishedAt: null });
    expect((await panel(op.client)).noShows.map((x) => x.id)).toEqual([next.id]);
    // Only a no-show is recalled.
    expect(refusal(await op.client.post(`/api/v1/queue/tickets/${missing.id}/recall`), 409)).toMatchObject({
      code: 'queue_ticket_state',
      details: { state: 'called' },
    });
    await act(op.client, missing.id, 'start');
    await act(op.client, missing.id, 'done');

    // Yesterday's no-show is not called again.
    t.services.queueTickets.clock = () => new Date(Date.now() - 26 * 3600_000);
    const old = await issue(s.id);
    expect((await callNext(op.client))!.id).toBe(old.id);
    await act(op.client, old.id, 'no-show');
    t.services.queueTickets.clock = () => new Date();
    expect((await panel(op.client)).noShows.map((x) => x.id)).not.toContain(old.id);
    expect(refusal(await op.client.post(`/api/v1/queue/tickets/${old.id}/recall`), 409)).toMatchObject({
      code: 'queue_ticket_expired',
      message: `Талон ${old.code} выдан не сегодня: его нельзя вызвать снова`,
    });
  });

  it('redirects a ticket to another queue where it keeps its place in line', async () => {
    const window = await createWindow(t, 'Окно Р');
    const first = await service();
    const second = await service();
    const anna = await operator([first], window.id);
    const boris = await operator([second], window.id);
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Переход»',
      phones: [{ number: '+380 44 777 00 33', kind: 'work' }],
    });
    const clientId = client.json<{ id: number }>().id;

    const early = await issue(first.id, '+380447770033');
    const later = await issue(second.id);
    const called = (await callNext(anna.client))!;
    expect(called.id).toBe(early.id);
    await act(anna.client, early.id, 'start');

    expect(
      fieldErrors(
        await anna.client.post(`/api/v1/queue/tickets/${early.id}/redirect`, { serviceId: first.id }),
        400,
      ),
    ).toEqual([['serviceId', 'queue_ticket_redirect']]);
    const off = await service();
    await updateService(t, off.id, { isActive: false });
    expect(
      fieldErrors(
        await anna.client.post(`/api/v1/queue/tickets/${early.id}/redirect`, { serviceId: off.id }),
        400,
      ),
    ).toEqual([['serviceId', 'queue_ticket_redirect']]);

    // Anna serves only her queue but may send a visitor to any active one.
    const targets = (await panel(anna.client)).redirectTargets.map((x) => x.id);
    expect(targets).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(targets).not.toContain(off.id);

    const moved = await act(anna.client, early.id, 'redirect', { serviceId: second.id });
    expect(moved).toMatchObject({
      code: early.code,
      number: called.number,
      day: called.day,
      state: 'waiting',
      serviceId: second.id,
      clientId,
      phone: '+380447770033',
      redirectedFromId: early.id,
      queuedAt: called.queuedAt,
      operatorId: null,
    });
    const tickets = (await t.admin.get(`/api/v1/queue/tickets`)).json<QueueTicketList>().items;
    expect(tickets.find((x) => x.id === early.id)).toMatchObject({ state: 'redirected' });
    expect((await panel(anna.client)).blockedBy).toBeNull();

    // Boris's queue: the redirected visitor came before the one who took a ticket there.
    expect((await callNext(boris.client))!.id).toBe(moved.id);
    await act(boris.client, moved.id, 'no-show');
    expect((await callNext(boris.client))!.id).toBe(later.id);
    await act(boris.client, later.id, 'no-show');
  });

  it('lets only the holder act on a ticket, and only in the right state', async () => {
    const window = await createWindow(t, 'Окно Д');
    const s = await service();
    const anna = await operator([s], window.id);
    const boris = await operator([s], window.id);
    const waiting = await issue(s.id);
    expect(refusal(await anna.client.post(`/api/v1/queue/tickets/${waiting.id}/start`), 403).code).toBe(
      'queue_not_your_ticket',
    );
    await callNext(anna.client);
    for (const action of ['start', 'done', 'no-show', 'repeat'])
      expect(
        refusal(await boris.client.post(`/api/v1/queue/tickets/${waiting.id}/${action}`), 403).code,
      ).toBe('queue_not_your_ticket');
    expect(
      refusal(await boris.client.patch(`/api/v1/queue/tickets/${waiting.id}/client`, { clientId: null }), 403)
        .code,
    ).toBe('queue_not_your_ticket');
    expect(refusal(await anna.client.post(`/api/v1/queue/tickets/${waiting.id}/done`), 409)).toMatchObject({
      code: 'queue_ticket_state',
      details: { state: 'called' },
    });
    await act(anna.client, waiting.id, 'start');
    for (const action of ['start', 'no-show', 'repeat'])
      expect(
        refusal(await anna.client.post(`/api/v1/queue/tickets/${waiting.id}/${action}`), 409),
      ).toMatchObject({
        code: 'queue_ticket_state',
        details: { state: 'serving' },
      });
    await act(anna.client, waiting.id, 'done');
    expect(refusal(await anna.client.post(`/api/v1/queue/tickets/${waiting.id}/done`), 409).code).toBe(
      'queue_ticket_state',
    );
    expect((await anna.client.post('/api/v1/queue/tickets/987654321/start')).statusCode).toBe(404);
  });

  it('links the held ticket to a client the operator may read', async () => {
    const window = await createWindow(t, 'Окно К');
    const s = await service();
    const rightless = await operator([s], window.id, 'Без прав', []);
    const adminId = (await t.admin.get('/api/v1/me')).json<{ id: number }>().id;
    await updateService(t, s.id, { operatorIds: [...s.operatorIds, adminId] });
    await setStatus(t.admin, status.available!);
    await sitAt(t.admin, window.id);
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Привязка»',
      phones: [{ number: '+380 44 777 00 44', kind: 'work' }],
    });
    const clientId = client.json<{ id: number }>().id;

    const first = await issue(s.id, '+380447770044');
    const second = await issue(s.id);
    // Linked by the phone, but not named to an operator who may not read the client: nor is its phone.
    expect(await callNext(rightless.client)).toMatchObject({
      id: first.id,
      clientId: null,
      clientName: null,
      phone: null,
    });
    expect((await panel(rightless.client)).current).toMatchObject({
      id: first.id,
      clientId: null,
      phone: null,
    });
    const listed = (await t.admin.get(`/api/v1/queue/tickets?serviceId=${s.id}`)).json<QueueTicketList>();
    expect(listed.items.find((x) => x.id === first.id)).toMatchObject({
      clientId,
      clientName: 'ООО «Привязка»',
      phone: '+380447770044',
    });
    // A client the operator may not read answers like one that does not exist.
    expect(
      fieldErrors(
        await rightless.client.patch(`/api/v1/queue/tickets/${first.id}/client`, { clientId }),
        400,
      ),
    ).toEqual([['clientId', 'client_unknown']]);
    await act(rightless.client, first.id, 'no-show');

    expect((await callNext(t.admin))!.id).toBe(second.id);
    const linked = await t.admin.patch(`/api/v1/queue/tickets/${second.id}/client`, { clientId });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json<QueueTicket>()).toMatchObject({ clientId, clientName: 'ООО «Привязка»' });
    expect(
      fieldErrors(
        await t.admin.patch(`/api/v1/queue/tickets/${second.id}/client`, { clientId: 987654321 }),
        400,
      ),
    ).toEqual([['clientId', 'client_unknown']]);
    await act(t.admin, second.id, 'start');
    const done = await act(t.admin, second.id, 'done');
    expect(done.eventId).not.toBeNull();
    await sitAt(t.admin, null);

    // A phone that links no client is shown to anyone serving the ticket.
    const stranger = await issue(s.id, '+380 67 000 00 09');
    expect(await callNext(rightless.client)).toMatchObject({
      id: stranger.id,
      clientId: null,
      phone: '+380670000009',
    });
    await act(rightless.client, stranger.id, 'no-show');
  });

  it('writes no event when the linked client was deleted while the visitor waited', async () => {
    const window = await createWindow(t, 'Окно У');
    const s = await service();
    const op = await operator([s], window.id);
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Удалённое»',
      phones: [{ number: '+380 44 777 00 55', kind: 'work' }],
    });
    expect(client.statusCode, client.body).toBe(201);
    const clientId = client.json<{ id: number }>().id;
    const taken = await issue(s.id, '+380447770055');
    expect(await callNext(op.client)).toMatchObject({ id: taken.id, clientId });
    await act(op.client, taken.id, 'start');
    const removed = await t.admin.delete(`/api/v1/clients/${clientId}`);
    expect(removed.statusCode, removed.body).toBe(200);

    const done = await act(op.client, taken.id, 'done');
    expect(done).toMatchObject({ state: 'done', eventId: null });
    const events = await t.admin.get(`/api/v1/events?clientId=${clientId}`);
    expect(events.statusCode, events.body).toBe(200);
    expect(events.json<{ items: { type: { code: string } }[] }>().items).toEqual([]);
    expect((await panel(op.client)).servedToday).toBe(1);
  });

  it('takes clients only in a status that does; changing status while serving is allowed', async () => {
    const window = await createWindow(t, 'Окно С');
    const s = await service();
    const op = await createOperator(t, `op${++n}`);
    await updateService(t, s.id, { operatorIds: [op.id] });
    await sitAt(op.client, window.id);
    const one = await issue(s.id);
    await issue(s.id);

    expect((await panel(op.client)).blockedBy).toBe('status');
    expect(refusal(await op.client.post('/api/v1/queue/operator/call-next'), 409)).toMatchObject({
      code: 'queue_status_not_taking',
      message: expect.stringContaining('не выбран'),
    });

    const lunch = await t.admin.post('/api/v1/settings/user-statuses', {
      code: 'lunch',
      nameRu: 'Обед',
      nameUk: 'Обід',
      nameEn: 'Lunch',
      isTakingClients: false,
    });
    expect(lunch.statusCode, lunch.body).toBe(201);
    await setStatus(op.client, lunch.json<{ id: number }>().id);
    expect(refusal(await op.client.post('/api/v1/queue/operator/call-next'), 409)).toMatchObject({
      code: 'queue_status_not_taking',
      message: expect.stringContaining('«Обед»'),
    });

    await setStatus(op.client, status.available!);
    expect((await callNext(op.client))!.id).toBe(one.id);
    await act(op.client, one.id, 'start');
    await setStatus(op.client, status.break!);
    expect((await panel(op.client)).status.status?.code).toBe('break');
    await act(op.client, one.id, 'done');
    expect((await panel(op.client)).blockedBy).toBe('status');
    expect(refusal(await op.client.post('/api/v1/queue/operator/call-next'), 409).code).toBe(
      'queue_status_not_taking',
    );
  });

  it('needs a window where the operator’s queues are served, and queues to serve', async () => {
    const front = await createWindow(t, 'Окно Ф');
    const back = await createWindow(t, 'Окно Т');
    const closed = await createWindow(t, 'Окно З', { isActive: false });
    const elsewhere = await createWindow(t, 'Окно Ч');
    const atFront = await service({ windowIds: [front.id] });
    const atBack = await service({ windowIds: [back.id] });

    const idle = await operator([]);
    expect((await panel(idle.client)).blockedBy).toBe('no_services');
    expect(refusal(await idle.client.post('/api/v1/queue/operator/call-next'), 409).code).toBe(
      'queue_no_services',
    );

    const op = await operator([atFront, atBack]);
    const p = await panel(op.client);
    expect(p.blockedBy).toBe('no_window');
    expect(p.windows.map((w) => w.name)).toEqual(['Окно Ф', 'Окно Т']);
    expect(refusal(await op.client.post('/api/v1/queue/operator/call-next'), 409).code).toBe(
      'queue_no_window',
    );
    for (const windowId of [closed.id, elsewhere.id, 987654321])
      expect(fieldErrors(await op.client.put('/api/v1/queue/operator/window', { windowId }), 400)).toEqual([
        ['windowId', 'queue_ticket_window'],
      ]);

    const back1 = await issue(atBack.id);
    const front1 = await issue(atFront.id);
    await sitAt(op.client, front.id);
    const seated = await panel(op.client);
    expect(seated.window?.id).toBe(front.id);
    expect(seated.services.map((s) => [s.id, s.atMyWindow])).toEqual([
      [atFront.id, true],
      [atBack.id, false],
    ]);
    // Only the queue served at this window is called here, though the other's ticket is older.
    expect((await callNext(op.client))!.id).toBe(front1.id);
    await act(op.client, front1.id, 'no-show');
    expect(await callNext(op.client)).toBeNull();
    await sitAt(op.client, back.id);
    expect((await callNext(op.client))!.id).toBe(back1.id);
    await act(op.client, back1.id, 'no-show');

    // A queue served at any window opens every active window.
    const anywhere = await service();
    await updateService(t, anywhere.id, { operatorIds: [op.id] });
    expect((await panel(op.client)).windows.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Окно Ф', 'Окно Т', 'Окно Ч']),
    );
    await sitAt(op.client, null);
    expect((await panel(op.client)).blockedBy).toBe('no_window');
  });

  it('refuses Call next at a window where none of the operator’s queues is served any more', async () => {
    const here = await createWindow(t, 'Окно Б');
    const there = await createWindow(t, 'Окно Е');
    const s = await service({ windowIds: [here.id] });
    const op = await operator([s], here.id);
    const waiting = await issue(s.id);
    await updateService(t, s.id, { windowIds: [there.id] });

    const p = await panel(op.client);
    expect(p).toMatchObject({ blockedBy: 'no_window', window: { id: here.id } });
    expect(p.services).toEqual([expect.objectContaining({ id: s.id, waiting: 1, atMyWindow: false })]);
    expect(refusal(await op.client.post('/api/v1/queue/operator/call-next'), 409).code).toBe(
      'queue_no_window',
    );
    await sitAt(op.client, there.id);
    expect((await callNext(op.client))!.id).toBe(waiting.id);
    await act(op.client, waiting.id, 'no-show');
  });

  it('recalls a no-show only at a window where its queue is served, and lists it only there', async () => {
    const front = await createWindow(t, 'Окно ФР');
    const back = await createWindow(t, 'Окно ТР');
    const atFront = await service({ windowIds: [front.id] });
    const atBack = await service({ windowIds: [back.id] });
    const op = await operator([atFront, atBack], back.id);
    const missed = await issue(atBack.id);
    expect((await callNext(op.client))!.id).toBe(missed.id);
    await act(op.client, missed.id, 'no-show');
    expect((await panel(op.client)).noShows.map((x) => x.id)).toEqual([missed.id]);

    await sitAt(op.client, front.id);
    expect((await panel(op.client)).noShows).toEqual([]);
    expect(refusal(await op.client.post(`/api/v1/queue/tickets/${missed.id}/recall`), 409).code).toBe(
      'queue_no_window',
    );
    await sitAt(op.client, back.id);
    expect(await act(op.client, missed.id, 'recall')).toMatchObject({
      state: 'called',
      windowId: back.id,
      callCount: 2,
    });
    await act(op.client, missed.id, 'no-show');
  });

  it('leaves a ticket of an earlier day out of today’s line: not called, not counted as waiting', async () => {
    const window = await createWindow(t, 'Окно Вчера');
    const daily = await service();
    const ever = await service({ isDailyReset: false });
    const op = await operator([daily, ever], window.id);
    const timeZone = await t.services.enterprise.timeZone();
    // 26 hours back is an earlier day in any zone, even after a 25-hour day.
    const yesterday = new Date(Date.now() - 26 * 3600_000);
    t.services.queueTickets.clock = () => yesterday;
    const old = await issue(daily.id);
    const carried = await issue(ever.id);
    t.services.queueTickets.clock = () => new Date();

    const fresh = await issue(daily.id);
    // Numbering started again: two visitors hold this code, only today's is in line.
    expect(fresh).toMatchObject({ code: old.code, ahead: 0 });
    const waitingAt = (services: { id: number; waiting: number }[]) =>
      [daily.id, ever.id].map((id) => services.find((x) => x.id === id)?.waiting);
    expect(waitingAt((await panel(op.client)).services)).toEqual([1, 1]);
    const kioskInfo = (await kiosk.get('/api/v1/queue/kiosk')).json<{
      services: { id: number; waiting: number }[];
    }>();
    expect(waitingAt(kioskInfo.services)).toEqual([1, 1]);
    // Today's list: what Call next takes (the queue without daily reset carries its ticket over).
    const today = (await t.admin.get('/api/v1/queue/tickets?state=waiting')).json<QueueTicketList>();
    expect(today.items.filter((x) => [daily.id, ever.id].includes(x.serviceId)).map((x) => x.id)).toEqual([
      carried.id,
      fresh.id,
    ]);
    // The earlier day's ticket stays waiting in its day's record.
    const before = (
      await t.admin.get(`/api/v1/queue/tickets?day=${localDay(yesterday, timeZone)}&serviceId=${daily.id}`)
    ).json<QueueTicketList>();
    expect(before.items.map((x) => [x.id, x.state])).toEqual([[old.id, 'waiting']]);

    expect((await callNext(op.client))!.id).toBe(carried.id);
    await act(op.client, carried.id, 'no-show');
    expect((await callNext(op.client))!.id).toBe(fresh.id);
    await act(op.client, fresh.id, 'no-show');
    expect(await callNext(op.client)).toBeNull();
  });

  it('lists a day’s tickets for those who may read the books', async () => {
    const s = await service();
    const first = await issue(s.id);
    const second = await issue(s.id);
    const res = await t.admin.get(`/api/v1/queue/tickets?serviceId=${s.id}&state=waiting`);
    expect(res.json<QueueTicketList>().items.map((x) => x.id)).toEqual([first.id, second.id]);
    expect((await t.admin.get('/api/v1/queue/tickets?day=2001-01-01')).json<QueueTicketList>().items).toEqual(
      [],
    );
    const nobody = await createOperator(t, `op${++n}`, 'Никто', []);
    expect((await nobody.client.get('/api/v1/queue/tickets')).statusCode).toBe(403);
  });
});
