import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

describe('users and roles (Администратор → Пользователи и роли)', () => {
  let t: TestApp;
  let adminRoleId: number;
  beforeAll(async () => {
    t = await createTestApp();
    adminRoleId = (await t.admin.get('/api/v1/roles'))
      .json()
      .find((r: { code: string }) => r.code === 'admin').id;
  });
  afterAll(() => t.close());

  it('ships the built-in administrator role as a system role that cannot be deleted or recoded', async () => {
    const roles = (await t.admin.get('/api/v1/roles')).json();
    expect(roles[0]).toMatchObject({ code: 'admin', isSystem: true, userCount: 1 });
    const del = await t.admin.delete(`/api/v1/roles/${adminRoleId}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('system_role');
    expect((await t.admin.patch(`/api/v1/roles/${adminRoleId}`, { code: 'boss' })).statusCode).toBe(409);
    const renamed = await t.admin.patch(`/api/v1/roles/${adminRoleId}`, { name: 'Адміністратор' });
    expect(renamed.json()).toMatchObject({ code: 'admin', name: 'Адміністратор' });
  });

  it('creates, edits and deletes user roles, with unique codes', async () => {
    const created = await t.admin.post('/api/v1/roles', { code: 'manager', name: 'Менеджер' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'manager', isSystem: false, description: '', userCount: 0 });
    const dup = await t.admin.post('/api/v1/roles', { code: 'manager', name: 'Again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details.fields).toEqual([{ path: 'code', code: 'taken', message: 'Уже занято' }]);
    const bad = await t.admin.post('/api/v1/roles', { code: 'Has Spaces', name: '' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['code', 'name']);
    const tmp = await t.admin.post('/api/v1/roles', { code: 'temp', name: 'Temp' });
    expect((await t.admin.delete(`/api/v1/roles/${tmp.json().id}`)).statusCode).toBe(200);
    expect((await t.admin.get('/api/v1/roles')).json().some((r: { code: string }) => r.code === 'temp')).toBe(
      false,
    );
  });

  it('creates a user linked to an employee (Работник) with roles, and finds them', async () => {
    const emp = await t.services.employees.create({ fullName: 'Шевченко Тарас', email: 'taras@example.com' });
    const role = (await t.admin.get('/api/v1/roles'))
      .json()
      .find((r: { code: string }) => r.code === 'manager');
    const res = await t.admin.post('/api/v1/users', {
      login: 'Taras.S',
      fullName: 'Тарас Шевченко',
      password: 'taras-password',
      locale: 'uk',
      employeeId: emp.id,
      roleIds: [role.id],
    });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({
      login: 'taras.s',
      locale: 'uk',
      isActive: true,
      isAdmin: false,
      employee: { id: emp.id, fullName: 'Шевченко Тарас' },
      roles: [{ code: 'manager' }],
      lastLoginAt: null,
    });
    expect(res.body).not.toContain('password');

    const found = (await t.admin.get('/api/v1/users?q=шевч')).json();
    expect(found.map((u: { login: string }) => u.login)).toEqual(['taras.s']);
    const empView = (await t.admin.get(`/api/v1/employees/${emp.id}`)).json();
    expect(empView.users).toEqual([{ id: user.id, login: 'taras.s' }]);

    const c = await t.login('taras.s', 'taras-password');
    expect((await c.get('/api/v1/me')).json()).toMatchObject({
      employee: { id: emp.id },
      roles: [{ code: 'manager' }],
    });
    expect((await t.admin.get(`/api/v1/users/${user.id}`)).json().lastLoginAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('rejects a taken login, a missing employee and unknown roles with field-level errors', async () => {
    const taken = await t.admin.post('/api/v1/users', {
      login: 'ADMIN',
      fullName: 'X',
      password: 'long-enough',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'login_taken', message: 'Логин «admin» уже занят' });
    const noEmp = await t.admin.post('/api/v1/users', {
      login: 'x1',
      fullName: 'X',
      password: 'long-enough',
      employeeId: 9999,
    });
    expect(noEmp.statusCode).toBe(400);
    expect(noEmp.json().error.details.fields[0].path).toBe('employeeId');
    const noRole = await t.admin.post('/api/v1/users', {
      login: 'x2',
      fullName: 'X',
      password: 'long-enough',
      roleIds: [9999],
    });
    expect(noRole.statusCode).toBe(400);
    expect(noRole.json().error.details.fields).toEqual([
      { path: 'roleIds', code: 'not_found', message: 'Не найдено: #9999' },
    ]);
    const invalid = await t.admin.post('/api/v1/users', {
      login: 'a b',
      fullName: '',
      password: 'short',
      locale: 'de',
    });
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json()
        .error.details.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['fullName', 'locale', 'login', 'password']);
    expect((await t.admin.get('/api/v1/users?q=x')).json()).toEqual([]);
  });

  it('never lets the last active administrator lose the role or be deactivated', async () => {
    const me = (await t.admin.get('/api/v1/me')).json();
    const drop = await t.admin.patch(`/api/v1/users/${me.id}`, { roleIds: [] });
    expect(drop.statusCode).toBe(409);
    expect(drop.json().error.code).toBe('last_admin');
    expect((await t.admin.patch(`/api/v1/users/${me.id}`, { isActive: false })).statusCode).toBe(409);
    expect((await t.admin.get('/api/v1/me')).json().isAdmin).toBe(true);
  });

  it('lets an administrator set a password, which signs the user out everywhere', async () => {
    const u = await t.services.users.create({ login: 'forgetful', fullName: 'F', password: 'old-password' });
    const c = await t.login('forgetful', 'old-password');
    expect(
      (await t.admin.post(`/api/v1/users/${u.id}/password`, { password: 'new-password' })).statusCode,
    ).toBe(200);
    expect((await c.get('/api/v1/me')).statusCode).toBe(401);
    expect(
      (await t.anonymous.post('/api/v1/auth/login', { login: 'forgetful', password: 'new-password' }))
        .statusCode,
    ).toBe(200);
  });

  it('keeps user administration to administrators', async () => {
    await t.services.users.create({ login: 'plain', fullName: 'Plain', password: 'plain-password' });
    const c = await t.login('plain', 'plain-password');
    for (const [method, url] of [
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users'],
      ['GET', '/api/v1/roles'],
      ['PUT', '/api/v1/admin/mail-servers'],
      ['POST', '/api/v1/employees'],
    ] as const) {
      const res = await c.request(method, url, method === 'GET' ? undefined : {});
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await t.anonymous.get('/api/v1/users')).statusCode).toBe(401);
    expect((await c.get('/api/v1/employees')).statusCode).toBe(200);
  });
});
