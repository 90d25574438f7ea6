/**
 * The notification cases of `npm run bench` (BENCH_ONLY=notifications):
 *
 * - Bulk status change, on each engine (BENCH_ENGINES): BENCH_BULK_TASKS tasks (default 10 000),
 *   each with a different author, performer and controller than the administrator who moves them
 *   all to another status with one `POST /api/v1/tasks/bulk-status`. Every task gives three
 *   «status changed» notifications; the rate is notifications stored per second of the request.
 * - Live delivery: one `kartoteka serve` process (SQLite) with BENCH_SSE_CLIENTS open event streams
 *   (default 1 000: five browsers of each of 200 users). The administrator assigns a task to each
 *   user in turn; the delivery latency is from sending the request to the «notification.new»
 *   message arriving in each of the user's five streams. The server's RSS is read before and with
 *   the streams open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../src/server/db/schema.js';
import { eachEngine, withInProcessApp, type BenchEngine, type EngineOutcome } from './in-process.js';

const BULK_TASKS = Number(process.env.BENCH_BULK_TASKS ?? 10_000);
const SSE_CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1_000);
const STREAMS_PER_USER = 5;
const PASSWORD = 'bench-password-1';
const root = fileURLToPath(new URL('..', import.meta.url));

export interface BulkResult extends EngineOutcome {
  tasks: number;
  updated: number;
  notifications: number;
  seconds: number;
  notificationsPerSecond: number;
}

export interface LiveResult {
  failure: string | null;
  streams: number;
  users: number;
  delivered: number;
  expected: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  rssIdleMiB: number;
  rssStreamsMiB: number;
}

export interface NotificationsResult {
  bulk: BulkResult[];
  live: LiveResult | null;
}

export async function benchNotifications(
  print: (line: string) => void = (l) => console.log(l),
): Promise<NotificationsResult> {
  const bulk = await eachEngine(
    'notifications',
    print,
    (engine): BulkResult => ({
      engine,
      skipped: null,
      failure: null,
      tasks: BULK_TASKS,
      updated: 0,
      notifications: 0,
      seconds: 0,
      notificationsPerSecond: 0,
    }),
    (engine) => bulkStatus(engine, print),
  );
  let live: LiveResult | null = null;
  try {
    live = await liveDelivery(print);
  } catch (e) {
    const failure = (e as Error).message.slice(0, 300);
    print(`  live delivery: failed — ${failure}`);
    live = {
      failure,
      streams: 0,
      users: 0,
      delivered: 0,
      expected: 0,
      p50Ms: 0,
      p95Ms: 0,
      maxMs: 0,
      rssIdleMiB: 0,
      rssStreamsMiB: 0,
    };
  }
  return { bulk, live };
}

export function notificationRows(r: NotificationsResult): [string, string, string][] {
  const rows: [string, string, string][] = [];
  for (const b of r.bulk) {
    const name = b.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const what = `bulk status change of ${b.tasks / 1000}k tasks, ${name}`;
    if (b.skipped || b.failure) {
      rows.push([what, b.skipped ? `skipped (${b.skipped})` : `FAILED: ${b.failure}`, '']);
      continue;
    }
    rows.push([
      what,
      `${b.notificationsPerSecond.toFixed(0)} notifications/s (${b.notifications} for ${b.updated} tasks in ${b.seconds.toFixed(1)} s)`,
      '',
    ]);
  }
  const l = r.live;
  if (l) {
    const what = `${SSE_CLIENTS} open event streams, one process (SQLite)`;
    if (l.failure) rows.push([what, `FAILED: ${l.failure}`, '']);
    else {
      rows.push([
        `${what}: delivery latency`,
        `p50 ${l.p50Ms.toFixed(1)} ms, p95 ${l.p95Ms.toFixed(1)} ms, max ${l.maxMs.toFixed(0)} ms (${l.delivered}/${l.expected} delivered)`,
        'p95 < 2000 ms',
      ]);
      rows.push([
        `${what}: server RSS`,
        `${l.rssIdleMiB.toFixed(0)} MiB idle → ${l.rssStreamsMiB.toFixed(0)} MiB with the streams`,
        '',
      ]);
    }
  }
  return rows;
}

// ---- bulk status change ------------------------------------------------------------------

async function bulkStatus(
  engine: BenchEngine,
  print: (line: string) => void,
): Promise<Pick<BulkResult, 'updated' | 'notifications' | 'seconds' | 'notificationsPerSecond'>> {
  return withInProcessApp(engine, 'notify', PASSWORD, async ({ ctx, services, admin: session }) => {
    const people = [];
    for (const name of ['Автор', 'Исполнитель', 'Контролёр']) {
      people.push(
        await services.users.create({
          login: `bench-${people.length}`,
          fullName: `${name} бенчмарка`,
          password: PASSWORD,
        }),
      );
    }
    const [author, performer, controller] = people.map((u) => u.id) as [number, number, number];

    print(`  notifications on ${engine}: creating ${BULK_TASKS} tasks…`);
    const ids: number[] = [];
    for (let i = 0; i < BULK_TASKS; i++) {
      const res = await session.send('POST', '/api/v1/tasks', {
        title: `Задача бенчмарка ${i}`,
        authorId: author,
        performerId: performer,
        controllerId: controller,
      });
      if (res.statusCode !== 201) throw new Error(`task: ${res.statusCode} ${res.body}`);
      ids.push(res.json<{ id: number }>().id);
    }
    const statuses = await session.send('GET', '/api/v1/settings/task-statuses');
    const target = statuses.json<{ id: number; code: string }[]>().find((s) => s.code === 'in_progress');
    if (!target) throw new Error(`no in_progress status: ${statuses.body.slice(0, 200)}`);
    const before = await countNotifications(ctx.database.db);

    print(`  notifications on ${engine}: moving ${ids.length} tasks to «${target.code}» at once…`);
    const t0 = performance.now();
    const res = await session.send('POST', '/api/v1/tasks/bulk-status', { ids, statusId: target.id });
    const seconds = (performance.now() - t0) / 1000;
    if (res.statusCode !== 200) throw new Error(`bulk-status: ${res.statusCode} ${res.body.slice(0, 300)}`);
    const { updated } = res.json<{ updated: number }>();
    const notifications = (await countNotifications(ctx.database.db)) - before;
    return { updated, notifications, seconds, notificationsPerSecond: notifications / seconds };
  });
}

// The bench counts rows itself: it must not trust the code it measures to report them.
async function countNotifications(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => [eb.fn.countAll().as('n')])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- live delivery to many open streams --------------------------------------------------

interface Server {
  child: ChildProcess;
  url: string;
  password: string;
}

function startServer(dataDir: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin/kartoteka.js'), 'serve', '--host', '127.0.0.1', '--port', '0'],
      { env: { PATH: process.env.PATH, KARTOTEKA_DATA: dataDir, LOG_LEVEL: 'warn' } },
    );
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      const password = /password: (\S+)/.exec(output);
      if (!url || !password) return;
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({ child, url: url[1]!, password: password[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('close', (code) => reject(new Error(`server exited ${code}: ${output.slice(-500)}`)));
  });
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

class HttpSession {
  constructor(
    readonly base: string,
    readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async login(base: string, login: string, password: string): Promise<HttpSession> {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    if (res.status !== 200) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return new HttpSession(base, cookie, csrfToken);
  }

  async post<T>(url: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie, 'x-csrf-token': this.csrf },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** An open event stream; calls `onNotification` with each notification's task id. */
