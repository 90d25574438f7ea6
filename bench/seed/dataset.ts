/**
 * A benchmark data set: where it lives, how it is made (`seed`), and the manifest that says what
 * is in it. The schema, the administrator and the benchmark users are made by the app itself
 * (migrations, UsersService); the card files are generated and bulk-loaded (see generate.ts).
 *
 * Layout under the root directory (default /tmp/kartoteka-bench):
 *   sqlite/kartoteka.db, sqlite/seed.json          — the SQLite data set
 *   postgres/seed.json (+ the secret key)         — the PostgreSQL data set, database `kartoteka_bench`
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { built } from '../built.js';
import {
  Batch,
  Numberer,
  addClients,
  addEvents,
  addTasks,
  client,
  countsFor,
  personName,
  phoneSamples,
  rnd,
  type Counts,
  type NumberingPlan,
  type Plan,
  type TaskStatusIds,
} from './generate.js';
import { PostgresSink, SqliteSink, type Sink } from './load.js';

export type Engine = 'sqlite' | 'postgres';

export const DEFAULT_ROOT = process.env.KARTOTEKA_BENCH_DATA ?? '/tmp/kartoteka-bench';
export const DEFAULT_SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_DATABASE = process.env.KARTOTEKA_BENCH_DATABASE ?? 'kartoteka_bench';
/** Every user of a benchmark data set has this password (the data set is local and throwaway). */
export const BENCH_PASSWORD = 'bench-password-1';
const BENCH_USER_COUNT = 50;
const benchLogin = (i: number) => `bench${String(i).padStart(2, '0')}`;
/** Documents per transaction. */
const TRANSACTION = 50_000;
/** Documents generated at a time: small batches die young, which keeps garbage collection cheap. */
const CHUNK = 5000;
const LOADED_TABLES = [
  'clients',
  'client_contacts',
  'client_phones',
  'client_emails',
  'search_entries',
  'document_history',
  'events',
  'tasks',
];

export interface Target {
  engine: Engine;
  /** The app's data directory (the SQLite file, the secret key) and the manifest. */
  dataDir: string;
  /** PostgreSQL only: the server to create the database on, the database and its URL. */
  serverUrl?: string;
  database?: string;
  databaseUrl?: string;
}

export function target(
  engine: Engine,
  root = DEFAULT_ROOT,
  serverUrl = DEFAULT_SERVER,
  database = DEFAULT_DATABASE,
): Target {
  if (engine === 'sqlite') return { engine, dataDir: path.join(root, 'sqlite') };
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return { engine, dataDir: path.join(root, 'postgres'), serverUrl, database, databaseUrl: url.toString() };
}

export interface Manifest {
  engine: Engine;
  scale: number;
  counts: Counts & { phones: number };
  admin: string;
  /** The benchmark users (logins), all with BENCH_PASSWORD. */
  users: string[];
  userIds: number[];
  seededAt: string;
  seconds: number;
}

const manifestFile = (t: Target) => path.join(t.dataDir, 'seed.json');

