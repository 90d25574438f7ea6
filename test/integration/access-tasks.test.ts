import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import { childJournal, fieldErrors, grantAccess, rightlessUser } from '../support/access.js';
import type { Task, TaskBoard, TaskPage } from '../../src/shared/schemas/tasks.js';

/**
 * Доступ к данным for tasks: a task is visible when its journal (or one above it) is granted and
 * it is within the level, or when the user is its author, performer or controller; changes need
 * a read/write grant and the level of the action.
 */
describe('task access', () => {
  let t: TestApp;
  const j = {} as Record<'root' | 'sales' | 'east', number>;
  let doneStatus: number;

  const user = (login: string, fullName: string, department = '') =>
    rightlessUser(t, login, fullName, department);
  const grant = (userId: number, body: Record<string, unknown>) => grantAccess(t, userId, body);
  const create = async (body: Record<string, unknown>, as: HttpClient = t.admin): Promise<Task> => {
    const res = await as.post('/api/v1/tasks', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Task;
  };
  /** Titles of the tasks listed to `as` among those whose title has `marker`. */
  const listed = async (as: HttpClient, marker: string, query = '') => {
    const res = await as.get(`/api/v1/tasks?limit=100&q=${encodeURIComponent(marker)}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return titles((res.json() as TaskPage).items);
  };
  const titles = (list: { title: string }[]) => list.map((x) => x.title).sort();
  const unknownCard = async (as: HttpClient) => (await as.get('/api/v1/tasks/999999999')).json();
  const fieldsOf = fieldErrors;

  beforeAll(async () => {
    t = await createTestApp();
    const all = (await t.admin.get('/api/v1/settings/journals')).json() as { id: number; code: string }[];
    j.root = all.find((x) => x.code === 'tasks')!.id;
    const journal = (code: string, parentId: number) => childJournal(t, code, parentId);
    j.sales = await journal('sales', j.root);
    j.east = await journal('sales_east', j.sales);
    const statuses = (await t.admin.get('/api/v1/settings/task-statuses')).json() as {
      id: number;
      code: string;
    }[];
    doneStatus = statuses.find((s) => s.code === 'closed')!.id;
  });
  afterAll(() => t.close());

  it('lists, the board, my tasks and the export hold only the tasks the user may read', async () => {
    const vera = await user('vera', 'Вера');
    // Level all, a read grant on «sales» only (which reaches «sales_east» below it); export: own.
    await grant(vera.id, {
      permissions: { tasks: { read: 'all', export: 'own' } },
      journals: [{ journalId: j.sales, mode: 'read' }],
    });
    const root = await create({ title: 'Т1 корень', journalId: j.root });
    await create({ title: 'Т1 продажи', journalId: j.sales });
    await create({ title: 'Т1 восток', journalId: j.east });
    const performed = await create({ title: 'Т1 исполняет', journalId: j.root, performerId: vera.id });
    await create({ title: 'Т1 контролирует', journalId: j.root, controllerId: vera.id });
    await create({ title: 'Т1 продажи, исполняет', journalId: j.sales, performerId: vera.id });
    const visible = ['Т1 восток', 'Т1 исполняет', 'Т1 контролирует', 'Т1 продажи', 'Т1 продажи, исполняет'];

    expect(await listed(t.admin, 'Т1')).toHaveLength(6);
    expect(await listed(vera.client, 'Т1')).toEqual(visible);
    // Every sort (the deadline sort pages in two phases) and the journal filter keep the rule.
    expect(await listed(vera.client, 'Т1', '&sort=deadline')).toEqual(visible);
    expect(await listed(vera.client, 'Т1', `&journalId=${j.root}`)).toEqual(visible);
    expect(await listed(vera.client, 'Т1', '&mine=performer')).toEqual([
      'Т1 исполняет',
      'Т1 продажи, исполняет',
    ]);
    expect(await listed(vera.client, 'Т1', '&mine=controller')).toEqual(['Т1 контролирует']);

    const board = (
      await vera.client.get(`/api/v1/tasks/board?q=${encodeURIComponent('Т1')}`)
    ).json() as TaskBoard;
    expect(board.columns.reduce((n, c) => n + c.total, 0)).toBe(5);
    expect(titles(board.columns.flatMap((c) => c.items))).toEqual(visible);

    // The export takes the read rule and the export level together: being named lets one read a
    // task, not export it, so only her own tasks in the granted journal go out.
    const csv = await vera.client.get(`/api/v1/tasks/export?format=csv&q=${encodeURIComponent('Т1')}`);
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .slice(1);
    expect(lines.map((l) => l.split(';')[1])).toEqual(['Т1 продажи, исполняет']);

    // A task out of reach answers like one that does not exist, also through its parts.
    const hidden = await vera.client.get(`/api/v1/tasks/${root.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(await unknownCard(vera.client));
    for (const path of ['comments', 'checklist']) {
      expect((await vera.client.get(`/api/v1/tasks/${root.id}/${path}`)).statusCode).toBe(404);
    }
    expect((await vera.client.post(`/api/v1/tasks/${root.id}/comments`, { body: 'Тут?' })).statusCode).toBe(
      404,
    );
    expect((await vera.client.patch(`/api/v1/tasks/${root.id}`, { title: 'Моя' })).statusCode).toBe(404);
    expect((await vera.client.delete(`/api/v1/tasks/${root.id}`)).statusCode).toBe(404);
    expect((await vera.client.get(`/api/v1/tasks/${performed.id}`)).statusCode).toBe(200);
  });

  it('a named user reads and comments but changes nothing without a grant and a level', async () => {
    const nina = await user('nina', 'Нина');
    const task = await create({ title: 'Т2 для Нины', journalId: j.root, performerId: nina.id });
    await create({ title: 'Т2 чужая', journalId: j.root });
    const url = `/api/v1/tasks/${task.id}`;

    expect(await listed(nina.client, 'Т2')).toEqual(['Т2 для Нины']);
    expect((await nina.client.get(url)).statusCode).toBe(200);
    expect((await nina.client.get(`${url}/checklist`)).statusCode).toBe(200);
    const comment = await nina.client.post(`${url}/comments`, { body: 'Принято' });
    expect(comment.statusCode, comment.body).toBe(201);
    // Her own comment stays hers to change.
    const commentId = (comment.json() as { id: number }).id;
    expect((await nina.client.patch(`${url}/comments/${commentId}`, { body: 'Принято!' })).statusCode).toBe(
      200,
    );

    // Visible, not changeable: 403 (not 404).
    expect((await nina.client.patch(url, { title: 'Иначе' })).statusCode).toBe(403);
    expect((await nina.client.post(`${url}/status`, { statusId: doneStatus })).statusCode).toBe(403);
    expect((await nina.client.post(`${url}/checklist`, { text: 'Пункт' })).statusCode).toBe(403);
    expect((await nina.client.delete(url)).statusCode).toBe(403);
    // With no level for them, creating and exporting are refused outright.
    expect((await nina.client.post('/api/v1/tasks', { title: 'Т2 своя' })).statusCode).toBe(403);
    expect((await nina.client.get('/api/v1/tasks/export?format=csv')).statusCode).toBe(403);

    // A level without a read/write grant is not enough, nor a read grant…
    await grant(nina.id, { permissions: { tasks: { edit: 'own' } } });
    expect((await nina.client.patch(url, { title: 'Иначе' })).statusCode).toBe(403);
    await grant(nina.id, { journals: [{ journalId: j.root, mode: 'read' }] });
    expect((await nina.client.patch(url, { title: 'Иначе' })).statusCode).toBe(403);
    // …a read/write grant with it is.
    await grant(nina.id, { journals: [{ journalId: j.root, mode: 'write' }] });
    const changed = await nina.client.patch(url, { title: 'Т2 для Нины, иначе' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await nina.client.post(`${url}/checklist`, { text: 'Пункт' })).statusCode).toBe(201);
    expect((await nina.client.post(`${url}/status`, { statusId: doneStatus })).statusCode).toBe(200);
    // Deleting is a level of its own.
    expect((await nina.client.delete(url)).statusCode).toBe(403);
  });

  it('the own level reaches the tasks the user wrote, performs or controls', async () => {
    const olga = await user('olga', 'Ольга');
    await grant(olga.id, {
      permissions: { tasks: { read: 'own', create: 'all', edit: 'own', delete: 'own' } },
      journals: [{ journalId: j.root, mode: 'write' }],
    });
    const written = await create({ title: 'Т3 написала' }, olga.client);
    const performed = await create({ title: 'Т3 исполняет', performerId: olga.id });
    await create({ title: 'Т3 контролирует', controllerId: olga.id });
    const other = await create({ title: 'Т3 чужая' });

    expect(await listed(olga.client, 'Т3')).toEqual(['Т3 исполняет', 'Т3 контролирует', 'Т3 написала']);
    expect((await olga.client.patch(`/api/v1/tasks/${performed.id}`, { priority: 'high' })).statusCode).toBe(
      200,
    );
    expect((await olga.client.patch(`/api/v1/tasks/${other.id}`, { priority: 'high' })).statusCode).toBe(404);
    expect((await olga.client.delete(`/api/v1/tasks/${other.id}`)).statusCode).toBe(404);
    expect((await olga.client.delete(`/api/v1/tasks/${written.id}`)).statusCode).toBe(200);
    expect(await listed(t.admin, 'Т3')).toEqual(['Т3 исполняет', 'Т3 контролирует', 'Т3 чужая']);
  });

  it('the department level reaches tasks written or performed in the user’s department', async () => {
    const dina = await user('dina', 'Дина', 'Продажи');
    const den = await user('den', 'Денис', 'Продажи');
    const fedor = await user('fedor', 'Фёдор', 'Склад');
    await grant(dina.id, {
      permissions: { tasks: { read: 'department', edit: 'department' } },
      journals: [{ journalId: j.root, mode: 'write' }],
    });
    await create({ title: 'Т4 автор Денис', authorId: den.id });
    const forDen = await create({ title: 'Т4 исполняет Денис', performerId: den.id });
    // The controller is not among the department's people.
    const controlled = await create({ title: 'Т4 контролирует Денис', controllerId: den.id });
    const forFedor = await create({ title: 'Т4 исполняет Фёдор', performerId: fedor.id });

    expect(await listed(dina.client, 'Т4')).toEqual(['Т4 автор Денис', 'Т4 исполняет Денис']);
    expect((await dina.client.patch(`/api/v1/tasks/${forDen.id}`, { priority: 'urgent' })).statusCode).toBe(
      200,
    );
    expect((await dina.client.get(`/api/v1/tasks/${controlled.id}`)).statusCode).toBe(404);
    expect((await dina.client.patch(`/api/v1/tasks/${forFedor.id}`, { priority: 'urgent' })).statusCode).toBe(
      404,
    );
  });

  it('creating and moving a task need a read/write grant on the journal, inherited down the tree', async () => {
    const kim = await user('kim', 'Ким');
    await grant(kim.id, {
      permissions: { tasks: { read: 'all', create: 'all', edit: 'all' } },
      journals: [
        { journalId: j.root, mode: 'read' },
        { journalId: j.sales, mode: 'write' },
      ],
    });
    // No journal chosen: the default (the root), which Ким may only read.
    expect(fieldsOf(await kim.client.post('/api/v1/tasks', { title: 'Т5 куда-то' }), 403)).toEqual([
      ['journalId', 'journal_not_writable'],
    ]);
    const inSales = await create({ title: 'Т5 продажи', journalId: j.sales }, kim.client);
    await create({ title: 'Т5 восток', journalId: j.east }, kim.client);
    const url = `/api/v1/tasks/${inSales.id}`;
    expect(fieldsOf(await kim.client.patch(url, { journalId: j.root }), 403)).toEqual([
      ['journalId', 'journal_not_writable'],
    ]);
    const moved = await kim.client.patch(url, { journalId: j.east });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((moved.json() as Task).journalId).toBe(j.east);
    // In a journal granted for reading: visible, not changeable.
    const inRoot = await create({ title: 'Т5 корень', journalId: j.root });
    expect((await kim.client.get(`/api/v1/tasks/${inRoot.id}`)).statusCode).toBe(200);
    expect((await kim.client.patch(`/api/v1/tasks/${inRoot.id}`, { title: 'Т5 иначе' })).statusCode).toBe(
      403,
    );
    expect(await listed(t.admin, 'Т5')).toEqual(['Т5 восток', 'Т5 корень', 'Т5 продажи']);
  });

  it('links the user sets must be visible to them; links filled in or kept are not checked', async () => {
    const lev = await user('lev', 'Лев');
    await grant(lev.id, {
      permissions: { tasks: { read: 'all', create: 'all', edit: 'all' }, clients: { read: 'own' } },
      journals: [{ journalId: j.root, mode: 'write' }],
    });
    const client = (await t.admin.post('/api/v1/clients', { name: 'ООО «Невидимка»' })).json() as {
      id: number;
    };
    const project = (await t.admin.post('/api/v1/projects', { name: 'Тайный', kind: 'internal' })).json() as {
      id: number;
    };
    const types = (await t.admin.get('/api/v1/settings/event-types')).json() as { id: number }[];
    const event = async (extra: Record<string, unknown>) => {
      const res = await t.admin.post('/api/v1/events', {
        typeId: types[0]!.id,
        subject: 'Т6 событие',
        startsAt: '2030-01-01T10:00:00Z',
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: number }).id;
    };
    const hiddenEvent = await event({ performerId: null });

    const refused = async (body: Record<string, unknown>, unknown: Record<string, unknown>) => {
      const hidden = fieldsOf(await lev.client.post('/api/v1/tasks', { title: 'Т6', ...body }), 400);
      expect(hidden).toEqual(
        fieldsOf(await lev.client.post('/api/v1/tasks', { title: 'Т6', ...unknown }), 400),
      );
      return hidden;
    };
    expect(await refused({ clientId: client.id }, { clientId: 999999 })).toEqual([
      ['clientId', 'client_unknown'],
    ]);
    expect(await refused({ projectId: project.id }, { projectId: 999999 })).toEqual([
      ['projectId', 'project_unknown'],
    ]);
    expect(await refused({ eventId: hiddenEvent }, { eventId: 999999 })).toEqual([
      ['eventId', 'event_unknown'],
    ]);

    // An event he takes part in may be linked; its client comes with it although he cannot see it.
    const ownEvent = await event({ participantIds: [lev.id], clientId: client.id });
    const fromEvent = await create({ title: 'Т6 по событию', eventId: ownEvent }, lev.client);
    expect(fromEvent).toMatchObject({ eventId: ownEvent, clientId: client.id });
    // A link already there stays through his changes.
    const linked = await create({ title: 'Т6 с клиентом', clientId: client.id, projectId: project.id });
    const res = await lev.client.patch(`/api/v1/tasks/${linked.id}`, {
      title: 'Т6 иначе',
      clientId: client.id,
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('a client’s timeline shows only the tasks the user may read', async () => {
    const tim = await user('tim', 'Тимур');
    await grant(tim.id, {
      permissions: { clients: { read: 'all' }, tasks: { read: 'all' } },
      journals: [{ journalId: j.sales, mode: 'read' }],
    });
    const client = (await t.admin.post('/api/v1/clients', { name: 'ООО «Лента»' })).json() as { id: number };
    const seen = await create({ title: 'Т7 в продажах', journalId: j.sales, clientId: client.id });
    await create({ title: 'Т7 в корне', journalId: j.root, clientId: client.id });
    const items = async (as: HttpClient) => {
      const res = await as.get(`/api/v1/clients/${client.id}/timeline`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: { kind: string; docId: number }[] }).items.filter(
        (i) => i.kind === 'task',
      );
    };
    expect(await items(t.admin)).toHaveLength(2);
    expect((await items(tim.client)).map((i) => i.docId)).toEqual([seen.id]);
  });
});
