import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { fieldErrors, grantAccess, rightlessUser } from '../support/access.js';
import type { QueueDevice, QueueDeviceWithToken, QueueService } from '../../src/shared/schemas/queue.js';

interface Change {
  entity: string;
  action: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

/**
 * Kiosks and display boards (administrators): each has its own token, shown once; the token opens
 * the device routes of its kind only, while the device is active and the token is current.
 */
describe('queue devices', () => {
  let t: TestApp;
  let service: QueueService;

  const register = async (body: Record<string, unknown>): Promise<QueueDeviceWithToken> => {
    const res = await t.admin.post('/api/v1/queue/devices', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<QueueDeviceWithToken>();
  };
  const list = async (): Promise<QueueDevice[]> => {
    const res = await t.admin.get('/api/v1/queue/devices');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<QueueDevice[]>();
  };
  /** A device route called with a token (Bearer, or `?token=` as a browser page or EventSource sends it). */
  const asDevice = (kind: 'kiosk' | 'board', token: string, via: 'bearer' | 'query' = 'bearer') =>
    t.app.inject({
      method: 'GET',
      url:
        via === 'query'
          ? `/api/v1/queue/${kind}?token=${encodeURIComponent(token)}`
          : `/api/v1/queue/${kind}`,
      headers: via === 'bearer' ? { authorization: `Bearer ${token}` } : {},
    });

  beforeAll(async () => {
    t = await createTestApp({ publicUrl: 'https://queue.example.org' });
    const res = await t.admin.post('/api/v1/queue/services', {
      nameRu: 'Касса',
      nameUk: 'Каса',
      nameEn: 'Cash desk',
      prefix: 'K',
    });
    expect(res.statusCode, res.body).toBe(201);
    service = res.json<QueueService>();
  });
  afterAll(() => t.close());

  it('shows the token once, with the page address; the list keeps only its last characters', async () => {
    const kiosk = await register({ name: 'Киоск у входа', kind: 'kiosk', serviceIds: [service.id] });
    expect(kiosk.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(kiosk).toMatchObject({
      name: 'Киоск у входа',
      kind: 'kiosk',
      ticketsPerMinute: 30,
      serviceIds: [service.id],
      isActive: true,
      lastSeenAt: null,
      tokenHint: kiosk.token.slice(-4),
      url: `https://queue.example.org/queue/kiosk?token=${kiosk.token}`,
    });
    const board = await register({ name: 'Табло', kind: 'board', ticketsPerMinute: 5 });
    expect(board.url).toBe(`https://queue.example.org/queue/board?token=${board.token}`);
    expect(board.token).not.toBe(kiosk.token);

    const listed = await list();
    expect(listed.map((d) => [d.name, d.kind])).toEqual([
      ['Киоск у входа', 'kiosk'],
      ['Табло', 'board'],
    ]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(kiosk.token);
    expect(text).not.toContain(board.token);
    expect(listed[0]).not.toHaveProperty('token');

    const bad = await t.admin.post('/api/v1/queue/devices', {
      name: 'x',
      kind: 'kiosk',
      serviceIds: [777777],
    });
    expect(fieldErrors(bad, 400)).toEqual([['serviceIds', 'queue_services_unknown']]);
    expect(fieldErrors(await t.admin.post('/api/v1/queue/devices', { name: 'x', kind: 'tv' }), 400)).toEqual([
      ['kind', 'invalid_value'],
    ]);
    expect(
      fieldErrors(
        await t.admin.patch(`/api/v1/queue/devices/${board.id}`, { serviceIds: [service.id, 666666] }),
        400,
      ),
    ).toEqual([['serviceIds', 'queue_services_unknown']]);
    expect((await t.admin.patch('/api/v1/queue/devices/999999', { name: 'x' })).statusCode).toBe(404);
    expect((await t.admin.post('/api/v1/queue/devices/999999/token')).statusCode).toBe(404);
    expect((await t.admin.delete('/api/v1/queue/devices/999999')).statusCode).toBe(404);

    for (const d of listed)
      expect((await t.admin.delete(`/api/v1/queue/devices/${d.id}`)).statusCode).toBe(200);
  });

  it("opens only its own kind's routes; a user's session or API token opens none", async () => {
    const kiosk = await register({ name: 'Киоск', kind: 'kiosk' });
    const board = await register({ name: 'Табло', kind: 'board' });

    expect((await asDevice('kiosk', kiosk.token)).statusCode).toBe(200);
    expect((await asDevice('kiosk', kiosk.token, 'query')).statusCode).toBe(200);
    expect((await asDevice('board', board.token)).statusCode).toBe(200);
    expect((await asDevice('board', board.token, 'query')).statusCode).toBe(200);

    // The other kind, a made-up token, none: the same answer.
    for (const res of [
      await asDevice('board', kiosk.token),
      await asDevice('kiosk', board.token),
      await asDevice('kiosk', 'not-a-token'),
      await asDevice('kiosk', ''),
      await t.anonymous.get('/api/v1/queue/kiosk'),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'queue_device_invalid' } });
    }
    // A signed-in administrator's cookie is not a device.
    expect((await t.admin.get('/api/v1/queue/kiosk')).statusCode).toBe(401);
    expect((await t.admin.get('/api/v1/queue/board')).statusCode).toBe(401);
    const made = await t.admin.post('/api/v1/me/tokens', { name: 'Скрипт' });
    expect(made.statusCode, made.body).toBe(201);
    expect((await asDevice('kiosk', made.json<{ token: string }>().token)).statusCode).toBe(401);

    // A page address carries the token: the request log shows the route, not the address.
    const logged = t.logs.join('');
    expect(logged).not.toContain(kiosk.token);
    expect(logged).not.toContain(board.token);

    // The request is remembered as the device's last contact.
    const seen = (await list()).find((d) => d.id === kiosk.id)!;
    expect(seen.lastSeenAt).not.toBeNull();
    expect(Date.now() - Date.parse(seen.lastSeenAt!)).toBeLessThan(10 * 60_000);
  });

  it('a new token stops the old one at once; a turned-off or deleted device is refused', async () => {
    const kiosk = await register({ name: 'Киоск 2', kind: 'kiosk' });
    expect((await asDevice('kiosk', kiosk.token)).statusCode).toBe(200);

    const renewed = await t.admin.post(`/api/v1/queue/devices/${kiosk.id}/token`);
    expect(renewed.statusCode, renewed.body).toBe(200);
    const fresh = renewed.json<QueueDeviceWithToken>();
    expect(fresh.token).not.toBe(kiosk.token);
    expect(fresh).toMatchObject({ id: kiosk.id, tokenHint: fresh.token.slice(-4) });
    expect(fresh.url).toBe(`https://queue.example.org/queue/kiosk?token=${fresh.token}`);
    expect((await asDevice('kiosk', kiosk.token)).statusCode).toBe(401);
    expect((await asDevice('kiosk', fresh.token)).statusCode).toBe(200);

    const off = await t.admin.patch(`/api/v1/queue/devices/${kiosk.id}`, { isActive: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ isActive: false });
    expect((await asDevice('kiosk', fresh.token)).statusCode).toBe(401);
    expect((await t.admin.patch(`/api/v1/queue/devices/${kiosk.id}`, { isActive: true })).statusCode).toBe(
      200,
    );
    expect((await asDevice('kiosk', fresh.token)).statusCode).toBe(200);

    expect((await t.admin.delete(`/api/v1/queue/devices/${kiosk.id}`)).statusCode).toBe(200);
    expect((await asDevice('kiosk', fresh.token)).statusCode).toBe(401);
  });

  it('is for administrators; every change is logged, never the token', async () => {
    const { id, client: ivan } = await rightlessUser(t, 'ivan', 'Иван');
    await grantAccess(t, id, { areas: { books: 'write' } });
    expect((await ivan.get('/api/v1/queue/devices')).statusCode).toBe(403);
    expect((await ivan.post('/api/v1/queue/devices', { name: 'x', kind: 'kiosk' })).statusCode).toBe(403);

    const made = await register({ name: 'Журнал', kind: 'board' });
    const edited = await t.admin.patch(`/api/v1/queue/devices/${made.id}`, {
      name: 'Табло в зале',
      ticketsPerMinute: 12,
      serviceIds: [service.id],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).not.toHaveProperty('token');
    const renewed = (
      await t.admin.post(`/api/v1/queue/devices/${made.id}/token`)
    ).json<QueueDeviceWithToken>();
    expect((await t.admin.delete(`/api/v1/queue/devices/${made.id}`)).statusCode).toBe(200);

    const res = await t.admin.get(
      `/api/v1/settings/changes?area=queue&entity=queue_device&entityId=${made.id}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: Change[] }>().items;
    expect(items.map((c) => c.action)).toEqual(['delete', 'update', 'update', 'create']);
    expect(items[3]!.changes).toEqual({
      name: { old: null, new: 'Журнал' },
      kind: { old: null, new: 'board' },
      ticketsPerMinute: { old: null, new: 30 },
      serviceIds: { old: null, new: [] },
      isActive: { old: null, new: true },
    });
    expect(items[2]!.changes).toEqual({
      name: { old: 'Журнал', new: 'Табло в зале' },
      ticketsPerMinute: { old: 30, new: 12 },
      serviceIds: { old: [], new: [service.id] },
    });
    expect(items[1]!.changes).toEqual({ isSecretRotated: { old: null, new: true } });
    const text = res.body + t.logs.join('');
    for (const token of [made.token, renewed.token]) expect(text).not.toContain(token);
  });
});
