/**
 * What the benches that run the built app in their own process share: the app on a fresh
 * database with a signed-in session that talks to it through Fastify's inject, and statements on
 * the benchmark's PostgreSQL server (creating and dropping their databases).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { built } from './built.js';
import { DEFAULT_SERVER } from './seed/dataset.js';
import { postgresReachable } from './card-files.js';

export interface Injected {
  statusCode: number;
  body: string;
  json<T>(): T;
  cookies: { name: string; value: string }[];
}
export type Inject = (o: object) => Promise<unknown>;

export interface InjectSession {
  send(method: string, url: string, body?: unknown): Promise<Injected>;
}

/** Signs a user in; every request sends the session cookie and the CSRF header. */
export async function injectLogin(inject: Inject, login: string, password: string): Promise<InjectSession> {
  const res = (await inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password },
  })) as Injected;
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'kartoteka_session')!;
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return {
    send: async (method, url, body) =>
      (await inject({
        method,
        url,
        ...(body !== undefined && { payload: body }),
        headers: { cookie: `kartoteka_session=${cookie.value}`, 'x-csrf-token': csrf },
      })) as Injected,
  };
}

/** Runs one statement on the benchmark's PostgreSQL server (its default database). */
export async function adminQuery(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: DEFAULT_SERVER });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

export type BenchEngine = 'sqlite' | 'postgres';

/** What every per-engine result carries: skipped (no PostgreSQL) or failed, with why. */
export interface EngineOutcome {
  engine: BenchEngine;
  skipped: string | null;
  failure: string | null;
}

/**
 * Runs a bench part on each engine of BENCH_ENGINES (both by default): PostgreSQL is skipped when
 * unreachable, and a failure is reported in the result instead of ending the whole bench.
 */
export async function eachEngine<R extends EngineOutcome>(
  part: string,
  print: (line: string) => void,
  empty: (engine: BenchEngine) => R,
  run: (engine: BenchEngine) => Promise<Partial<R>>,
): Promise<R[]> {
  const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
  const results: R[] = [];
  for (const engine of (['sqlite', 'postgres'] as const).filter((e) => engines.includes(e))) {
    const base = empty(engine);
    if (engine === 'postgres' && !(await postgresReachable())) {
      results.push({ ...base, skipped: 'no PostgreSQL' });
      continue;
    }
    try {
      results.push({ ...base, ...(await run(engine)) });
    } catch (e) {
      const failure = (e as Error).message.slice(0, 300);
      print(`  ${part} on ${engine}: failed — ${failure}`);
      results.push({ ...base, failure });
    }
  }
  return results;
}

/** A fresh database for one engine: a temporary data folder, and on PostgreSQL a new database. */
export async function freshDatabase(
  engine: BenchEngine,
  label: string,
): Promise<{ dataDir: string; databaseUrl: string | undefined; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `kt-bench-${label}-`));
  const dbName = `kartoteka_bench_${label}_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    await adminQuery(`create database ${dbName}`);
    const url = new URL(DEFAULT_SERVER);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  return {
    dataDir,
    databaseUrl,
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (engine === 'postgres') await adminQuery(`drop database if exists ${dbName} with (force)`);
    },
  };
}

/** The built app in this process on a fresh database, with an administrator signed in. */
export interface InProcessApp {
  ctx: Awaited<ReturnType<Awaited<ReturnType<typeof built.bootstrap>>['openContext']>>;
  services: Awaited<ReturnType<Awaited<ReturnType<typeof built.app>>['buildApp']>>['services'];
  inject: Inject;
  /** The administrator `admin` (password `password`). */
  admin: InjectSession;
}

/**
 * Runs `run` against the built app on a fresh database of `engine` (quiet logs, no background
 * jobs unless `run` starts them), then closes the app and drops the database whatever happened.
 */
export async function withInProcessApp<T>(
  engine: BenchEngine,
  label: string,
  password: string,
  run: (env: InProcessApp) => Promise<T>,
): Promise<T> {
  const { dataDir, databaseUrl, drop } = await freshDatabase(engine, label);
  const [{ loadConfig }, { openContext }, { buildApp }, { ADMIN_ROLE }] = await Promise.all([
    built.config(),
    built.bootstrap(),
    built.app(),
    built.roles(),
  ]);
  const ctx = await openContext(loadConfig({}, { dataDir, databaseUrl, logLevel: 'warn' }));
  const quiet = new Writable({ write: (_c, _e, cb) => cb() });
  const { app, services } = await buildApp(ctx, { logStream: quiet });
  try {
    await app.ready();
    await services.users.create({
      login: 'admin',
      fullName: 'Bench Admin',
      password,
      roleIds: [await services.roles.idByCode(ADMIN_ROLE)],
    });
    const inject = app.inject.bind(app) as Inject;
    return await run({ ctx, services, inject, admin: await injectLogin(inject, 'admin', password) });
  } finally {
    await app.close();
    await ctx.database.close();
    await drop();
  }
}
