import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { ADMIN_ROLE, DEFAULT_ROLE } from '../../src/server/modules/auth/roles.service.js';
import type { Area, AreaMode } from '../../src/shared/schemas/access.js';

/**
 * Settings areas (Доступ к данным → areas): each settings route needs its area in read or write
 * mode; a user with the users area manages accounts but cannot give anyone (themselves included)
 * more rights: no roles, no passwords, no employee links, no moving linked employees.
 */
describe('settings areas', () => {
  let t: TestApp;
  let sam: Client;
  let samId: number;
  let clerkId: number;
  let adminId: number;
  let employeeRole: number;
  let adminRole: number;

  const setArea = async (area: Area, mode: AreaMode) => {
    const res = await t.admin.put(`/api/v1/access/user/${samId}`, { areas: { [area]: mode } });
    expect(res.statusCode, res.body).toBe(200);
  };
  let n = 0;
  const unique = () => `x${++n}`;

  interface Probe {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: () => string;
    body?: () => unknown;
    /** The answer when the area allows the call (the route's own answer). */
    allowed: number;
  }
  /** Per area: the calls of read mode, then those needing write mode. */
  const probes: Record<Area, { read: Probe[]; write: Probe[] }> = {
    books: {
      read: [{ method: 'GET', url: () => '/api/v1/settings/user-statuses/current', allowed: 200 }],
      write: [
        {
          method: 'POST',
          url: () => '/api/v1/settings/user-statuses',
          body: () => ({ code: unique(), nameRu: 'Обед', nameUk: 'Обід', nameEn: 'Lunch' }),
          allowed: 201,
        },
        {
          method: 'PUT',
          url: () => '/api/v1/settings/history',
          body: () => ({ changes: [{ docType: 'task', field: 'priority', isRecorded: true }] }),
          allowed: 200,
        },
      ],
    },
    numbering: {
      read: [],
      write: [
        {
          method: 'PUT',
          url: () => '/api/v1/settings/numbering/task',
          body: () => ({ template: 'З-{N:6}', resetPeriod: 'never', startValue: 1, isPerJournal: false }),
          allowed: 200,
        },
      ],
    },
    parameters: {
      read: [
        { method: 'GET', url: () => '/api/v1/settings/user-parameters', allowed: 200 },
        { method: 'GET', url: () => `/api/v1/settings/user-parameters/${clerkId}`, allowed: 200 },
        { method: 'GET', url: () => '/api/v1/settings/changes', allowed: 200 },
      ],
      write: [
        {
          method: 'PUT',
          url: () => `/api/v1/settings/user-parameters/${clerkId}`,
          body: () => ({ position: 'Оператор' }),
          allowed: 200,
        },
        {
          method: 'PUT',
          url: () => '/api/v1/settings/telephony',
          body: () => ({ pollIntervalSeconds: 600 }),
          allowed: 200,
        },
        {
          method: 'PUT',
          url: () => '/api/v1/admin/enterprise',
          body: () => ({ timeZone: 'Europe/Kyiv' }),
          allowed: 200,
        },
      ],
    },
    mail: {
      read: [{ method: 'GET', url: () => '/api/v1/admin/mail-servers', allowed: 200 }],
      write: [
        {
          method: 'PUT',
          url: () => '/api/v1/admin/mail-servers',
          body: () => ({
            smtp: { host: null, port: null, security: 'starttls' },
            imap: { host: null, port: null, security: 'tls' },
          }),
          allowed: 200,
        },
        // Reaches the service, which finds no server configured.
        {
          method: 'POST',
          url: () => '/api/v1/admin/mail-servers/test',
          body: () => ({ protocol: 'smtp' }),
          allowed: 409,
        },
      ],
    },
    users: {
      read: [
        { method: 'GET', url: () => '/api/v1/users', allowed: 200 },
        { method: 'GET', url: () => `/api/v1/users/${clerkId}`, allowed: 200 },
      ],
      write: [
        {
          method: 'POST',
          url: () => '/api/v1/users',
          body: () => ({ login: unique(), fullName: 'Новый', password: 'new-user-pass-1' }),
          allowed: 201,
        },
        {
          method: 'PATCH',
          url: () => `/api/v1/users/${clerkId}`,
          body: () => ({ fullName: 'Клерк' }),
          allowed: 200,
        },
        {
          method: 'POST',
          url: () => '/api/v1/employees',
          body: () => ({ fullName: unique() }),
          allowed: 201,
        },
      ],
    },
  };

  const call = (p: Probe) => sam.request(p.method, p.url(), p.body?.());

  beforeAll(async () => {
    t = await createTestApp();
    samId = (
      await t.services.users.create({
        login: 'sam',
        fullName: 'Сэм',
        password: 'sam-password-1',
        roleIds: [],
      })
    ).id;
    clerkId = (
      await t.services.users.create({ login: 'clerk', fullName: 'Клерк', password: 'clerk-password-1' })
    ).id;
    adminId = (await t.services.users.findIdByLogin('admin'))!;
    employeeRole = await t.services.roles.idByCode(DEFAULT_ROLE);
    adminRole = await t.services.roles.idByCode(ADMIN_ROLE);
    sam = await t.login('sam', 'sam-password-1');
  });
  afterAll(() => t.close());

  it.each(Object.keys(probes) as Area[])(
    '%s: none refuses all, read only reads, write does both',
    async (area) => {
      const { read, write } = probes[area];
      await setArea(area, 'none');
      for (const p of [...read, ...write])
        expect((await call(p)).statusCode, `none ${p.method} ${p.url()}`).toBe(403);

      await setArea(area, 'read');
      for (const p of read) {
        const res = await call(p);
        expect(res.statusCode, `read ${p.method} ${p.url()}: ${res.body}`).toBe(p.allowed);
      }
      for (const p of write) expect((await call(p)).statusCode, `read ${p.method} ${p.url()}`).toBe(403);

      await setArea(area, 'write');
      for (const p of [...read, ...write]) {
        const res = await call(p);
        expect(res.statusCode, `write ${p.method} ${p.url()}: ${res.body}`).toBe(p.allowed);
      }
      await setArea(area, 'none');
    },
  );

  it('an area opens only its own routes', async () => {
    await setArea('books', 'write');
    for (const area of ['numbering', 'parameters', 'mail', 'users'] as const) {
      for (const p of [...probes[area].read, ...probes[area].write])
        expect((await call(p)).statusCode, `${p.method} ${p.url()}`).toBe(403);
    }
    await setArea('books', 'none');
  });

  it('keeps what everyone reads open without any area', async () => {
    for (const url of [
      '/api/v1/settings/task-statuses',
      '/api/v1/settings/journals',
      '/api/v1/settings/history',
      '/api/v1/settings/numbering',
      '/api/v1/settings/telephony',
      '/api/v1/admin/enterprise',
      '/api/v1/me/parameters',
      '/api/v1/users/directory',
      '/api/v1/employees',
    ]) {
      expect((await sam.get(url)).statusCode, url).toBe(200);
    }
    expect((await sam.post('/api/v1/settings/numbering/preview', { docType: 'task' })).statusCode).toBe(200);
  });

  describe('the users area gives no more rights', () => {
    beforeAll(() => setArea('users', 'write'));
    afterAll(() => setArea('users', 'none'));

    const adminOnly = (res: { statusCode: number; json: () => { error: { code: string } } }) => {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('admin_only');
    };

    it('creates users without any role or employee', async () => {
      // Not even the default role «Сотрудник»: it would give the new account (whose password Sam
      // knows) rights Sam does not have.
      const plain = await sam.post('/api/v1/users', {
        login: 'plain',
        fullName: 'П',
        password: 'plain-password-1',
      });
      expect(plain.statusCode, plain.body).toBe(201);
      expect(plain.json().roles).toEqual([]);
      const viaPlain = await t.login('plain', 'plain-password-1');
      expect((await viaPlain.get('/api/v1/tasks')).statusCode).toBe(200);
      expect((await viaPlain.post('/api/v1/clients', { name: 'Клиент' })).statusCode).toBe(403);
      const bare = await sam.post('/api/v1/users', {
        login: 'bare',
        fullName: 'Б',
        password: 'bare-password-1',
        roleIds: [],
      });
      expect(bare.statusCode, bare.body).toBe(201);
      expect(bare.json().roles).toEqual([]);

      const body = { fullName: 'Х', password: 'role-password-1' };
      adminOnly(await sam.post('/api/v1/users', { ...body, login: 'boss', roleIds: [adminRole] }));
      adminOnly(await sam.post('/api/v1/users', { ...body, login: 'staff', roleIds: [employeeRole] }));
      const linked = await t.services.employees.create({ fullName: 'Связан', department: 'Продажи' });
      adminOnly(await sam.post('/api/v1/users', { ...body, login: 'linked', employeeId: linked.id }));
      for (const login of ['boss', 'staff', 'linked'])
        expect(await t.services.users.findIdByLogin(login)).toBeNull();
    });

    it("neither sets anyone's password nor links users to employees", async () => {
      adminOnly(await sam.post(`/api/v1/users/${clerkId}/password`, { password: 'stolen-password-1' }));
      adminOnly(await sam.post(`/api/v1/users/${samId}/password`, { password: 'stolen-password-1' }));
      await t.login('clerk', 'clerk-password-1');

      const sales = await t.services.employees.create({ fullName: 'Продавец', department: 'Продажи' });
      adminOnly(await sam.patch(`/api/v1/users/${clerkId}`, { employeeId: sales.id }));
      adminOnly(await sam.patch(`/api/v1/users/${samId}`, { employeeId: sales.id }));
      expect((await t.services.users.get(clerkId)).employee).toBeNull();
      // The unchanged link may be sent back with other changes.
      const same = await sam.patch(`/api/v1/users/${clerkId}`, { employeeId: null, fullName: 'Клерк' });
      expect(same.statusCode, same.body).toBe(200);

      const res = await t.admin.patch(`/api/v1/users/${clerkId}`, { employeeId: sales.id });
      expect(res.statusCode, res.body).toBe(200);
      adminOnly(await sam.patch(`/api/v1/users/${clerkId}`, { employeeId: null }));
      expect((await sam.patch(`/api/v1/users/${clerkId}`, { employeeId: sales.id })).statusCode).toBe(200);
      expect((await t.services.users.get(clerkId)).employee?.id).toBe(sales.id);
    });

    it('moves only employees no user is linked to into another department', async () => {
      const linked = (await t.services.users.get(clerkId)).employee!.id;
      const move = (id: number, department: string) =>
        sam.patch(`/api/v1/employees/${id}`, { department, position: 'Менеджер' });
      // The department level would then count Sam's colleagues in.
      adminOnly(await move(linked, 'Склад'));
      expect((await t.services.employees.get(linked)).department).toBe('Продажи');
      expect((await move(linked, 'Продажи')).statusCode).toBe(200);
      expect((await sam.patch(`/api/v1/employees/${linked}`, { fullName: 'Продавец 2' })).statusCode).toBe(
        200,
      );
      const free = await t.services.employees.create({ fullName: 'Свободный', department: 'Продажи' });
      expect((await move(free.id, 'Склад')).statusCode).toBe(200);
      expect((await t.admin.patch(`/api/v1/employees/${linked}`, { department: 'Склад' })).statusCode).toBe(
        200,
      );
      expect((await t.services.employees.get(linked)).department).toBe('Склад');
    });

    it('edits users but not their roles', async () => {
      expect(
        (await sam.patch(`/api/v1/users/${clerkId}`, { roleIds: [employeeRole], fullName: 'Клерк 2' }))
          .statusCode,
      ).toBe(200);
      adminOnly(await sam.patch(`/api/v1/users/${clerkId}`, { roleIds: [employeeRole, adminRole] }));
      adminOnly(await sam.patch(`/api/v1/users/${clerkId}`, { roleIds: [] }));
      adminOnly(await sam.patch(`/api/v1/users/${samId}`, { roleIds: [adminRole] }));
      expect((await t.services.users.get(clerkId)).roles.map((r) => r.id)).toEqual([employeeRole]);
      expect(await t.services.users.isAdmin(samId)).toBe(false);
    });

    it("leaves administrators' accounts alone", async () => {
      adminOnly(await sam.patch(`/api/v1/users/${adminId}`, { fullName: 'Взломан' }));
      adminOnly(await sam.patch(`/api/v1/users/${adminId}`, { isActive: false }));
      adminOnly(await sam.post(`/api/v1/users/${adminId}/password`, { password: 'stolen-password-1' }));
      const admin = await t.services.users.get(adminId);
      expect(admin).toMatchObject({ fullName: 'Администратор', isActive: true });
      // The administrator's password still works.
      await t.login('admin', 'admin-password-1');
    });

    it('leaves roles and access settings to administrators', async () => {
      expect((await sam.get('/api/v1/roles')).statusCode).toBe(403);
      expect(
        (await sam.post('/api/v1/roles', { code: 'boss', name: 'Босс', description: '' })).statusCode,
      ).toBe(403);
      expect((await sam.patch(`/api/v1/roles/${employeeRole}`, { name: 'Все' })).statusCode).toBe(403);
      expect((await sam.delete(`/api/v1/roles/${employeeRole}`)).statusCode).toBe(403);
      expect((await sam.get(`/api/v1/access/user/${samId}`)).statusCode).toBe(403);
      expect((await sam.put(`/api/v1/access/user/${samId}`, { areas: { books: 'write' } })).statusCode).toBe(
        403,
      );
    });

    it('lets the administrator do all of it', async () => {
      const made = await t.admin.post('/api/v1/users', {
        login: 'staffed',
        fullName: 'С',
        password: 'staffed-password-1',
      });
      expect(made.statusCode, made.body).toBe(201);
      expect(made.json().roles.map((r: { id: number }) => r.id)).toEqual([employeeRole]);
      const password = await t.admin.post(`/api/v1/users/${made.json().id}/password`, {
        password: 'staffed-password-2',
      });
      expect(password.statusCode, password.body).toBe(200);
      await t.login('staffed', 'staffed-password-2');
      const res = await t.admin.patch(`/api/v1/users/${clerkId}`, { roleIds: [employeeRole, adminRole] });
      expect(res.statusCode, res.body).toBe(200);
      // Now an administrator: out of the users area's reach.
      adminOnly(await sam.patch(`/api/v1/users/${clerkId}`, { fullName: 'Клерк 3' }));
      expect((await t.admin.patch(`/api/v1/users/${clerkId}`, { roleIds: [employeeRole] })).statusCode).toBe(
        200,
      );
      expect((await sam.patch(`/api/v1/users/${clerkId}`, { fullName: 'Клерк 3' })).statusCode).toBe(200);
    });
  });
});
