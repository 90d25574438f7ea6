import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { ADMIN_ROLE } from '../../src/server/modules/auth/roles.service.js';

interface Change {
  id: number;
  area: string;
  entity: string;
  entityId: string | null;
  action: string;
  changes: Record<string, { old: unknown; new: unknown }>;
  user: { id: number; login: string } | null;
  createdAt: string;
}

describe('settings change log and the enterprise time zone', () => {
  let t: TestApp;
  let deputy: Client;
  let operator: Client;
  let operatorId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const adminRole = await t.services.roles.idByCode(ADMIN_ROLE);
    await t.services.users.create({
      login: 'deputy',
      fullName: 'Заместитель',
      password: 'deputy-password',
      roleIds: [adminRole],
    });
    operatorId = (
      await t.services.users.create({
        login: 'operator',
        fullName: 'Оператор',
        password: 'operator-password',
      })
    ).id;
    deputy = await t.login('deputy', 'deputy-password');
    operator = await t.login('operator', 'operator-password');
  });
  afterAll(() => t.close());

  const changes = async (query = '') => {
    const res = await t.admin.get(`/api/v1/settings/changes${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Change[]; total: number };
  };

  it('shows the enterprise time zone to everyone signed in and lets the administrator change it', async () => {
    const read = await operator.get('/api/v1/admin/enterprise');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ timeZone: 'Europe/Kyiv', updatedAt: expect.any(String) });

    const res = await t.admin.put('/api/v1/admin/enterprise', { timeZone: ' America/New_York ' });
    expect(res.statusCode).toBe(200);
    expect(res.json().timeZone).toBe('America/New_York');
    expect((await operator.get('/api/v1/admin/enterprise')).json().timeZone).toBe('America/New_York');
    expect(await t.services.enterprise.timeZone()).toBe('America/New_York');

    expect((await operator.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv' })).statusCode).toBe(
      403,
    );
    expect((await t.anonymous.get('/api/v1/admin/enterprise')).statusCode).toBe(401);
  });

  it('refuses an unknown time zone with a field error and keeps the saved one', async () => {
    for (const timeZone of ['Europe/Atlantis', '', 'UTC+3']) {
      const res = await t.admin.put('/api/v1/admin/enterprise', { timeZone });
      expect(res.statusCode, timeZone).toBe(400);
      expect(res.json().error.details.fields[0].path).toBe('timeZone');
    }
    const bad = await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Atlantis' });
    expect(bad.json().error.details.fields[0].message).toBe('Неизвестный часовой пояс (пример: Europe/Kyiv)');
    const extra = await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv', id: 2 });
    expect(extra.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['id']);
    expect((await t.admin.get('/api/v1/admin/enterprise')).json().timeZone).toBe('America/New_York');
  });

  it('records each change with old → new, who made it and when, newest first', async () => {
    // A save that changes nothing is not recorded.
    await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'America/New_York' });
    await deputy.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv' });
    await deputy.put('/api/v1/settings/telephony', { minNumberLength: 5 });
    await t.admin.put(`/api/v1/settings/user-parameters/${operatorId}`, {
      sipNumber: '200',
      phone: '+380 44 1',
    });

    const { items, total } = await changes();
    expect(total).toBe(4);
    expect(items.map((c) => [c.area, c.user?.login])).toEqual([
      ['parameters', 'admin'],
      ['telephony', 'deputy'],
      ['enterprise', 'deputy'],
      ['enterprise', 'admin'],
    ]);
    expect(items.map((c) => c.id)).toEqual([...items.map((c) => c.id)].sort((a, b) => b - a));
    expect(items[0]).toMatchObject({
      entity: 'user_parameters',
      entityId: String(operatorId),
      action: 'update',
      changes: { sipNumber: { old: null, new: '200' }, phone: { old: null, new: '+380 44 1' } },
    });
    expect(items[1]).toMatchObject({
      entity: 'telephony_settings',
      changes: { minNumberLength: { old: 0, new: 5 } },
    });
    expect(items[2]).toMatchObject({
      entity: 'enterprise',
      entityId: '1',
      changes: { timeZone: { old: 'America/New_York', new: 'Europe/Kyiv' } },
    });
    expect(items[3]!.changes).toEqual({ timeZone: { old: 'Europe/Kyiv', new: 'America/New_York' } });
    expect(Date.parse(items[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(items[3]!.createdAt));
  });

  it('filters by area, entity and entity id', async () => {
    const enterprise = await changes('?area=enterprise');
    expect(enterprise.total).toBe(2);
    expect(enterprise.items.every((c) => c.area === 'enterprise')).toBe(true);
    expect((await changes('?area=telephony')).items.map((c) => c.user?.login)).toEqual(['deputy']);
    expect((await changes('?area=books')).total).toBe(0);
    expect((await changes(`?entity=user_parameters&entityId=${operatorId}`)).total).toBe(1);
    expect((await changes('?entity=user_parameters&entityId=999')).total).toBe(0);
    const bad = await t.admin.get('/api/v1/settings/changes?area=everything');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('area');
  });

  it('pages through the log', async () => {
    for (const minNumberLength of [6, 7, 8]) {
      await t.admin.put('/api/v1/settings/telephony', { minNumberLength });
    }
    const all = await changes();
    expect(all.total).toBe(7);
    const first = await changes('?limit=3');
    const second = await changes('?limit=3&offset=3');
    const last = await changes('?limit=3&offset=6');
    expect(first.total).toBe(7);
    expect([first, second, last].map((p) => p.items.length)).toEqual([3, 3, 1]);
    expect([...first.items, ...second.items, ...last.items].map((c) => c.id)).toEqual(
      all.items.map((c) => c.id),
    );
    expect(first.items.map((c) => c.changes.minNumberLength?.new)).toEqual([8, 7, 6]);
    expect((await changes('?offset=7')).items).toEqual([]);
    const filtered = await changes('?area=telephony&limit=2&offset=2');
    expect(filtered.total).toBe(4);
    expect(filtered.items.map((c) => c.changes.minNumberLength?.new)).toEqual([6, 5]);
    expect((await t.admin.get('/api/v1/settings/changes?limit=0')).statusCode).toBe(400);
    expect((await t.admin.get('/api/v1/settings/changes?limit=501')).statusCode).toBe(400);
  });

  it('is for administrators only', async () => {
    expect((await operator.get('/api/v1/settings/changes')).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/v1/settings/changes')).statusCode).toBe(401);
    expect((await deputy.get('/api/v1/settings/changes?limit=1')).json().total).toBe(7);
  });

  it('keeps the entries of a deleted user, without the user', async () => {
    const temp = await t.services.users.create({
      login: 'temp-admin',
      fullName: 'Временный',
      password: 'temp-password',
      roleIds: [await t.services.roles.idByCode(ADMIN_ROLE)],
    });
    const client = await t.login('temp-admin', 'temp-password');
    await client.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Berlin' });
    await t.ctx.database.db.deleteFrom('users').where('id', '=', temp.id).execute();
    const [latest] = (await changes('?limit=1')).items;
    expect(latest).toMatchObject({
      area: 'enterprise',
      user: null,
      changes: { timeZone: { new: 'Europe/Berlin' } },
    });
  });
});
