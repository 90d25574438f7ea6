import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import type { SearchResult } from '../../src/shared/schemas/search.js';

/**
 * Search, «История» and timelines through the access rule: a restricted user finds, opens and
 * sees on timelines only the documents they may read, and nothing hints at the others.
 */
describe('search, history and timelines under data access', () => {
  let t: TestApp;
  let rita: Client;
  let ritaId: number;
  let typeId: number;
  /** `type:key` → id; `mine` documents Rita may read, `other` ones she may not. */
  const doc: Record<string, number> = {};

  const created = async (url: string, body: unknown) => {
    const res = await t.admin.post(url, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>().id;
  };
  const search = async (who: Client, q: string, extra = '') => {
    const res = await who.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SearchResult[]>();
  };
  /** Results as `type:key score`. */
  const found = async (who: Client, q: string, extra = '') => {
    const names = new Map(Object.entries(doc).map(([k, v]) => [`${k.split(':')[0]}:${v}`, k]));
    return (await search(who, q, extra)).map(
      (r) => `${names.get(`${r.docType}:${r.docId}`) ?? `${r.docType}:${r.docId}`} ${r.score}`,
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    ritaId = (
      await t.services.users.create({
        login: 'rita',
        fullName: 'Рита',
        password: 'rita-pass-12',
        roleIds: [],
      })
    ).id;
    // Clients she is responsible for; projects, events and tasks only where she is named.
    const rights = await t.admin.put(`/api/v1/access/user/${ritaId}`, {
      permissions: { clients: { read: 'own' } },
    });
    expect(rights.statusCode, rights.body).toBe(200);
    rita = await t.login('rita', 'rita-pass-12');
    typeId = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number }[]>()[0]!.id;

    // The invisible documents match better (exact titles) than the visible ones.
    doc['client:other'] = await created('/api/v1/clients', { name: 'Зебра' });
    doc['client:mine'] = await created('/api/v1/clients', { name: 'Зебра Плюс', responsibleId: ritaId });
    doc['project:other'] = await created('/api/v1/projects', { name: 'Зебра', kind: 'internal' });
    doc['project:mine'] = await created('/api/v1/projects', {
      name: 'Зебра проект',
      kind: 'internal',
      managerId: ritaId,
    });
    const at = '2025-03-01T10:00:00.000Z';
    doc['event:other'] = await created('/api/v1/events', { typeId, subject: 'Зебра', startsAt: at });
    doc['event:mine'] = await created('/api/v1/events', {
      typeId,
      subject: 'Зебра встреча',
      startsAt: at,
      performerId: ritaId,
    });
    doc['task:other'] = await created('/api/v1/tasks', { title: 'Зебра' });
    doc['task:mine'] = await created('/api/v1/tasks', { title: 'Зебра задача', performerId: ritaId });
  });
  afterAll(() => t.close());

  it('finds only the documents of each type the user may read, whatever matches better', async () => {
    expect(await found(t.admin, 'зебра')).toEqual([
      'client:other 100',
      'project:other 100',
      'event:other 100',
      'task:other 100',
      'client:mine 80',
      'project:mine 80',
      'event:mine 80',
      'task:mine 80',
    ]);
    expect(await found(rita, 'зебра')).toEqual([
      'client:mine 80',
      'project:mine 80',
      'event:mine 80',
      'task:mine 80',
    ]);
    expect(await found(rita, 'зебра', '&types=task,client')).toEqual(['client:mine 80', 'task:mine 80']);
    expect(await found(rita, 'зебра', '&types=event&limit=1')).toEqual(['event:mine 80']);
  });

  it('follows changes of rights at once', async () => {
    await t.admin.put(`/api/v1/access/user/${ritaId}`, { permissions: { tasks: { read: 'all' } } });
    // Tasks need a journal too: a level alone shows nothing more.
    expect(await found(rita, 'зебра', '&types=task')).toEqual(['task:mine 80']);
    const tasksRoot = (await t.admin.get('/api/v1/settings/journals'))
      .json<{ id: number; code: string }[]>()
      .find((j) => j.code === 'tasks')!.id;
    await t.admin.put(`/api/v1/access/user/${ritaId}`, {
      journals: [{ journalId: tasksRoot, mode: 'read' }],
    });
    expect(await found(rita, 'зебра', '&types=task')).toEqual(['task:other 100', 'task:mine 80']);
    await t.admin.put(`/api/v1/access/user/${ritaId}`, {
      permissions: { tasks: { read: 'none' } },
      journals: [],
    });
    expect(await found(rita, 'зебра', '&types=task')).toEqual(['task:mine 80']);
  });

  it('gives a restricted user a full page when many invisible documents match', async () => {
    // More invisible matches than the engines' candidate limit, all older than the visible ones.
    for (let i = 0; i < 230; i++) await created('/api/v1/clients', { name: `Лось ${i}` });
    const mine: number[] = [];
    for (let i = 0; i < 12; i++)
      mine.push(await created('/api/v1/clients', { name: `Лось мой ${i}`, responsibleId: ritaId }));
    const page = await search(rita, 'лось', '&limit=10');
    expect(page).toHaveLength(10);
    expect(page.every((r) => r.docType === 'client' && mine.includes(r.docId))).toBe(true);
    const all = await search(rita, 'лось', '&limit=100');
    expect(all.map((r) => r.docId).sort((a, b) => a - b)).toEqual(mine);
    expect(await search(rita, 'лось 17')).toEqual([]);
  });

  it('answers 404 for the history of a document the user may not read', async () => {
    for (const [type, path] of [
      ['client', 'clients'],
      ['project', 'projects'],
      ['event', 'events'],
      ['task', 'tasks'],
    ] as const) {
      const hidden = await rita.get(`/api/v1/${path}/${doc[`${type}:other`]}/history`);
      expect(hidden.statusCode, `${path} hidden`).toBe(404);
      expect(hidden.json().error.code).toBe('not_found');
      expect((await rita.get(`/api/v1/${path}/999999/history`)).json()).toEqual(hidden.json());
      expect((await t.admin.get(`/api/v1/${path}/999999/history`)).statusCode).toBe(404);
      const own = await rita.get(`/api/v1/${path}/${doc[`${type}:mine`]}/history`);
      expect(own.statusCode, `${path} own: ${own.body}`).toBe(200);
      expect(own.json().items).toEqual([expect.objectContaining({ action: 'create' })]);
    }
  });

  describe('timelines', () => {
    /** Name → id; the name starts with the kind of timeline line it makes (a client: its changes). */
    const ids: Record<string, number> = {};
    type Line = { kind: string; docId: number };
    /** Lines as `kind:name`, sorted (ids of different types may be equal, so names are per kind). */
    const lines = async (who: Client, url: string) => {
      const res = await who.get(url);
      expect(res.statusCode, res.body).toBe(200);
      const kindOf = (name: string) => (name === 'client' ? 'change' : name.replace(/[A-Z].*/, ''));
      const names = new Map(Object.entries(ids).map(([name, id]) => [`${kindOf(name)}:${id}`, name]));
      return res
        .json<{ items: Line[] }>()
        .items.map((l) => `${l.kind}:${names.get(`${l.kind}:${l.docId}`) ?? l.docId}`)
        .sort();
    };

    beforeAll(async () => {
      ids.client = await created('/api/v1/clients', { name: 'Жираф', responsibleId: ritaId });
      const clientId = ids.client;
      ids.projectMine = await created('/api/v1/projects', {
        name: 'Её проект',
        kind: 'external',
        clientId,
        managerId: ritaId,
      });
      ids.projectOther = await created('/api/v1/projects', {
        name: 'Чужой проект',
        kind: 'external',
        clientId,
      });
      const at = '2025-04-01T10:00:00.000Z';
      ids.eventMine = await created('/api/v1/events', {
        typeId,
        subject: 'Её',
        startsAt: at,
        clientId,
        performerId: ritaId,
      });
      ids.eventOther = await created('/api/v1/events', { typeId, subject: 'Чужое', startsAt: at, clientId });
      ids.taskMine = await created('/api/v1/tasks', { title: 'Её', clientId, performerId: ritaId });
      ids.taskOther = await created('/api/v1/tasks', { title: 'Чужая', clientId });
      const projectId = ids.projectMine;
      ids.eventInProjectMine = await created('/api/v1/events', {
        typeId,
        subject: 'В проекте её',
        startsAt: at,
        projectId,
        performerId: ritaId,
      });
      ids.eventInProjectOther = await created('/api/v1/events', {
        typeId,
        subject: 'В проекте чужое',
        startsAt: at,
        projectId,
      });
      ids.taskInProjectMine = await created('/api/v1/tasks', {
        title: 'В проекте её',
        projectId,
        performerId: ritaId,
      });
      ids.taskInProjectOther = await created('/api/v1/tasks', { title: 'В проекте чужая', projectId });
    });

    it("shows on a client's timeline only what the user may read", async () => {
      const url = `/api/v1/clients/${ids.client}/timeline?limit=100`;
      const mine = await lines(rita, url);
      expect(mine).toEqual(
        [
          'change:client',
          'event:eventMine',
          'event:eventInProjectMine',
          'project:projectMine',
          'task:taskInProjectMine',
          'task:taskMine',
        ].sort(),
      );
      const everything = await lines(t.admin, url);
      for (const hidden of [
        'event:eventOther',
        'project:projectOther',
        'task:taskOther',
        'task:taskInProjectOther',
      ])
        expect(everything).toContain(hidden);
      // Paging never brings the others in.
      const first = (await rita.get(`/api/v1/clients/${ids.client}/timeline?limit=2`)).json();
      expect(first.items).toHaveLength(2);
      const rest = (
        await rita.get(`/api/v1/clients/${ids.client}/timeline?limit=100&cursor=${first.nextCursor}`)
      ).json();
      expect(first.items.length + rest.items.length).toBe(mine.length);
    });

    it("shows on a project's timeline only what the user may read", async () => {
      expect(await lines(rita, `/api/v1/projects/${ids.projectMine}/timeline`)).toEqual([
        'event:eventInProjectMine',
        'task:taskInProjectMine',
      ]);
      expect(await lines(t.admin, `/api/v1/projects/${ids.projectMine}/timeline`)).toEqual([
        'event:eventInProjectMine',
        'event:eventInProjectOther',
        'task:taskInProjectMine',
        'task:taskInProjectOther',
      ]);
    });

    it('answers 404 for the timeline of a client or project the user may not read, or a deleted client', async () => {
      for (const url of [
        `/api/v1/clients/${doc['client:other']}/timeline`,
        `/api/v1/projects/${ids.projectOther}/timeline`,
        '/api/v1/clients/999999/timeline',
        '/api/v1/projects/999999/timeline',
      ]) {
        const res = await rita.get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().error.code).toBe('not_found');
      }
      for (const url of ['/api/v1/clients/999999/timeline', '/api/v1/projects/999999/timeline'])
        expect((await t.admin.get(url)).statusCode, url).toBe(404);
      const gone = await created('/api/v1/clients', { name: 'Удалённый', responsibleId: ritaId });
      expect((await rita.get(`/api/v1/clients/${gone}/timeline`)).statusCode).toBe(200);
      expect((await t.admin.delete(`/api/v1/clients/${gone}`)).statusCode).toBe(200);
      expect((await rita.get(`/api/v1/clients/${gone}/timeline`)).statusCode).toBe(404);
      expect((await t.admin.get(`/api/v1/clients/${gone}/timeline`)).statusCode).toBe(404);
      expect((await t.admin.get(`/api/v1/clients/${gone}/history`)).statusCode).toBe(404);
    });
  });
});
