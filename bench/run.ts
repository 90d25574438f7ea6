/**
 * `npm run bench`: the foundation's speed and memory targets, measured against the built server.
 * Prints a table and writes bench/results/<date>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import {
  NUMBERING_WRITERS,
  benchNumberingPostgres,
  benchNumberingSqlite,
  type NumberingResult,
} from './numbering.js';
import { benchCardFiles, cardFileRows } from './card-files.js';
import { benchMail, mailRows } from './mail.js';
import { benchTelephony, telephonyRows } from './telephony.js';
import { benchNotifications, notificationRows } from './notifications.js';
import { benchCalculations, calculationRows } from './calculations.js';
import { benchQueue, queueRows } from './queue.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/kartoteka.js');
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;

interface Proc {
  child: ChildProcess;
  url: string;
  output: string;
}

function start(args: string[], env: NodeJS.ProcessEnv): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env } });
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!m) return;
      // From here on the server's log lines are drained unread: parsing them would load the
      // machine the load generator shares with the server.
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({ child, url: m[1]!, output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('close', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

function stop(p: Proc): Promise<void> {
  return new Promise((resolve) => {
    p.child.removeAllListeners('close');
    p.child.on('close', () => resolve());
    p.child.kill('SIGTERM');
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Spawn → first 200 from /api/v1/health, polling every 5 ms on a fixed port. */
async function timeToHealthy(dataDir: string, port: number): Promise<{ ms: number; proc: ChildProcess }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    env: { PATH: process.env.PATH, KARTOTEKA_DATA: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.status === 200) return { ms: performance.now() - t0, proc: child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function startupTimes(): Promise<{ empty: number; existing: number }> {
  const empty: number[] = [];
  const existing: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'kt-bench-'));
    for (const list of [empty, existing]) {
      const { ms, proc } = await timeToHealthy(dir, 3900 + i);
      list.push(ms);
      await new Promise<void>((r) => {
        proc.on('close', () => r());
        proc.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { empty: median(empty), existing: median(existing) };
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function load(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** BENCH_ONLY=server,numbering,cards,mail,telephony,notifications,calculations,queue runs only those parts (all by default). */
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean) ?? null;
const wanted = (part: string) => !ONLY || ONLY.includes(part);

async function serverPart() {
  const startup = await startupTimes();

  const dir = mkdtempSync(path.join(tmpdir(), 'kt-bench-'));
  const server = await start([bin, 'serve', '--host', '127.0.0.1', '--port', '0'], { KARTOTEKA_DATA: dir });
  const password = /password: (\S+)/.exec(server.output)![1]!;
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  await fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
  await new Promise((r) => setTimeout(r, 2000));
  const idleRss = rssMiB(server.child.pid!);

  const bare = await start(['--import', 'tsx', path.join(root, 'bench/bare-server.ts')], {});
  await load(`${bare.url}/bare`); // warm-up of the load generator itself
  const bareLoad = await load(`${bare.url}/bare`);
  await stop(bare);
  const meLoad = await load(`${server.url}/api/v1/me`, { cookie });
  const loadedRss = rssMiB(server.child.pid!);
  await stop(server);
  rmSync(dir, { recursive: true, force: true });
  return { startup, meLoad, bareLoad, idleRss, loadedRss };
}

function serverRows(r: Awaited<ReturnType<typeof serverPart>>): [string, string, string][] {
  const { startup, meLoad, bareLoad, idleRss, loadedRss } = r;
  return [
    ['cold start to healthy, new database (median of 5)', `${startup.empty.toFixed(0)} ms`, '< 1000 ms'],
    ['start to healthy, existing database (median of 5)', `${startup.existing.toFixed(0)} ms`, '< 1000 ms'],
    [
      `GET /api/v1/me with a session, c=${CONNECTIONS}`,
      `${meLoad.rps.toFixed(0)} req/s (p50 ${meLoad.p50} ms, p99 ${meLoad.p99} ms, errors ${meLoad.errors})`,
      '≥ 10000 req/s',
    ],
    [
      `bare Fastify route, c=${CONNECTIONS}`,
      `${bareLoad.rps.toFixed(0)} req/s (p50 ${bareLoad.p50} ms, p99 ${bareLoad.p99} ms)`,
      'baseline',
    ],
    ['/me ÷ bare', `${((meLoad.rps / bareLoad.rps) * 100).toFixed(0)} %`, ''],
    ['idle RSS after start', `${idleRss.toFixed(0)} MiB`, '< 150 MiB'],
    ['RSS after the /me load', `${loadedRss.toFixed(0)} MiB`, ''],
  ];
}

async function main(): Promise<void> {
  const server = wanted('server') ? await serverPart() : null;
  const cardFiles = wanted('cards') ? await benchCardFiles() : null;
  const numberingSqlite = wanted('numbering') ? await benchNumberingSqlite() : null;
  const numberingPostgres = wanted('numbering') ? await benchNumberingPostgres() : null;
  const mail = wanted('mail') ? await benchMail() : null;
  const telephony = wanted('telephony') ? await benchTelephony() : null;
  const notifications = wanted('notifications') ? await benchNotifications() : null;
  const calculations = wanted('calculations') ? await benchCalculations() : null;
  const queue = wanted('queue') ? await benchQueue() : null;
  const numberingRow = (r: NumberingResult | null) =>
    r
      ? `${r.numbersPerSecond.toFixed(0)} numbers/s (${r.numbers} numbers, ${r.consecutive ? 'unique and consecutive' : 'GAPS OR DUPLICATES'})`
      : 'skipped (no PostgreSQL)';

  const rows: [string, string, string][] = [
    ...(server ? serverRows(server) : []),
    ...(wanted('numbering')
      ? ([
          [`nextNumber, ${NUMBERING_WRITERS} concurrent writers, SQLite`, numberingRow(numberingSqlite), ''],
          [
            `nextNumber, ${NUMBERING_WRITERS} concurrent writers, PostgreSQL`,
            numberingRow(numberingPostgres),
            '',
          ],
        ] as [string, string, string][])
      : []),
    ...(cardFiles ? cardFileRows(cardFiles) : []),
    ...(mail ? mailRows(mail) : []),
    ...(telephony ? telephonyRows(telephony) : []),
    ...(notifications ? notificationRows(notifications) : []),
    ...(calculations ? calculationRows(calculations) : []),
    ...(queue ? queueRows(queue) : []),
  ];
  const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
  console.log(
    `\nKartoteka bench — node ${process.version}, ${cpus().length} cores, ${DURATION_S} s per load\n`,
  );
  console.log(`${'measure'.padEnd(w[0]!)}  ${'result'.padEnd(w[1]!)}  target`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c}`);

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    durationSeconds: DURATION_S,
    parts: ONLY ?? [
      'server',
      'numbering',
      'cards',
      'mail',
      'telephony',
      'notifications',
      'calculations',
      'queue',
    ],
    ...(server && {
      startupMs: server.startup,
      me: server.meLoad,
      bare: server.bareLoad,
      meToBareRatio: server.meLoad.rps / server.bareLoad.rps,
      idleRssMiB: server.idleRss,
      loadedRssMiB: server.loadedRss,
    }),
    nextNumber: { writers: NUMBERING_WRITERS, sqlite: numberingSqlite, postgres: numberingPostgres },
    cardFiles,
    mail,
    telephony,
    notifications,
    calculations,
    queue,
  };
  const outDir = path.join(root, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${results.date.slice(0, 19).replace(/:/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwritten ${path.relative(root, file)}`);
}

await main();
