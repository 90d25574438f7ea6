import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import type { LiveMessage } from '../../src/shared/schemas/live.js';
import type { Call } from '../../src/shared/schemas/telephony.js';
import type { EventListItem } from '../../src/shared/schemas/events.js';
import type { CallInput } from '../../src/server/modules/telephony/call-input.js';

/**
 * The PBX webhook (register / finish with the settings' token): idempotent by the call id, logs
 * the call as the call-record import would, pops incoming calls, keeps internal calls out.
 */

const CLIENT_PHONE = '+380441234567';

interface PbxAnswer {
  callId: number;
  state: 'live' | 'done';
  eventId: number | null;
  logged: boolean;
}
interface ErrorBody {
  error: { code: string; message: string; details: { fields?: { path: string; code: string }[] } | null };
}

describe('PBX webhook', () => {
  let t: TestApp;
  let token: string;
  let operatorId: number;
  let clientId: number;
  const messages: LiveMessage[] = [];

  const pbx = (action: 'register' | 'finish', payload: object, authorization = `Bearer ${token}`) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/telephony/pbx/${action}`,
      headers: { authorization, 'accept-language': 'en' },
      payload,
    });
  const ok = async (action: 'register' | 'finish', payload: object): Promise<PbxAnswer> => {
    const res = await pbx(action, payload);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PbxAnswer>();
  };
  const clientEvents = async () => {
    const res = await t.admin.get(`/api/v1/events?clientId=${clientId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: EventListItem[] }>().items;
  };
  const callOfEvent = async (eventId: number) =>
    (await t.admin.get(`/api/v1/events/${eventId}/call`)).json<{ call: Call | null }>().call;
  /** Waits for the live message that a later step sends, so that the earlier ones are all in. */
  const finishedMessage = (callId: number) =>
    vi.waitFor(() => {
      const m = messages.find((x) => x.type === 'call.finished' && x.callId === callId);
      expect(m).toBeDefined();
      return m!;
    });

  beforeAll(async () => {
    t = await createTestApp();
    operatorId = (
      await t.services.users.create({
        login: 'olga',
        fullName: 'Оператор Ольга',
        password: 'olga-password-1',
      })
    ).id;
    const params = await t.admin.put(`/api/v1/settings/user-parameters/${operatorId}`, {
      sipNumber: '101',
      isCallPopup: true,
    });
    expect(params.statusCode, params.body).toBe(200);
    // Numbers shorter than 5 characters are internal.
    expect((await t.admin.put('/api/v1/settings/telephony', { minNumberLength: 5 })).statusCode).toBe(200);
    token = (await t.admin.post('/api/v1/settings/telephony/pbx-token')).json<{ token: string }>().token;
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Ромашка»',
      phones: [{ number: CLIENT_PHONE }],
    });
    expect(client.statusCode, client.body).toBe(201);
    clientId = client.json<{ id: number }>().id;
    t.services.live.subscribe(operatorId, (m) => messages.push(m));
    await t.services.live.ready();
  });
  afterAll(() => t.close());

  it('refuses requests without the token or with another one', async () => {
    const body = { callId: 'x-1', direction: 'in', externalNumber: CLIENT_PHONE, sipNumber: '101' };
    for (const authorization of ['', 'Bearer ', 'Bearer not-the-token', `Basic ${token}`]) {
      const res = await pbx('register', body, authorization);
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json<ErrorBody>().error.code).toBe('pbx_token_invalid');
    }
    // A user's session is no PBX token either.
    const asAdmin = await t.admin.post('/api/v1/telephony/pbx/register', body);
    expect(asAdmin.statusCode).toBe(401);
    expect(await t.services.calls.byExternalId('x-1')).toBeNull();
  });

  it('registers a ringing call once and pops it once; finish logs one event on the client', async () => {
    const first = await ok('register', {
      callId: 'call-1',
      direction: 'in',
      externalNumber: CLIENT_PHONE,
      sipNumber: '101',
      startedAt: '2026-03-02T09:00:00+02:00',
    });
    expect(first).toMatchObject({ state: 'live', eventId: null, logged: true });
    const again = await ok('register', {
      callId: 'call-1',
      direction: 'in',
      externalNumber: CLIENT_PHONE,
      sipNumber: '101',
    });
    expect(again).toEqual(first);
    expect(await clientEvents()).toEqual([]);

    const finished = await ok('finish', {
      callId: 'call-1',
      durationSeconds: 95,
      billsec: 80,
      statusCode: 200,
    });
    expect(finished).toMatchObject({ callId: first.callId, state: 'done', logged: true });
    expect(finished.eventId).not.toBeNull();
    await finishedMessage(first.callId);
    const pops = messages.filter((m) => m.type === 'call.incoming' && m.call.id === first.callId);
    expect(pops).toHaveLength(1);
    expect(pops[0]).toMatchObject({
      call: { state: 'live', externalNumber: CLIENT_PHONE, employeeNumber: '101', user: { id: operatorId } },
    });
    expect(messages.find((m) => m.type === 'call.finished' && m.callId === first.callId)).toEqual({
      type: 'call.finished',
      callId: first.callId,
      eventId: finished.eventId,
    });

    const events = await clientEvents();
    expect(events.map((e) => [e.id, e.type.code])).toEqual([[finished.eventId, 'incoming_call']]);
    expect(await callOfEvent(finished.eventId!)).toMatchObject({
      id: first.callId,
      state: 'done',
      source: 'webhook',
      direction: 'in',
      startedAt: '2026-03-02T07:00:00.000Z',
      answeredAt: '2026-03-02T07:00:15.000Z',
      durationSeconds: 95,
      billsec: 80,
      disposition: 'answered',
      user: { id: operatorId },
      client: { id: clientId },
    });
  });

  it('changes nothing on a repeated finish or when the call records bring the same call later', async () => {
    const before = await clientEvents();
    const repeat = await ok('finish', { callId: 'call-1', durationSeconds: 10, statusCode: 486 });
    expect(repeat.eventId).toBe(before[0]!.id);
    const record: CallInput = {
      source: 'import',
      externalId: 'call-1',
      linkedId: 'call-1',
      sequence: '3',
      rowHash: null,
      direction: 'in',
      externalNumber: CLIENT_PHONE,
      employeeNumber: '101',
      userId: null,
      startedAt: '2026-03-02T07:00:00.000Z',
      answeredAt: '2026-03-02T07:00:15.000Z',
      durationSeconds: 95,
      billsec: 80,
      disposition: 'answered',
      recordingUrl: null,
      recordingFile: null,
    };
    const stored = await t.services.calls.store([record]);
    expect(stored).toMatchObject({ stored: 0, duplicates: 1, eventIds: [before[0]!.id] });
    expect(await clientEvents()).toEqual(before);
    expect(await callOfEvent(before[0]!.id)).toMatchObject({ disposition: 'answered', billsec: 80 });
  });

  it('does not log an internal call (number shorter than N)', async () => {
    const registered = await ok('register', {
      callId: 'int-1',
      direction: 'in',
      externalNumber: '205',
      sipNumber: '101',
    });
    expect(registered).toMatchObject({ logged: false, eventId: null });
    const finished = await ok('finish', {
      callId: 'int-1',
      durationSeconds: 30,
      statusCode: 200,
      direction: 'in',
      externalNumber: '205',
      sipNumber: '101',
    });
    expect(finished).toMatchObject({ logged: false, eventId: null });
    expect(await t.services.calls.byExternalId('int-1')).toBeNull();
    expect(messages.some((m) => m.type === 'call.incoming' && m.call.externalNumber === '205')).toBe(false);
  });

  it('answers 400 for an unknown employee', async () => {
    const bySip = await pbx('register', {
      callId: 'u-1',
      direction: 'in',
      externalNumber: CLIENT_PHONE,
      sipNumber: '999',
    });
    expect(bySip.statusCode).toBe(400);
    expect(bySip.json<ErrorBody>().error).toMatchObject({
      code: 'pbx_employee_unknown',
      message: 'No user has the SIP number "999"',
      details: { fields: [{ path: 'sipNumber', code: 'pbx_employee_unknown' }] },
    });
    const byUser = await pbx('register', {
      callId: 'u-1',
      direction: 'in',
      externalNumber: CLIENT_PHONE,
      userId: 987654,
    });
    expect(byUser.statusCode).toBe(400);
    expect(byUser.json<ErrorBody>().error).toMatchObject({
      code: 'pbx_employee_unknown',
      details: { fields: [{ path: 'userId', code: 'pbx_employee_unknown' }] },
    });
    const neither = await pbx('register', { callId: 'u-1', direction: 'in', externalNumber: CLIENT_PHONE });
    expect(neither.statusCode).toBe(400);
    expect(neither.json<ErrorBody>().error.details?.fields).toEqual([
      expect.objectContaining({ path: 'sipNumber', code: 'custom' }),
    ]);
    expect(await t.services.calls.byExternalId('u-1')).toBeNull();
  });

  it('names the employee by user id: their SIP number is the employee number', async () => {
    const registered = await ok('register', {
      callId: 'by-user-1',
      direction: 'out',
      externalNumber: CLIENT_PHONE,
      userId: operatorId,
    });
    const call = await t.services.calls.byId(registered.callId);
    expect(call).toMatchObject({ employeeNumber: '101', user: { id: operatorId }, direction: 'out' });
    // An outgoing call does not pop.
    const finished = await ok('finish', { callId: 'by-user-1', durationSeconds: 40, statusCode: 200 });
    await finishedMessage(registered.callId);
    expect(messages.some((m) => m.type === 'call.incoming' && m.call.id === registered.callId)).toBe(false);
    const event = (await clientEvents()).find((e) => e.id === finished.eventId);
    expect(event?.type.code).toBe('outgoing_call');
  });

  it('finishes a call it never saw when the finish names it; else 400', async () => {
    const bare = await pbx('finish', { callId: 'late-1', durationSeconds: 12, statusCode: 200 });
    expect(bare.statusCode).toBe(400);
    expect(bare.json<ErrorBody>().error.code).toBe('pbx_call_unknown');

    const missed = await ok('finish', {
      callId: 'late-1',
      durationSeconds: 12,
      statusCode: 487,
      direction: 'in',
      externalNumber: CLIENT_PHONE,
      sipNumber: '101',
    });
    expect(missed).toMatchObject({ state: 'done', logged: true });
    const unanswered = await ok('finish', {
      callId: 'late-2',
      durationSeconds: 20,
      statusCode: 486,
      direction: 'out',
      externalNumber: CLIENT_PHONE,
      sipNumber: '101',
      startedAt: '2026-03-02T10:00:00Z',
    });
    const events = await clientEvents();
    expect(events.find((e) => e.id === missed.eventId)?.type.code).toBe('missed_incoming_call');
    expect(events.find((e) => e.id === unanswered.eventId)?.type.code).toBe('unanswered_outgoing_call');
    expect(await callOfEvent(missed.eventId!)).toMatchObject({ disposition: 'no_answer', billsec: 0 });
    expect(await callOfEvent(unanswered.eventId!)).toMatchObject({
      disposition: 'busy',
      billsec: 0,
      startedAt: '2026-03-02T10:00:00.000Z',
      answeredAt: null,
    });
  });
});
