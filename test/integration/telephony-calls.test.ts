import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import { rightlessUser } from '../support/access.js';
import { loadConfig } from '../../src/server/config.js';
import { openContext } from '../../src/server/bootstrap.js';
import { buildApp } from '../../src/server/app.js';
import type { Call, CallPage, CallPopCard, UnknownNumber } from '../../src/shared/schemas/telephony.js';
import type { EventCard } from '../../src/shared/schemas/events.js';
import type { Client } from '../../src/shared/schemas/clients.js';

/**
 * Logged calls as users see them: the call of a call event, the employee's own calls, the screen
 * pop's card, and unknown numbers linked to a client afterwards — with the access rule of the
 * events (who sees the event sees the call). Calls come in through the PBX webhook.
 */
describe('calls', () => {
  let t: TestApp;
  let token: string;
  let operator: { id: number; client: HttpClient };
  let stranger: { id: number; client: HttpClient };
  let client: Client;
  let serial = 0;

  const pbx = (path: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/telephony/pbx/${path}`,
      headers: { authorization: `Bearer ${token}` },
      payload: body,
    });
  /** One finished call through the webhook; returns its event id. */
  const logCall = async (
    externalNumber: string,
    opts: { direction?: 'in' | 'out'; statusCode?: number } = {},
  ) => {
    const callId = `call-${++serial}`;
    const res = await pbx('finish', {
      callId,
      direction: opts.direction ?? 'in',
      externalNumber,
      sipNumber: '201',
      startedAt: new Date(Date.UTC(2026, 10, 1, 9, serial)).toISOString(),
      durationSeconds: 95,
      billsec: 80,
      statusCode: opts.statusCode ?? 200,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ eventId: number; logged: boolean }>();
    expect(body.logged).toBe(true);
    return body.eventId;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const created = await t.admin.post('/api/v1/settings/telephony/pbx-token');
    expect(created.statusCode, created.body).toBe(200);
    token = created.json<{ token: string }>().token;
    operator = await rightlessUser(t, 'oper', 'Оператор Олена');
    stranger = await rightlessUser(t, 'stranger', 'Сторонний Степан');
    const params = await t.admin.put(`/api/v1/settings/user-parameters/${operator.id}`, {
      sipNumber: '201',
      isCallPopup: true,
    });
    expect(params.statusCode, params.body).toBe(200);
    const res = await t.admin.post('/api/v1/clients', {
      name: 'ТОВ «Дзвінок»',
      phones: [{ number: '+380 44 123 45 67' }],
      contacts: [{ name: 'Марина', phones: [{ number: '067 111 22 33' }] }],
    });
    expect(res.statusCode, res.body).toBe(201);
    client = res.json<Client>();
  });
  afterAll(async () => t.close());

  it('an event of a call shows the call; the performer and admins see it, others get 404', async () => {
    const eventId = await logCall('0441234567');
    const asAdmin = await t.admin.get(`/api/v1/events/${eventId}/call`);
    expect(asAdmin.statusCode, asAdmin.body).toBe(200);
    const call = asAdmin.json<{ call: Call }>().call;
    expect(call).toMatchObject({
      eventId,
      state: 'done',
      source: 'webhook',
      direction: 'in',
      externalE164: '+380441234567',
      employeeNumber: '201',
      user: { id: operator.id, name: 'Оператор Олена' },
      durationSeconds: 95,
      billsec: 80,
      disposition: 'answered',
      client: { id: client.id, name: 'ТОВ «Дзвінок»' },
    });
    const event = (await t.admin.get(`/api/v1/events/${eventId}`)).json<EventCard>();
    expect(event.type.code).toBe('incoming_call');
    expect(event.performer?.id).toBe(operator.id);
    expect((await operator.client.get(`/api/v1/events/${eventId}/call`)).statusCode).toBe(200);
    const hidden = await stranger.client.get(`/api/v1/events/${eventId}/call`);
    const missing = await stranger.client.get('/api/v1/events/987654321/call');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
  });

  it('another event has no call', async () => {
    const types = await t.admin.get('/api/v1/settings/event-types');
    const meeting = types.json<{ id: number; code: string }[]>().find((x) => x.code === 'meeting');
    const event = await t.admin.post('/api/v1/events', {
      typeId: meeting!.id,
      subject: 'Встреча',
      startsAt: '2026-11-02T10:00:00Z',
    });
    expect(event.statusCode, event.body).toBe(201);
    const res = await t.admin.get(`/api/v1/events/${event.json<{ id: number }>().id}/call`);
    expect(res.json()).toEqual({ call: null });
  });

  it("a contact person's number names the contact; the call types follow direction and answer", async () => {
    const missed = await logCall('+380671112233', { statusCode: 486 });
    const unanswered = await logCall('0671112233', { direction: 'out', statusCode: 480 });
    for (const [id, code] of [
      [missed, 'missed_incoming_call'],
      [unanswered, 'unanswered_outgoing_call'],
    ] as const) {
      const event = (await t.admin.get(`/api/v1/events/${id}`)).json<EventCard>();
      expect(event.type.code).toBe(code);
      expect(event.client?.id).toBe(client.id);
      expect(event.contact?.name).toBe('Марина');
    }
    const call = (await t.admin.get(`/api/v1/events/${missed}/call`)).json<{ call: Call }>().call;
    expect(call.disposition).toBe('busy');
    expect(call.billsec).toBe(80);
  });

  it("the operator's own calls, newest first, page by page", async () => {
    const first = await operator.client.get('/api/v1/telephony/calls/mine?limit=2');
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json<CallPage>();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const rest = (
      await operator.client.get(`/api/v1/telephony/calls/mine?limit=50&cursor=${page.nextCursor!}`)
    ).json<CallPage>();
    const all = [...page.items, ...rest.items];
    expect(all.length).toBeGreaterThanOrEqual(3);
    const starts = all.map((c) => c.startedAt);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(all.every((c) => c.user?.id === operator.id)).toBe(true);
    expect((await stranger.client.get('/api/v1/telephony/calls/mine')).json<CallPage>().items).toEqual([]);
  });

  it('the screen pop: the client, its open tasks and last events, only for the call’s own employee', async () => {
    const task = await t.admin.post('/api/v1/tasks', {
      title: 'Перезвонить клиенту',
      clientId: client.id,
      performerId: operator.id,
    });
    expect(task.statusCode, task.body).toBe(201);
    const registered = await pbx('register', {
      callId: 'pop-1',
      direction: 'in',
      externalNumber: '044 123 45 67',
      sipNumber: '201',
    });
    expect(registered.statusCode, registered.body).toBe(200);
    const callId = registered.json<{ callId: number }>().callId;
    const pop = await operator.client.get(`/api/v1/telephony/calls/${callId}/pop`);
    expect(pop.statusCode, pop.body).toBe(200);
    const card = pop.json<CallPopCard>();
    expect(card.call.state).toBe('live');
    // The operator has no rights of their own: the client is hidden from them, so is the card.
    expect(card.client).toBeNull();
    await t.admin.put(`/api/v1/access/user/${operator.id}`, {
      permissions: { clients: { read: 'all' } },
    });
    const granted = (
      await t.login('oper', 'oper-password-1').then((c) => c.get(`/api/v1/telephony/calls/${callId}/pop`))
    ).json<CallPopCard>();
    expect(granted.client).toEqual({ id: client.id, name: 'ТОВ «Дзвінок»' });
    expect(granted.openTasks.map((x) => x.title)).toEqual(['Перезвонить клиенту']);
    expect(granted.lastEvents.length).toBeGreaterThan(0);
    expect(granted.lastEvents.every((e) => e.client?.id === client.id)).toBe(true);
    expect((await stranger.client.get(`/api/v1/telephony/calls/${callId}/pop`)).statusCode).toBe(404);
    expect((await t.admin.get(`/api/v1/telephony/calls/${callId}/pop`)).statusCode).toBe(404);
  });

  it('unknown numbers: listed once per number, linked to a client with their past calls', async () => {
    const a = await logCall('0997654321');
    const b = await logCall('+380 99 765 43 21', { statusCode: 603 });
    const list = (await t.admin.get('/api/v1/telephony/unknown-numbers')).json<{ items: UnknownNumber[] }>();
    const entry = list.items.find((u) => u.e164 === '+380997654321');
    expect(entry).toMatchObject({ number: '+380997654321', calls: 2, lastDirection: 'in' });
    // Somebody who may see none of the calls sees no unknown numbers.
    expect(
      (await stranger.client.get('/api/v1/telephony/unknown-numbers')).json<{ items: UnknownNumber[] }>()
        .items,
    ).toEqual([]);
    const other = await t.admin.post('/api/v1/clients', { name: 'ФОП Новий' });
    const otherId = other.json<{ id: number }>().id;
    const denied = await stranger.client.post('/api/v1/telephony/unknown-numbers/link', {
      number: '+380997654321',
      clientId: otherId,
    });
    expect(denied.statusCode).toBe(404);
    // The operator sees the calls (their own) but may not change them: no journal grant.
    const readOnly = await operator.client.post('/api/v1/telephony/unknown-numbers/link', {
      number: '+380997654321',
      clientId: client.id,
      addPhone: false,
    });
    expect(readOnly.statusCode, readOnly.body).toBe(403);
    const linked = await t.admin.post('/api/v1/telephony/unknown-numbers/link', {
      number: '+380997654321',
      clientId: otherId,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toEqual({ linkedCalls: 2 });
    for (const id of [a, b]) {
      expect((await t.admin.get(`/api/v1/events/${id}`)).json<EventCard>().client?.id).toBe(otherId);
    }
    const card = (await t.admin.get(`/api/v1/clients/${otherId}`)).json<Client>();
    expect(card.phones.map((p) => p.e164)).toEqual(['+380997654321']);
    const after = (await t.admin.get('/api/v1/telephony/unknown-numbers')).json<{ items: UnknownNumber[] }>();
    expect(after.items.find((u) => u.e164 === '+380997654321')).toBeUndefined();
    // The number now belongs to the client: the next call is linked at once.
    const next = await logCall('0997654321');
    expect((await t.admin.get(`/api/v1/events/${next}`)).json<EventCard>().client?.id).toBe(otherId);
  });

  it('linking names a contact person of that client only, and refuses a hidden client', async () => {
    await logCall('0631234567');
    const wrongContact = await t.admin.post('/api/v1/telephony/unknown-numbers/link', {
      number: '+380631234567',
      clientId: client.id,
      contactId: 987654321,
    });
    expect(wrongContact.statusCode).toBe(404);
    const contactId = client.contacts[0]!.id;
    const ok = await t.admin.post('/api/v1/telephony/unknown-numbers/link', {
      number: '+380631234567',
      clientId: client.id,
      contactId,
      addPhone: true,
    });
    expect(ok.json()).toEqual({ linkedCalls: 1 });
    const card = (await t.admin.get(`/api/v1/clients/${client.id}`)).json<Client>();
    expect(card.contacts[0]!.phones.map((p) => p.e164)).toContain('+380631234567');
    expect(card.phones.map((p) => p.e164)).not.toContain('+380631234567');
  });

  it('a finish repeated at once logs the registered call once', async () => {
    for (let i = 0; i < 5; i++) {
      const callId = `twice-${i}`;
      const reg = await pbx('register', {
        callId,
        direction: 'in',
        externalNumber: '0441234567',
        sipNumber: '201',
      });
      expect(reg.statusCode, reg.body).toBe(200);
      const body = { callId, durationSeconds: 20, statusCode: 200 };
      const [a, b] = await Promise.all([pbx('finish', body), pbx('finish', body)]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      const eventId = a.json<{ eventId: number }>().eventId;
      expect(b.json<{ eventId: number }>().eventId).toBe(eventId);
    }
    const events = await t.ctx.database.db
      .selectFrom('telephony_calls')
      .select(['event_id'])
      .where('external_id', 'like', 'twice-%')
      .execute();
    expect(new Set(events.map((e) => e.event_id)).size).toBe(5);
    const logged = await t.admin.get(`/api/v1/events?clientId=${client.id}&limit=500`);
    const ids = logged.json<{ items: { id: number }[] }>().items.map((e) => e.id);
    expect(events.every((e) => ids.includes(e.event_id!))).toBe(true);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('an internal call registered live is not logged when it finishes with its id alone', async () => {
    await t.admin.put('/api/v1/settings/telephony', { minNumberLength: 5 });
    try {
      const reg = await pbx('register', {
        callId: 'inner-1',
        direction: 'in',
        externalNumber: '305',
        sipNumber: '201',
      });
      expect(reg.json()).toMatchObject({ callId: null, logged: false });
      const fin = await pbx('finish', { callId: 'inner-1', durationSeconds: 12, statusCode: 200 });
      expect(fin.statusCode, fin.body).toBe(200);
      expect(fin.json()).toMatchObject({ callId: null, eventId: null, logged: false });
      const mine = (await operator.client.get('/api/v1/telephony/calls/mine?limit=500')).json<CallPage>();
      expect(mine.items.some((c) => c.externalNumber === '305')).toBe(false);
    } finally {
      await t.admin.put('/api/v1/settings/telephony', { minNumberLength: 0 });
    }
  });

  it("a deactivated user's call is logged without an employee and pops nowhere", async () => {
    const former = await t.services.users.create({
      login: 'former',
      fullName: 'Бывший Борис',
      password: 'former-password-1',
      roleIds: [],
    });
    await t.admin.put(`/api/v1/settings/user-parameters/${former.id}`, {
      sipNumber: '209',
      isCallPopup: true,
    });
    const off = await t.admin.patch(`/api/v1/users/${former.id}`, { isActive: false });
    expect(off.statusCode, off.body).toBe(200);
    const reg = await pbx('register', {
      callId: 'former-1',
      direction: 'in',
      externalNumber: '0441234567',
      sipNumber: '209',
    });
    expect(reg.statusCode, reg.body).toBe(200);
    const fin = await pbx('finish', { callId: 'former-1', durationSeconds: 30, statusCode: 200 });
    expect(fin.statusCode, fin.body).toBe(200);
    const call = (await t.admin.get(`/api/v1/events/${fin.json<{ eventId: number }>().eventId}/call`)).json<{
      call: Call;
    }>().call;
    expect(call).toMatchObject({ employeeNumber: '209', user: null, client: { id: client.id } });
  });

  it('a call type turned off in the book still logs its calls', async () => {
    const types = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number; code: string }[]>();
    const missed = types.find((x) => x.code === 'missed_incoming_call')!;
    const off = await t.admin.patch(`/api/v1/settings/event-types/${missed.id}`, { isActive: false });
    expect(off.statusCode, off.body).toBe(200);
    try {
      const eventId = await logCall('0441234567', { statusCode: 487 });
      expect((await t.admin.get(`/api/v1/events/${eventId}`)).json<EventCard>().type.code).toBe(
        'missed_incoming_call',
      );
    } finally {
      await t.admin.patch(`/api/v1/settings/event-types/${missed.id}`, { isActive: true });
    }
  });

  it('two processes logging the same calls at once store each once (PostgreSQL)', async () => {
    const config = loadConfig(
      {},
      { dataDir: t.database.dataDir, databaseUrl: t.database.databaseUrl, logLevel: 'silent' },
    );
    // SQLite's file belongs to one process: the race cannot happen there.
    if (t.database.engine === 'sqlite') return;
    const ctx = await openContext(config);
    const { app } = await buildApp(ctx);
    try {
      const finish = (target: typeof app, i: number) =>
        target.inject({
          method: 'POST',
          url: '/api/v1/telephony/pbx/finish',
          headers: { authorization: `Bearer ${token}` },
          payload: {
            callId: `race-${i}`,
            direction: 'in',
            externalNumber: '0441234567',
            sipNumber: '201',
            durationSeconds: 30,
            statusCode: 200,
          },
        });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => [finish(t.app, i), finish(app, i)]).flat(),
      );
      expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 200));
      const events = new Set(results.map((r) => r.json<{ eventId: number }>().eventId));
      expect(events.size).toBe(20);
      const calls = await t.ctx.database.db
        .selectFrom('telephony_calls')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('external_id', 'like', 'race-%')
        .executeTakeFirstOrThrow();
      expect(Number(calls.n)).toBe(20);
    } finally {
      await app.close();
      await ctx.database.close();
    }
  });
});
