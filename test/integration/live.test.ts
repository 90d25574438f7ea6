import http from 'node:http';
import { openSse, type SseStream } from '../support/sse.js';
import type { AddressInfo, Socket } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, sessionCookie, type Client, type TestApp } from '../support/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openContext } from '../../src/server/bootstrap.js';
import { buildApp } from '../../src/server/app.js';
import type { LiveMessage } from '../../src/shared/schemas/live.js';

/**
 * Live messages (GET /api/v1/live, Server-Sent Events) read by a real HTTP client from a
 * listening server, fed by the PBX webhook's screen pop.
 */

type LiveStream = SseStream<LiveMessage>;

/** Opens the stream, signed in by a session cookie or by `headers`. */
function openLive(
  base: string,
  cookie: string | null,
  headers: Record<string, string> = {},
): Promise<LiveStream> {
  return openSse<LiveMessage>(`${base}/api/v1/live`, { ...(cookie && { cookie }), ...headers });
}

const incomingFrom = (s: LiveStream) =>
  s.messages.flatMap((m) => (m.type === 'call.incoming' ? [m.call.externalNumber] : []));

describe('live messages (SSE)', () => {
  let t: TestApp;
  let base: string;
  let token: string;
  let annaCookie: string;
  let borisCookie: string;

  async function userWithSip(login: string, sipNumber: string): Promise<{ id: number; client: Client }> {
    const password = `${login}-password-1`;
    const { id } = await t.services.users.create({ login, fullName: login, password });
    const res = await t.admin.put(`/api/v1/settings/user-parameters/${id}`, { sipNumber, isCallPopup: true });
    expect(res.statusCode, res.body).toBe(200);
    return { id, client: await t.login(login, password) };
  }

  const ring = async (callId: string, sipNumber: string, externalNumber: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/pbx/register',
      headers: { authorization: `Bearer ${token}` },
      payload: { callId, direction: 'in', externalNumber, sipNumber },
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    token = (await t.admin.post('/api/v1/settings/telephony/pbx-token')).json<{ token: string }>().token;
    annaCookie = (await userWithSip('anna', '101')).client.cookie!;
    borisCookie = (await userWithSip('boris', '102')).client.cookie!;
  });
  afterAll(() => t.close());

  it('needs a signed-in user', async () => {
    const res = await t.anonymous.get('/api/v1/live');
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('not_authenticated');
  });

  it('answers only a client that accepts an event stream (a plain request would never end)', async () => {
    const anna = await t.login('anna', 'anna-password-1');
    const res = await anna.get('/api/v1/live');
    expect(res.statusCode).toBe(406);
    expect(t.services.live.listenerCount()).toBe(0);
  });

  it("pops an incoming call in its employee's browser only, and unsubscribes on disconnect", async () => {
    const anna = await openLive(base, annaCookie);
    const annaAgain = await openLive(base, annaCookie);
    const boris = await openLive(base, borisCookie);
    expect(anna.status).toBe(200);
    expect(anna.contentType).toMatch(/^text\/event-stream/);
    expect(t.services.live.listenerCount()).toBe(3);

    await ring('live-1', '101', '+380441112233');
    await vi.waitFor(() => expect(incomingFrom(anna)).toEqual(['+380441112233']));
    await vi.waitFor(() => expect(incomingFrom(annaAgain)).toEqual(['+380441112233']));
    const [message] = anna.received;
    expect(message).toMatchObject({
      event: 'call.incoming',
      data: { type: 'call.incoming', call: { state: 'live', direction: 'in', employeeNumber: '101' } },
    });

    // Boris's own call arrives after Anna's would have: he never got hers.
    await ring('live-2', '102', '+380442223344');
    await vi.waitFor(() => expect(incomingFrom(boris)).toEqual(['+380442223344']));
    expect(incomingFrom(anna)).toEqual(['+380441112233']);

    anna.close();
    annaAgain.close();
    boris.close();
    await vi.waitFor(() => expect(t.services.live.listenerCount()).toBe(0));
  });

  /**
   * Sends messages until the stream ends (the credential is checked again a few seconds after the
   * last check, at the next message or heartbeat); resolves with how many were sent.
   */
  const untilEnded = async (stream: LiveStream, send: (n: number) => Promise<void>): Promise<number> => {
    let ended = false;
    void stream.whenEnded.then(() => (ended = true));
    let n = 0;
    await vi.waitFor(
      async () => {
        if (!ended) await send(++n);
        expect(ended).toBe(true);
      },
      { timeout: 30_000, interval: 500 },
    );
    return n;
  };

  it('ends the stream of a session that signed out, within seconds', async () => {
    const { client: carl } = await userWithSip('carl', '103');
    const stream = await openLive(base, carl.cookie);
    expect(t.services.live.listenerCount()).toBe(1);
    expect((await carl.post('/api/v1/auth/logout')).statusCode).toBe(200);

    const sent = await untilEnded(stream, (n) =>
      ring(`live-logout-${n}`, '103', `+38044666${String(n).padStart(4, '0')}`),
    );
    await vi.waitFor(() => expect(t.services.live.listenerCount()).toBe(0));
    // The last calls found the session gone.
    expect(incomingFrom(stream).length).toBeLessThan(sent);
  });

  it('ends the stream of a user who was deactivated (signed in by an API token)', async () => {
    const { id, client: dina } = await userWithSip('dina', '104');
    const created = await dina.post('/api/v1/me/tokens', { name: 'wallboard' });
    expect(created.statusCode, created.body).toBe(201);
    const stream = await openLive(base, null, {
      authorization: `Bearer ${created.json<{ token: string }>().token}`,
    });
    await ring('live-active', '104', '+380447778899');
    await vi.waitFor(() => expect(incomingFrom(stream)).toEqual(['+380447778899']));

    const off = await t.admin.patch(`/api/v1/users/${id}`, { isActive: false });
    expect(off.statusCode, off.body).toBe(200);
    // Published to the user directly: whether the webhook still pops a deactivated user is not
    // what this checks.
    const sent = await untilEnded(stream, (n) =>
      t.services.live.publish([id], { type: 'call.finished', callId: n, eventId: null }),
    );
    await vi.waitFor(() => expect(t.services.live.listenerCount()).toBe(0));
    expect(stream.received[0]?.event).toBe('call.incoming');
    expect(stream.messages.length - 1).toBeLessThan(sent);
  });

  it('does not subscribe a client that left while the stream was being set up', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The database's LISTEN is slow to come up.
    const ready = vi.spyOn(t.services.live, 'ready').mockImplementationOnce(() => gate);
    const listening = t.services.live.listenerCount();
    try {
      const accepted = new Promise<Socket>((r) => t.app.server.once('connection', r));
      // A connection of its own (not one kept alive from an earlier test), to see the server close it.
      const req = http.get(`${base}/api/v1/live`, {
        agent: false,
        headers: { accept: 'text/event-stream', cookie: annaCookie },
      });
      req.on('error', () => undefined);
      const serverSide = await accepted;
      const left = new Promise((r) => serverSide.once('close', r));
      await vi.waitFor(() => expect(ready).toHaveBeenCalledTimes(1));
      req.destroy();
      await left;

      release();
      await gate;
      // The handler's remaining steps run on this turn's promise jobs.
      await new Promise((r) => setImmediate(r));
      expect(t.services.live.listenerCount()).toBe(listening);
    } finally {
      ready.mockRestore();
    }
  });

  it('ends open streams when the server closes, so closing does not hang', async () => {
    const second = await createTestApp();
    await second.app.listen({ port: 0, host: '127.0.0.1' });
    const address = second.app.server.address() as AddressInfo;
    const stream = await openLive(`http://127.0.0.1:${address.port}`, second.admin.cookie);
    expect(second.services.live.listenerCount()).toBe(1);
    await second.close();
    await stream.whenEnded;
    expect(second.services.live.listenerCount()).toBe(0);
  });

  it('reaches the subscribers of another process on the same database (PostgreSQL)', async () => {
    const config = loadConfig(
      {},
      { dataDir: t.database.dataDir, databaseUrl: t.database.databaseUrl, logLevel: 'silent' },
    );
    if (t.database.engine === 'sqlite') {
      // The file is locked to one process: delivering within it is all SQLite needs.
      await expect(openContext(config)).rejects.toThrow(/already in use/);
      return;
    }
    const ctx = await openContext(config);
    const { app } = await buildApp(ctx);
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login: 'anna', password: 'anna-password-1' },
      });
      const stream = await openLive(
        `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
        sessionCookie(login),
      );
      await ring('live-3', '101', '+380443334455');
      await vi.waitFor(() => expect(incomingFrom(stream)).toEqual(['+380443334455']));

      // The listening connection of the other process is cut (a database restart, a proxy):
      // it listens again. Messages sent meanwhile are lost (at most once); a later one arrives.
      const cut = await sql<{ cut: boolean }>`
        select pg_terminate_backend(pid) as cut from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query like 'LISTEN%'`.execute(
        ctx.database.db,
      );
      expect(cut.rows.length).toBeGreaterThan(0);
      expect(cut.rows.every((r) => r.cut)).toBe(true);
      let n = 0;
      await vi.waitFor(
        async () => {
          await ring(`live-cut-${++n}`, '101', `+38044555${String(n).padStart(4, '0')}`);
          expect(incomingFrom(stream).length).toBeGreaterThan(1);
        },
        { timeout: 15_000, interval: 300 },
      );
      stream.close();
    } finally {
      await app.close();
      await ctx.database.close();
    }
  });
});
