/**
 * The call-record import of `npm run bench` (BENCH_ONLY=telephony), on each engine: BENCH_CDR_ROWS
 * (default 1M) Asterisk Master.csv rows are written to a file and loaded by the built app's
 * import (the same code as the job and `kartoteka calls import`) in this process, against the
 * seeded data set (npm run bench:seed, 1M clients) or, without one, a small generated one
 * (BENCH_SCALE, default 0.01). Target ≥ 20 000 rows/s on SQLite; peak RSS shows that the file is
 * streamed, not loaded.
 *
 * Rows: ~80% calls of seeded clients' phones, ~8% unknown external numbers, ~8% internal calls
 * (both sides extensions), ~4% without uniqueid (deduplicated by the line's hash); incoming and
 * outgoing, answered and not. What the run adds (calls, their events) is deleted before and after.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { built } from './built.js';
import { deleteUnchecked, postgresReachable } from './card-files.js';
import {
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

const ROWS = Number(process.env.BENCH_CDR_ROWS ?? 1_000_000);
const AUTO_SCALE = Number(process.env.BENCH_SCALE ?? 0.01);
const TARGET_ROWS_PER_SECOND = 20_000;
/** Extensions 201… given to the benchmark users as SIP numbers. */
const SIP_USERS = 20;
const MIN_NUMBER_LENGTH = 5;
const PHONE_SAMPLE = 200_000;

export interface TelephonyEngineResult {
  engine: Engine;
  skipped: string | null;
  failure: string | null;
  dataset: { clients: number; auto: boolean } | null;
  import: {
    rows: number;
    fileMiB: number;
    stored: number;
    duplicates: number;
    internal: number;
    rejected: number;
    seconds: number;
    rowsPerSecond: number;
    rssBeforeMiB: number;
    peakRssMiB: number;
  } | null;
}

const mib = (bytes: number) => bytes / 1024 / 1024;

