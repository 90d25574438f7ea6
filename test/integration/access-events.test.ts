import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import { childJournal, fieldErrors, grantAccess, rightlessUser } from '../support/access.js';
import type { EventCard, EventPage } from '../../src/shared/schemas/events.js';

/**
 * Доступ к данным for events: an event is visible when its journal (or one above it) is granted
 * and it is within the level, or when the user is its performer or a participant; changes need a
 * read/write grant and the level of the action. "Own" also counts the author.
 */
describe('event access', () => {
  let t: TestApp;
  const j = {} as Record<'root' | 'visits' | 'far', number>;
  let typeId: number;

  const user = (login: string, fullName: string, department = '') =>
    rightlessUser(t, login, fullName, department);
  const grant = (userId: number, body: Record<string, unknown>) => grantAccess(t, userId, body);
  const create = async (
    subject: string,
    extra: Record<string, unknown> = {},
    as: HttpClient = t.admin,
  ): Promise<EventCard> => {
    const res = await as.post('/api/v1/events', {
      typeId,
      subject,
      startsAt: '2030-05-10T09:00:00Z',
      performerId: null,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as EventCard;
  };
  const listed = async (as: HttpClient, marker: string, query = '') => {
    const res = await as.get(`/api/v1/events?limit=100&q=${encodeURIComponent(marker)}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as EventPage).items.map((x) => x.subject).sort();
  };
  const fieldsOf = fieldErrors;

  beforeAll(async () => {
    t = await createTestApp();
    const all = (await t.admin.get('/api/v1/settings/journals')).json() as { id: number; code: string }[];
    j.root = all.find((x) => x.code === 'events')!.id;
    const journal = (code: string, parentId: number) => childJournal(t, code, parentId);
    j.visits = await journal('visits', j.root);
    j.far = await journal('visits_far', j.visits);
    typeId = ((await t.admin.get('/api/v1/settings/event-types')).json() as { id: number }[])[0]!.id;
  });
  afterAll(() => t.close());

  it('the list and the export hold only the events the user may read; others answer 404', async () => {
    const vera = await user('vera', 'Вера');
    // Level all, a read grant on «visits» (reaching «visits_far» below it); export: own.
    await grant(vera.id, {
      permissions: { events: { read: 'all', export: 'own' } },
      journals: [{ journalId: j.visits, mode: 'read' }],
    });
    const root = await create('С1 корень', { journalId: j.root });
    await create('С1 визит', { journalId: j.visits });
    await create('С1 дальний', { journalId: j.far });
    await create('С1 исполняет', { journalId: j.root, performerId: vera.id });
    await create('С1 участвует', { journalId: j.root, participantIds: [vera.id] });
    await create('С1 визит, участвует', { journalId: j.visits, participantIds: [vera.id] });
    const visible = ['С1 визит', 'С1 визит, участвует', 'С1 дальний', 'С1 исполняет', 'С1 участвует'];

    expect(await listed(t.admin, 'С1')).toHaveLength(6);
    expect(await listed(vera.client, 'С1')).toEqual(visible);
    expect(await listed(vera.client, 'С1', `&journalId=${j.root}&sort=number`)).toEqual(visible);

    // Read and export together: being named lets one read, not export.
    const csv = await vera.client.get(`/api/v1/events/export?format=csv&q=${encodeURIComponent('С1')}`);
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .slice(1);
    expect(lines.map((l) => l.split(';')[2])).toEqual(['С1 визит, участвует']);

    const hidden = await vera.client.get(`/api/v1/events/${root.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual((await vera.client.get('/api/v1/events/999999999')).json());
    expect((await vera.client.patch(`/api/v1/events/${root.id}`, { subject: 'Моё' })).statusCode).toBe(404);
    expect((await vera.client.delete(`/api/v1/events/${root.id}`)).statusCode).toBe(404);
  });

  it('a performer or participant reads the event but changes it only with a grant and a level', async () => {
    const nina = await user('nina', 'Нина');
    const performed = await create('С2 исполняет', { journalId: j.root, performerId: nina.id });
    const joined = await create('С2 участвует', { journalId: j.root, participantIds: [nina.id] });
    await create('С2 чужое', { journalId: j.root });

    expect(await listed(nina.client, 'С2')).toEqual(['С2 исполняет', 'С2 участвует']);
    for (const e of [performed, joined]) {
      const url = `/api/v1/events/${e.id}`;
      expect((await nina.client.get(url)).statusCode).toBe(200);
      expect((await nina.client.patch(url, { status: 'done' })).statusCode).toBe(403);
      expect((await nina.client.delete(url)).statusCode).toBe(403);
    }
    expect(
      (await nina.client.post('/api/v1/events', { typeId, subject: 'С2', startsAt: '2030-05-10T09:00:00Z' }))
        .statusCode,
    ).toBe(403);
    expect((await nina.client.get('/api/v1/events/export?format=csv')).statusCode).toBe(403);

    await grant(nina.id, {
      permissions: { events: { edit: 'own', delete: 'own' } },
      journals: [{ journalId: j.root, mode: 'write' }],
    });
    const done = await nina.client.patch(`/api/v1/events/${joined.id}`, { status: 'done' });
    expect(done.statusCode, done.body).toBe(200);
    expect((await nina.client.delete(`/api/v1/events/${performed.id}`)).statusCode).toBe(200);
  });

  it('the own level counts the author; the department level the department’s performers and authors', async () => {
    const olga = await user('olga', 'Ольга', 'Продажи');
    const den = await user('den', 'Денис', 'Продажи');
    const fedor = await user('fedor', 'Фёдор', 'Склад');
    const rights = { create: 'all', read: 'own', edit: 'own' };
    await grant(olga.id, {
      permissions: { events: rights },
      journals: [{ journalId: j.root, mode: 'write' }],
    });
    await grant(den.id, {
      permissions: { events: rights },
      journals: [{ journalId: j.root, mode: 'write' }],
    });
    // Written by her for someone else: still hers.
    const written = await create('С3 написала', { performerId: fedor.id }, olga.client);
    await create('С3 написал Денис', {}, den.client);
    await create('С3 исполняет Денис', { performerId: den.id });
    await create('С3 участвует Денис', { participantIds: [den.id] });
    const forFedor = await create('С3 исполняет Фёдор', { performerId: fedor.id });

    expect(await listed(olga.client, 'С3')).toEqual(['С3 написала']);
    const changed = await olga.client.patch(`/api/v1/events/${written.id}`, {
      subject: 'С3 написала, иначе',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await olga.client.patch(`/api/v1/events/${forFedor.id}`, { subject: 'С3' })).statusCode).toBe(
      404,
    );

    await grant(olga.id, { permissions: { events: { read: 'department', edit: 'department' } } });
    // A participant is not among the department's people; performers and authors are.
    expect(await listed(olga.client, 'С3')).toEqual([
      'С3 исполняет Денис',
      'С3 написал Денис',
      'С3 написала, иначе',
    ]);
    expect((await olga.client.patch(`/api/v1/events/${forFedor.id}`, { subject: 'С3' })).statusCode).toBe(
      404,
    );
  });

  it('creating and moving an event need a read/write grant on the journal, inherited down the tree', async () => {
    const kim = await user('kim', 'Ким');
    await grant(kim.id, {
      permissions: { events: { read: 'all', create: 'all', edit: 'all' } },
      journals: [
        { journalId: j.root, mode: 'read' },
        { journalId: j.visits, mode: 'write' },
      ],
    });
    const post = (body: Record<string, unknown>) =>
      kim.client.post('/api/v1/events', { typeId, subject: 'С4', startsAt: '2030-05-10T09:00:00Z', ...body });
    // No journal chosen: the default one (the root), which Ким may only read.
    expect(fieldsOf(await post({}), 403)).toEqual([['journalId', 'journal_not_writable']]);
    const inFar = await create('С4 дальний', { journalId: j.far }, kim.client);
    const url = `/api/v1/events/${inFar.id}`;
    expect(fieldsOf(await kim.client.patch(url, { journalId: j.root }), 403)).toEqual([
      ['journalId', 'journal_not_writable'],
    ]);
    const moved = await kim.client.patch(url, { journalId: j.visits });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((moved.json() as EventCard).journal.id).toBe(j.visits);
    const inRoot = await create('С4 корень', { journalId: j.root });
    expect((await kim.client.get(`/api/v1/events/${inRoot.id}`)).statusCode).toBe(200);
    expect((await kim.client.patch(`/api/v1/events/${inRoot.id}`, { subject: 'С4 иначе' })).statusCode).toBe(
      403,
    );
  });

  it('a client or project the user links must be visible to them; one filled in or kept is not checked', async () => {
    const lev = await user('lev', 'Лев');
    // Clients: only his own; projects: none (but those he manages he may read).
    await grant(lev.id, {
      permissions: { events: { read: 'all', create: 'all', edit: 'all' }, clients: { read: 'own' } },
      journals: [{ journalId: j.root, mode: 'write' }],
    });
    const clientRes = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Невидимка»',
      contacts: [{ name: 'Ира' }],
    });
    const client = clientRes.json() as { id: number; contacts: { id: number }[] };
    const project = async (extra: Record<string, unknown>) => {
      const res = await t.admin.post('/api/v1/projects', { name: 'С5 проект', ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: number }).id;
    };
    const hiddenProject = await project({ kind: 'internal' });
    const managed = await project({ kind: 'external', clientId: client.id, managerId: lev.id });

    const post = (body: Record<string, unknown>) =>
      lev.client.post('/api/v1/events', { typeId, subject: 'С5', startsAt: '2030-05-10T09:00:00Z', ...body });
    for (const id of [client.id, 999999]) {
      expect(fieldsOf(await post({ clientId: id }), 400)).toEqual([['clientId', 'client_unknown']]);
    }
    // A contact person of a hidden client is refused as the client is.
    expect(fieldsOf(await post({ clientId: client.id, contactId: client.contacts[0]!.id }), 400)).toEqual([
      ['clientId', 'client_unknown'],
    ]);
    for (const id of [hiddenProject, 999999]) {
      expect(fieldsOf(await post({ projectId: id }), 400)).toEqual([['projectId', 'project_unknown']]);
    }
    // The project's client comes with the project, although he cannot see the client…
    const fromProject = await create('С5 по проекту', { projectId: managed }, lev.client);
    expect(fromProject.client?.id).toBe(client.id);
    // …and stays through his changes that keep it.
    const changed = await lev.client.patch(`/api/v1/events/${fromProject.id}`, {
      subject: 'С5 иначе',
      clientId: client.id,
    });
    expect(changed.statusCode, changed.body).toBe(200);
  });

  it('a client’s timeline shows only the events the user may read', async () => {
    const tim = await user('tim', 'Тимур');
    await grant(tim.id, {
      permissions: { clients: { read: 'all' }, events: { read: 'all' } },
      journals: [{ journalId: j.visits, mode: 'read' }],
    });
    const client = (await t.admin.post('/api/v1/clients', { name: 'ООО «Лента»' })).json() as { id: number };
    const seen = await create('С6 визит', { journalId: j.visits, clientId: client.id });
    await create('С6 корень', { journalId: j.root, clientId: client.id });
    const items = async (as: HttpClient) => {
      const res = await as.get(`/api/v1/clients/${client.id}/timeline`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: { kind: string; docId: number }[] }).items.filter(
        (i) => i.kind === 'event',
      );
    };
    expect(await items(t.admin)).toHaveLength(2);
    expect((await items(tim.client)).map((i) => i.docId)).toEqual([seen.id]);
  });
});
