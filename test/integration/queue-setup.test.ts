import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { fieldErrors, grantAccess, rightlessUser } from '../support/access.js';
import { createDevice, deviceClient, updateService, type DeviceClient } from '../support/queue.js';
import type { QueueDevice, QueueService, QueueWindow, TakenTicket } from '../../src/shared/schemas/queue.js';

interface Change {
  area: string;
  entity: string;
  entityId: string | null;
  action: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}
interface FieldError {
  path: string;
  code: string;
  message: string;
}

/**
 * Электронная очередь → setup: windows and services (queues) with their operators and windows,
 * under the books settings area; every change in the settings change log (area «queue»).
 */
describe('queue setup', () => {
  let t: TestApp;
  let adminId: number;
  let kiosk: DeviceClient;

  const makeWindow = async (name: string, extra: Record<string, unknown> = {}): Promise<QueueWindow> => {
    const res = await t.admin.post('/api/v1/queue/windows', { name, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<QueueWindow>();
  };
  const makeService = async (prefix: string, extra: Record<string, unknown> = {}): Promise<QueueService> => {
    const res = await t.admin.post('/api/v1/queue/services', {
      nameRu: `Очередь ${prefix}`,
      nameUk: `Черга ${prefix}`,
      nameEn: `Queue ${prefix}`,
      prefix,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<QueueService>();
  };
  const services = async (query = ''): Promise<QueueService[]> => {
    const res = await t.admin.get(`/api/v1/queue/services${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<QueueService[]>();
  };
  const changes = async (entity: string, id: number): Promise<Change[]> => {
    const res = await t.admin.get(`/api/v1/settings/changes?area=queue&entity=${entity}&entityId=${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Change[] }>().items;
  };
  const fields = (res: { json: () => unknown }) =>
    (res.json() as { error: { details: { fields: FieldError[] } } }).error.details.fields;
  const take = async (device: DeviceClient, serviceId: number): Promise<TakenTicket> => {
    const res = await device.post('/api/v1/queue/kiosk/tickets', { serviceId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<TakenTicket>();
  };
  /**
   * Until a request of this test's database waits for a row lock (PostgreSQL). SQLite has nothing
   * to wait for: its one connection is the open transaction's, and every other request waits for it.
   */
  const someoneWaitsForALock = async () => {
    if (t.ctx.database.engine !== 'postgres') return;
    await vi.waitFor(
      async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(t.ctx.database.db);
        expect(rows[0]!.n).toBe(1);
      },
      { timeout: 10_000, interval: 20 },
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (await t.services.users.findIdByLogin('admin'))!;
    kiosk = deviceClient(t, (await createDevice(t, 'kiosk', { ticketsPerMinute: 600 })).token);
  });
  afterAll(() => t.close());

  it('keeps windows with unique names (in any letter case), ordered; every change logged', async () => {
    const second = await makeWindow('Окно 2', { sortOrder: 20 });
    const first = await makeWindow('Окно 1', { sortOrder: 10 });
    expect(first).toMatchObject({ name: 'Окно 1', isActive: true, sortOrder: 10 });
    const list = (await t.admin.get('/api/v1/queue/windows')).json<QueueWindow[]>();
    expect(list.map((w) => w.name)).toEqual(['Окно 1', 'Окно 2']);

    const taken = await t.admin.post('/api/v1/queue/windows', { name: 'окно 1' });
    expect(fieldErrors(taken, 409)).toEqual([['name', 'queue_window_name_taken']]);
    expect(fields(taken)[0]!.message).toBe('Окно с таким названием уже есть');
    const renamedOnto = await t.admin.patch(`/api/v1/queue/windows/${second.id}`, { name: 'ОКНО 1' });
    expect(fieldErrors(renamedOnto, 409)).toEqual([['name', 'queue_window_name_taken']]);
    // Its own name, in another case, is no clash.
    const recased = await t.admin.patch(`/api/v1/queue/windows/${second.id}`, {
      name: 'окно 2',
      isActive: false,
    });
    expect(recased.statusCode, recased.body).toBe(200);
    expect(recased.json()).toMatchObject({ name: 'окно 2', isActive: false, sortOrder: 20 });
    expect(fieldErrors(await t.admin.post('/api/v1/queue/windows', { name: '  ' }), 400)).toEqual([
      ['name', 'too_small'],
    ]);
    expect((await t.admin.patch('/api/v1/queue/windows/999999', { name: 'x' })).statusCode).toBe(404);
    expect((await t.admin.delete('/api/v1/queue/windows/999999')).statusCode).toBe(404);

    expect((await t.admin.delete(`/api/v1/queue/windows/${second.id}`)).statusCode).toBe(200);
    expect((await changes('queue_window', second.id)).map((c) => [c.action, c.changes])).toEqual([
      [
        'delete',
        {
          name: { old: 'окно 2', new: null },
          isActive: { old: false, new: null },
          sortOrder: { old: 20, new: null },
        },
      ],
      ['update', { name: { old: 'Окно 2', new: 'окно 2' }, isActive: { old: true, new: false } }],
      [
        'create',
        {
          name: { old: null, new: 'Окно 2' },
          isActive: { old: null, new: true },
          sortOrder: { old: null, new: 20 },
        },
      ],
    ]);
    expect((await t.admin.delete(`/api/v1/queue/windows/${first.id}`)).statusCode).toBe(200);
  });

  it('keeps services with an upper-cased unique prefix, their operators and windows', async () => {
    const w1 = await makeWindow('Касса 1');
    const w2 = await makeWindow('Касса 2');
    const olga = await t.services.users.create({
      login: 'olga',
      fullName: 'Ольга',
      password: 'olga-password-1',
    });
    const gone = await t.services.users.create({
      login: 'gone',
      fullName: 'Ушёл',
      password: 'gone-password-1',
      isActive: false,
    });

    const a = await makeService('a', {
      priority: 5,
      sortOrder: 20,
      operatorIds: [olga.id, adminId, olga.id],
      windowIds: [w2.id, w1.id],
    });
    expect(a).toMatchObject({
      prefix: 'A',
      nameRu: 'Очередь a',
      priority: 5,
      isDailyReset: true,
      isActive: true,
      sortOrder: 20,
      operatorIds: [adminId, olga.id].sort((x, y) => x - y),
      windowIds: [w1.id, w2.id].sort((x, y) => x - y),
    });
    const b = await makeService('Б', { sortOrder: 10, isDailyReset: false, isActive: false });
    expect(b).toMatchObject({ prefix: 'Б', operatorIds: [], windowIds: [], isDailyReset: false });

    expect((await services()).map((s) => s.prefix)).toEqual(['Б', 'A']);
    expect((await services('?active=true')).map((s) => s.prefix)).toEqual(['A']);
    expect((await services('?active=false')).map((s) => s.prefix)).toEqual(['Б']);

    // The same prefix in another case is taken; an impossible one is a field error.
    const taken = await t.admin.post('/api/v1/queue/services', {
      nameRu: 'x',
      nameUk: 'x',
      nameEn: 'x',
      prefix: ' б ',
    });
    expect(fieldErrors(taken, 409)).toEqual([['prefix', 'queue_service_prefix_taken']]);
    expect(fieldErrors(await t.admin.patch(`/api/v1/queue/services/${a.id}`, { prefix: 'б' }), 409)).toEqual([
      ['prefix', 'queue_service_prefix_taken'],
    ]);
    const badPrefix = await t.admin.patch(`/api/v1/queue/services/${a.id}`, { prefix: 'A-1' });
    expect(fieldErrors(badPrefix, 400)).toEqual([['prefix', 'invalid_format']]);
    expect(fields(badPrefix)[0]!.message).toBe('Префикс: 1–3 буквы или цифры');

    // Operators must be active users, windows must exist: the bad ids are named.
    const badOps = await t.admin.patch(`/api/v1/queue/services/${a.id}`, {
      operatorIds: [olga.id, gone.id, 999999],
    });
    expect(fieldErrors(badOps, 400)).toEqual([['operatorIds', 'queue_operators_unknown']]);
    expect(fields(badOps)[0]!.message).toBe(`Нет таких активных пользователей: ${gone.id}, 999999`);
    const badWindows = await t.admin.patch(`/api/v1/queue/services/${a.id}`, { windowIds: [w1.id, 888888] });
    expect(fieldErrors(badWindows, 400)).toEqual([['windowIds', 'queue_windows_unknown']]);
    expect(fields(badWindows)[0]!.message).toBe('Нет таких окон: 888888');

    // PATCH replaces a set only when it is given.
    const edited = await t.admin.patch(`/api/v1/queue/services/${a.id}`, {
      operatorIds: [olga.id],
      nameEn: 'Cash',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ nameEn: 'Cash', operatorIds: [olga.id], windowIds: a.windowIds });
    const cleared = await t.admin.patch(`/api/v1/queue/services/${a.id}`, { windowIds: [] });
    expect(cleared.json()).toMatchObject({ operatorIds: [olga.id], windowIds: [] });
    expect((await t.admin.patch('/api/v1/queue/services/999999', { priority: 1 })).statusCode).toBe(404);

    const log = await changes('queue_service', a.id);
    expect(log.map((c) => [c.area, c.action])).toEqual([
      ['queue', 'update'],
      ['queue', 'update'],
      ['queue', 'create'],
    ]);
    expect(log[0]!.changes).toEqual({ windowIds: { old: a.windowIds, new: [] } });
    expect(log[1]!.changes).toEqual({
      nameEn: { old: 'Queue a', new: 'Cash' },
      operatorIds: { old: a.operatorIds, new: [olga.id] },
    });
    expect(log[2]!.changes.prefix).toEqual({ old: null, new: 'A' });
  });

  it('deletes a window from the services that named it, with a log entry for each', async () => {
    const w1 = await makeWindow('Стол 1');
    const w2 = await makeWindow('Стол 2');
    const s = await makeService('W', { windowIds: [w1.id, w2.id] });
    expect((await t.admin.delete(`/api/v1/queue/windows/${w1.id}`)).statusCode).toBe(200);
    expect((await services()).find((x) => x.id === s.id)!.windowIds).toEqual([w2.id]);
    expect((await changes('queue_service', s.id))[0]).toMatchObject({
      action: 'update',
      changes: { windowIds: { old: [w1.id, w2.id], new: [w2.id] } },
    });
  });

  it('deletes a service without tickets; one with tickets is refused (deactivate it instead)', async () => {
    const used = await makeService('U');
    await take(kiosk, used.id);
    const refused = await t.admin.delete(`/api/v1/queue/services/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'queue_service_in_use',
        message:
          'По очереди «Очередь U» уже выдавались талоны, поэтому удалить её нельзя. Сделайте её неактивной',
      },
    });
    expect((await services()).some((x) => x.id === used.id)).toBe(true);

    const unused = await makeService('N');
    expect((await t.admin.delete(`/api/v1/queue/services/${unused.id}`)).statusCode).toBe(200);
    expect((await services()).some((x) => x.id === unused.id)).toBe(false);
    expect((await changes('queue_service', unused.id)).map((c) => c.action)).toEqual(['delete', 'create']);
    expect((await t.admin.delete(`/api/v1/queue/services/${unused.id}`)).statusCode).toBe(404);
  });

  it('refuses to delete a service whose first ticket is being issued at that moment', async () => {
    const racing = await makeService('R');
    const tickets = t.services.queueTickets;
    const original = tickets.changedWithin.bind(tickets);
    // The kiosk's transaction is held open just after its ticket row is written (its last step
    // announces the change), while the delete comes in.
    let written!: () => void;
    const ticketWritten = new Promise<void>((resolve) => (written = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    tickets.changedWithin = async (trx, serviceIds) => {
      tickets.changedWithin = original;
      written();
      await released;
      return original(trx, serviceIds);
    };
    try {
      const taking = kiosk.post('/api/v1/queue/kiosk/tickets', { serviceId: racing.id });
      await ticketWritten;
      const deleting = t.admin.delete(`/api/v1/queue/services/${racing.id}`);
      await someoneWaitsForALock();
      release();
      const [taken, deleted] = await Promise.all([taking, deleting]);
      expect(taken.statusCode, taken.body).toBe(201);
      expect(deleted.statusCode, deleted.body).toBe(409);
      expect(deleted.json<{ error: { code: string } }>().error.code).toBe('queue_service_in_use');
    } finally {
      tickets.changedWithin = original;
      release();
    }
    expect((await services()).some((x) => x.id === racing.id)).toBe(true);
  });

  it('keeps numbering today when the daily reset is switched off and on again', async () => {
    const zone = await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv' });
    expect(zone.statusCode, zone.body).toBe(200);
    const z = await makeService('Z');
    const tickets = t.services.queueTickets;
    let now = new Date('2031-06-10T07:00:00.000Z');
    tickets.clock = () => now;
    try {
      expect((await take(kiosk, z.id)).code).toBe('Z001');
      expect((await take(kiosk, z.id)).code).toBe('Z002');
      await updateService(t, z.id, { isDailyReset: false });
      expect((await take(kiosk, z.id)).code).toBe('Z003');
      await updateService(t, z.id, { isDailyReset: true });
      expect((await take(kiosk, z.id)).code).toBe('Z004');
      // Off again: the never-resetting counter is already at 3, today's highest is 4.
      await updateService(t, z.id, { isDailyReset: false });
      expect((await take(kiosk, z.id)).code).toBe('Z005');
      // A switch that changes nothing moves no counter.
      await updateService(t, z.id, { isDailyReset: false, priority: 1 });
      expect((await take(kiosk, z.id)).code).toBe('Z006');

      // 00:30 the next day in Kyiv (UTC+3 in June): without a reset the numbering goes on, and
      // switched on it continues after today's ticket…
      now = new Date('2031-06-10T21:30:00.000Z');
      expect((await take(kiosk, z.id)).code).toBe('Z007');
      await updateService(t, z.id, { isDailyReset: true });
      expect((await take(kiosk, z.id)).code).toBe('Z008');
      // …while on a day without tickets yet, switching back and forth leaves it to start at 1.
      now = new Date('2031-06-11T21:30:00.000Z');
      await updateService(t, z.id, { isDailyReset: false });
      await updateService(t, z.id, { isDailyReset: true });
      expect((await take(kiosk, z.id)).code).toBe('Z001');
    } finally {
      tickets.clock = () => new Date();
    }
    const log = await changes('queue_service', z.id);
    expect(log[0]!.changes).toEqual({ isDailyReset: { old: false, new: true } });
  });

  it("keeps devices' service lists whole: a service a device offers alone is not deleted", async () => {
    const x = await makeService('X');
    const y = await makeService('Y');
    const kiosk = await t.admin.post('/api/v1/queue/devices', {
      name: 'Киоск',
      kind: 'kiosk',
      serviceIds: [x.id, y.id],
    });
    const board = await t.admin.post('/api/v1/queue/devices', {
      name: 'Табло',
      kind: 'board',
      serviceIds: [y.id],
    });
    expect(kiosk.statusCode, kiosk.body).toBe(201);
    expect(board.statusCode, board.body).toBe(201);
    const refused = await t.admin.delete(`/api/v1/queue/services/${y.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'queue_service_on_device' } });
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('«Табло»');

    expect((await t.admin.delete(`/api/v1/queue/services/${x.id}`)).statusCode).toBe(200);
    const devices = (await t.admin.get('/api/v1/queue/devices')).json<QueueDevice[]>();
    expect(devices.find((d) => d.name === 'Киоск')!.serviceIds).toEqual([y.id]);
  });

  it('needs the books area: read for the lists, write for changes', async () => {
    const { id, client: ivan } = await rightlessUser(t, 'ivan', 'Иван');
    const window = await makeWindow('Окно для прав');
    expect((await ivan.get('/api/v1/queue/windows')).statusCode).toBe(403);
    expect((await ivan.get('/api/v1/queue/services')).statusCode).toBe(403);

    await grantAccess(t, id, { areas: { books: 'read' } });
    expect((await ivan.get('/api/v1/queue/windows')).statusCode).toBe(200);
    expect((await ivan.get('/api/v1/queue/services')).statusCode).toBe(200);
    expect((await ivan.post('/api/v1/queue/windows', { name: 'Ещё' })).statusCode).toBe(403);
    expect((await ivan.patch(`/api/v1/queue/windows/${window.id}`, { name: 'Ещё' })).statusCode).toBe(403);
    expect((await ivan.delete(`/api/v1/queue/windows/${window.id}`)).statusCode).toBe(403);
    expect(
      (await ivan.post('/api/v1/queue/services', { nameRu: 'x', nameUk: 'x', nameEn: 'x', prefix: 'Q' }))
        .statusCode,
    ).toBe(403);

    await grantAccess(t, id, { areas: { books: 'write' } });
    const made = await ivan.post('/api/v1/queue/windows', { name: 'Ещё' });
    expect(made.statusCode, made.body).toBe(201);
    const service = await ivan.post('/api/v1/queue/services', {
      nameRu: 'x',
      nameUk: 'x',
      nameEn: 'x',
      prefix: 'Q',
    });
    expect(service.statusCode, service.body).toBe(201);
    // Devices stay the administrators'.
    expect((await ivan.get('/api/v1/queue/devices')).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/v1/queue/windows')).statusCode).toBe(401);
  });
});
