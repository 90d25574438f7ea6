/**
 * `nextNumber` throughput: 8 concurrent writers, each taking numbers in transactions of their
 * own, on SQLite and (when reachable) PostgreSQL. Every run also checks the numbers came out
 * unique and consecutive.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/server/config.js';
import { openContext } from '../src/server/bootstrap.js';
import { createServices } from '../src/server/services.js';

export const NUMBERING_WRITERS = 8;
const PER_WRITER = Number(process.env.BENCH_NUMBERING_PER_WRITER ?? 500);
const POSTGRES_SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface NumberingResult {
  numbersPerSecond: number;
  numbers: number;
  /** All numbers unique and 1…n with no gap. */
  consecutive: boolean;
}

async function measure(databaseUrl: string | undefined, dataDir: string): Promise<NumberingResult> {
  const ctx = await openContext(loadConfig({}, { dataDir, databaseUrl, logLevel: 'warn' }));
  try {
    const services = createServices(ctx);
    const prepared = await services.numbering.prepare('task');
    const db = ctx.database.db;
    const writer = async () => {
      const got: string[] = [];
      for (let i = 0; i < PER_WRITER; i++) {
        got.push(await db.transaction().execute((trx) => services.numbering.nextNumber(trx, prepared)));
      }
      return got;
    };
    const t0 = performance.now();
    const numbers = (await Promise.all(Array.from({ length: NUMBERING_WRITERS }, writer))).flat();
    const seconds = (performance.now() - t0) / 1000;
    // The seeded task template ends with the counter: З-2026-000123.
    const values = numbers.map((n) => Number(/(\d+)$/.exec(n)![1])).sort((a, b) => a - b);
    return {
      numbersPerSecond: numbers.length / seconds,
      numbers: numbers.length,
      consecutive: values.every((v, i) => v === i + 1),
    };
  } finally {
    await ctx.database.close();
  }
}

export async function benchNumberingSqlite(): Promise<NumberingResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kt-bench-numbering-'));
  try {
    return await measure(undefined, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** On a fresh database of the server in BENCH_DATABASE_URL, dropped afterwards; null when unreachable. */
export async function benchNumberingPostgres(): Promise<NumberingResult | null> {
  const admin = new pg.Client({ connectionString: POSTGRES_SERVER, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `kartoteka_bench_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'kt-bench-numbering-'));
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(POSTGRES_SERVER);
    url.pathname = `/${name}`;
    return await measure(url.toString(), dir);
  } finally {
    // pg's pool.end() resolves before its sockets close; a forced drop meanwhile would kill them
    // and crash the process with an unhandled pool error.
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [name],
      );
      if (rows[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