async function withServer<T>(t: Target, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: t.serverUrl, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function databaseExists(t: Target): Promise<boolean> {
  return withServer(
    t,
    async (c) => (await c.query('select 1 from pg_database where datname = $1', [t.database])).rowCount === 1,
  );
}

/** The manifest of a complete data set at `t`, or null (none, unfinished, or its database is gone). */
export async function readManifest(t: Target): Promise<Manifest | null> {
  if (!existsSync(manifestFile(t))) return null;
  if (t.engine === 'sqlite' && !existsSync(path.join(t.dataDir, 'kartoteka.db'))) return null;
  if (t.engine === 'postgres') {
    try {
      if (!(await databaseExists(t))) return null;
    } catch {
      return null;
    }
  }
  return JSON.parse(readFileSync(manifestFile(t), 'utf8')) as Manifest;
}

/** Removes the data set (its directory and, on PostgreSQL, its database). */
export async function dropTarget(t: Target): Promise<void> {
  if (t.engine === 'postgres') {
    await withServer(t, async (c) => {
      await c.query(`drop database if exists ${t.database} with (force)`);
    });
  }
  rmSync(t.dataDir, { recursive: true, force: true });
}

/** Prints steps with the time each took. */
class Progress {
  private t0 = performance.now();
  private current: { name: string; at: number } | null = null;
  constructor(private readonly print: (line: string) => void) {}
  step(name: string): void {
    this.end();
    this.current = { name, at: performance.now() };
  }
  end(): void {
    if (this.current) this.print(`  ${this.current.name} — ${seconds(performance.now() - this.current.at)}`);
    this.current = null;
  }
  total(): number {
    return (performance.now() - this.t0) / 1000;
  }
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Makes a data set of `scale` × (1M clients, 5M events, 1M tasks) at `t`. An existing one is an
 * error unless `force`, which replaces it.
 */
export async function seed(
  t: Target,
  scale: number,
  opts: { force: boolean; print: (line: string) => void },
): Promise<Manifest> {
  const { print } = opts;
  const progress = new Progress(print);
  const present =
    t.engine === 'sqlite' ? existsSync(path.join(t.dataDir, 'kartoteka.db')) : await databaseExists(t);
  if (present && !opts.force) {
    const what = t.engine === 'sqlite' ? t.dataDir : `database ${t.database}`;
    throw new SeedError(`${what} exists already; use --force to replace it`);
  }
  await dropTarget(t);
  mkdirSync(t.dataDir, { recursive: true });
  if (t.engine === 'postgres') await withServer(t, (c) => c.query(`create database ${t.database}`));

  const counts = countsFor(scale);
  print(
    `Seeding ${t.engine} (${t.engine === 'sqlite' ? t.dataDir : t.database}): ${counts.clients} clients, ` +
      `${counts.events} events, ${counts.tasks} tasks`,
  );
  progress.step('migrations, administrator and benchmark users (through the app)');
  const setup = await setUp(t, counts);
  progress.step('checking the generator against the app (tax ids, phones)');
  await selfCheck(setup.plan, setup.phoneCountry);

  const sink = await openSink(t);
  let phones = 1;
  try {
    progress.step('dropping secondary indexes for the load');
    await sink.prepareLoad(LOADED_TABLES);
    const load = async (
      name: string,
      count: number,
      add: (batch: Batch, from: number, to: number) => void,
    ): Promise<void> => {
      progress.step(`${name}: ${count}`);
      const t0 = performance.now();
      let reported = 0;
      for (let from = 1; from <= count; from += TRANSACTION) {
        const to = Math.min(count, from + TRANSACTION - 1);
        await sink.begin();
        let pending: Promise<void> = Promise.resolve();
        for (let at = from; at <= to; at += CHUNK) {
          const batch = new Batch();
          add(batch, at, Math.min(to, at + CHUNK - 1));
          // PostgreSQL stores the previous chunk while this one is generated.
          await pending;
          pending = sink.write(batch);
        }
        await pending;
        await sink.commit();
        if (to - reported >= count / 10 || to === count) {
          reported = to;
          const rate = to / ((performance.now() - t0) / 1000);
          print(`    ${name} ${to}/${count} (${Math.round(rate)}/s)`);
        }
      }
    };
    await load('clients', counts.clients, (b, from, to) => {
      phones = addClients(setup.plan, b, from, to, phones);
    });
    await load('events', counts.events, (b, from, to) => addEvents(setup.plan, b, from, to, setup.events));
    await load('tasks', counts.tasks, (b, from, to) => addTasks(setup.plan, b, from, to, setup.tasks));
    await sink.finishLoad((step) => progress.step(step));
    progress.step('numbering counters');
    await sink.setCounters([
      ...counterRows('event', setup.events, setup.eventScope),
      ...counterRows('task', setup.tasks, setup.taskScope),
    ]);
  } finally {
    progress.step('closing');
    await sink.close();
  }
  progress.end();
  const manifest: Manifest = {
    engine: t.engine,
    scale,
    counts: { ...counts, phones: phones - 1 },
    admin: 'admin',
    users: setup.logins,
    userIds: setup.plan.userIds,
    seededAt: new Date().toISOString(),
    seconds: progress.total(),
  };
  writeFileSync(manifestFile(t), JSON.stringify(manifest, null, 2) + '\n');
  print(`Seeded ${t.engine} in ${manifest.seconds.toFixed(1)} s`);
  return manifest;
}

export class SeedError extends Error {}

function counterRows(docType: string, numbers: Numberer, scope: string) {
  return [...numbers.counters].map(([period, value]) => ({ docType, scope, period, value }));
}

interface SetUp {
  plan: Plan;
  logins: string[];
  events: Numberer;
  tasks: Numberer;
  eventScope: string;
  taskScope: string;
  /** The country the clients module reads phones without a country code as. */
  phoneCountry: string;
}

/** Migrates the database the app's way and creates the users through UsersService. */
async function setUp(t: Target, counts: Counts): Promise<SetUp> {
  const [{ loadConfig }, { openContext }, { createServices }, { ADMIN_ROLE }, searchText, template] =
    await Promise.all([
      built.config(),
      built.bootstrap(),
      built.services(),
      built.roles(),
      built.searchText(),
      built.template(),
    ]);
  const ctx = await openContext(
    loadConfig({}, { dataDir: t.dataDir, databaseUrl: t.databaseUrl, logLevel: 'warn' }),
  );
  try {
    const services = createServices(ctx);
    const db = ctx.database.db;
    const adminRole = await services.roles.idByCode(ADMIN_ROLE);
    const admin = await services.users.create({
      login: 'admin',
      fullName: 'Администратор',
      password: BENCH_PASSWORD,
      roleIds: [adminRole],
    });
    const logins = Array.from({ length: BENCH_USER_COUNT }, (_, i) => benchLogin(i + 1));
    const userIds: number[] = [];
    // A few at a time: hashing a password is the slow part and runs off the main thread.
    for (let i = 0; i < logins.length; i += 10) {
      const created = await Promise.all(
        logins.slice(i, i + 10).map((login, j) =>
          services.users.create({
            login,
            fullName: personName((k) => rnd(i + j, 9000 + k), rnd(i + j, 9100) < 0.5).full,
            password: BENCH_PASSWORD,
          }),
        ),
      );
      userIds.push(...created.map((u) => u.id));
    }
    const eventTypes = await db
      .selectFrom('event_types')
      .select(['id', 'default_duration_minutes', 'name_ru'])
      .where('is_active', '=', true)
      .orderBy('id')
      .execute();
    const statusRows = await db
      .selectFrom('task_statuses')
      .select(['id', 'code', 'is_final', 'name_ru'])
      .execute();
    const statusId = (code: keyof TaskStatusIds) => {
      const row = statusRows.find((s) => s.code === code);
      if (!row) throw new Error(`task status ${code} is missing`);
      return row.id;
    };
    const statuses: TaskStatusIds = {
      new: statusId('new'),
      in_progress: statusId('in_progress'),
      postponed: statusId('postponed'),
      done: statusId('done'),
      closed: statusId('closed'),
      cancelled: statusId('cancelled'),
    };
    const timeZone = await services.enterprise.timeZone();
    const numbering = async (
      docType: 'event' | 'task',
    ): Promise<{ plan: NumberingPlan; journalId: number }> => {
      const journal = await services.referenceBooks.journals.defaultFor(docType);
      const settings = await services.numbering.get(docType);
      const parsed = template.parseTemplate(settings.template);
      if ('code' in parsed) throw new Error(`the ${docType} numbering template is invalid: ${parsed.code}`);
      return {
        journalId: journal.id,
        plan: {
          format: (value, local) => template.formatNumber(parsed, value, local, journal.code),
          periodOf: (local) => template.periodKey(settings.resetPeriod, local),
          localDate: (date) => template.localDate(date, timeZone),
          startValue: settings.startValue,
          scope: settings.isPerJournal ? String(journal.id) : '',
        },
      };
    };
    const [eventNumbering, taskNumbering] = [await numbering('event'), await numbering('task')];
    const plan: Plan = {
      now: Date.now(),
      counts,
      adminId: admin.id,
      userIds,
      eventTypes: eventTypes.map((e) => ({
        id: e.id,
        durationMinutes: e.default_duration_minutes,
        nameRu: e.name_ru,
      })),
      statuses,
      statusNames: new Map(statusRows.map((s) => [s.id, s.name_ru])),
      finalStatusIds: new Set(statusRows.filter((s) => s.is_final).map((s) => s.id)),
      eventJournalId: eventNumbering.journalId,
      taskJournalId: taskNumbering.journalId,
      normalizeSearchText: searchText.normalizeSearchText,
    };
    return {
      plan,
      logins,
      events: new Numberer(eventNumbering.plan),
      tasks: new Numberer(taskNumbering.plan),
      eventScope: eventNumbering.plan.scope,
      taskScope: taskNumbering.plan.scope,
      phoneCountry: await services.clients.settings.phoneCountry(),
    };
  } finally {
    await ctx.database.close();
  }
}

/**
 * The generator computes tax ids and phone search terms itself (the app's parser is too slow for
 * millions of phones); here it is checked against the app's own functions on a sample.
 */
async function selfCheck(plan: Plan, phoneCountry: string): Promise<void> {
  const [{ checkTaxId }, { normalizePhone, phoneSearchTerms }] = await Promise.all([
    built.taxId(),
    built.phones(),
  ]);
  const ids = [
    ...Array.from({ length: 2000 }, (_, i) => i + 1),
    ...Array.from({ length: 2000 }, (_, i) => 1 + i * 997),
  ];
  for (const id of ids) {
    const c = client(plan, id, id * 2);
    if (c.taxId !== null) {
      const check = checkTaxId(c.taxId);
      const kind = c.kind === 'person' ? 'rnokpp' : 'edrpou';
      if (check.kind !== kind || !check.checksumOk)
        throw new Error(`generated tax id ${c.taxId} is not a valid ${kind}`);
    }
    for (const p of [...c.phones, ...(id <= 200 ? phoneSamples(id * 7) : [])]) {
      const n = normalizePhone(p.original, phoneCountry as Parameters<typeof normalizePhone>[1]);
      const terms = phoneSearchTerms(n);
      if (n.e164 !== p.e164 || JSON.stringify(terms) !== JSON.stringify(p.terms)) {
        throw new Error(
          `generated phone ${p.original} (Ukrainian numbers; default phone country ${phoneCountry}): ` +
            `app reads ${n.e164} ${JSON.stringify(terms)}, generator ${p.e164} ${JSON.stringify(p.terms)}`,
        );
      }
    }
  }
}

async function openSink(t: Target): Promise<Sink> {
  if (t.engine === 'sqlite') return new SqliteSink(new BetterSqlite3(path.join(t.dataDir, 'kartoteka.db')));
  const connect = async () => {
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    return c;
  };
  const sink = new PostgresSink(await connect(), connect);
  await sink.open();
  return sink;
}
