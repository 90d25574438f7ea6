import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { RouteAccess } from '../../src/server/http/access.js';
import { createTestApp, type Client, type TestApp } from '../support/app.js';

/**
 * The generated authorization matrix: every /api/v1 route from the server's route table, asked by
 * users with different roles, personal rights and journal grants, about documents in different
 * journals and with different people on them. The expected answer comes from `oracle` below — the
 * rule of the README restated independently of the server. A new route is covered as soon as it is
 * registered: a card-file route without a `{ doc, action }` declaration, or one this file has no
 * request sample for, fails here.
 */

type DocType = 'clients' | 'projects' | 'events' | 'tasks';
type Action = 'read' | 'create' | 'edit' | 'delete' | 'export';
type Level = 'none' | 'own' | 'department' | 'all';
type JournalKey = 'R' | 'A' | 'A1' | 'B';
const TYPES: DocType[] = ['clients', 'projects', 'events', 'tasks'];
const ACTIONS: Action[] = ['read', 'create', 'edit', 'delete', 'export'];
const MISSING_ID = 987654321;

interface DocSpec {
  author: string;
  named?: string;
  participant?: string;
  journal: JournalKey;
}
interface Doc {
  type: DocType;
  id: number;
  marker: string;
  spec: DocSpec;
}
interface Person {
  key: string;
  id: number;
  client: Client;
  /** What the oracle knows about their rights (null: administrator). */
  levels: Record<DocType, Record<Action, Level>> | null;
  grants: Partial<Record<JournalKey, 'read' | 'write'>>;
  department: string;
}

const levels = (f: (type: DocType, action: Action) => Level) =>
  Object.fromEntries(TYPES.map((t) => [t, Object.fromEntries(ACTIONS.map((a) => [a, f(t, a)]))])) as Record<
    DocType,
    Record<Action, Level>
  >;

/** Routes whose declaration may be `public`. */
const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'GET /api/v1/health',
  'GET /api/v1/calendar/feed/:token.ics',
]);
/**
 * Routes under a card-file prefix that may be plain `authenticated`: they concern the caller's own
 * settings, or (search) span every type and filter each inside.
 */
const AUTHENTICATED_CARD_ROUTES = new Set([
  'GET /api/v1/search',
  'GET /api/v1/calendar/feed',
  'POST /api/v1/calendar/feed',
  'DELETE /api/v1/calendar/feed',
]);
/**
 * Routes declared on a document type whose ids are not that type's (a letter, an attachment):
 * test/integration/mail-access.test.ts and mail-unsorted.test.ts check them against the same rule.
 */
const OWN_ID_PREFIXES = ['/api/v1/mail/'];
const CARD_PREFIXES = [
  '/api/v1/clients',
  '/api/v1/projects',
  '/api/v1/events',
  '/api/v1/tasks',
  '/api/v1/calendar',
  '/api/v1/history',
];

