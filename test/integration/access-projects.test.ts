import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import { grantAccess, rightlessUser } from '../support/access.js';
import type { Project, ProjectPage } from '../../src/shared/schemas/projects.js';

const names = (ru: string) => ({ nameRu: ru, nameUk: `${ru} (uk)`, nameEn: `${ru} (en)` });

/**
 * Доступ к данным for projects: a project is visible when its journal is granted and it is within
 * the level, or when the user is its manager or a participant; changes need a read/write grant.
 */
describe('project access', () => {
  let t: TestApp;
  /** Level all, but journals: «Открытый» read/write, «Для чтения» read, «Секретный» none. */
  let pavel: HttpClient;
  let pavelId: number;
  /** Level department (read and edit) with a read/write grant on every project journal. */
  let olga: HttpClient;
  let olgaId: number;
  /** No rights; olga's department. */
  let ivanId: number;
  /** No rights; another department. */
  let petr: HttpClient;
  let petrId: number;
  const j = {} as Record<'root' | 'open' | 'ro' | 'secret', number>;
  let olgaProject: Project;
  const p = {} as Record<'open' | 'ro' | 'secret' | 'managed' | 'participant' | 'ivan' | 'petr', Project>;

  const user = (login: string, fullName: string, department: string) =>
    rightlessUser(t, login, fullName, department);
  const grant = (userId: number, body: Record<string, unknown>) => grantAccess(t, userId, body);
  const create = async (body: Record<string, unknown>, as: HttpClient = t.admin): Promise<Project> => {
    const res = await as.post('/api/v1/projects', { kind: 'internal', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Project>();
  };
  const listed = async (as: HttpClient, query = '') => {
    const res = await as.get(`/api/v1/projects?limit=100&q=${encodeURIComponent('Доступ')}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<ProjectPage>()
      .items.map((i) => i.name)
      .sort();
  };
  const sorted = (...list: Project[]) => list.map((x) => x.name).sort();
  const journalField = (res: { statusCode: number; json: () => unknown }) => {
    expect(res.statusCode).toBe(403);
    return (res.json() as { error: { details: { fields: { path: string }[] } } }).error.details.fields.map(
      (f) => f.path,
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    ({ id: pavelId, client: pavel } = await user('pavel', 'Павел', 'Проекты'));
    ({ id: olgaId, client: olga } = await user('olga', 'Ольга', 'Продажи'));
    ivanId = (await user('ivan', 'Иван', 'Продажи')).id;
    ({ id: petrId, client: petr } = await user('petr', 'Пётр', 'Склад'));

    const all = (await t.admin.get('/api/v1/settings/journals')).json() as {
      id: number;
      code: string;
      docType: string;
      isDefault: boolean;
    }[];
    const root = all.find((x) => x.code === 'projects')!;
    j.root = root.id;
    // The default journal is the root, which Павел has no grant for.
    expect(all.find((x) => x.docType === 'project' && x.isDefault)?.id).toBe(root.id);
    const journal = async (code: string, name: string) => {
      const res = await t.admin.post('/api/v1/settings/journals', {
        code,
        ...names(name),
        parentId: root.id,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };
    j.open = await journal('open', 'Открытый');
    j.ro = await journal('ro', 'Для чтения');
    j.secret = await journal('secret', 'Секретный');

    await grant(pavelId, {
      permissions: {
        projects: { read: 'all', create: 'all', edit: 'all', delete: 'own', export: 'all' },
        clients: { read: 'own', create: 'all' },
      },
      journals: [
        { journalId: j.open, mode: 'write' },
        { journalId: j.ro, mode: 'read' },
      ],
    });
    await grant(olgaId, {
      permissions: { projects: { read: 'department', edit: 'department', create: 'all' } },
      journals: [{ journalId: j.root, mode: 'write' }],
    });

    p.open = await create({ name: 'Доступ открытый', journalId: j.open });
    p.ro = await create({ name: 'Доступ для чтения', journalId: j.ro });
    p.secret = await create({ name: 'Доступ секретный', journalId: j.secret });
    p.managed = await create({ name: 'Доступ руководит Павел', journalId: j.secret, managerId: pavelId });
    p.participant = await create({
      name: 'Доступ участник Павел',
      journalId: j.secret,
      participantIds: [pavelId],
    });
    p.ivan = await create({ name: 'Доступ Ивана', journalId: j.open, managerId: ivanId });
    p.petr = await create({ name: 'Доступ Петра', journalId: j.open, managerId: petrId });
  });
  afterAll(() => t.close());

  it('a journal without a grant hides its projects, except from their manager and participants', async () => {
    const visible = sorted(p.open, p.ro, p.managed, p.participant, p.ivan, p.petr);
    expect(await listed(pavel)).toEqual(visible);
    expect(await listed(pavel, `&journalId=${j.secret}`)).toEqual(sorted(p.managed, p.participant));
    expect(await listed(t.admin)).toEqual(sorted(...Object.values(p)));
    // No rights at all: only the project naming him, though its journal is not granted either.
    expect(await listed(petr)).toEqual(sorted(p.petr));
    expect((await petr.get(`/api/v1/projects/${p.petr.id}`)).statusCode).toBe(200);
  });

  it('the export holds the projects within the export level in granted journals', async () => {
    const res = await pavel.get(`/api/v1/projects/export?format=csv&q=${encodeURIComponent('Доступ')}`);
    expect(res.statusCode, res.body).toBe(200);
    for (const x of [p.open, p.ro, p.ivan, p.petr]) expect(res.body).toContain(x.name);
    expect(res.body).not.toContain(p.secret.name);
    // Being named lets him read these, not export them (the export level needs the journal grant).
    expect(res.body).not.toContain(p.managed.name);
    expect(res.body).not.toContain(p.participant.name);
    expect((await petr.get('/api/v1/projects/export?format=csv')).statusCode).toBe(403);
  });

  it('answers a hidden card exactly like a missing one', async () => {
    const missing = await pavel.get('/api/v1/projects/999999');
    expect(missing.statusCode).toBe(404);
    const hidden = await pavel.get(`/api/v1/projects/${p.secret.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(missing.json());
    expect((await pavel.get(`/api/v1/projects/${p.managed.id}`)).json()).toMatchObject({ id: p.managed.id });
    expect((await pavel.get(`/api/v1/projects/${p.participant.id}`)).statusCode).toBe(200);
  });

  it('changes need a read/write grant: 403 when only readable, 404 when hidden', async () => {
    const patch = (id: number) => pavel.patch(`/api/v1/projects/${id}`, { description: 'Изменено' });
    expect((await patch(p.open.id)).statusCode).toBe(200);
    expect((await patch(p.ro.id)).statusCode).toBe(403);
    // Being named allows reading, not changing in a journal without a write grant.
    expect((await patch(p.managed.id)).statusCode).toBe(403);
    expect((await patch(p.secret.id)).statusCode).toBe(404);
    expect((await t.admin.get(`/api/v1/projects/${p.ro.id}`)).json().description).toBe('');
  });

  it('moving a project into a journal without a write grant is refused on journalId', async () => {
    expect(journalField(await pavel.patch(`/api/v1/projects/${p.open.id}`, { journalId: j.ro }))).toEqual([
      'journalId',
    ]);
    expect(journalField(await pavel.patch(`/api/v1/projects/${p.open.id}`, { journalId: j.secret }))).toEqual(
      ['journalId'],
    );
    expect((await t.admin.get(`/api/v1/projects/${p.open.id}`)).json().journal.id).toBe(j.open);
  });

  it('creating checks the grant on the journal it goes to, the default one when none is chosen', async () => {
    expect(
      journalField(await pavel.post('/api/v1/projects', { name: 'Доступ без журнала', kind: 'internal' })),
    ).toEqual(['journalId']);
    expect(
      journalField(
        await pavel.post('/api/v1/projects', {
          name: 'Доступ в секрет',
          kind: 'internal',
          journalId: j.secret,
        }),
      ),
    ).toEqual(['journalId']);
    const made = await create({ name: 'Доступ новый Павла', journalId: j.open }, pavel);
    expect(made.manager?.id).toBe(pavelId);
    // Ольга may write to the default journal.
    olgaProject = await create({ name: 'Доступ новый Ольги' }, olga);
    expect(olgaProject.journal.id).toBe(j.root);
    expect((await petr.post('/api/v1/projects', { name: 'Нельзя', kind: 'internal' })).statusCode).toBe(403);
  });

  it('deleting with the level own: only projects of his own', async () => {
    expect((await pavel.delete(`/api/v1/projects/${p.open.id}`)).statusCode).toBe(403);
    expect((await pavel.delete(`/api/v1/projects/${p.secret.id}`)).statusCode).toBe(404);
    const mine = await create({ name: 'Доступ удаляемый', journalId: j.open }, pavel);
    expect((await pavel.delete(`/api/v1/projects/${mine.id}`)).statusCode).toBe(200);
    expect((await t.admin.get(`/api/v1/projects/${p.open.id}`)).statusCode).toBe(200);
  });

  it('a client he may not see is refused as an unknown one', async () => {
    const hidden = (await t.admin.post('/api/v1/clients', { name: 'Чужой клиент' })).json<{ id: number }>();
    const his = (
      await t.admin.post('/api/v1/clients', { name: 'Клиент Павла', responsibleId: pavelId })
    ).json<{
      id: number;
    }>();
    const external = (clientId: number) =>
      pavel.post('/api/v1/projects', {
        name: 'Доступ внешний',
        kind: 'external',
        clientId,
        journalId: j.open,
      });
    const fields = async (res: Awaited<ReturnType<typeof external>>) => {
      expect(res.statusCode).toBe(400);
      return res
        .json<{ error: { details: { fields: { path: string; code: string }[] } } }>()
        .error.details.fields.map((f) => [f.path, f.code]);
    };
    expect(await fields(await external(hidden.id))).toEqual([['clientId', 'client_unknown']]);
    expect(await fields(await external(999_999))).toEqual([['clientId', 'client_unknown']]);
    const ok = await external(his.id);
    expect(ok.statusCode, ok.body).toBe(201);
    const relink = await pavel.patch(`/api/v1/projects/${ok.json<Project>().id}`, { clientId: hidden.id });
    expect(await fields(relink)).toEqual([['clientId', 'client_unknown']]);
  });

  it('a client’s timeline shows only the projects the user may read', async () => {
    const shared = (
      await t.admin.post('/api/v1/clients', { name: 'Общий клиент', responsibleId: pavelId })
    ).json<{
      id: number;
    }>();
    const inOpen = await create({
      name: 'Доступ лента открытый',
      kind: 'external',
      clientId: shared.id,
      journalId: j.open,
    });
    const inSecret = await create({
      name: 'Доступ лента секретный',
      kind: 'external',
      clientId: shared.id,
      journalId: j.secret,
    });
    const projectsOn = async (as: HttpClient) => {
      const res = await as.get(`/api/v1/clients/${shared.id}/timeline`);
      expect(res.statusCode, res.body).toBe(200);
      return res
        .json<{ items: { kind: string; id: number }[] }>()
        .items.filter((i) => i.kind === 'project')
        .map((i) => i.id)
        .sort();
    };
    expect(await projectsOn(pavel)).toEqual([inOpen.id]);
    expect(await projectsOn(t.admin)).toEqual([inOpen.id, inSecret.id].sort());
  });

  it('the level department: projects managed or created by people of her department', async () => {
    // Ivan's (her department) and her own (made in the test on creating); not the admin's or Petr's.
    expect(await listed(olga)).toEqual(sorted(p.ivan, olgaProject));
    expect((await olga.patch(`/api/v1/projects/${p.ivan.id}`, { description: 'Отдел' })).statusCode).toBe(
      200,
    );
    expect((await olga.get(`/api/v1/projects/${p.petr.id}`)).statusCode).toBe(404);
    expect((await olga.patch(`/api/v1/projects/${p.petr.id}`, { description: 'Нет' })).statusCode).toBe(404);
  });
});
