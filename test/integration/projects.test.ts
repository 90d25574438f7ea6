import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { SYSTEM_VIEWER } from '../../src/server/modules/access/viewer.js';

interface Project {
  id: number;
  number: string;
  name: string;
  kind: 'external' | 'internal';
  status: string;
  client: { id: number; name: string } | null;
  manager: { id: number; name: string } | null;
  participants: { id: number; name: string }[];
  journal: { id: number; name: string };
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  description: string;
  progress: { total: number; done: number; percent: number };
  createdBy: { id: number; name: string } | null;
}

interface HistoryEntry {
  action: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  userName: string | null;
}

const names = (ru: string) => ({ nameRu: ru, nameUk: `${ru} (uk)`, nameEn: `${ru} (en)` });
const NUMBER = /^П-\d{4}-(\d{4})$/;

describe('projects (Проекты)', () => {
  let t: TestApp;
  let manager: { id: number; name: string };
  let worker: { id: number; name: string };
  let retired: { id: number; name: string };
  let managerClient: Client;
  let romashka: { id: number; name: string };
  let vasilek: { id: number; name: string };

  const user = async (login: string, fullName: string) => {
    const u = await t.services.users.create({ login, fullName, password: `${login}-password-1` });
    return { id: u.id, name: fullName };
  };
  const client = async (name: string) => {
    const res = await t.admin.post('/api/v1/clients', { name });
    expect(res.statusCode).toBe(201);
    return { id: res.json().id as number, name };
  };
  const create = async (body: Record<string, unknown>, as: Client = t.admin): Promise<Project> => {
    const res = await as.post('/api/v1/projects', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const fieldErrors = (res: { statusCode: number; json: () => unknown }) => {
    expect(res.statusCode).toBe(400);
    const body = res.json() as {
      error: { code: string; details: { fields: { path: string; code: string }[] } };
    };
    expect(body.error.code).toBe('validation_failed');
    return body.error.details.fields.map((f) => ({ path: f.path, code: f.code }));
  };
  const history = async (id: number): Promise<HistoryEntry[]> => {
    const res = await t.admin.get(`/api/v1/projects/${id}/history`);
    expect(res.statusCode).toBe(200);
    return res.json().items;
  };
  const list = async (query: string): Promise<{ items: Project[]; nextCursor: string | null }> => {
    const res = await t.admin.get(`/api/v1/projects?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const seq = (p: { number: string }) => Number(NUMBER.exec(p.number)?.[1]);
  const journalByCode = async (code: string) => {
    const all = (await t.admin.get('/api/v1/settings/journals')).json() as { id: number; code: string }[];
    return all.find((j) => j.code === code)!;
  };

  beforeAll(async () => {
    t = await createTestApp();
    manager = await user('manager', 'Петренко Олена');
    worker = await user('worker', 'Сидоренко Іван');
    retired = await user('retired', 'Коваль Пенсіонер');
    await t.services.users.update(retired.id, { isActive: false });
    managerClient = await t.login('manager', 'manager-password-1');
    romashka = await client('ООО «Ромашка»');
    vasilek = await client('ТОВ «Василёк»');
  });
  afterAll(() => t.close());

  it('creates an external project with the next number, the default journal and the creator as manager', async () => {
    const p = await create({
      name: '  Внедрение CRM ',
      kind: 'external',
      clientId: romashka.id,
      participantIds: [worker.id, manager.id, worker.id],
      plannedStart: '2025-03-01',
      plannedEnd: '2025-06-30',
      description: 'Поставка и настройка',
    });
    expect(p.number).toMatch(NUMBER);
    expect(p).toMatchObject({
      name: 'Внедрение CRM',
      kind: 'external',
      status: 'planned',
      client: romashka,
      manager: { name: 'Администратор' },
      createdBy: { name: 'Администратор' },
      journal: { name: 'Проекты' },
      plannedStart: '2025-03-01',
      plannedEnd: '2025-06-30',
      actualStart: null,
      actualEnd: null,
      description: 'Поставка и настройка',
      progress: { total: 0, done: 0, percent: 0 },
    });
    expect(p.participants.map((u) => u.id).sort()).toEqual([manager.id, worker.id].sort());
    expect((await t.admin.get(`/api/v1/projects/${p.id}`)).json()).toEqual(p);

    const internal = await create({ name: 'Переезд офиса', kind: 'internal' }, managerClient);
    expect(seq(internal)).toBe(seq(p) + 1);
    expect(internal).toMatchObject({ client: null, manager: manager, participants: [] });

    const lines = await history(p.id);
    expect(lines).toEqual([
      expect.objectContaining({ action: 'create', field: null, userName: 'Администратор' }),
    ]);

    const found = (await t.admin.get('/api/v1/search?q=внедрение&types=project')).json();
    expect(found).toEqual([expect.objectContaining({ docType: 'project', docId: p.id, subtitle: p.number })]);
    const byClient = (await t.admin.get('/api/v1/search?q=ромашка&types=project')).json();
    expect(byClient.map((r: { docId: number }) => r.docId)).toEqual([p.id]);
  });

  it('requires a client for an external project and refuses one for an internal project, taking no number', async () => {
    const before = await create({ name: 'До', kind: 'internal' });
    expect(
      fieldErrors(await t.admin.post('/api/v1/projects', { name: 'Без клиента', kind: 'external' })),
    ).toEqual([{ path: 'clientId', code: 'project_client_required' }]);
    const internalWithClient = await t.admin.post('/api/v1/projects', {
      name: 'Внутренний',
      kind: 'internal',
      clientId: romashka.id,
    });
    expect(fieldErrors(internalWithClient)).toEqual([{ path: 'clientId', code: 'project_client_internal' }]);
    expect(internalWithClient.json().error.details.fields[0].message).toMatch(/внутреннего проекта/);

    expect(fieldErrors(await t.admin.post('/api/v1/projects', { kind: 'internal' }))).toEqual([
      { path: 'name', code: 'invalid_type' },
    ]);
    expect(fieldErrors(await t.admin.post('/api/v1/projects', { name: '   ', kind: 'internal' }))).toEqual([
      { path: 'name', code: 'too_small' },
    ]);
    expect(
      fieldErrors(await t.admin.post('/api/v1/projects', { name: 'x'.repeat(501), kind: 'internal' }))[0],
    ).toEqual({ path: 'name', code: 'too_big' });
    expect(
      fieldErrors(
        await t.admin.post('/api/v1/projects', {
          name: 'Большой',
          kind: 'internal',
          description: 'я'.repeat(100_001),
        }),
      )[0],
    ).toEqual({ path: 'description', code: 'too_big' });
    expect(
      fieldErrors(await t.admin.post('/api/v1/projects', { name: 'Вид', kind: 'secret' }))[0]?.path,
    ).toBe('kind');

    const after = await create({ name: 'После', kind: 'internal' });
    expect(seq(after)).toBe(seq(before) + 1);
  });

  it('refuses an unknown or deleted client and an unknown or foreign journal', async () => {
    expect(
      fieldErrors(await t.admin.post('/api/v1/projects', { name: 'П', kind: 'external', clientId: 999_999 })),
    ).toEqual([{ path: 'clientId', code: 'client_unknown' }]);

    const gone = await client('ЧП Удалённый');
    const project = await create({ name: 'Для удалённого', kind: 'external', clientId: gone.id });
    expect((await t.admin.delete(`/api/v1/clients/${gone.id}`)).statusCode).toBe(200);
    expect(
      fieldErrors(await t.admin.post('/api/v1/projects', { name: 'П', kind: 'external', clientId: gone.id })),
    ).toEqual([{ path: 'clientId', code: 'client_deleted' }]);
    // A project that already has the client keeps it through other edits, and shows it.
    const renamed = await t.admin.patch(`/api/v1/projects/${project.id}`, { name: 'Переименован' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().client).toEqual(gone);
    expect(
      fieldErrors(await t.admin.patch(`/api/v1/projects/${project.id}`, { clientId: romashka.id, name: '' })),
    ).toEqual([{ path: 'name', code: 'too_small' }]);

    const unknownJournal = await t.admin.post('/api/v1/projects', {
      name: 'П',
      kind: 'internal',
      journalId: 999_999,
    });
    expect(fieldErrors(unknownJournal)).toEqual([{ path: 'journalId', code: 'journal_unknown' }]);
    const eventsJournal = await journalByCode('events');
    expect(
      fieldErrors(
        await t.admin.post('/api/v1/projects', { name: 'П', kind: 'internal', journalId: eventsJournal.id }),
      ),
    ).toEqual([{ path: 'journalId', code: 'journal_unknown' }]);
    expect(
      fieldErrors(await t.admin.patch(`/api/v1/projects/${project.id}`, { journalId: eventsJournal.id })),
    ).toEqual([{ path: 'journalId', code: 'journal_unknown' }]);
  });

  it('keeps end dates not before start dates', async () => {
    expect(
      fieldErrors(
        await t.admin.post('/api/v1/projects', {
          name: 'Сроки',
          kind: 'internal',
          plannedStart: '2025-05-02',
          plannedEnd: '2025-05-01',
        }),
      ),
    ).toEqual([{ path: 'plannedEnd', code: 'project_dates_order' }]);
    expect(
      fieldErrors(
        await t.admin.post('/api/v1/projects', {
          name: 'Сроки',
          kind: 'internal',
          actualStart: '2025-05-02',
          actualEnd: '2025-04-30',
        }),
      ),
    ).toEqual([{ path: 'actualEnd', code: 'project_dates_order' }]);
    expect(
      fieldErrors(
        await t.admin.post('/api/v1/projects', {
          name: 'Сроки',
          kind: 'internal',
          plannedStart: '2025-13-01',
        }),
      ),
    ).toEqual([{ path: 'plannedStart', code: 'invalid_format' }]);
    const sameDay = await create({
      name: 'Один день',
      kind: 'internal',
      plannedStart: '2025-05-01',
      plannedEnd: '2025-05-01',
    });
    // The rule holds against the stored value of the other date too.
    expect(
      fieldErrors(await t.admin.patch(`/api/v1/projects/${sameDay.id}`, { plannedStart: '2025-05-02' })),
    ).toEqual([{ path: 'plannedEnd', code: 'project_dates_order' }]);
    const moved = await t.admin.patch(`/api/v1/projects/${sameDay.id}`, {
      plannedStart: '2025-05-02',
      plannedEnd: null,
    });
    expect(moved.json()).toMatchObject({ plannedStart: '2025-05-02', plannedEnd: null });
  });

  it('checks the manager and participants, and lets a project keep a user deactivated since', async () => {
    expect(
      fieldErrors(
        await t.admin.post('/api/v1/projects', {
          name: 'Люди',
          kind: 'internal',
          participantIds: [worker.id, 999_999],
        }),
      ),
    ).toEqual([{ path: 'participantIds.1', code: 'user_not_assignable' }]);
    expect(
      fieldErrors(
        await t.admin.post('/api/v1/projects', {
          name: 'Люди',
          kind: 'internal',
          participantIds: [retired.id],
        }),
      ),
    ).toEqual([{ path: 'participantIds.0', code: 'user_not_assignable' }]);
    expect(
      fieldErrors(
        await t.admin.post('/api/v1/projects', { name: 'Люди', kind: 'internal', managerId: retired.id }),
      ),
    ).toEqual([{ path: 'managerId', code: 'user_not_assignable' }]);

    const leaving = await user('leaving', 'Уходящий Сотрудник');
    const p = await create({
      name: 'Команда',
      kind: 'internal',
      managerId: leaving.id,
      participantIds: [leaving.id, worker.id],
    });
    expect(p.manager).toEqual(leaving);
    await t.services.users.update(leaving.id, { isActive: false });
    const edited = await t.admin.patch(`/api/v1/projects/${p.id}`, {
      name: 'Команда 2',
      participantIds: [leaving.id, worker.id, manager.id],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(
      edited
        .json()
        .participants.map((u: { id: number }) => u.id)
        .sort(),
    ).toEqual([leaving.id, worker.id, manager.id].sort());
    const noManager = await t.admin.patch(`/api/v1/projects/${p.id}`, { managerId: null });
    expect(noManager.json().manager).toBeNull();
    expect(fieldErrors(await t.admin.patch(`/api/v1/projects/${p.id}`, { managerId: leaving.id }))).toEqual([
      { path: 'managerId', code: 'user_not_assignable' },
    ]);
  });

  it('records a history line per changed field, names included, and none for fields switched off', async () => {
    const p = await create({
      name: 'История',
      kind: 'external',
      clientId: romashka.id,
      description: 'Старое',
    });
    const res = await t.admin.patch(`/api/v1/projects/${p.id}`, {
      name: 'История 2',
      status: 'active',
      description: 'Старое',
      clientId: romashka.id,
      managerId: manager.id,
      participantIds: [worker.id],
    });
    expect(res.statusCode).toBe(200);
    const lines = await history(p.id);
    expect(lines.filter((l) => l.action === 'update').map((l) => [l.field, l.oldValue, l.newValue])).toEqual(
      expect.arrayContaining([
        ['name', 'История', 'История 2'],
        ['status', 'planned', 'active'],
        ['managerId', { id: expect.any(Number), name: 'Администратор' }, manager],
        ['participants', [], [worker]],
      ]),
    );
    expect(lines.filter((l) => l.action === 'update')).toHaveLength(4);

    // Nothing changed: no lines.
    await t.admin.patch(`/api/v1/projects/${p.id}`, { name: 'История 2', participantIds: [worker.id] });
    expect(await history(p.id)).toHaveLength(lines.length);

    // An external project becomes internal only without its client.
    expect(fieldErrors(await t.admin.patch(`/api/v1/projects/${p.id}`, { kind: 'internal' }))).toEqual([
      { path: 'clientId', code: 'project_client_internal' },
    ]);
    const internal = await t.admin.patch(`/api/v1/projects/${p.id}`, { kind: 'internal', clientId: null });
    expect(internal.json()).toMatchObject({ kind: 'internal', client: null });
    const after = await history(p.id);
    expect(
      after
        .slice(0, 2)
        .map((l) => l.field)
        .sort(),
    ).toEqual(['clientId', 'kind']);
    expect(after.find((l) => l.field === 'clientId')).toMatchObject({ oldValue: romashka, newValue: null });
    expect(fieldErrors(await t.admin.patch(`/api/v1/projects/${p.id}`, { kind: 'external' }))).toEqual([
      { path: 'clientId', code: 'project_client_required' },
    ]);

    const off = await t.admin.put('/api/v1/settings/history', {
      changes: [{ docType: 'project', field: 'description', isRecorded: false }],
    });
    expect(off.statusCode).toBe(200);
    await t.admin.patch(`/api/v1/projects/${p.id}`, { description: 'Новое', status: 'on_hold' });
    const latest = await history(p.id);
    expect(latest.length).toBe(after.length + 1);
    expect(latest[0]).toMatchObject({ field: 'status', oldValue: 'active', newValue: 'on_hold' });
    expect((await t.admin.get(`/api/v1/projects/${p.id}`)).json().description).toBe('Новое');
    await t.admin.put('/api/v1/settings/history', {
      changes: [{ docType: 'project', field: 'description', isRecorded: true }],
    });
  });

  it('changes the status and the actual dates', async () => {
    const p = await create({ name: 'Статусы', kind: 'internal' });
    for (const status of ['active', 'on_hold', 'active', 'completed', 'cancelled', 'planned']) {
      const res = await t.admin.patch(`/api/v1/projects/${p.id}`, { status });
      expect(res.json().status).toBe(status);
    }
    expect(fieldErrors(await t.admin.patch(`/api/v1/projects/${p.id}`, { status: 'done' }))[0]?.path).toBe(
      'status',
    );
    const done = await t.admin.patch(`/api/v1/projects/${p.id}`, {
      status: 'completed',
      actualStart: '2025-01-10',
      actualEnd: '2025-02-10',
    });
    expect(done.json()).toMatchObject({
      status: 'completed',
      actualStart: '2025-01-10',
      actualEnd: '2025-02-10',
    });
    expect((await t.admin.patch('/api/v1/projects/999999', { status: 'active' })).statusCode).toBe(404);
    expect((await t.admin.get('/api/v1/projects/999999')).statusCode).toBe(404);
  });

  describe('list', () => {
    let sales: { id: number };
    let kyiv: { id: number };
    const made: Record<string, Project> = {};

    beforeAll(async () => {
      const root = await journalByCode('projects');
      const post = async (body: Record<string, unknown>) => {
        const res = await t.admin.post('/api/v1/settings/journals', body);
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: number };
      };
      sales = await post({ code: 'sales', ...names('Продажи'), parentId: root.id });
      kyiv = await post({ code: 'sales_kyiv', ...names('Продажи Киев'), parentId: sales.id });
      made.a = await create({
        name: 'Фильтр А',
        kind: 'external',
        clientId: vasilek.id,
        journalId: sales.id,
        status: 'active',
        managerId: manager.id,
        plannedStart: '2030-01-01',
        plannedEnd: '2030-01-31',
      });
      made.b = await create({
        name: 'Фильтр Б',
        kind: 'external',
        clientId: vasilek.id,
        journalId: kyiv.id,
        status: 'on_hold',
        plannedStart: '2030-02-01',
      });
      made.c = await create({
        name: 'Фильтр В',
        kind: 'internal',
        journalId: kyiv.id,
        status: 'active',
        managerId: manager.id,
        plannedEnd: '2030-01-15',
      });
    });

    const ids = (page: { items: Project[] }) => page.items.map((p) => p.id);

    it('filters by status, kind, client, manager and the journal tree', async () => {
      const { a, b, c } = made as Record<'a' | 'b' | 'c', Project>;
      expect(ids(await list(`q=фильтр&status=active`)).sort()).toEqual([a.id, c.id].sort());
      expect(ids(await list(`q=фильтр&status=active,on_hold&kind=internal`))).toEqual([c.id]);
      expect(ids(await list(`clientId=${vasilek.id}`)).sort()).toEqual([a.id, b.id].sort());
      expect(ids(await list(`clientId=${vasilek.id},${romashka.id}&q=фильтр`)).sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect(ids(await list(`managerId=${manager.id}&q=фильтр`)).sort()).toEqual([a.id, c.id].sort());
      expect(ids(await list(`journalId=${sales.id}`)).sort()).toEqual([a.id, b.id, c.id].sort());
      expect(ids(await list(`journalId=${kyiv.id}`)).sort()).toEqual([b.id, c.id].sort());
      expect(ids(await list(`journalId=999999`))).toEqual([]);
      const root = await journalByCode('projects');
      expect((await list(`journalId=${root.id}&limit=500`)).items.length).toBeGreaterThan(3);
      const row = (await list(`q=${encodeURIComponent('Фильтр А')}`)).items[0]!;
      expect(row).toMatchObject({
        id: a.id,
        client: vasilek,
        manager,
        journal: { id: sales.id, name: 'Продажи' },
        progress: { total: 0, done: 0, percent: 0 },
      });
      expect(row).not.toHaveProperty('description');
      // Names in the caller's language.
      expect((await t.services.projects.get(a.id, SYSTEM_VIEWER, 'en')).journal.name).toBe('Продажи (en)');
      expect(fieldErrors(await t.admin.get('/api/v1/projects?status=active,nope'))[0]?.path).toBe('status.1');
      expect(fieldErrors(await t.admin.get('/api/v1/projects?clientId=a,b'))[0]?.path).toBe('clientId');
    });

    it('filters by a period overlapping the planned dates and by a substring of name or number', async () => {
      const { a, b, c } = made as Record<'a' | 'b' | 'c', Project>;
      expect(ids(await list(`q=фильтр&from=2030-01-20&to=2030-01-25`)).sort()).toEqual([a.id]);
      expect(ids(await list(`q=фильтр&from=2030-01-10&to=2030-01-20`)).sort()).toEqual([a.id, c.id].sort());
      // No planned end: the project goes on.
      expect(ids(await list(`q=фильтр&from=2031-05-01`))).toEqual([b.id]);
      expect(ids(await list(`q=фильтр&to=2030-01-05`)).sort()).toEqual([a.id, c.id].sort());
      expect(ids(await list(`q=ФИЛЬТР%20б`))).toEqual([b.id]);
      expect(ids(await list(`q=${encodeURIComponent(b.number)}`))).toEqual([b.id]);
      expect(ids(await list(`q=${encodeURIComponent('%')}`))).toEqual([]);
      expect(fieldErrors(await t.admin.get('/api/v1/projects?from=2030-02-30'))[0]?.path).toBe('from');
    });

    it('pages with a keyset cursor that stays stable while projects are added', async () => {
      for (const sort of ['createdAt', 'number', 'name', 'plannedEnd'] as const) {
        for (const order of ['asc', 'desc'] as const) {
          const all = ids(await list(`sort=${sort}&order=${order}&limit=500`));
          const seen: number[] = [];
          let cursor: string | null = null;
          let inserted = false;
          do {
            const page: { items: Project[]; nextCursor: string | null } = await list(
              `sort=${sort}&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
            );
            expect(page.items.length).toBeLessThanOrEqual(3);
            seen.push(...ids(page));
            cursor = page.nextCursor;
            if (!inserted) {
              await create({ name: `Вставка ${sort} ${order}`, kind: 'internal' });
              inserted = true;
            }
          } while (cursor);
          const original = seen.filter((id) => all.includes(id));
          expect(original).toEqual(all);
          expect(new Set(seen).size).toBe(seen.length);
        }
      }
      const byName = (await list('sort=name&order=asc&q=фильтр')).items.map((p) => p.name);
      expect(byName).toEqual(['Фильтр А', 'Фильтр Б', 'Фильтр В']);
      const byEnd = (await list('sort=plannedEnd&order=asc&q=фильтр')).items.map((p) => p.name);
      expect(byEnd).toEqual(['Фильтр В', 'Фильтр А', 'Фильтр Б']);
      expect(fieldErrors(await t.admin.get('/api/v1/projects?cursor=garbage'))).toEqual([
        { path: 'cursor', code: 'cursor_invalid' },
      ]);
    });

    it('exports the filtered list as CSV and XLSX', async () => {
      const csv = await t.admin.get(
        `/api/v1/projects/export?format=csv&journalId=${sales.id}&sort=name&order=asc`,
      );
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toMatch(/^Номер;Название;Вид;Состояние;Клиент;Руководитель;Журнал/);
      expect(lines.slice(1).map((l) => l.split(';')[1])).toEqual(['Фильтр А', 'Фильтр Б', 'Фильтр В']);
      expect(lines[1]).toContain(';Внешний;В работе;');
      expect(lines[1]).toContain(`;${manager.name};Продажи;2030-01-01;2030-01-31;`);
      const xlsx = await t.admin.get(`/api/v1/projects/export?format=xlsx&status=active`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      expect(fieldErrors(await t.admin.get('/api/v1/projects/export?format=pdf'))[0]?.path).toBe('format');
    });

    it('keeps a journal with projects from being deleted', async () => {
      const res = await t.admin.delete(`/api/v1/settings/journals/${kyiv.id}`);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details.references).toEqual([{ source: 'projects', count: 2 }]);
    });
  });

  it('shows progress from its tasks, and deleting it leaves the tasks without a project', async () => {
    const p = await create({ name: 'С задачами', kind: 'external', clientId: romashka.id });
    const statuses = (await t.admin.get('/api/v1/settings/task-statuses')).json() as {
      id: number;
      code: string;
    }[];
    const closed = statuses.find((s) => s.code === 'closed')!;
    const task = async (title: string) => {
      const res = await t.admin.post('/api/v1/tasks', { title, projectId: p.id });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number; clientId: number | null };
    };
    const one = await task('Первая');
    expect(one.clientId).toBe(romashka.id);
    await task('Вторая');
    await task('Третья');
    const status = await t.admin.post(`/api/v1/tasks/${one.id}/status`, { statusId: closed.id });
    expect(status.statusCode, status.body).toBe(200);
    expect((await t.admin.get(`/api/v1/projects/${p.id}`)).json().progress).toEqual({
      total: 3,
      done: 1,
      percent: 33,
    });
    expect((await list(`q=${encodeURIComponent('С задачами')}`)).items[0]?.progress).toEqual({
      total: 3,
      done: 1,
      percent: 33,
    });
    expect((await t.admin.get(`/api/v1/tasks?projectId=${p.id}`)).json().items).toHaveLength(3);
    const bad = await t.admin.post('/api/v1/tasks', { title: 'Нет проекта', projectId: 999_999 });
    expect(fieldErrors(bad)).toEqual([{ path: 'projectId', code: 'project_unknown' }]);

    const del = await t.admin.delete(`/api/v1/projects/${p.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ ok: true });
    expect((await t.admin.get(`/api/v1/projects/${p.id}`)).statusCode).toBe(404);
    expect((await t.admin.get(`/api/v1/projects/${p.id}/history`)).statusCode).toBe(404);
    expect((await t.admin.delete(`/api/v1/projects/${p.id}`)).statusCode).toBe(404);
    const kept = await t.admin.get(`/api/v1/tasks/${one.id}`);
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ projectId: null, project: null, clientId: romashka.id });
    expect((await t.admin.get('/api/v1/search?q=с задачами&types=project')).json()).toEqual([]);
  });

  it('puts a client’s projects on its timeline and moves them when clients are merged', async () => {
    const source = await client('Дубль Клиента');
    const target = await client('Основной Клиент');
    const p1 = await create({ name: 'Лента 1', kind: 'external', clientId: source.id });
    const p2 = await create({ name: 'Лента 2', kind: 'external', clientId: source.id });
    const timeline = async (clientId: number) =>
      (await t.admin.get(`/api/v1/clients/${clientId}/timeline?kinds=project`)).json().items as {
        kind: string;
        docId: number;
        number: string;
        title: string;
        status: string;
        userName: string;
      }[];
    const lines = await timeline(source.id);
    expect(lines.map((l) => [l.kind, l.docId, l.title, l.status])).toEqual([
      ['project', p2.id, 'Лента 2', 'planned'],
      ['project', p1.id, 'Лента 1', 'planned'],
    ]);
    expect(lines[0]).toMatchObject({ number: p2.number, userName: 'Администратор' });
    const paged = await t.admin.get(`/api/v1/clients/${source.id}/timeline?kinds=project&limit=1`);
    const next = await t.admin.get(
      `/api/v1/clients/${source.id}/timeline?kinds=project&limit=1&cursor=${paged.json().nextCursor}`,
    );
    expect(next.json().items.map((l: { docId: number }) => l.docId)).toEqual([p1.id]);
    expect((await t.admin.get(`/api/v1/projects/${p1.id}/timeline?kinds=project`)).json().items).toEqual([]);

    const own = await create({ name: 'Свой проект', kind: 'external', clientId: target.id });
    const merged = await t.admin.post(`/api/v1/clients/${target.id}/merge`, { sourceId: source.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await t.admin.get(`/api/v1/projects/${p1.id}`)).json().client).toEqual(target);
    expect((await timeline(target.id)).map((l) => l.docId)).toEqual([own.id, p2.id, p1.id]);
    const found = (await t.admin.get('/api/v1/search?q=основной клиент&types=project')).json();
    expect(found.map((r: { docId: number }) => r.docId).sort()).toEqual([p1.id, p2.id, own.id].sort());
    expect((await t.admin.get('/api/v1/search?q=дубль&types=project')).json()).toEqual([]);
    // Each moved project has the move in its history, with both clients named; the target's own has none.
    for (const p of [p1, p2]) {
      expect((await history(p.id)).filter((h) => h.action === 'update')).toEqual([
        expect.objectContaining({
          field: 'clientId',
          oldValue: source,
          newValue: target,
          userName: 'Администратор',
        }),
      ]);
    }
    expect((await history(own.id)).filter((h) => h.action === 'update')).toEqual([]);
  });

  it('is found by its client’s new name after the client is renamed', async () => {
    const renamedClient = await client('Незабудка Прежняя');
    const p = await create({ name: 'Проект переименования', kind: 'external', clientId: renamedClient.id });
    const other = await create({ name: 'Соседний проект', kind: 'external', clientId: vasilek.id });
    const search = async (q: string) =>
      (
        (await t.admin.get(`/api/v1/search?types=project&q=${encodeURIComponent(q)}`)).json() as {
          docId: number;
        }[]
      ).map((r) => r.docId);
    expect(await search('Незабудка')).toEqual([p.id]);

    const res = await t.admin.patch(`/api/v1/clients/${renamedClient.id}`, { name: 'Фиалка Нынешняя' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await search('Фиалка')).toEqual([p.id]);
    expect(await search('Незабудка')).toEqual([]);
    expect(await search('Василёк')).toContain(other.id);
  });
});
