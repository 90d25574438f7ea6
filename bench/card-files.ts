/**
 * The card-file cases of `npm run bench`, on each engine: the built app runs in this process on a
 * seeded data set (bench/seed), requests go over HTTP one at a time, and the same question is
 * asked in raw SQL on the app's own connection in the same run. API ÷ SQL is what the app adds
 * (HTTP, validation, services, serialisation) to the database work that answers the request.
 *
 * Without a seeded data set (npm run bench:seed) a small one (scale BENCH_SCALE, default 0.01) is
 * generated for the run and dropped afterwards, so these rows are always printed. What a run adds
 * (tasks, imported clients) is deleted before and after it.
 *
 * Settings (env): BENCH_ENGINES (sqlite,postgres), BENCH_REQUESTS (300 per case), BENCH_WARMUP (30), BENCH_IMPORT_ROWS (20000),
 * BENCH_SCALE; the data set's place as for bench:seed (KARTOTEKA_BENCH_DATA, KARTOTEKA_BENCH_DATABASE,
 * BENCH_DATABASE_URL).
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { built } from './built.js';
import { client as generateClient, rnd } from './seed/generate.js';
import {
  BENCH_PASSWORD,
  DEFAULT_SERVER,
  dropTarget,
  readManifest,
  seed,
  target,
  type Engine,
  type Manifest,
  type Target,
} from './seed/dataset.js';
import type { DB } from '../src/server/db/schema.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const AUTO_SCALE = Number(process.env.BENCH_SCALE ?? 0.01);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);
/** How many benchmark users take turns for "my tasks". */
const MY_TASKS_USERS = 5;

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

export interface CaseResult {
  name: string;
  /** Null when the case failed (see `failure`). */
  api: Stats | null;
  sql: Stats | null;
  failure: string | null;
  /** API p95 must stay under this (ms), when the case has such a target. */
  p95Target: number | null;
  /** Requests whose answer was wrong (status, or the expected client missing). */
  errors: number;
  /** A restricted user's case: the admin case it is measured against (p50 ratio ≤ RESTRICTED_TARGET). */
  versus?: string;
}

export interface ImportResult {
  rows: number;
  created: number;
  rejected: number;
  seconds: number;
  clientsPerSecond: number;
}

export interface EngineResult {
  engine: Engine;
  dataset: {
    scale: number;
    counts: Manifest['counts'];
    /** Generated for this run (no seeded data set was found). */
    auto: boolean;
    location: string;
  } | null;
  skipped: string | null;
  /** Why the cases could not run on a data set that exists. */
  failure: string | null;
  cases: CaseResult[];
  import: ImportResult | null;
}

