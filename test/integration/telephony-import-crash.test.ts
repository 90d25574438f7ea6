import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { BIN, cliEnv, runCli } from '../support/cli.js';
import { loadConfig } from '../../src/server/config.js';
import { openContext } from '../../src/server/bootstrap.js';

/**
 * `kartoteka calls import` killed with SIGKILL in the middle of a big file, then run again:
 * every call is logged exactly once (the file's position is saved after each stored batch; a
 * batch stored but not yet marked read is read again and recognised as duplicates).
 */

const LINES = 50_000;

function bigFile(file: string): void {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const external = `050${String(1_000_000 + (i % 5000))}`;
    const start = new Date(Date.UTC(2025, 2, 1) + i * 30_000).toISOString().slice(0, 19).replace('T', ' ');
    const [src, dst] = i % 2 ? ['202', external] : [external, '201'];
    const answered = i % 3 !== 0;
    lines.push(
      [
        q(''),
        q(src),
        q(dst),
        q('from-internal'),
        q(`"Абонент ${i}" <${src}>`),
        q(`SIP/${src}-00000001`),
        q(`SIP/${dst}-00000002`),
        q('Dial'),
        q(`SIP/${dst},30`),
        q(start),
        answered ? q(start) : '',
        q(start),
        '40',
        answered ? '30' : '0',
        q(answered ? 'ANSWERED' : 'NO ANSWER'),
        q('DOCUMENTATION'),
        q(`1741000000.${i}`),
        q(''),
      ].join(','),
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

/** Whether the import has stored a few batches: the SQLite WAL grew, or PostgreSQL shows a position. */
async function progressed(db: TestDatabase): Promise<boolean> {
  if (db.engine === 'sqlite') {
    try {
      return statSync(path.join(db.dataDir, 'kartoteka.db-wal')).size > 1_000_000;
    } catch {
      return false;
    }
  }
  const c = new pg.Client({ connectionString: db.databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ at: string | null }>(
      'select max(byte_offset) as at from telephony_import_files',
    );
    return Number(rows[0]?.at ?? 0) > 0;
  } finally {
    await c.end();
  }
}

describe('kill -9 during a call-record import', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-cdr-crash-'));
    bigFile(path.join(dir, 'Master.csv'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs every call exactly once', async () => {
    const env = cliEnv(db);
    const file = path.join(dir, 'Master.csv');
    // Migrated first, so that the database only grows once the import stores calls.
    expect((await runCli(['migrate'], env)).code).toBe(0);

    const child = spawn(process.execPath, [BIN, 'calls', 'import', file], { env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_code, signal) => r(signal)));
    let running = true;
    void exited.then(() => (running = false));
    while (running && !(await progressed(db))) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const again = await runCli(['calls', 'import', file], env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const m = /^Files: 1, lines: (\d+); stored: (\d+), duplicates: (\d+), internal: 0, rejected: 0\n$/.exec(
      again.stdout,
    );
    expect(m, again.stdout).not.toBeNull();
    const [lines, stored, duplicates] = m!.slice(1).map(Number) as [number, number, number];
    // Killed mid-file: the second run resumed after the batches the first one marked read.
    expect(lines).toBeGreaterThan(0);
    expect(lines).toBeLessThan(LINES);
    expect(stored + duplicates).toBe(lines);

    const done = await runCli(['calls', 'import', file], env);
    expect(done.stdout).toBe('Files: 1, lines: 0; stored: 0, duplicates: 0, internal: 0, rejected: 0\n');

    const ctx = await openContext(loadConfig({}, { dataDir: db.dataDir, databaseUrl: db.databaseUrl }));
    try {
      const { rows } = await sql<{ calls: number; keys: number; withEvent: number; events: number }>`
        select (select count(*) from telephony_calls) as calls,
               (select count(distinct dedupe_key) from telephony_calls) as keys,
               (select count(distinct event_id) from telephony_calls) as "withEvent",
               (select count(*) from events) as events`.execute(ctx.database.db);
      expect(rows[0]!).toEqual({ calls: LINES, keys: LINES, withEvent: LINES, events: LINES });
    } finally {
      await ctx.database.close();
    }
  }, 180_000);
});
