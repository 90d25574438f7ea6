import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { startAmiPeer, type AmiPeer } from '../support/ami-peer.js';
import { AmiClient } from '../../src/server/modules/telephony/ami-client.js';
import type { LiveMessage } from '../../src/shared/schemas/live.js';
import type { Call, CallPage } from '../../src/shared/schemas/telephony.js';
import type { EventListItem } from '../../src/shared/schemas/events.js';
import type { UserStatus } from '../../src/shared/schemas/reference-books.js';

/**
 * The Asterisk Manager Interface adapter against a peer speaking the AMI framing: login,
 * click-to-call (Originate), queue pause by user status (QueuePause), and call events
 * (DialBegin / DialEnd / Hangup) that pop the call and log it.
 */

const AMI_USER = 'kartoteka';
const SECRET = 'Ami-Secret-7qX';
const WRONG_SECRET = 'Not-The-Secret-3wE';
const CLIENT_PHONE = '+380445556677';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: { fields?: { path: string; code: string; message: string }[] } | null;
  };
}

describe('Asterisk AMI adapter', () => {
  let t: TestApp;
  let peer: AmiPeer;
  let olga: Client;
  let olgaId: number;
  let pavel: Client;
  let nosip: Client;
  let clientId: number;
  let statuses: Map<string, number>;
  const messages: LiveMessage[] = [];

  const settings = async () =>
    (await t.admin.get('/api/v1/settings/telephony')).json<{ amiState: string; amiError: string | null }>();
  const putSettings = async (body: object) => {
    const res = await t.admin.put('/api/v1/settings/telephony', body);
    expect(res.statusCode, res.body).toBe(200);
  };
  const waitForState = (state: string) =>
    vi.waitFor(async () => expect((await settings()).amiState).toBe(state), {
      timeout: 10_000,
      interval: 50,
    });
  const originate = (as: Client, number: string) => as.post('/api/v1/telephony/originate', { number });

  async function user(login: string, params: object): Promise<{ id: number; client: Client }> {
    const password = `${login}-password-1`;
    const { id } = await t.services.users.create({ login, fullName: login, password });
    const res = await t.admin.put(`/api/v1/settings/user-parameters/${id}`, params);
    expect(res.statusCode, res.body).toBe(200);
    return { id, client: await t.login(login, password) };
  }

  beforeAll(async () => {
    t = await createTestApp();
    peer = await startAmiPeer({ user: AMI_USER, secret: SECRET });
    ({ id: olgaId, client: olga } = await user('olga', {
      sipNumber: '101',
      isTelephonyStatuses: true,
      isCallPopup: true,
    }));
    ({ client: pavel } = await user('pavel', { sipNumber: '102', isTelephonyStatuses: false }));
    ({ client: nosip } = await user('nosip', { isTelephonyStatuses: true }));
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ТОВ «Світанок»',
      phones: [{ number: CLIENT_PHONE }],
    });
    expect(client.statusCode, client.body).toBe(201);
    clientId = client.json<{ id: number }>().id;
    const list = (await t.admin.get('/api/v1/settings/user-statuses')).json<UserStatus[]>();
    statuses = new Map(list.map((s) => [s.code, s.id]));
    t.services.live.subscribe(olgaId, (m) => messages.push(m));
    await t.services.live.ready();
    t.services.ami.start();
  });
  afterAll(async () => {
    await t.services.ami.stop();
    await peer.close();
    await t.close();
  });

  it('is off until enabled: click-to-call answers telephony_ami_off', async () => {
    expect(await settings()).toMatchObject({ amiState: 'off', amiError: null });
    const res = await originate(olga, '0441234567');
    expect(res.statusCode).toBe(409);
    expect(res.json<ErrorBody>().error.code).toBe('telephony_ami_off');
    expect(peer.actions).toEqual([]);
  });

  it('logs in with the settings; a wrong secret is an error state that does not show the secret', async () => {
    await putSettings({
      isAmiEnabled: true,
      amiHost: '127.0.0.1',
      amiPort: peer.port,
      amiUser: AMI_USER,
      amiSecret: WRONG_SECRET,
      amiContext: 'from-internal',
    });
    await waitForState('error');
    const { amiError } = await settings();
    expect(amiError).toContain('Authentication failed');
    expect(amiError).not.toContain(WRONG_SECRET);
    const [login] = peer.actionsNamed('Login');
    expect(login).toMatchObject({ Action: 'Login', Username: AMI_USER, Secret: WRONG_SECRET });
    expect(login!.ActionID).toBeTruthy();
    expect(peer.sessions()).toBe(0);

    const res = await originate(olga, '0441234567');
    expect(res.statusCode).toBe(503);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'telephony_ami_unreachable' });

    await putSettings({ amiSecret: SECRET });
    await waitForState('connected');
    expect(await settings()).toMatchObject({ amiState: 'connected', amiError: null });
    expect(peer.sessions()).toBe(1);
    expect(peer.actionsNamed('Login').at(-1)).toMatchObject({ Username: AMI_USER, Secret: SECRET });
    expect(t.logs.join('')).not.toContain(SECRET);
  });

  it("click-to-call originates from the user's channel to the number", async () => {
    const res = await originate(olga, '+38 (044) 123-45-67');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ channel: 'PJSIP/101', number: '+380441234567' });
    const sent = peer.actionsNamed('Originate');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      Action: 'Originate',
      Channel: 'PJSIP/101',
      Context: 'from-internal',
      Exten: '+380441234567',
      Priority: '1',
      Async: 'true',
    });
    expect(sent[0]!.CallerID).toContain('<101>');
    const actionIds = peer.actions.map((a) => a.ActionID);
    expect(new Set(actionIds).size).toBe(actionIds.length);

    await putSettings({ amiChannelTemplate: 'SIP/{sip}', amiContext: 'crm-dial' });
    expect((await originate(olga, '0441234567')).json()).toEqual({
      channel: 'SIP/101',
      number: '0441234567',
    });
    expect(peer.actionsNamed('Originate').at(-1)).toMatchObject({ Channel: 'SIP/101', Context: 'crm-dial' });
    // Changing the dial plan settings keeps the connection.
    expect(peer.actionsNamed('Login')).toHaveLength(2);
    await putSettings({ amiChannelTemplate: 'PJSIP/{sip}', amiContext: 'from-internal' });
  });

  it('maps refusals: no SIP number, a bad number, Asterisk saying no', async () => {
    const before = peer.actionsNamed('Originate').length;
    const noSip = await originate(nosip, '0441234567');
    expect(noSip.statusCode).toBe(400);
    expect(noSip.json<ErrorBody>().error.code).toBe('telephony_no_sip');

    const bad = await originate(olga, '044-12;34');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error.details?.fields).toEqual([
      expect.objectContaining({ path: 'number', code: 'telephony_number_invalid' }),
    ]);
    // A line break would smuggle a second header into the packet.
    const injected = await originate(olga, '0441234567\r\nApplication: System');
    expect(injected.statusCode).toBe(400);
    expect(peer.actionsNamed('Originate')).toHaveLength(before);

    peer.failNext('Originate', 'Extension does not exist.');
    const refused = await originate(olga, '0441234567');
    expect(refused.statusCode).toBe(502);
    expect(refused.json<ErrorBody>().error).toMatchObject({
      code: 'telephony_ami_failed',
      message: 'Asterisk отказал: Extension does not exist.',
    });
    expect(peer.actionsNamed('Originate')).toHaveLength(before + 1);
  });

  it('pauses and unpauses the queue member by status, only for users who use statuses for telephony', async () => {
    const setStatus = async (as: Client, code: string) => {
      const res = await as.put('/api/v1/me/status', { statusId: statuses.get(code) });
      expect(res.statusCode, res.body).toBe(200);
    };
    await setStatus(pavel, 'break');
    await setStatus(nosip, 'break');
    expect(peer.actionsNamed('QueuePause')).toEqual([]);

    await setStatus(olga, 'break');
    await setStatus(olga, 'available');
    await putSettings({ amiQueue: 'support' });
    await setStatus(olga, 'wrap_up');
    expect(
      peer.actionsNamed('QueuePause').map(({ Interface, Paused, Queue, Reason }) => ({
        Interface,
        Paused,
        Queue,
        Reason,
      })),
    ).toEqual([
      { Interface: 'PJSIP/101', Paused: 'true', Queue: undefined, Reason: 'Перерыв' },
      { Interface: 'PJSIP/101', Paused: 'false', Queue: undefined, Reason: 'Свободен' },
      { Interface: 'PJSIP/101', Paused: 'true', Queue: 'support', Reason: 'Постобработка' },
    ]);

    // FreePBX's queue members are Local channels: the member template names them.
    await putSettings({ amiQueue: '', amiQueueInterfaceTemplate: 'Local/{sip}@from-queue/n' });
    await setStatus(olga, 'break');
    expect(peer.actionsNamed('QueuePause').at(-1)).toMatchObject({
      Interface: 'Local/101@from-queue/n',
      Paused: 'true',
    });
    await putSettings({ amiQueueInterfaceTemplate: '' });

    // Asterisk's refusal does not undo the status change; it is logged.
    peer.failNext('QueuePause', 'Interface not found');
    await setStatus(olga, 'available');
    expect((await olga.get('/api/v1/me/status')).json()).toMatchObject({ status: { code: 'available' } });
    expect(t.logs.join('')).toContain('Interface not found');
  });

  it('pops a call that rings a user phone and logs it when it hangs up', async () => {
    const caller = { Channel: 'PJSIP/trunk-00000010', Uniqueid: '1772000000.10', Linkedid: '1772000000.10' };
    const phone = { DestChannel: 'PJSIP/101-00000011', DestUniqueid: '1772000000.11' };
    peer.emit('Newchannel', { ...caller, CallerIDNum: CLIENT_PHONE, Exten: '500' });
    peer.emit('DialBegin', {
      ...caller,
      CallerIDNum: CLIENT_PHONE,
      CallerIDName: 'Світанок',
      ...phone,
      DestCallerIDNum: '101',
      DestLinkedid: caller.Linkedid,
      DialString: '101',
    });
    const pop = await vi.waitFor(() => {
      const m = messages.find((x) => x.type === 'call.incoming' && x.call.externalNumber === CLIENT_PHONE);
      expect(m).toBeDefined();
      return m as Extract<LiveMessage, { type: 'call.incoming' }>;
    });
    expect(pop.call).toMatchObject({
      state: 'live',
      source: 'ami',
      direction: 'in',
      employeeNumber: '101',
      user: { id: olgaId },
    });
    const mine = (await olga.get('/api/v1/telephony/calls/mine')).json<CallPage>();
    expect(mine.items.find((c) => c.id === pop.call.id)?.state).toBe('live');

    peer.emit('DialEnd', { ...caller, ...phone, DestCallerIDNum: '101', DialStatus: 'ANSWER' });
    peer.emit('Hangup', { Channel: phone.DestChannel, Uniqueid: phone.DestUniqueid, Cause: '16' });
    peer.emit('Hangup', { ...caller, Cause: '16' });
    const finished = await vi.waitFor(() => {
      const m = messages.find((x) => x.type === 'call.finished' && x.callId === pop.call.id);
      expect(m).toBeDefined();
      return m as Extract<LiveMessage, { type: 'call.finished' }>;
    });
    expect(finished.eventId).not.toBeNull();
    const call = (await t.admin.get(`/api/v1/events/${finished.eventId}/call`)).json<{ call: Call }>().call;
    expect(call).toMatchObject({
      id: pop.call.id,
      state: 'done',
      disposition: 'answered',
      client: { id: clientId },
      user: { id: olgaId },
    });
    const events = (await t.admin.get(`/api/v1/events?clientId=${clientId}`)).json<{
      items: EventListItem[];
    }>();
    expect(events.items.map((e) => [e.id, e.type.code])).toEqual([[finished.eventId, 'incoming_call']]);

    // The call records of the same conversation (uniqueid/linkedid of the caller's channel) come later.
    const stored = await t.services.calls.store([
      {
        source: 'import',
        externalId: caller.Uniqueid,
        linkedId: caller.Linkedid,
        sequence: '1',
        rowHash: null,
        direction: 'in',
        externalNumber: CLIENT_PHONE,
        employeeNumber: '101',
        userId: null,
        startedAt: call.startedAt,
        answeredAt: call.answeredAt,
        durationSeconds: call.durationSeconds,
        billsec: call.billsec,
        disposition: 'answered',
        recordingUrl: null,
        recordingFile: null,
      },
    ]);
    expect(stored).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('logs a call nobody answered as missed, and ignores calls between employees', async () => {
    const caller = { Channel: 'PJSIP/trunk-00000020', Uniqueid: '1772000000.20', Linkedid: '1772000000.20' };
    const phone = { DestChannel: 'PJSIP/101-00000021', DestUniqueid: '1772000000.21' };
    // An internal call: 102 rings 101.
    peer.emit('DialBegin', {
      Channel: 'PJSIP/102-00000030',
      Uniqueid: '1772000000.30',
      Linkedid: '1772000000.30',
      CallerIDNum: '102',
      DestChannel: 'PJSIP/101-00000031',
      DestUniqueid: '1772000000.31',
      DestCallerIDNum: '101',
    });
    peer.emit('DialBegin', { ...caller, CallerIDNum: CLIENT_PHONE, ...phone, DestCallerIDNum: '<unknown>' });
    peer.emit('DialEnd', { ...caller, ...phone, DialStatus: 'CANCEL' });
    peer.emit('Hangup', { Channel: phone.DestChannel, Uniqueid: phone.DestUniqueid });
    const finished = await vi.waitFor(async () => {
      const logged = await t.services.calls.byExternalId(phone.DestUniqueid);
      expect(logged?.state).toBe('done');
      return logged!;
    });
    expect(finished).toMatchObject({ disposition: 'no_answer', billsec: 0, employeeNumber: '101' });
    expect(await t.services.calls.byExternalId('1772000000.31')).toBeNull();
    const events = (await t.admin.get(`/api/v1/events?clientId=${clientId}`)).json<{
      items: EventListItem[];
    }>();
    expect(events.items.find((e) => e.id === finished.eventId)?.type.code).toBe('missed_incoming_call');
  });

  it('does not pop a deactivated user and logs their call without a user', async () => {
    const { id } = await user('roman', { sipNumber: '103', isCallPopup: true });
    const received: LiveMessage[] = [];
    const unsubscribe = t.services.live.subscribe(id, (m) => received.push(m));
    const off = await t.admin.patch(`/api/v1/users/${id}`, { isActive: false });
    expect(off.statusCode, off.body).toBe(200);

    const caller = { Channel: 'PJSIP/trunk-00000040', Uniqueid: '1772000000.40', Linkedid: '1772000000.40' };
    const phone = { DestChannel: 'PJSIP/103-00000041', DestUniqueid: '1772000000.41' };
    peer.emit('DialBegin', { ...caller, CallerIDNum: CLIENT_PHONE, ...phone, DestCallerIDNum: '103' });
    peer.emit('DialEnd', { ...caller, ...phone, DialStatus: 'ANSWER' });
    peer.emit('Hangup', { Channel: phone.DestChannel, Uniqueid: phone.DestUniqueid });
    const logged = await vi.waitFor(async () => {
      const call = await t.services.calls.byExternalId(phone.DestUniqueid);
      expect(call?.state).toBe('done');
      return call!;
    });
    unsubscribe();
    expect(logged).toMatchObject({ user: null, employeeNumber: '103', disposition: 'answered' });
    expect(logged.eventId).not.toBeNull();
    // No pop and no finish for them (documents changed are everyone's, filtered per reader by the stream).
    expect(received.filter((m) => m.type.startsWith('call.'))).toEqual([]);
  });

  it('refuses AMI settings with a line break, which would break every later action', async () => {
    const res = await t.admin.put('/api/v1/settings/telephony', {
      amiHost: 'pbx.local\r\nAction: Originate',
      amiUser: 'kartoteka\nx',
      amiSecret: `${SECRET}\n`,
      amiContext: 'from-internal\rx',
      amiQueue: 'support\nx',
      amiChannelTemplate: 'PJSIP/{sip}\r\nx',
    });
    expect(res.statusCode, res.body).toBe(400);
    const oneLine = 'Значение должно быть одной строкой, без переводов строки';
    expect(
      Object.fromEntries(res.json<ErrorBody>().error.details!.fields!.map((f) => [f.path, f.message])),
    ).toEqual({
      amiHost: oneLine,
      amiUser: oneLine,
      amiSecret: oneLine,
      amiContext: oneLine,
      amiQueue: oneLine,
      amiChannelTemplate: oneLine,
    });
    // Nothing was saved: the link and click-to-call still work.
    expect((await originate(olga, '0441234567')).statusCode).toBe(200);
  });

  it('reconnects when the PBX drops the connection, and disconnects when turned off', async () => {
    const logins = peer.actionsNamed('Login').length;
    peer.dropAll();
    await vi.waitFor(() => expect(peer.actionsNamed('Login')).toHaveLength(logins + 1), { timeout: 10_000 });
    await waitForState('connected');
    expect(peer.sessions()).toBe(1);

    await putSettings({ isAmiEnabled: false });
    expect(await settings()).toMatchObject({ amiState: 'off', amiError: null });
    await vi.waitFor(() => expect(peer.sessions()).toBe(0));
    expect(peer.actions.at(-1)).toMatchObject({ Action: 'Logoff' });
  });

  it('stops pinging when closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const client = new AmiClient({
        host: '127.0.0.1',
        port: peer.port,
        user: AMI_USER,
        secret: SECRET,
        pingIntervalMs: 1_000,
      });
      client.start();
      await vi.waitFor(() => expect(client.state).toBe('connected'));
      const pings = peer.actionsNamed('Ping').length;
      vi.advanceTimersByTime(1_000);
      await vi.waitFor(() => expect(peer.actionsNamed('Ping')).toHaveLength(pings + 1));
      expect(vi.getTimerCount()).toBe(1);
      await client.close();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