function openStream(
  base: string,
  cookie: string,
  onNotification: (docId: number) => void,
): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${base}/api/v1/live`,
      { agent, headers: { accept: 'text/event-stream', cookie } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`live: ${res.statusCode}`));
        res.setEncoding('utf8');
        let buffer = '';
        let opened = false;
        res.on('data', (chunk: string) => {
          buffer += chunk;
          if (!opened) {
            opened = true;
            resolve(() => req.destroy());
          }
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!frame.startsWith('event: notification.new')) continue;
            const data = /\ndata: (.*)/.exec(frame)?.[1];
            if (data)
              onNotification((JSON.parse(data) as { notification: { docId: number } }).notification.docId);
          }
        });
      },
    );
    req.on('error', reject);
  });
}

const percentile = (xs: number[], p: number) =>
  xs.length
    ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
    : NaN;

async function liveDelivery(print: (line: string) => void): Promise<LiveResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kt-bench-live-'));
  const server = await startServer(dataDir);
  const streams: (() => void)[] = [];
  try {
    const users = Math.ceil(SSE_CLIENTS / STREAMS_PER_USER);
    const admin = await HttpSession.login(server.url, 'admin', server.password);
    print(`  live delivery: ${users} users, ${SSE_CLIENTS} streams…`);
    const sessions: { id: number; session: HttpSession }[] = [];
    for (let i = 0; i < users; i++) {
      const user = await admin.post<{ id: number }>('/api/v1/users', {
        login: `live-${i}`,
        fullName: `Пользователь ${i}`,
        password: PASSWORD,
      });
      sessions.push({ id: user.id, session: await HttpSession.login(server.url, `live-${i}`, PASSWORD) });
    }
    await new Promise((r) => setTimeout(r, 2000));
    const rssIdleMiB = rssMiB(server.child.pid!);

    // When each stream got the notification of a task, by task id (it may arrive before the answer).
    const arrivals = new Map<number, number[]>();
    const record = (taskId: number) => {
      const at = performance.now();
      const list = arrivals.get(taskId);
      if (list) list.push(at);
      else arrivals.set(taskId, [at]);
    };
    for (let i = 0; i < SSE_CLIENTS; i++) {
      const { session } = sessions[i % users]!;
      streams.push(await openStream(server.url, session.cookie, record));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const rssStreamsMiB = rssMiB(server.child.pid!);

    const latencies: number[] = [];
    let expected = 0;
    for (const [index, { id }] of sessions.entries()) {
      const streamsOfUser = Math.floor(SSE_CLIENTS / users) + (index < SSE_CLIENTS % users ? 1 : 0);
      expected += streamsOfUser;
      const t0 = performance.now();
      const task = await admin.post<{ id: number }>('/api/v1/tasks', {
        title: `Проверка доставки ${id}`,
        performerId: id,
      });
      const deadline = performance.now() + 5000;
      while ((arrivals.get(task.id)?.length ?? 0) < streamsOfUser && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1));
      }
      for (const at of arrivals.get(task.id) ?? []) latencies.push(at - t0);
    }
    return {
      failure: null,
      streams: streams.length,
      users,
      delivered: latencies.length,
      expected,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      maxMs: Math.max(...latencies),
      rssIdleMiB,
      rssStreamsMiB,
    };
  } finally {
    for (const close of streams) close();
    await new Promise<void>((r) => {
      server.child.removeAllListeners('close');
      server.child.on('close', () => r());
      server.child.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
