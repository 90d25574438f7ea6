import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';

/** Доступ к данным: settings of roles and users, the caller's rights, "why can I see this". */
describe('data access settings', () => {
  let t: TestApp;
  let anna: Client;
  let annaId: number;
  let rootTasks: number;
  let subJournal: number;

  beforeAll(async () => {
    t = await createTestApp();
    annaId = (
      await t.services.users.create({ login: 'anna', fullName: 'Анна', password: 'anna-pass-1', roleIds: [] })
    ).id;
    anna = await t.login('anna', 'anna-pass-1');
    const journals = (await t.admin.get('/api/v1/settings/journals')).json() as {
      id: number;
      code: string;
      docType: string;
    }[];
    rootTasks = journals.find((j) => j.code === 'tasks')!.id;
    subJournal = (
      await t.admin.post('/api/v1/settings/journals', {
        code: 'sales',
        nameRu: 'Продажи',
        nameUk: 'Продажі',
        nameEn: 'Sales',
        docType: 'task',
        parentId: rootTasks,
      })
    ).json().id;
  });
  afterAll(() => t.close());

  it('a user without roles has no rights; the default role gives the old reach', async () => {
    const mine = (await anna.get('/api/v1/me/access')).json();
    expect(mine.isAdmin).toBe(false);
    expect(mine.permissions.tasks.read).toBe('none');
    const bob = await t.services.users.create({ login: 'bob', fullName: 'Боб', password: 'bob-pass-12' });
    expect(bob.roles.map((r) => r.name)).toEqual(['Сотрудник']);
    const bobClient = await t.login('bob', 'bob-pass-12');
    const bobs = (await bobClient.get('/api/v1/me/access')).json();
    expect(bobs.permissions.tasks).toEqual({
      read: 'all',
      create: 'all',
      edit: 'all',
      delete: 'own',
      export: 'all',
    });
  });

  it('only administrators read and change access settings', async () => {
    expect((await anna.get(`/api/v1/access/user/${annaId}`)).statusCode).toBe(403);
    expect(
      (await anna.put(`/api/v1/access/user/${annaId}`, { permissions: { tasks: { read: 'all' } } }))
        .statusCode,
    ).toBe(403);
  });

  it('a user grant and a journal grant add up; effective rights merge the roles', async () => {
    const res = await t.admin.put(`/api/v1/access/user/${annaId}`, {
      permissions: { tasks: { read: 'department', create: 'all' } },
      areas: { books: 'read' },
      journals: [{ journalId: subJournal, mode: 'write' }],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.permissions.tasks.read).toBe('department');
    expect(body.journals).toEqual([{ journalId: subJournal, mode: 'write' }]);
    expect(body.effective.permissions.tasks.create).toBe('all');
    const mine = (await anna.get('/api/v1/me/access')).json();
    expect(mine.permissions.tasks.read).toBe('department');
    expect(mine.areas.books).toBe('read');
  });

  it('creating in a journal without a write grant is refused on that field', async () => {
    const denied = await anna.post('/api/v1/tasks', { title: 'В корень', journalId: rootTasks });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.details.fields[0].path).toBe('journalId');
    const ok = await anna.post('/api/v1/tasks', { title: 'В продажи', journalId: subJournal });
    expect(ok.statusCode).toBe(201);
  });

  it('explains why a document is visible', async () => {
    const task = (await t.admin.post('/api/v1/tasks', { title: 'Чужая', journalId: subJournal })).json();
    // Outside her level (department, and she has none): as if it did not exist.
    expect((await anna.get(`/api/v1/access/explain/tasks/${task.id}`)).statusCode).toBe(404);
    await t.admin.put(`/api/v1/access/user/${annaId}`, { permissions: { tasks: { read: 'all' } } });
    const again = (await anna.get(`/api/v1/access/explain/tasks/${task.id}`)).json();
    expect(again.reasons).toEqual([
      {
        kind: 'level',
        level: 'all',
        via: [{ kind: 'user', id: annaId, name: 'Анна' }],
        journal: expect.objectContaining({
          id: subJournal,
          mode: 'write',
          grantedOn: expect.objectContaining({ id: subJournal }),
        }),
      },
    ]);
  });

  it('lists the same rows for a user named on many documents (SQLite then walks the sort index)', async () => {
    const many = await t.services.users.create({
      login: 'many',
      fullName: 'Много',
      password: 'many-pass-12',
      roleIds: [],
    });
    await t.admin.put(`/api/v1/access/user/${many.id}`, { permissions: { tasks: { read: 'own' } } });
    const mine: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await t.admin.post('/api/v1/tasks', {
        title: `Много ${i}`,
        performerId: many.id,
        controllerId: i % 2 ? null : many.id,
      });
      mine.push(res.json().id);
    }
    for (let i = 0; i < 5; i++) await t.admin.post('/api/v1/tasks', { title: `Не моя ${i}` });
    const client = await t.login('many', 'many-pass-12');
    const first = (await client.get('/api/v1/tasks?limit=25')).json();
    const second = (await client.get(`/api/v1/tasks?limit=500&cursor=${first.nextCursor}`)).json();
    const ids = [...first.items, ...second.items].map((x: { id: number }) => x.id);
    expect(ids.sort((a, b) => a - b)).toEqual(mine);
  });

  it('refuses grants on journals that do not exist and the administrator role', async () => {
    const res = await t.admin.put(`/api/v1/access/user/${annaId}`, {
      journals: [{ journalId: 999999, mode: 'read' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('journals.0.journalId');
    const roles = (await t.admin.get('/api/v1/roles')).json() as { id: number; code: string }[];
    const admin = roles.find((r) => r.code === 'admin')!;
    expect((await t.admin.put(`/api/v1/access/role/${admin.id}`, { permissions: {} })).statusCode).toBe(409);
  });
});
