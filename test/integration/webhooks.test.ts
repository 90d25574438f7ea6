import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { grantAccess, rightlessUser } from '../support/access.js';
import { WebhookPeer, type ReceivedRequest } from '../support/webhook-peer.js';
import { loadConfig } from '../../src/server/config.js';
import { openContext } from '../../src/server/bootstrap.js';
import { buildApp } from '../../src/server/app.js';
import type { Task } from '../../src/shared/schemas/tasks.js';
import type { Webhook, WebhookDelivery } from '../../src/shared/schemas/webhooks.js';

type WithSecret = Webhook & { secret: string | null };
interface Payload {
  id: string;
  event: string;
  occurredAt: string;
  actor: { id: number; name: string } | null;
  document: {
    type: string;
    id: number;
    number: string;
    title: string;
    statusId: number | null;
    statusCode: string | null;
    url: string;
  };
  changedFields: string[];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Outgoing webhooks (Администратор → Вебхуки): the registry, deliveries of document events to a
 * real HTTP endpoint, signed, retried with backoff, logged; never in the way of the user's save.
 */
describe('webhooks', () => {
  let t: TestApp;
  let peer: WebhookPeer;
  let statuses: Record<string, number>;

  const register = async (body: Record<string, unknown>): Promise<WithSecret> => {
    const res = await t.admin.post('/api/v1/admin/webhooks', {
      name: 'Учёт',
      url: peer.url + '/hook',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<WithSecret>();
  };
  const createTask = async (title: string): Promise<Task> => {
    const res = await t.admin.post('/api/v1/tasks', { title });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Task>();
  };
  const deliveries = async (hookId: number, query = ''): Promise<WebhookDelivery[]> => {
    const res = await t.admin.get(`/api/v1/admin/webhooks/${hookId}/deliveries${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: WebhookDelivery[] }>().items;
  };
  const payloadOf = (r: ReceivedRequest) => JSON.parse(r.body) as Payload;
  const run = (opts: { now?: Date; timeoutMs?: number } = {}) => t.services.webhooks.runOnce(opts);

  beforeAll(async () => {
    t = await createTestApp();
    const list = (await t.admin.get('/api/v1/settings/task-statuses')).json<{ id: number; code: string }[]>();
    statuses = Object.fromEntries(list.map((s) => [s.code, s.id]));
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    peer = await WebhookPeer.start();
  });
  afterEach(async () => {
    // Each test's webhooks go: the next test's changes must reach only its own.
    for (const hook of (await t.admin.get('/api/v1/admin/webhooks')).json<{ items: Webhook[] }>().items) {
      expect((await t.admin.delete(`/api/v1/admin/webhooks/${hook.id}`)).statusCode).toBe(200);
    }
    await peer.close();
  });

  it('is for administrators; the secret is shown once, on creation and on rotation', async () => {
    const { client: ivan } = await rightlessUser(t, 'ivan', 'Иван');
    expect((await ivan.get('/api/v1/admin/webhooks')).statusCode).toBe(403);
    expect((await ivan.post('/api/v1/admin/webhooks', { name: 'x', url: peer.url })).statusCode).toBe(403);

    const bad = await t.admin.post('/api/v1/admin/webhooks', {
      name: 'x',
      url: 'ftp://example.org',
      secret: 'short',
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<{ error: { details: { fields: { path: string; message: string }[] } } }>().error
      .details.fields;
    expect(fields.map((f) => [f.path, f.message]).sort()).toEqual([
      ['secret', 'Секрет — не короче 16 символов'],
      ['url', 'Адрес вида https://… или http://…'],
    ]);

    const made = await register({ events: ['created'], docTypes: ['task'] });
    expect(made.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(made).toMatchObject({
      events: ['created'],
      docTypes: ['task'],
      isActive: true,
      pending: 0,
      failed: 0,
    });
    const own = await register({ name: 'Свой секрет', secret: 'a-secret-of-my-own-1234' });
    expect(own.secret).toBe('a-secret-of-my-own-1234');

    const got = await t.admin.get(`/api/v1/admin/webhooks/${made.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).not.toHaveProperty('secret');
    const listed = (await t.admin.get('/api/v1/admin/webhooks')).json<{ items: Webhook[] }>().items;
    expect(listed.map((h) => h.name).sort()).toEqual(['Свой секрет', 'Учёт']);
    expect(JSON.stringify(listed)).not.toContain('a-secret-of-my-own-1234');

    const renamed = await t.admin.patch(`/api/v1/admin/webhooks/${own.id}`, { name: 'Другое' });
    expect(renamed.json<WithSecret>()).toMatchObject({ name: 'Другое', secret: null });
    const rotated = await t.admin.patch(`/api/v1/admin/webhooks/${own.id}`, { rotateSecret: true });
    expect(rotated.statusCode).toBe(200);
    const secret = rotated.json<WithSecret>().secret!;
    expect(secret).not.toBe('a-secret-of-my-own-1234');

    // The new secret signs from now on.
    const ping = await t.admin.post(`/api/v1/admin/webhooks/${own.id}/ping`);
    expect(ping.statusCode, ping.body).toBe(201);
    expect(await run()).toMatchObject({ delivered: 1 });
    const [req] = peer.requests;
    const ts = req!.headers['x-kartoteka-timestamp'] as string;
    expect(req!.headers['x-kartoteka-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${ts}.${req!.body}`).digest('hex')}`,
    );
    expect(JSON.parse(req!.body)).toMatchObject({ event: 'ping', webhook: { id: own.id, name: 'Другое' } });

    expect((await t.admin.get('/api/v1/admin/webhooks/999999')).statusCode).toBe(404);
    expect((await t.admin.delete('/api/v1/admin/webhooks/999999')).statusCode).toBe(404);
  });

  it('records each change in the settings change log, never the secret; only administrators read it', async () => {
    interface Change {
      area: string;
      entity: string;
      entityId: string | null;
      action: string;
      changes: Record<string, { old: unknown; new: unknown }>;
      user: { login: string } | null;
    }
    const changes = async (query: string, c = t.admin) => {
      const res = await c.get(`/api/v1/settings/changes${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: Change[]; total: number }>();
    };
    const given = 'a-secret-for-the-change-log-1';
    const made = await register({ name: 'Журнал', events: ['created'], docTypes: ['task'], secret: given });
    const edited = await t.admin.patch(`/api/v1/admin/webhooks/${made.id}`, {
      name: 'Журнал задач',
      url: peer.url + '/tasks',
      events: ['created', 'deleted'],
      docTypes: [],
      isActive: false,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    // Saved as it is: nothing to record.
    expect(
      (await t.admin.patch(`/api/v1/admin/webhooks/${made.id}`, { name: 'Журнал задач' })).statusCode,
    ).toBe(200);
    const rotated = await t.admin.patch(`/api/v1/admin/webhooks/${made.id}`, { rotateSecret: true });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const secret = rotated.json<WithSecret>().secret!;
    expect((await t.admin.delete(`/api/v1/admin/webhooks/${made.id}`)).statusCode).toBe(200);

    const { items } = await changes(`?area=webhooks&entityId=${made.id}`);
    expect(items.map((c) => [c.area, c.entity, c.action, c.user?.login])).toEqual([
      ['webhooks', 'webhook', 'delete', 'admin'],
      ['webhooks', 'webhook', 'update', 'admin'],
      ['webhooks', 'webhook', 'update', 'admin'],
      ['webhooks', 'webhook', 'create', 'admin'],
    ]);
    const [deleted, rotation, edit, creation] = items.map((c) => c.changes);
    expect(creation).toEqual({
      name: { old: null, new: 'Журнал' },
      url: { old: null, new: peer.url + '/hook' },
      events: { old: null, new: ['created'] },
      docTypes: { old: null, new: ['task'] },
      isActive: { old: null, new: true },
    });
    expect(edit).toEqual({
      name: { old: 'Журнал', new: 'Журнал задач' },
      url: { old: peer.url + '/hook', new: peer.url + '/tasks' },
      events: { old: ['created'], new: ['created', 'deleted'] },
      docTypes: { old: ['task'], new: [] },
      isActive: { old: true, new: false },
    });
    expect(rotation).toEqual({ isSecretRotated: { old: null, new: true } });
    expect(deleted).toEqual({
      name: { old: 'Журнал задач', new: null },
      url: { old: peer.url + '/tasks', new: null },
      events: { old: ['created', 'deleted'], new: null },
      docTypes: { old: [], new: null },
      isActive: { old: false, new: null },
    });
    const stored = await t.ctx.database.db.selectFrom('settings_changes').select('changes').execute();
    for (const s of [given, secret, made.secret!])
      expect(
        stored.some((r) => r.changes.includes(s)),
        'a secret in the log',
      ).toBe(false);

    // The log is open to whoever reads the parameters area; the webhooks' entries only to administrators.
    const { id: olgaId, client: olga } = await rightlessUser(t, 'olga', 'Ольга');
    await grantAccess(t, olgaId, {
      areas: { books: 'none', numbering: 'none', parameters: 'read', mail: 'none', users: 'none' },
    });
    const all = await changes('?limit=500');
    expect(all.items.filter((c) => c.area === 'webhooks').length).toBeGreaterThanOrEqual(4);
    const seen = await changes('?limit=500', olga);
    expect(seen.items.length).toBeGreaterThan(0);
    expect(seen.items.filter((c) => c.area === 'webhooks')).toEqual([]);
    expect(seen.total).toBe(all.total - all.items.filter((c) => c.area === 'webhooks').length);
    expect(await changes('?area=webhooks', olga)).toEqual({ items: [], total: 0 });
    expect(await changes(`?entity=webhook&entityId=${made.id}`, olga)).toEqual({ items: [], total: 0 });
  });

  it('delivers document events signed, only those a webhook listens to', async () => {
    const hook = await register({ events: ['created', 'status_changed'], docTypes: ['task'] });
    const task = await createTask('Сверить акты');
    // Not listened to: an update without a status change, a comment, a project.
    expect(
      (await t.admin.patch(`/api/v1/tasks/${task.id}`, { title: 'Сверить акты за май' })).statusCode,
    ).toBe(200);
    expect((await t.admin.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Начал' })).statusCode).toBe(201);
    expect(
      (await t.admin.post('/api/v1/projects', { name: 'Внутренний', kind: 'internal' })).statusCode,
    ).toBe(201);
    // A status change together with another field: status_changed (updated is not listened to).
    const moved = await t.admin.patch(`/api/v1/tasks/${task.id}`, {
      statusId: statuses.in_progress,
      priority: 'high',
    });
    expect(moved.statusCode, moved.body).toBe(200);

    expect(await run()).toEqual({ delivered: 2, retried: 0, failed: 0 });
    expect(peer.requests).toHaveLength(2);
    for (const req of peer.requests) {
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/hook');
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      const ts = Number(req.headers['x-kartoteka-timestamp']);
      expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(600);
      const expected = createHmac('sha256', hook.secret!).update(`${ts}.${req.body}`).digest('hex');
      expect(req.headers['x-kartoteka-signature']).toBe(`sha256=${expected}`);
      expect(req.headers['x-kartoteka-event']).toBe(payloadOf(req).event);
    }
    const [created, statusChanged] = peer.requests.map(payloadOf);
    expect(created).toMatchObject({
      event: 'task.created',
      actor: { name: 'Администратор' },
      document: {
        type: 'task',
        id: task.id,
        number: task.number,
        title: 'Сверить акты',
        url: `/tasks/${task.id}`,
      },
      changedFields: [],
    });
    expect(statusChanged).toMatchObject({
      event: 'task.status_changed',
      document: { statusId: statuses.in_progress, statusCode: 'in_progress', title: 'Сверить акты за май' },
      changedFields: expect.arrayContaining(['statusId', 'priority']) as unknown,
    });
    expect(created!.id).not.toBe(statusChanged!.id);

    const log = await deliveries(hook.id);
    expect(log.map((d) => [d.event, d.status, d.attempts, d.lastStatusCode])).toEqual([
      ['task.status_changed', 'delivered', 1, 200],
      ['task.created', 'delivered', 1, 200],
    ]);
    const delivery = log[0]!;
    expect(peer.requests.some((r) => r.headers['x-kartoteka-delivery'] === String(delivery.id))).toBe(true);
    expect(delivery.payload).toBe(peer.requests[1]!.body);
  });

  it('retries with backoff until the endpoint takes it, counting the attempts', async () => {
    const hook = await register({ docTypes: ['task'], events: ['created'] });
    peer.answerNext({ status: 500, body: 'database is down' });
    const task = await createTask('Повторить отправку');
    const start = new Date();

    expect(await run({ now: start })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    let [d] = await deliveries(hook.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, docId: task.id });
    expect(d!.lastError).toContain('database is down');
    expect(Date.parse(d!.nextAttemptAt!) - start.getTime()).toBe(30_000);
    const listed = (await t.admin.get(`/api/v1/admin/webhooks/${hook.id}`)).json<Webhook>();
    expect(listed).toMatchObject({
      pending: 1,
      failed: 0,
      lastDelivery: { status: 'pending', statusCode: 500 },
    });

    // Not yet due: nothing is sent.
    expect(await run({ now: new Date(start.getTime() + 10_000) })).toEqual({
      delivered: 0,
      retried: 0,
      failed: 0,
    });
    expect(peer.requests).toHaveLength(1);

    expect(await run({ now: new Date(start.getTime() + 31_000) })).toEqual({
      delivered: 1,
      retried: 0,
      failed: 0,
    });
    [d] = await deliveries(hook.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null });
    expect(d!.deliveredAt).not.toBeNull();
    expect(d!.durationMs).toBeGreaterThanOrEqual(0);
    expect(peer.requests).toHaveLength(2);
    // A retry sends the very same body.
    expect(peer.requests[1]!.body).toBe(peer.requests[0]!.body);
    expect(await deliveries(hook.id, '?status=pending')).toEqual([]);
  });

  it('gives up after eight attempts; an administrator sends it again', async () => {
    const hook = await register({ docTypes: ['task'], events: ['created'] });
    peer.answerNext(...Array.from({ length: 8 }, () => ({ status: 503 })));
    await createTask('Недоступный адрес');
    let now = Date.now();
    const outcomes = [];
    for (let i = 0; i < 8; i++) {
      outcomes.push(await run({ now: new Date(now) }));
      now += 2 * DAY;
    }
    expect(outcomes.map((o) => (o.failed ? 'failed' : o.retried ? 'retried' : 'none'))).toEqual([
      ...Array.from({ length: 7 }, () => 'retried'),
      'failed',
    ]);
    const [d] = await deliveries(hook.id, '?status=failed');
    expect(d).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 503, nextAttemptAt: null });
    expect((await t.admin.get(`/api/v1/admin/webhooks/${hook.id}`)).json<Webhook>()).toMatchObject({
      pending: 0,
      failed: 1,
    });

    const again = await t.admin.post(`/api/v1/admin/webhooks/${hook.id}/deliveries/${d!.id}/redeliver`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<WebhookDelivery>().status).toBe('pending');
    expect(await run()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 9 });
    expect(peer.requests).toHaveLength(9);
    expect(
      (await t.admin.post(`/api/v1/admin/webhooks/${hook.id}/deliveries/999999/redeliver`)).statusCode,
    ).toBe(404);
  });

  it('a slow endpoint times out in the background; saves answer at once', async () => {
    const hook = await register({ docTypes: ['task'], events: ['created'] });
    peer.answerNext({ hang: true });
    await createTask('Медленный адрес');
    const pass = run({ timeoutMs: 500 });
    await vi.waitFor(() => expect(peer.holding).toBe(1), { timeout: 10_000 });

    // The endpoint still holds the first delivery while the next saves are answered.
    const next = await createTask('Сохранена сразу');
    expect(next.title).toBe('Сохранена сразу');
    expect(peer.holding).toBe(1);

    expect(await pass).toEqual({ delivered: 0, retried: 1, failed: 0 });
    const log = await deliveries(hook.id);
    const timedOut = log.find((d) => d.docId !== next.id)!;
    expect(timedOut).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(timedOut.lastError).toBe('timed out after 500 ms');
    expect(t.logs.join('')).toMatch(
      /webhooks: delivery not accepted.*timed out after 500 ms|timed out after 500 ms.*webhooks: delivery not accepted/,
    );
    // The save of the second task queued its own delivery.
    expect(log.find((d) => d.docId === next.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('the running job delivers soon after a save', async () => {
    await register({ docTypes: ['task'], events: ['created'] });
    t.services.webhooks.start();
    try {
      const task = await createTask('Сразу наружу');
      await vi.waitFor(() => expect(peer.requests.map((r) => payloadOf(r).document.id)).toEqual([task.id]), {
        timeout: 15_000,
        interval: 100,
      });
    } finally {
      await t.services.webhooks.stop();
    }
  });

  it('a deleted webhook gets nothing more; a switched-off one holds its deliveries', async () => {
    const hook = await register({ docTypes: ['task'], events: ['created'] });
    peer.answerNext({ status: 500 });
    await createTask('До удаления');
    expect(await run()).toMatchObject({ retried: 1 });
    expect((await t.admin.delete(`/api/v1/admin/webhooks/${hook.id}`)).statusCode).toBe(200);
    await createTask('После удаления');
    expect(await run({ now: new Date(Date.now() + DAY) })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(peer.requests).toHaveLength(1);
    expect((await t.admin.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).statusCode).toBe(404);

    const paused = await register({ docTypes: ['task'], events: ['created'], isActive: false });
    await createTask('Пока выключен');
    expect(await deliveries(paused.id)).toEqual([]);
    const ping = await t.admin.post(`/api/v1/admin/webhooks/${paused.id}/ping`);
    expect(ping.statusCode).toBe(201);
    expect(await run()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect((await t.admin.patch(`/api/v1/admin/webhooks/${paused.id}`, { isActive: true })).statusCode).toBe(
      200,
    );
    expect(await run()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(peer.requests.map((r) => payloadOf(r).event)).toEqual(['task.created', 'ping']);
  });

  it('never sends one delivery twice when several passes run at once', async () => {
    const hook = await register({ docTypes: ['task'], events: ['created'] });
    for (let i = 0; i < 12; i++) await createTask(`Параллельно ${i}`);
    if (t.database.engine === 'sqlite') {
      // One process holds the file: its passes run one after another.
      const results = await Promise.all([run(), run(), run()]);
      expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(12);
    } else {
      // A second process on the same database claims from the same table.
      const config = loadConfig(
        {},
        { dataDir: t.database.dataDir, databaseUrl: t.database.databaseUrl, logLevel: 'silent' },
      );
      const ctx = await openContext(config);
      const { app, services } = await buildApp(ctx);
      try {
        const results = await Promise.all([
          run(),
          services.webhooks.runOnce(),
          run(),
          services.webhooks.runOnce(),
        ]);
        expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(12);
      } finally {
        await app.close();
        await ctx.database.close();
      }
    }
    const ids = peer.requests.map((r) => r.headers['x-kartoteka-delivery']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    // The log pages by keyset, newest first.
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.admin.get(
        `/api/v1/admin/webhooks/${hook.id}/deliveries?status=delivered&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = res.json<{ items: WebhookDelivery[]; nextCursor: string | null }>();
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('takes back a delivery left «sending» by a process that died', async () => {
    const hook = await register({ docTypes: ['task'], events: ['created'] });
    await createTask('Брошенная отправка');
    const [d] = await deliveries(hook.id);
    const claimedAt = new Date(Date.now() - 10 * MINUTE).toISOString();
    // What a process leaves behind when it dies between claiming and settling.
    await t.ctx.database.db
      .updateTable('webhook_deliveries')
      .set({ status: 'sending', attempts: 1, updated_at: claimedAt })
      .where('id', '=', d!.id)
      .execute();
    expect(await run()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(peer.requests).toHaveLength(1);
  });
});