// ---- measuring ---------------------------------------------------------------------------

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, p50: at(0.5), p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** Runs `fn(i)` WARMUP times, then REQUESTS times timed, one at a time. */
async function measure(fn: (i: number) => Promise<void>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await fn(REQUESTS + i);
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

// ---- HTTP --------------------------------------------------------------------------------

interface Reply {
  status: number;
  body: string;
}

/** A signed-in HTTP client over one keep-alive connection (as a browser tab would use). */
class Session {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(
    private readonly port: number,
    private cookie = '',
    private csrf = '',
  ) {}

  static async login(port: number, login: string): Promise<Session> {
    const s = new Session(port);
    const res = await s.request('POST', '/api/v1/auth/login', { login, password: BENCH_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${login}: ${res.status} ${res.body}`);
    s.csrf = (JSON.parse(res.body) as { csrfToken: string }).csrfToken;
    return s;
  }

  request(method: string, url: string, body?: unknown): Promise<Reply & { cookie?: string }> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path: url,
          agent: this.agent,
          headers: {
            ...(this.cookie && { cookie: this.cookie }),
            ...(this.csrf && method !== 'GET' && { 'x-csrf-token': this.csrf }),
            ...(payload && { 'content-type': 'application/json', 'content-length': payload.length }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const set = res.headers['set-cookie']?.find((c) => c.startsWith('kartoteka_session='));
            if (set) this.cookie = set.split(';')[0]!;
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown) => this.request('POST', url, body);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  put = (url: string, body: unknown) => this.request('PUT', url, body);
  close(): void {
    this.agent.destroy();
  }
}

// ---- samples from the data set -----------------------------------------------------------

interface SampleClient {
  id: number;
  name: string;
  taxId: string | null;
  e164: string | null;
  original: string | null;
}

/** REQUESTS + WARMUP clients picked at random (the same ones every run). */
async function sampleClients(db: Kysely<DB>, count: number): Promise<SampleClient[]> {
  const ids = [
    ...new Set(
      Array.from({ length: (REQUESTS + WARMUP) * 2 }, (_, i) => 1 + Math.floor(rnd(i, 7001) * count)),
    ),
  ];
  const out: SampleClient[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const { rows } = await sql<SampleClient>`select c.id, c.name, c.tax_id as "taxId",
        (select p.e164 from client_phones p where p.client_id = c.id order by p.sort_order, p.id limit 1) as e164,
        (select p.original from client_phones p where p.client_id = c.id order by p.sort_order, p.id limit 1) as original
      from clients c where c.id in (${sql.join(chunk)})`.execute(db);
    out.push(...rows);
  }
  const byId = new Map(out.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

/** A phone the way someone might type it into the lookup. */
function phoneAsTyped(c: SampleClient, i: number): string {
  const n = c.e164!.slice(4);
  const [code, a, b, d] = [n.slice(0, 2), n.slice(2, 5), n.slice(5, 7), n.slice(7)];
  const forms = [
    c.original!,
    c.e164!,
    `380${n}`,
    `0${n}`,
    `0${code} ${a}-${b}-${d}`,
    `(0${code}) ${a} ${b} ${d}`,
    `+38 0${code} ${a}${b}${d}`,
  ];
  return forms[i % forms.length]!;
}

/** 3–6 letters of a word of the client's name: a prefix or a substring, sometimes capitalised. */
function nameFragment(c: SampleClient, i: number): string {
  const words = c.name.split(/[^\p{L}]+/u).filter((w) => w.length >= 4);
  const word = words[Math.floor(rnd(i, 7101) * words.length)] ?? c.name;
  const length = Math.min(word.length, 3 + Math.floor(rnd(i, 7102) * 4));
  const from = rnd(i, 7103) < 0.6 ? 0 : Math.floor(rnd(i, 7104) * (word.length - length + 1));
  const fragment = word.slice(from, from + length);
  return rnd(i, 7105) < 0.5 ? fragment.toLowerCase() : fragment;
}

// ---- the raw SQL of each case ------------------------------------------------------------

const listColumns = sql`c.id, c.kind, c.name, c.short_name, c.tax_id, c.tags, c.created_at, c.updated_at,
  c.responsible_id, u.full_name as responsible_name,
  (select p.original from client_phones p where p.client_id = c.id and p.contact_id is null
    order by p.sort_order, p.id limit 1) as phone,
  (select e.original from client_emails e where e.client_id = c.id and e.contact_id is null
    order by e.sort_order, e.id limit 1) as email`;

const rawSql = {
  /** The list rows of the clients with this phone (E.164, as the app normalises it). */
  phone: (db: Kysely<DB>, e164: string) =>
    sql`select ${listColumns} from clients c left join users u on u.id = c.responsible_id
      where c.deleted_at is null and c.id in (select client_id from client_phones where e164 = ${e164})
      order by c.name, c.id limit 50`.execute(db),

  taxId: (db: Kysely<DB>, taxId: string) =>
    sql`select ${listColumns} from clients c left join users u on u.id = c.responsible_id
      where c.deleted_at is null and c.tax_id = ${taxId} order by c.name, c.id limit 50`.execute(db),

  /**
   * SearchService's two candidate passes for a one-word query: the texts that start with it (FTS5
   * `^"…"` on SQLite, an anchored LIKE on pg_trgm), then the texts that contain it.
   */
  search: async (db: Kysely<DB>, engine: Engine, q: string) => {
    const word = q.toLowerCase().replaceAll('ё', 'е');
    const select = (where: RawBuilder<unknown>, fts: boolean) =>
      sql`select e.id, e.doc_type, e.doc_id, e.title, e.subtitle, e.body
        from ${fts ? sql`search_fts join search_entries e on e.id = search_fts.rowid` : sql`search_entries e`}
        where ${where} limit 200`.execute(db);
    if (engine === 'sqlite') {
      await select(sql`search_fts match ${`^"${word}"`}`, true);
      await select(sql`search_fts match ${`"${word}"`}`, true);
    } else {
      await select(sql`e.body like ${`${word}%`}`, false);
      await select(sql`e.body like ${`%${word}%`}`, false);
    }
  },

  /** The card (client, its phones, e-mails, contacts, user names) and the first timeline page. */
  card: async (db: Kysely<DB>, id: number) => {
    await sql`select c.*, r.full_name as responsible_name, b.full_name as created_by_name from clients c
      left join users r on r.id = c.responsible_id left join users b on b.id = c.created_by
      where c.id = ${id} and c.deleted_at is null`.execute(db);
    await sql`select * from client_contacts where client_id = ${id} order by sort_order, id`.execute(db);
    await sql`select * from client_phones where client_id = ${id} order by sort_order, id`.execute(db);
    await sql`select * from client_emails where client_id = ${id} order by sort_order, id`.execute(db);
    await sql`select * from (
        select * from (select 'event' as kind, e.id, e.starts_at as at, e.number, e.subject as title,
            t.name_ru as subtitle, e.status, u.full_name as user_name
          from events e join event_types t on t.id = e.type_id left join users u on u.id = e.performer_id
          where e.client_id = ${id} order by e.starts_at desc, e.id desc limit 21) ev
        union all
        select * from (select 'task', k.id, k.created_at, k.number, k.title, s.name_ru, s.code, u.full_name
          from tasks k join task_statuses s on s.id = k.status_id left join users u on u.id = k.performer_id
          where k.client_id = ${id} order by k.created_at desc, k.id desc limit 21) ta
        union all
        select * from (select 'project', p.id, p.created_at, p.number, p.name, p.status, p.status, u.full_name
          from projects p left join users u on u.id = p.created_by
          where p.client_id = ${id} order by p.created_at desc, p.id desc limit 21) pr
        union all
        select * from (select 'change', h.id, h.created_at, null, h.action, coalesce(h.field, ''), null,
            u.full_name
          from document_history h left join users u on u.id = h.user_id
          where h.doc_type = 'client' and h.doc_id = ${id} order by h.created_at desc, h.id desc limit 21) ch
      ) x order by at desc, kind, id desc limit 21`.execute(db);
  },

  /** "My tasks" as performer: the page with status, user and client names. */
  myTasks: (db: Kysely<DB>, userId: number) =>
    sql`select t.*, s.code, s.name_ru, s.name_uk, s.name_en, s.color, s.is_final,
        a.full_name as author_name, p.full_name as performer_name, c.full_name as controller_name,
        cl.name as client_name
      from (select * from tasks where performer_id = ${userId} order by created_at desc, id desc limit 51) t
        join task_statuses s on s.id = t.status_id
        left join users a on a.id = t.author_id left join users p on p.id = t.performer_id
        left join users c on c.id = t.controller_id left join clients cl on cl.id = t.client_id
      order by t.created_at desc, t.id desc`.execute(db),

  /** A task insert as the app does it: number from the counter, the row, its history and search entry. */
  createTask: (
    db: Kysely<DB>,
    task: { title: string; performerId: number; clientId: number; deadline: string },
  ) =>
    db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const period = now.slice(0, 4);
      const { rows } = await sql<{
        value: number;
      }>`insert into numbering_counters (doc_type, scope, period, value)
        values ('task', '', ${period}, 1)
        on conflict (doc_type, scope, period) do update set value = numbering_counters.value + 1
        returning value`.execute(trx);
      const number = `З-${period}-${String(rows[0]!.value).padStart(6, '0')}`;
      const inserted = await sql<{
        id: number;
      }>`insert into tasks (number, title, description, status_id, priority,
          author_id, performer_id, client_id, deadline, journal_id, created_at, updated_at)
        values (${number}, ${task.title}, '', (select id from task_statuses where is_initial = ${true}), 'normal',
          ${task.performerId}, ${task.performerId}, ${task.clientId}, ${task.deadline},
          (select id from journals where doc_type = 'task' and is_default = ${true}), ${now}, ${now})
        returning id`.execute(trx);
      const id = inserted.rows[0]!.id;
      await sql`insert into document_history (doc_type, doc_id, action, user_id, created_at)
        values ('task', ${id}, 'create', ${task.performerId}, ${now})`.execute(trx);
      await sql`insert into search_entries (doc_type, doc_id, title, subtitle, body, updated_at)
        values ('task', ${id}, ${task.title}, ${number}, ${`${task.title.toLowerCase()} ${number.toLowerCase()}`}, ${now})`.execute(
        trx,
      );
    }),
};

// ---- the run -----------------------------------------------------------------------------

/**
 * Removes what earlier runs added (rows past the seeded counts), so every run measures the same
 * data set. Foreign keys are not checked meanwhile: deleting a client would otherwise scan the
 * clients for `merged_into_id` (not indexed: the app never deletes a client for real) row by row.
 */
async function restore(t: Target, db: Kysely<DB>, m: Manifest): Promise<void> {
  const [clients, events, tasks] = [m.counts.clients, m.counts.events, m.counts.tasks].map(Number);
  const past = `(doc_type = 'client' and doc_id > ${clients}) or (doc_type = 'event' and doc_id > ${events})
    or (doc_type = 'task' and doc_id > ${tasks})`;
  const statements = [
    `delete from search_entries where ${past}`,
    `delete from document_history where ${past}`,
    `delete from task_comments where task_id > ${tasks}`,
    `delete from task_checklist_items where task_id > ${tasks}`,
    `delete from tasks where id > ${tasks}`,
    `delete from event_participants where event_id > ${events}`,
    `delete from events where id > ${events}`,
    `delete from client_phones where client_id > ${clients}`,
    `delete from client_emails where client_id > ${clients}`,
    `delete from client_contacts where client_id > ${clients}`,
    `delete from clients where id > ${clients}`,
  ];
  await deleteUnchecked(t, db, statements);
}

/**
 * Runs deletes of rows a bench run added in one transaction, without checking foreign keys
 * (the rows go together; checking them would scan big tables row by row).
 */
export async function deleteUnchecked(t: Target, db: Kysely<DB>, statements: string[]): Promise<void> {
  if (t.engine === 'sqlite') {
    // The app's only connection, while it serves nothing; the pragma cannot change inside a transaction.
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      await db.transaction().execute(async (trx) => {
        for (const s of statements) await sql.raw(s).execute(trx);
      });
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
    return;
  }
  const c = new pg.Client({ connectionString: t.databaseUrl });
  await c.connect();
  try {
    await c.query('set session_replication_role = replica');
    await c.query('begin');
    for (const s of statements) await c.query(s);
    await c.query('commit');
  } finally {
    await c.end();
  }
}

/** A CSV of `rows` new clients (tax ids and phones outside the seeded ranges). */
function importCsv(m: Manifest, first: number, rows: number): string {
  const plan = { now: Date.now(), counts: m.counts, userIds: m.userIds, adminId: 1 };
  const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = ['Наименование;Вид;Код;Телефоны;E-mail;Юридический адрес'];
  for (let i = 0; i < rows; i++) {
    const seedId = 5_000_000 + first + i;
    const c = generateClient(plan, seedId, 60_000_000 + (first + i) * 2, seedId);
    const address = (JSON.parse(c.addresses) as { text: string }[])[0]?.text ?? '';
    lines.push(
      [
        c.name,
        c.kind === 'person' ? 'физлицо' : 'организация',
        c.taxId ?? '',
        c.phones.map((p) => p.original).join(', '),
        c.emails.join(', '),
        address,
      ]
        .map(cell)
        .join(';'),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

const IMPORT_MAPPING = { name: 0, kind: 1, taxId: 2, phones: 3, emails: 4, legalAddress: 5 };

async function importClients(
  admin: Session,
  csv: string,
): Promise<{ created: number; rejected: number; rows: number }> {
  const res = await admin.post('/api/v1/clients/import', {
    fileName: 'bench.csv',
    contentBase64: Buffer.from(csv).toString('base64'),
    mapping: IMPORT_MAPPING,
    delimiter: ';',
  });
  if (res.status !== 200) throw new Error(`import: ${res.status} ${res.body.slice(0, 500)}`);
  const { rows, created, rejected } = JSON.parse(res.body) as {
    created: number;
    rejected: number;
    rows: number;
  };
  return { rows, created, rejected };
}

/**
 * Data access: the same list and search as a user restricted to their own documents (level
 * "own" on every type, the root journals readable, no roles) against the administrator, who
 * passes unfiltered. The user is one of the seeded benchmark users and gets «Сотрудник» back.
 */
async function restrictedCases(
  admin: Session,
  port: number,
  m: Manifest,
  run: (
    name: string,
    p95Target: number | null,
    api: (i: number) => Promise<boolean>,
    raw: ((i: number) => Promise<unknown>) | { versus: string },
  ) => Promise<void>,
  fragment: (i: number) => string,
): Promise<void> {
  const login = m.users[MY_TASKS_USERS]!;
  const userId = m.userIds[MY_TASKS_USERS]!;
  const roles = JSON.parse((await admin.get('/api/v1/roles')).body) as { id: number; code: string }[];
  const journals = JSON.parse((await admin.get('/api/v1/settings/journals')).body) as {
    id: number;
    parentId: number | null;
  }[];
  const own = { read: 'own', create: 'all', edit: 'own', delete: 'own', export: 'own' };
  const restrict = async (on: boolean) => {
    const employee = roles.find((r) => r.code === 'employee')!.id;
    await admin.patch(`/api/v1/users/${userId}`, { roleIds: on ? [] : [employee] });
    const put = await admin.put(`/api/v1/access/user/${userId}`, {
      permissions: on ? { clients: own, projects: own, events: own, tasks: own } : {},
      journals: on
        ? journals.filter((j) => j.parentId === null).map((j) => ({ journalId: j.id, mode: 'read' }))
        : [],
    });
    if (put.status !== 200) throw new Error(`access settings: ${put.status} ${put.body.slice(0, 300)}`);
  };
  await restrict(true);
  const user = await Session.login(port, login);
  try {
    const pairs: [string, (i: number) => string][] = [
      ['task list, first page', () => '/api/v1/tasks?limit=50'],
      ['client list, first page', () => '/api/v1/clients?limit=50'],
      ['event list, first page', () => '/api/v1/events?limit=50'],
      ['name search', (i) => `/api/v1/search?q=${encodeURIComponent(fragment(i))}`],
    ];
    for (const [name, url] of pairs) {
      await run(`${name} — admin`, null, async (i) => (await admin.get(url(i))).status === 200, {
        versus: '',
      });
      await run(`${name} — restricted (own)`, null, async (i) => (await user.get(url(i))).status === 200, {
        versus: `${name} — admin`,
      });
    }
  } finally {
    user.close();
    await restrict(false);
  }
}

async function runCases(
  t: Target,
  m: Manifest,
  print: (line: string) => void,
): Promise<Pick<EngineResult, 'cases' | 'import'>> {
  const [{ loadConfig }, { openContext }, { buildApp }] = await Promise.all([
    built.config(),
    built.bootstrap(),
    built.app(),
  ]);
  // Request logging stays on, as in production (info); the lines are dropped, not written.
  const devNull = new Writable({ write: (_c, _e, cb) => cb() });
  const ctx = await openContext(
    loadConfig({}, { dataDir: t.dataDir, databaseUrl: t.databaseUrl, logLevel: 'info' }),
  );
  let app: FastifyInstance | null = null;
  const sessions: Session[] = [];
  const db = ctx.database.db;
  try {
    await restore(t, db, m);
    app = (await buildApp(ctx, { logStream: devNull })).app;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const admin = await Session.login(port, m.admin);
    const users = await Promise.all(
      m.users.slice(0, MY_TASKS_USERS).map((login) => Session.login(port, login)),
    );
    sessions.push(admin, ...users);
    const samples = await sampleClients(db, m.counts.clients);
    const at = (i: number) => samples[i % samples.length]!;
    const withPhone = samples.filter((c) => c.e164);
    const withTaxId = samples.filter((c) => c.taxId);
    const cases: CaseResult[] = [];
    const run = async (
      name: string,
      p95Target: number | null,
      api: (i: number) => Promise<boolean>,
      raw: ((i: number) => Promise<unknown>) | { versus: string },
    ) => {
      let errors = 0;
      let apiStats: Stats;
      let sqlStats: Stats | null = null;
      try {
        apiStats = await measure(async (i) => {
          if (!(await api(i))) errors++;
        });
        if (typeof raw === 'function') sqlStats = await measure(async (i) => void (await raw(i)));
      } catch (e) {
        // One broken case (an endpoint or a table that changed) must not cost the other figures.
        const failure = (e as Error).message.slice(0, 300);
        cases.push({ name, api: null, sql: null, failure, p95Target, errors });
        print(`  ${t.engine} ${name}: failed — ${failure}`);
        return;
      }
      const versus = typeof raw === 'function' ? {} : { versus: raw.versus };
      cases.push({ name, api: apiStats, sql: sqlStats, failure: null, p95Target, errors, ...versus });
      print(
        `  ${t.engine} ${name}: API p50 ${apiStats.p50.toFixed(2)} p95 ${apiStats.p95.toFixed(2)} ms` +
          (sqlStats ? `, SQL p50 ${sqlStats.p50.toFixed(2)} p95 ${sqlStats.p95.toFixed(2)} ms` : '') +
          `, errors ${errors}`,
      );
    };
    const found = (res: Reply, id: number) =>
      res.status === 200 && (JSON.parse(res.body) as { id: number }[]).some((c) => c.id === id);

    await run(
      'phone lookup',
      10,
      async (i) => {
        const c = withPhone[i % withPhone.length]!;
        return found(
          await admin.get(`/api/v1/clients/lookup?phone=${encodeURIComponent(phoneAsTyped(c, i))}`),
          c.id,
        );
      },
      (i) => rawSql.phone(db, withPhone[i % withPhone.length]!.e164!),
    );
    await run(
      'tax-id lookup',
      10,
      async (i) => {
        const c = withTaxId[i % withTaxId.length]!;
        return found(await admin.get(`/api/v1/clients/lookup?taxId=${c.taxId}`), c.id);
      },
      (i) => rawSql.taxId(db, withTaxId[i % withTaxId.length]!.taxId!),
    );
    await run(
      'name search',
      50,
      async (i) =>
        (await admin.get(`/api/v1/search?q=${encodeURIComponent(nameFragment(at(i), i))}`)).status === 200,
      (i) => rawSql.search(db, t.engine, nameFragment(at(i), i)),
    );
    await run(
      'client card + first timeline page',
      30,
      async (i) => {
        const id = at(i).id;
        // The card, then the first page of its timeline: one after the other.
        const card = await admin.get(`/api/v1/clients/${id}`);
        const timeline = await admin.get(`/api/v1/clients/${id}/timeline?limit=20`);
        return card.status === 200 && timeline.status === 200;
      },
      (i) => rawSql.card(db, at(i).id),
    );
    await run(
      'my tasks (performer, 50)',
      null,
      async (i) =>
        (await users[i % users.length]!.get('/api/v1/tasks?mine=performer&limit=50')).status === 200,
      (i) => rawSql.myTasks(db, m.userIds[i % users.length]!),
    );
    const newTask = (i: number) => ({
      title: `Перезвонить клиенту ${i}`,
      performerId: m.userIds[i % m.userIds.length]!,
      clientId: at(i).id,
      deadline: new Date(Date.now() + 86_400_000 * (1 + (i % 20))).toISOString(),
    });
    await run(
      'create task',
      null,
      async (i) => (await admin.post('/api/v1/tasks', newTask(i))).status === 201,
      (i) => rawSql.createTask(db, newTask(i)),
    );

    await restrictedCases(admin, port, m, run, (i) => nameFragment(at(i), i));

    let imported: ImportResult | null = null;
    try {
      await importClients(admin, importCsv(m, 1_000_000, 200));
      const csv = importCsv(m, 0, IMPORT_ROWS);
      const t0 = performance.now();
      const report = await importClients(admin, csv);
      const seconds = (performance.now() - t0) / 1000;
      imported = { ...report, seconds, clientsPerSecond: report.created / seconds };
      print(
        `  ${t.engine} import: ${report.created} of ${report.rows} rows in ${seconds.toFixed(2)} s ` +
          `(${Math.round(imported.clientsPerSecond)} clients/s), rejected ${report.rejected}`,
      );
    } catch (e) {
      print(`  ${t.engine} import: failed — ${(e as Error).message}`);
    }
    return { cases, import: imported };
  } finally {
    for (const s of sessions) s.close();
    if (app) await app.close();
    await restore(t, db, m);
    await ctx.database.close();
  }
}

/** Whether the benchmark's PostgreSQL server answers (its cases are skipped when not). */
export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: DEFAULT_SERVER, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** The card-file cases on both engines. */
export async function benchCardFiles(
  print: (line: string) => void = (l) => console.log(l),
): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
  for (const engine of (['sqlite', 'postgres'] as const).filter((e) => engines.includes(e))) {
    if (engine === 'postgres' && !(await postgresReachable())) {
      results.push({
        engine,
        dataset: null,
        skipped: 'no PostgreSQL',
        failure: null,
        cases: [],
        import: null,
      });
      continue;
    }
    let t = target(engine);
    let manifest = await readManifest(t);
    const auto = manifest === null;
    let autoRoot: string | null = null;
    if (auto) {
      print(
        `No seeded ${engine} data set at ${engine === 'sqlite' ? t.dataDir : t.database} (npm run bench:seed); ` +
          `generating one at scale ${AUTO_SCALE} for this run`,
      );
      autoRoot = mkdtempSync(path.join(tmpdir(), 'kt-bench-card-files-'));
      t = target(engine, autoRoot, DEFAULT_SERVER, `kartoteka_bench_auto_${randomBytes(4).toString('hex')}`);
      manifest = await seed(t, AUTO_SCALE, {
        force: true,
        print: (line) => line.startsWith('Seeded') && print(`  ${line}`),
      });
    }
    try {
      let measured: Pick<EngineResult, 'cases' | 'import'> = { cases: [], import: null };
      let failure: string | null = null;
      try {
        measured = await runCases(t, manifest!, print);
      } catch (e) {
        failure = (e as Error).message.slice(0, 300);
        print(`  ${engine}: failed — ${failure}`);
      }
      results.push({
        engine,
        dataset: {
          scale: manifest!.scale,
          counts: manifest!.counts,
          auto,
          location: engine === 'sqlite' ? t.dataDir : t.database!,
        },
        skipped: null,
        failure,
        ...measured,
      });
    } finally {
      if (autoRoot) {
        await dropTarget(t);
        rmSync(autoRoot, { recursive: true, force: true });
      }
    }
  }
  return results;
}

// ---- the rows of the bench table ---------------------------------------------------------

const ENGINE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;
const IMPORT_TARGET = 10_000;
const RATIO_TARGET = 2;
/** Data access: a restricted user's list or search, against the administrator's. */
const RESTRICTED_TARGET = 1.5;

const count = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const verdict = (ok: boolean) => (ok ? '✓' : '✗');

/** Table rows [measure, result, target] for bench/run.ts. */
export function cardFileRows(results: EngineResult[]): [string, string, string][] {
  const rows: [string, string, string][] = [];
  for (const r of results) {
    const engine = ENGINE_NAMES[r.engine];
    if (!r.dataset) {
      rows.push([`card files, ${engine}`, `skipped (${r.skipped})`, '']);
      continue;
    }
    const c = r.dataset.counts;
    const set = `${count(c.clients)} clients / ${count(c.events)} events / ${count(c.tasks)} tasks${r.dataset.auto ? ', generated for the run' : ''}`;
    rows.push([`card files, ${engine}: data set`, set, '1M / 5M / 1M (npm run bench:seed)']);
    if (r.failure) {
      rows.push([`card files, ${engine}`, `failed: ${r.failure}`, '']);
      continue;
    }
    for (const k of r.cases) {
      if (k.api && k.versus !== undefined) {
        const base = r.cases.find((x) => x.name === k.versus)?.api;
        const ratio = base ? k.api.p50 / base.p50 : null;
        rows.push([
          `${k.name}, ${engine}`,
          `API p50 ${ms(k.api.p50)} / p95 ${ms(k.api.p95)} ms` +
            (ratio === null ? '' : ` · ×${ratio.toFixed(2)} admin`) +
            (k.errors ? ` · ${k.errors} WRONG ANSWERS` : ''),
          ratio === null ? '' : `≤ ${RESTRICTED_TARGET}× admin ${verdict(ratio <= RESTRICTED_TARGET)}`,
        ]);
        continue;
      }
      if (!k.api || !k.sql) {
        rows.push([`${k.name}, ${engine}`, `failed: ${k.failure}`, '']);
        continue;
      }
      const ratio = k.api.p50 / k.sql.p50;
      const targets = [
        ...(k.p95Target === null ? [] : [`p95 < ${k.p95Target} ms ${verdict(k.api.p95 < k.p95Target)}`]),
        `API ≤ ${RATIO_TARGET}× SQL ${verdict(ratio <= RATIO_TARGET)}`,
      ];
      rows.push([
        `${k.name}, ${engine}`,
        `API p50 ${ms(k.api.p50)} / p95 ${ms(k.api.p95)} ms · SQL p50 ${ms(k.sql.p50)} / p95 ${ms(k.sql.p95)} ms · ` +
          `×${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}${k.errors ? ` · ${k.errors} WRONG ANSWERS` : ''}`,
        targets.join(', '),
      ]);
    }
    rows.push(
      r.import
        ? [
            `import of ${r.import.rows} clients (CSV), ${engine}`,
            `${Math.round(r.import.clientsPerSecond)} clients/s (${r.import.created} created, ` +
              `${r.import.rejected} rejected, ${r.import.seconds.toFixed(2)} s)`,
            `≥ ${IMPORT_TARGET} clients/s ${verdict(r.import.clientsPerSecond >= IMPORT_TARGET)}`,
          ]
        : [`import of ${IMPORT_ROWS} clients (CSV), ${engine}`, 'failed', `≥ ${IMPORT_TARGET} clients/s`],
    );
  }
  return rows;
}