/** Writes the call-record file a chunk at a time (it is as big as a busy PBX's month). */
async function writeCdr(file: string, phones: string[], rows: number): Promise<number> {
  const out = createWriteStream(file);
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const t0 = Date.UTC(2025, 0, 1);
  let chunk: string[] = [];
  let bytes = 0;
  for (let i = 0; i < rows; i++) {
    const kind = i % 25;
    const ext = String(201 + (i % SIP_USERS));
    const external =
      kind < 2
        ? `093${String(1_000_000 + ((i * 7919) % 8_999_999))}`
        : kind < 4
          ? String(301 + (i % 50))
          : phones[(i * 104_729) % phones.length]!;
    const incoming = i % 2 === 0;
    const [src, dst] = incoming ? [external, ext] : [ext, external];
    const answered = i % 3 !== 0;
    const start = new Date(t0 + i * 2_000).toISOString().slice(0, 19).replace('T', ' ');
    const answer = new Date(t0 + i * 2_000 + 7_000).toISOString().slice(0, 19).replace('T', ' ');
    const fields = [
      q(''),
      q(src),
      q(dst),
      q(incoming ? 'from-trunk' : 'from-internal'),
      q(`"Абонент, ${i % 1000}" <${src}>`),
      q(`SIP/${src}-${i.toString(16).padStart(8, '0')}`),
      q(`SIP/${dst}-${(i + 1).toString(16).padStart(8, '0')}`),
      q('Dial'),
      q(`SIP/${dst},30,tT`),
      q(start),
      answered ? q(answer) : '',
      q(start),
      String(answered ? 127 : 20),
      String(answered ? 120 : 0),
      q(answered ? 'ANSWERED' : i % 2 ? 'BUSY' : 'NO ANSWER'),
      q('DOCUMENTATION'),
    ];
    // Every 25th row without uniqueid: the import keys it by the line's hash.
    if (kind !== 24) fields.push(q(`${1735689600 + i}.${i}`), q(''));
    if (kind % 2 === 1 && kind !== 24) fields.push(q(''), q(`${1735689600 + i}.${i}`), '1');
    const line = fields.join(',') + '\n';
    bytes += Buffer.byteLength(line);
    chunk.push(line);
    if (chunk.length === 10_000 || i === rows - 1) {
      if (!out.write(chunk.join(''))) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** Removes what earlier runs added: every call, file position and event past the seeded ones. */
async function restore(t: Target, db: Kysely<DB>, seededEvents: number): Promise<void> {
  const statements = [
    'delete from telephony_calls',
    'delete from telephony_import_files',
    `delete from search_entries where doc_type = 'event' and doc_id > ${seededEvents}`,
    `delete from document_history where doc_type = 'event' and doc_id > ${seededEvents}`,
    `delete from event_participants where event_id > ${seededEvents}`,
    `delete from events where id > ${seededEvents}`,
  ];
  await deleteUnchecked(t, db, statements);
}

async function runImport(
  t: Target,
  m: Manifest,
  print: (line: string) => void,
): Promise<NonNullable<TelephonyEngineResult['import']>> {
  const [{ loadConfig }, { openContext }, { createServices }] = await Promise.all([
    built.config(),
    built.bootstrap(),
    built.services(),
  ]);
  const ctx = await openContext(
    loadConfig({}, { dataDir: t.dataDir, databaseUrl: t.databaseUrl, logLevel: 'warn' }),
  );
  const db = ctx.database.db;
  const dir = mkdtempSync(path.join(tmpdir(), 'kt-bench-cdr-'));
  try {
    await restore(t, db, m.counts.events);
    const services = createServices(ctx);
    const adminId = (await services.users.findIdByLogin(m.admin))!;
    for (const [i, userId] of m.userIds.slice(0, SIP_USERS).entries())
      await services.userParameters.update(userId, { sipNumber: String(201 + i) }, adminId);
    await services.telephonySettings.update(
      { minNumberLength: MIN_NUMBER_LENGTH, timeZone: 'Europe/Kyiv', cdrColumns: '' },
      adminId,
    );
    const { rows: phoneRows } = await sql<{ e164: string }>`select e164 from client_phones
      where e164 like '+380%' and client_id % 5 = 0 limit ${PHONE_SAMPLE}`.execute(db);
    // As an Asterisk trunk gives them: the national form.
    const phones = phoneRows.map((r) => `0${r.e164.slice(4)}`);
    if (!phones.length) throw new Error('the data set has no +380 phones');

    const file = path.join(dir, 'Master.csv');
    print(`  telephony ${t.engine}: writing ${ROWS} call records`);
    const bytes = await writeCdr(file, phones, ROWS);
    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
    const t0 = performance.now();
    let report;
    try {
      report = await services.callImport.importPaths([file]);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, process.memoryUsage.rss());
    const result = {
      rows: report.lines,
      fileMiB: mib(bytes),
      stored: report.stored,
      duplicates: report.duplicates,
      internal: report.internal,
      rejected: report.rejected,
      seconds,
      rowsPerSecond: report.lines / seconds,
      rssBeforeMiB: mib(rssBefore),
      peakRssMiB: mib(peak),
    };
    print(
      `  telephony ${t.engine}: ${result.rows} rows in ${seconds.toFixed(1)} s = ${result.rowsPerSecond.toFixed(0)} rows/s ` +
        `(stored ${result.stored}, internal ${result.internal}, duplicates ${result.duplicates}, rejected ${result.rejected}); ` +
        `RSS ${result.rssBeforeMiB.toFixed(0)} → peak ${result.peakRssMiB.toFixed(0)} MiB`,
    );
    await restore(t, db, m.counts.events);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ctx.database.close();
  }
}

/** The call-record import on both engines (BENCH_ENGINES). */
export async function benchTelephony(
  print: (line: string) => void = (l) => console.log(l),
): Promise<TelephonyEngineResult[]> {
  const results: TelephonyEngineResult[] = [];
  const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
  for (const engine of (['sqlite', 'postgres'] as const).filter((e) => engines.includes(e))) {
    const empty = { engine, skipped: null, failure: null, dataset: null, import: null };
    if (engine === 'postgres' && !(await postgresReachable())) {
      results.push({ ...empty, skipped: 'no PostgreSQL' });
      continue;
    }
    let t = target(engine);
    let manifest = await readManifest(t);
    const auto = manifest === null;
    let autoRoot: string | null = null;
    try {
      if (auto) {
        print(
          `  telephony ${engine}: no seeded data set (npm run bench:seed); generating one at scale ${AUTO_SCALE}`,
        );
        autoRoot = mkdtempSync(path.join(tmpdir(), 'kt-bench-telephony-'));
        t = target(
          engine,
          autoRoot,
          DEFAULT_SERVER,
          `kartoteka_bench_auto_${randomBytes(4).toString('hex')}`,
        );
        manifest = await seed(t, AUTO_SCALE, { force: true, print: () => undefined });
      }
      const dataset = { clients: manifest!.counts.clients, auto };
      try {
        results.push({ ...empty, dataset, import: await runImport(t, manifest!, print) });
      } catch (e) {
        const failure = (e as Error).message.slice(0, 300);
        print(`  telephony ${engine}: failed — ${failure}`);
        results.push({ ...empty, dataset, failure });
      }
    } finally {
      if (autoRoot) {
        await dropTarget(t);
        rmSync(autoRoot, { recursive: true, force: true });
      }
    }
  }
  return results;
}

const count = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/** Table rows [measure, result, target] for bench/run.ts. */
export function telephonyRows(results: TelephonyEngineResult[]): [string, string, string][] {
  const rows: [string, string, string][] = [];
  for (const r of results) {
    const name = r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    if (r.skipped || r.failure || !r.import) {
      rows.push([
        `call-record import, ${name}`,
        r.skipped ? `skipped (${r.skipped})` : `FAILED: ${r.failure}`,
        '',
      ]);
      continue;
    }
    const i = r.import;
    const against = `${count(r.dataset!.clients)} clients${r.dataset!.auto ? ', generated for the run' : ''}`;
    rows.push([
      `call-record import, ${count(i.rows)} rows (${i.fileMiB.toFixed(0)} MiB) against ${against}, ${name}`,
      `${i.rowsPerSecond.toFixed(0)} rows/s (${i.seconds.toFixed(1)} s; stored ${i.stored}, internal ${i.internal})`,
      r.engine === 'sqlite' ? `≥ ${TARGET_ROWS_PER_SECOND} rows/s` : '',
    ]);
    rows.push([
      `call-record import peak RSS, ${name}`,
      `${i.peakRssMiB.toFixed(0)} MiB (${i.rssBeforeMiB.toFixed(0)} MiB before)`,
      'streamed: far below the file',
    ]);
  }
  return rows;
}