describe('authorization matrix over the route table', () => {
  let t: TestApp;
  const people = new Map<string, Person>();
  const journals = {} as Record<DocType, Record<JournalKey, number>>;
  const parents = new Map<number, number | null>();
  /** Every document that exists (the fixture and the copies writes worked on). */
  const docs: Doc[] = [];
  /** The fixture: seven documents of each type that differ in journal and people. */
  const originals: Doc[] = [];
  let eventTypeId = 0;
  let nextStatusId = 0;
  let serial = 0;
  let admin: Person;

  const routes = () => t.app.routeAccess;
  const key = (r: RouteAccess) => `${r.method} ${r.url}`;

  beforeAll(async () => {
    t = await createTestApp();
    const sales = await t.services.employees.create({ fullName: 'Продажи 1', department: 'Продажи' });
    const sales2 = await t.services.employees.create({ fullName: 'Продажи 2', department: 'Продажи' });
    const store = await t.services.employees.create({ fullName: 'Склад', department: 'Склад' });
    const adminId = (await t.admin.get('/api/v1/me')).json<{ id: number }>().id;
    admin = { key: 'admin', id: adminId, client: t.admin, levels: null, grants: {}, department: '' };
    people.set('admin', admin);
    const user = async (
      k: string,
      employeeId: number | null,
      department: string,
      spec: Omit<Person, 'key' | 'id' | 'client' | 'department'>,
    ) => {
      const u = await t.services.users.create({
        login: k,
        fullName: `Matrix ${k}`,
        password: `${k}-password-1`,
        roleIds: [],
        employeeId,
      });
      people.set(k, { key: k, id: u.id, client: await t.login(k, `${k}-password-1`), department, ...spec });
    };

    const all = await t.admin.get('/api/v1/settings/journals');
    for (const j of all.json<{ id: number; code: string; parentId: number | null }[]>())
      parents.set(j.id, j.parentId);
    for (const [type, code, docType] of [
      ['projects', 'projects', 'project'],
      ['events', 'events', 'event'],
      ['tasks', 'tasks', 'task'],
    ] as const) {
      const root = all.json<{ id: number; code: string }[]>().find((j) => j.code === code)!.id;
      const child = async (c: string, parentId: number) => {
        const res = await t.admin.post('/api/v1/settings/journals', {
          code: `${docType}_${c.toLowerCase()}`,
          nameRu: `${docType} ${c}`,
          nameUk: `${docType} ${c}`,
          nameEn: `${docType} ${c}`,
          parentId,
        });
        expect(res.statusCode, res.body).toBe(201);
        parents.set(res.json<{ id: number }>().id, parentId);
        return res.json<{ id: number }>().id;
      };
      const a = await child('A', root);
      journals[type] = { R: root, A: a, A1: await child('A1', a), B: await child('B', root) };
    }

    const grantAll = (mode: 'read' | 'write', on: JournalKey) => ({ [on]: mode }) as Person['grants'];
    const journalList = (grants: Person['grants']) =>
      (['projects', 'events', 'tasks'] as const).flatMap((type) =>
        Object.entries(grants).map(([j, mode]) => ({ journalId: journals[type][j as JournalKey], mode })),
      );
    const put = async (
      kind: 'user' | 'role',
      id: number,
      lv: Record<DocType, Record<Action, Level>>,
      grants: Person['grants'],
    ) => {
      const res = await t.admin.put(`/api/v1/access/${kind}/${id}`, {
        permissions: lv,
        journals: journalList(grants),
      });
      expect(res.statusCode, res.body).toBe(200);
    };

    await user('none', store.id, 'Склад', { levels: levels(() => 'none'), grants: {} });
    await user('peer', sales2.id, 'Продажи', { levels: levels(() => 'none'), grants: {} });
    const ownLevels = levels((_, a) => (a === 'create' ? 'all' : 'own'));
    await user('own', null, '', { levels: ownLevels, grants: grantAll('write', 'R') });
    await put('user', people.get('own')!.id, ownLevels, grantAll('write', 'R'));
    const deptLevels = levels((_, a) => (a === 'create' ? 'all' : 'department'));
    await user('dept', sales.id, 'Продажи', { levels: deptLevels, grants: grantAll('write', 'R') });
    await put('user', people.get('dept')!.id, deptLevels, grantAll('write', 'R'));
    const journalLevels = levels(() => 'all');
    const journalGrants: Person['grants'] = { A: 'read', B: 'write' };
    await user('journal', null, '', { levels: journalLevels, grants: journalGrants });
    await put('user', people.get('journal')!.id, journalLevels, journalGrants);

    // Two roles merged: reading own with all journals readable, plus reading/changing all in B.
    const roleX = (await t.admin.post('/api/v1/roles', { code: 'mx_x', name: 'MX X' })).json<{ id: number }>()
      .id;
    const roleY = (await t.admin.post('/api/v1/roles', { code: 'mx_y', name: 'MX Y' })).json<{ id: number }>()
      .id;
    await put(
      'role',
      roleX,
      levels((_, a) => (a === 'read' ? 'own' : 'none')),
      { R: 'read' },
    );
    await put(
      'role',
      roleY,
      levels((_, a) => (a === 'read' || a === 'edit' ? 'all' : 'none')),
      { B: 'write' },
    );
    await user('mixed', null, '', {
      levels: levels((_, a) => (a === 'read' || a === 'edit' ? 'all' : 'none')),
      grants: { R: 'read', B: 'write' },
    });
    const patched = await t.admin.patch(`/api/v1/users/${people.get('mixed')!.id}`, {
      roleIds: [roleX, roleY],
    });
    expect(patched.statusCode, patched.body).toBe(200);

    eventTypeId = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number }[]>()[0]!.id;
    const statuses = (await t.admin.get('/api/v1/settings/task-statuses')).json<
      { id: number; isInitial: boolean; isFinal: boolean; allowedNextIds: number[] }[]
    >();
    const initial = statuses.find((s) => s.isInitial)!;
    // An empty list of next statuses allows every one.
    const next = initial.allowedNextIds.length
      ? statuses.filter((s) => initial.allowedNextIds.includes(s.id))
      : statuses;
    nextStatusId = next.find((s) => s.id !== initial.id && !s.isFinal)!.id;

    const specs: DocSpec[] = [
      { author: 'own', journal: 'R' },
      { author: 'peer', journal: 'A1' },
      { author: 'admin', journal: 'A', named: 'none' },
      { author: 'admin', journal: 'B' },
      { author: 'admin', journal: 'R', participant: 'own' },
      { author: 'peer', journal: 'B' },
      { author: 'mixed', journal: 'R' },
    ];
    for (const type of TYPES) for (const spec of specs) docs.push(await make(type, spec));
    originals.push(...docs);
  }, 120_000);
  afterAll(() => t.close());

  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

  /** Creates a document as the administrator, then makes `spec.author` its author. */
  async function make(type: DocType, spec: DocSpec): Promise<Doc> {
    const marker = `MXQ${type}${++serial}z`;
    const id = (k?: string) => (k ? people.get(k)!.id : null);
    const journalId = type === 'clients' ? null : journals[type][spec.journal];
    const body: Record<DocType, Record<string, unknown>> = {
      clients: {
        name: marker,
        emails: [`${marker.toLowerCase()}@mx.test`],
        responsibleId: id(spec.named ?? spec.participant),
      },
      projects: {
        name: marker,
        kind: 'internal',
        managerId: id(spec.named) ?? admin.id,
        participantIds: spec.participant ? [id(spec.participant)] : [],
        journalId,
      },
      events: {
        typeId: eventTypeId,
        subject: marker,
        startsAt: tomorrow(),
        performerId: id(spec.named) ?? admin.id,
        participantIds: spec.participant ? [id(spec.participant)] : [],
        journalId,
      },
      tasks: {
        title: marker,
        authorId: id(spec.author),
        performerId: id(spec.named),
        controllerId: id(spec.participant),
        deadline: tomorrow(),
        journalId,
      },
    };
    const res = await t.admin.post(`/api/v1/${type}`, body[type]);
    if (res.statusCode !== 201) throw new Error(`creating ${type}: ${res.statusCode} ${res.body}`);
    const docId = res.json<{ id: number }>().id;
    if (type !== 'tasks')
      await t.ctx.database.db
        .updateTable(type)
        .set({ created_by: id(spec.author) })
        .where('id', '=', docId)
        .execute();
    return { type, id: docId, marker, spec };
  }

  // ---- the oracle: the README's rule, restated ----
  function who(doc: Doc) {
    const id = (k?: string) => (k ? people.get(k)!.id : null);
    const author = id(doc.spec.author);
    const named = id(doc.spec.named);
    const part = id(doc.spec.participant);
    const adminIfNone = (v: number | null) => v ?? admin.id;
    switch (doc.type) {
      case 'clients': // responsible: named ?? participant
        return { named: [named ?? part], own: [named ?? part, author], dept: [named ?? part, author] };
      case 'projects':
        return {
          named: [adminIfNone(named), part],
          own: [adminIfNone(named), author, part],
          dept: [adminIfNone(named), author],
        };
      case 'events':
        return {
          named: [adminIfNone(named), part],
          own: [adminIfNone(named), author, part],
          dept: [adminIfNone(named), author],
        };
      case 'tasks':
        return { named: [author, named, part], own: [author, named, part], dept: [author, named] };
    }
  }
  function grantOn(p: Person, doc: Doc): 'read' | 'write' | null {
    const table = journals[doc.type as Exclude<DocType, 'clients'>];
    let best: 'read' | 'write' | null = null;
    for (
      let j: number | null = table[doc.spec.journal];
      j !== null && j !== undefined;
      j = parents.get(j) ?? null
    ) {
      const k = (Object.keys(table) as JournalKey[]).find((x) => table[x] === j);
      const g = k ? p.grants[k] : undefined;
      if (g === 'write' || (g === 'read' && best === null)) best = g;
    }
    return best;
  }
  function allowed(p: Person, doc: Doc, action: Action): boolean {
    if (!p.levels) return true;
    const w = who(doc);
    if (action === 'read' && w.named.includes(p.id)) return true;
    if (doc.type !== 'clients') {
      const g = grantOn(p, doc);
      if (!g || (g === 'read' && action !== 'read' && action !== 'export')) return false;
    }
    const level = p.levels[doc.type][action];
    const sameDepartment = (uid: number | null) =>
      uid !== null &&
      p.department !== '' &&
      [...people.values()].some((o) => o.id === uid && o.department === p.department);
    if (level === 'all') return true;
    if (level === 'own') return w.own.includes(p.id);
    if (level === 'department') return w.own.includes(p.id) || w.dept.some(sameDepartment);
    return false;
  }
  const canRead = (p: Person, d: Doc) => allowed(p, d, 'read');
  const requesters = () => [...people.values()].filter((p) => p.key !== 'peer');

  /** No response may name a document its caller cannot read. */
  function assertNoLeak(p: Person, res: LightMyRequestResponse, what: string) {
    for (const d of docs) {
      if (!canRead(p, d) && res.body.includes(d.marker))
        throw new Error(`${what} as ${p.key} reveals ${d.type} ${d.marker} (${JSON.stringify(d.spec)})`);
    }
  }

  // ---- request samples: what to send to each route ----
  type Sample =
    | { kind: 'list'; type: DocType; action?: 'read' | 'export'; query: string }
    | { kind: 'perDoc'; types: DocType[]; send: (c: Client, d: Doc) => Promise<LightMyRequestResponse> }
    | { kind: 'leakOnly'; query?: string; body?: unknown }
    | { kind: 'create'; body: (p: Person) => unknown }
    /** Many documents in one request, each answered by id: refused ones are listed with the reason. */
    | { kind: 'bulk'; body: (d: Doc) => unknown }
    | {
        kind: 'onDoc';
        body?: (d: Doc) => unknown;
        params?: (d: Doc) => Promise<Record<string, number>>;
        hiddenOnly?: boolean;
      };
  const day = () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 3 * 86_400_000).toISOString();
    return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  };
  const samples: Record<string, () => Sample> = {
    'GET /api/v1/clients': () => ({ kind: 'list', type: 'clients', query: 'limit=500' }),
    'GET /api/v1/projects': () => ({ kind: 'list', type: 'projects', query: 'limit=500' }),
    'GET /api/v1/events': () => ({ kind: 'list', type: 'events', query: 'limit=500' }),
    'GET /api/v1/tasks': () => ({ kind: 'list', type: 'tasks', query: 'limit=500' }),
    'GET /api/v1/tasks/board': () => ({ kind: 'list', type: 'tasks', query: '' }),
    'GET /api/v1/calendar': () => ({ kind: 'list', type: 'events', query: `${day()}&userId=all` }),
    'GET /api/v1/clients/export': () => ({
      kind: 'list',
      type: 'clients',
      action: 'export',
      query: 'format=csv',
    }),
    'GET /api/v1/projects/export': () => ({
      kind: 'list',
      type: 'projects',
      action: 'export',
      query: 'format=csv',
    }),
    'GET /api/v1/events/export': () => ({
      kind: 'list',
      type: 'events',
      action: 'export',
      query: 'format=csv',
    }),
    'GET /api/v1/tasks/export': () => ({
      kind: 'list',
      type: 'tasks',
      action: 'export',
      query: 'format=csv',
    }),
    'GET /api/v1/clients/lookup': () => ({
      kind: 'perDoc',
      types: ['clients'],
      send: (c, d) => c.get(`/api/v1/clients/lookup?email=${d.marker.toLowerCase()}@mx.test`),
    }),
    'POST /api/v1/clients/duplicates': () => ({
      kind: 'perDoc',
      types: ['clients'],
      send: (c, d) => c.post('/api/v1/clients/duplicates', { emails: [`${d.marker.toLowerCase()}@mx.test`] }),
    }),
    'GET /api/v1/search': () => ({
      kind: 'perDoc',
      types: TYPES,
      send: (c, d) => c.get(`/api/v1/search?q=${d.marker}`),
    }),
    'POST /api/v1/clients': () => ({ kind: 'create', body: () => ({ name: `Новый ${++serial}` }) }),
    'POST /api/v1/projects': () => ({
      kind: 'create',
      body: () => ({ name: `Новый ${++serial}`, kind: 'internal' }),
    }),
    'POST /api/v1/events': () => ({
      kind: 'create',
      body: () => ({ typeId: eventTypeId, subject: `Новое ${++serial}`, startsAt: tomorrow() }),
    }),
    'POST /api/v1/tasks': () => ({ kind: 'create', body: () => ({ title: `Новая ${++serial}` }) }),
    'POST /api/v1/clients/import/preview': () => ({ kind: 'create', body: () => importFile(true) }),
    'POST /api/v1/clients/import': () => ({ kind: 'create', body: () => importFile(false) }),
    'PATCH /api/v1/clients/:id': () => ({ kind: 'onDoc', body: () => ({ notes: 'изменено' }) }),
    'PATCH /api/v1/projects/:id': () => ({ kind: 'onDoc', body: () => ({ description: 'изменено' }) }),
    'PATCH /api/v1/events/:id': () => ({ kind: 'onDoc', body: () => ({ description: 'изменено' }) }),
    'PATCH /api/v1/tasks/:id': () => ({ kind: 'onDoc', body: () => ({ description: 'изменено' }) }),
    'POST /api/v1/tasks/:id/status': () => ({ kind: 'onDoc', body: () => ({ statusId: nextStatusId }) }),
    'POST /api/v1/tasks/bulk-status': () => ({
      kind: 'bulk',
      body: (d) => ({ ids: [d.id], statusId: nextStatusId }),
    }),
    'POST /api/v1/tasks/:id/comments': () => ({ kind: 'onDoc', body: () => ({ body: 'комментарий' }) }),
    'POST /api/v1/tasks/:id/checklist': () => ({ kind: 'onDoc', body: () => ({ text: 'пункт' }) }),
    'PATCH /api/v1/tasks/:id/comments/:commentId': () => ({
      kind: 'onDoc',
      body: () => ({ body: 'правка' }),
      params: async (d) => ({ commentId: await comment(d) }),
      hiddenOnly: true, // only the comment's author may change it
    }),
    'DELETE /api/v1/tasks/:id/comments/:commentId': () => ({
      kind: 'onDoc',
      params: async (d) => ({ commentId: await comment(d) }),
      hiddenOnly: true,
    }),
    'PATCH /api/v1/tasks/:id/checklist/:itemId': () => ({
      kind: 'onDoc',
      body: () => ({ isDone: true }),
      params: async (d) => ({ itemId: await checklistItem(d) }),
    }),
    'DELETE /api/v1/tasks/:id/checklist/:itemId': () => ({
      kind: 'onDoc',
      params: async (d) => ({ itemId: await checklistItem(d) }),
    }),
    'POST /api/v1/clients/:id/merge': () => ({
      kind: 'onDoc',
      body: () => ({ sourceId: MISSING_ID + 1 }),
      hiddenOnly: true, // the source is checked after the target; a missing one is a 400 on sourceId
    }),
  };

  async function comment(d: Doc): Promise<number> {
    const res = await t.admin.post(`/api/v1/tasks/${d.id}/comments`, { body: 'от администратора' });
    return res.json<{ id: number }>().id;
  }
  async function checklistItem(d: Doc): Promise<number> {
    const res = await t.admin.post(`/api/v1/tasks/${d.id}/checklist`, { text: 'пункт администратора' });
    return res.json<{ id: number }>().id;
  }
  function importFile(dryRun: boolean) {
    const csv = `Наименование;E-mail\nИмпорт ${++serial};import${serial}@mx.test\n`;
    return { fileName: 'clients.csv', contentBase64: Buffer.from(csv).toString('base64'), dryRun };
  }

  it('every route declares its access; card-file routes declare a document and an action', () => {
    const problems: string[] = [];
    for (const r of routes()) {
      const k = key(r);
      if (r.access === 'public' && !PUBLIC.has(k)) problems.push(`${k}: public`);
      if (
        r.access === 'authenticated' &&
        CARD_PREFIXES.some((p) => r.url.startsWith(p)) &&
        !AUTHENTICATED_CARD_ROUTES.has(k)
      )
        problems.push(`${k}: 'authenticated' — declare { doc, action }`);
      if (
        typeof r.access === 'object' &&
        'doc' in r.access &&
        ['POST', 'PUT', 'PATCH'].includes(r.method) &&
        !samples[k] &&
        !OWN_ID_PREFIXES.some((p) => r.url.startsWith(p))
      )
        problems.push(`${k}: no request sample in access-matrix.test.ts`);
    }
    expect(problems).toEqual([]);
  });

  it('admin-only and settings-area routes refuse everyone else', async () => {
    const areasUser = await t.services.users.create({
      login: 'areas',
      fullName: 'Matrix areas',
      password: 'areas-password-1',
      roleIds: [],
    });
    const areas = await t.login('areas', 'areas-password-1');
    await t.admin.put(`/api/v1/access/user/${areasUser.id}`, {
      areas: { books: 'write', numbering: 'write', parameters: 'write', mail: 'write', users: 'write' },
    });
    const readOnly = await t.services.users.create({
      login: 'areasro',
      fullName: 'Matrix areas ro',
      password: 'areasro-password-1',
      roleIds: [],
    });
    const ro = await t.login('areasro', 'areasro-password-1');
    await t.admin.put(`/api/v1/access/user/${readOnly.id}`, {
      areas: { books: 'read', numbering: 'read', parameters: 'read', mail: 'read', users: 'read' },
    });
    const url = (r: RouteAccess) => r.url.replace(/:[A-Za-z]+(\.ics)?/g, String(MISSING_ID));
    for (const r of routes()) {
      if (typeof r.access === 'string' && r.access !== 'admin') continue;
      if (typeof r.access === 'object' && 'doc' in r.access) continue;
      for (const p of requesters().filter((x) => x.key !== 'admin')) {
        const res = await p.client.request(
          r.method as 'GET',
          url(r),
          r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        );
        expect(res.statusCode, `${key(r)} as ${p.key}`).toBe(403);
      }
      if (r.access === 'admin') continue;
      const area = r.access as { area: string; mode: 'read' | 'write' };
      const withArea = await areas.request(
        r.method as 'GET',
        url(r),
        r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      );
      expect(withArea.statusCode, `${key(r)} with the ${area.area} area`).not.toBe(403);
      const readOnlyRes = await ro.request(
        r.method as 'GET',
        url(r),
        r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      );
      if (area.mode === 'write') expect(readOnlyRes.statusCode, `${key(r)} read-only`).toBe(403);
      else expect(readOnlyRes.statusCode, `${key(r)} read-only`).not.toBe(403);
    }
  }, 120_000);

  it('document routes answer exactly what each user may see and do', async () => {
    const failures: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) failures.push(what);
    };
    // Deletes last: they remove documents other routes ask about.
    const docRoutes = routes()
      .filter((r) => typeof r.access === 'object' && 'doc' in r.access)
      .filter((r) => !OWN_ID_PREFIXES.some((p) => r.url.startsWith(p)))
      .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    for (const r of docRoutes) {
      const { doc: type, action } = r.access as { doc: DocType; action: Action };
      const k = key(r);
      const sample = samples[k]?.();
      if (r.url.includes(':id')) {
        for (const p of requesters()) {
          const sampleBody = (d: Doc) =>
            sample?.kind === 'onDoc' && sample.body
              ? sample.body(d)
              : r.method === 'GET' || r.method === 'DELETE'
                ? undefined
                : {};
          const missing = await p.client.request(
            r.method as 'GET',
            fill(r.url, MISSING_ID, {}),
            sampleBody(originals[0]!),
          );
          for (const original of originals.filter((d) => d.type === type)) {
            const readable = canRead(p, original);
            const permitted = allowed(p, original, action);
            const mutating = r.method !== 'GET';
            // A request that may change or delete the document works on a fresh copy of it.
            const d =
              mutating && readable && permitted
                ? await make(type, original.spec).then((c) => (docs.push(c), c))
                : original;
            const params = sample?.kind === 'onDoc' && sample.params ? await sample.params(d) : {};
            const res = await p.client.request(r.method as 'GET', fill(r.url, d.id, params), sampleBody(d));
            const what = `${k} as ${p.key} on ${d.marker} ${JSON.stringify(d.spec)}: ${res.statusCode}`;
            assertNoLeak(p, res, k);
            if (!readable) {
              check(res.statusCode === 404, `${what}, expected 404`);
              check(
                res.statusCode !== 404 || res.body === missing.body,
                `${what}: a hidden document must answer like a missing one`,
              );
            } else if (sample?.kind === 'onDoc' && sample.hiddenOnly) {
              check(res.statusCode !== 404, `${what}, expected it found`);
            } else if (!permitted) {
              check(res.statusCode === 403, `${what}, expected 403`);
            } else {
              check(
                res.statusCode >= 200 && res.statusCode < 300,
                `${what}, expected success ${res.body.slice(0, 200)}`,
              );
              if (r.method === 'DELETE' && !r.url.includes(':commentId') && !r.url.includes(':itemId'))
                docs.splice(docs.indexOf(d), 1);
            }
          }
        }
        continue;
      }
      if (!sample) {
        check(r.method === 'GET', `${k}: no request sample`);
        for (const p of requesters()) assertNoLeak(p, await p.client.get(r.url), k);
        continue;
      }
      for (const p of requesters()) {
        if (sample.kind === 'list') {
          const res = await p.client.get(`${r.url}?${sample.query}`);
          const act = sample.action ?? 'read';
          if (p.levels && act === 'export' && p.levels[type].export === 'none') {
            check(res.statusCode === 403, `${k} as ${p.key}: export without the right: ${res.statusCode}`);
            continue;
          }
          check(res.statusCode === 200, `${k} as ${p.key}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          for (const d of docs.filter((x) => x.type === type)) {
            const expected = canRead(p, d) && (act === 'read' || allowed(p, d, 'export'));
            check(
              res.body.includes(d.marker) === expected,
              `${k} as ${p.key}: ${d.marker} ${JSON.stringify(d.spec)} listed=${!expected}`,
            );
          }
          assertNoLeak(p, res, k);
          if (r.url.endsWith('/board')) {
            for (const column of res.json<{ columns: { total: number; items: unknown[] }[] }>().columns)
              check(
                column.total === column.items.length,
                `${k} as ${p.key}: the count includes hidden tasks`,
              );
          }
        } else if (sample.kind === 'perDoc') {
          for (const d of docs.filter((x) => sample.types.includes(x.type))) {
            const res = await sample.send(p.client, d);
            check(
              res.statusCode === 200,
              `${k} as ${p.key} for ${d.marker}: ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
            check(
              res.body.includes(d.marker) === canRead(p, d),
              `${k} as ${p.key}: ${d.marker} ${JSON.stringify(d.spec)} found=${!canRead(p, d)}`,
            );
            assertNoLeak(p, res, k);
          }
        } else if (sample.kind === 'bulk') {
          for (const original of originals.filter((d) => d.type === type)) {
            const readable = canRead(p, original);
            const permitted = allowed(p, original, action);
            // A change that may go through works on a fresh copy of the document.
            const d =
              readable && permitted
                ? await make(type, original.spec).then((c) => (docs.push(c), c))
                : original;
            const res = await p.client.post(r.url, sample.body(d));
            const errors = res.json<{ errors?: { id: number; code: string }[] }>().errors ?? [];
            const code = errors.find((e) => e.id === d.id)?.code ?? null;
            const expected = !readable ? 'not_found' : !permitted ? 'forbidden' : null;
            check(
              res.statusCode === 200 && code === expected,
              `${k} as ${p.key} on ${d.marker} ${JSON.stringify(d.spec)}: ${res.statusCode} ${code}, expected ${expected}`,
            );
            assertNoLeak(p, res, k);
          }
        } else if (sample.kind === 'create') {
          const res = await p.client.post(r.url, sample.body(p));
          // New projects, events and tasks go to the default journal: the root.
          const mayCreate =
            !p.levels || (p.levels[type].create !== 'none' && (type === 'clients' || p.grants.R === 'write'));
          check(
            mayCreate ? res.statusCode < 300 : res.statusCode === 403,
            `${k} as ${p.key}: ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('why-can-I-see-this answers only about visible documents; no other page names hidden ones', async () => {
    const plain = routes().filter(
      (r) => r.method === 'GET' && r.access === 'authenticated' && !r.url.includes(':'),
    );
    for (const p of requesters()) {
      for (const r of plain) assertNoLeak(p, await p.client.get(r.url), key(r));
      for (const d of docs) {
        const res = await p.client.get(`/api/v1/access/explain/${d.type}/${d.id}`);
        expect(res.statusCode, `${d.marker} as ${p.key}`).toBe(canRead(p, d) ? 200 : 404);
        assertNoLeak(p, res, 'explain');
      }
    }
  }, 120_000);

  function fill(url: string, id: number, params: Record<string, number>): string {
    return url.replace(/:([A-Za-z]+)/g, (_, name: string) =>
      String(name === 'id' ? id : (params[name] ?? MISSING_ID)),
    );
  }
});
