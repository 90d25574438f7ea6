/**
 * The electronic-queue cases of `npm run bench` (BENCH_ONLY=queue), on each engine (BENCH_ENGINES),
 * in one process through Fastify's inject:
 *
 * - issue: BENCH_QUEUE_TICKETS tickets (10 000) taken at 20 kiosks, 20 at a time, over 5 queues of
 *   different priority (tickets/s, latency);
 * - call next: 50 operators, each at a window in a status that takes clients, press «Вызвать
 *   следующего» concurrently until nobody waits, marking each called ticket a no-show so they may
 *   call again (calls/s, call-next latency). Every ticket must be handed out exactly once.
 */
import {
  eachEngine,
  injectLogin,
  withInProcessApp,
  type BenchEngine,
  type EngineOutcome,
  type InjectSession,
} from './in-process.js';

const TICKETS = Number(process.env.BENCH_QUEUE_TICKETS ?? 10_000);
const OPERATORS = Number(process.env.BENCH_QUEUE_OPERATORS ?? 50);
const KIOSKS = 20;
const SERVICES = 5;
const PASSWORD = 'bench-password-1';

export interface Latency {
  count: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface QueueEngineResult extends EngineOutcome {
  issue: Latency | null;
  callNext: Latency | null;
  /** Tickets handed out more than once (must be 0) and tickets never handed out (must be 0). */
  duplicates: number;
  missed: number;
}

export function benchQueue(
  print: (line: string) => void = (l) => console.log(l),
): Promise<QueueEngineResult[]> {
  return eachEngine<QueueEngineResult>(
    'queue',
    print,
    (engine) => ({
      engine,
      skipped: null,
      failure: null,
      issue: null,
      callNext: null,
      duplicates: 0,
      missed: 0,
    }),
    (engine) => run(engine, print),
  );
}

export function queueRows(results: QueueEngineResult[]): [string, string, string][] {
  const rows: [string, string, string][] = [];
  const fmt = (l: Latency | null, unit: string) =>
    l
      ? `${l.perSecond.toFixed(0)} ${unit}/s (p50 ${l.p50Ms.toFixed(2)} ms, p95 ${l.p95Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms, ${l.count})`
      : '—';
  for (const r of results) {
    const name = r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    if (r.skipped || r.failure) {
      rows.push([`queue, ${name}`, r.skipped ? `skipped (${r.skipped})` : `FAILED: ${r.failure}`, '']);
      continue;
    }
    rows.push([`queue: kiosk tickets, ${KIOSKS} kiosks at once, ${name}`, fmt(r.issue, 'tickets'), '']);
    rows.push([
      `queue: call next, ${OPERATORS} operators at once over ${TICKETS} tickets, ${name}`,
      `${fmt(r.callNext, 'calls')}; duplicates ${r.duplicates}, missed ${r.missed}`,
      'no duplicates',
    ]);
  }
  return rows;
}

async function run(
  engine: BenchEngine,
  print: (line: string) => void,
): Promise<Pick<QueueEngineResult, 'issue' | 'callNext' | 'duplicates' | 'missed'>> {
  return withInProcessApp(engine, 'queue', PASSWORD, async ({ services, inject, admin }) => {
    const expect = async <T>(
      session: InjectSession,
      method: string,
      url: string,
      body: unknown,
      status: number,
    ) => {
      const res = await session.send(method, url, body);
      if (res.statusCode !== status)
        throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json<T>();
    };

    print(`  queue on ${engine}: ${OPERATORS} operators, windows and ${SERVICES} queues…`);
    const operatorIds: number[] = [];
    for (let i = 0; i < OPERATORS; i++) {
      const user = await services.users.create({
        login: `op${i}`,
        fullName: `Оператор ${i}`,
        password: PASSWORD,
        roleIds: [],
      });
      operatorIds.push(user.id);
    }
    const windowIds: number[] = [];
    for (let i = 0; i < OPERATORS; i++)
      windowIds.push(
        (await expect<{ id: number }>(admin, 'POST', '/api/v1/queue/windows', { name: `Окно ${i + 1}` }, 201))
          .id,
      );
    const serviceIds: number[] = [];
    for (let i = 0; i < SERVICES; i++) {
      const name = `Услуга ${i + 1}`;
      const service = await expect<{ id: number }>(
        admin,
        'POST',
        '/api/v1/queue/services',
        {
          nameRu: name,
          nameUk: name,
          nameEn: `Service ${i + 1}`,
          prefix: String.fromCharCode(65 + i),
          priority: i % 3,
          operatorIds,
        },
        201,
      );
      serviceIds.push(service.id);
    }
    const tokens: string[] = [];
    for (let i = 0; i < KIOSKS; i++) {
      const device = await expect<{ token: string }>(
        admin,
        'POST',
        '/api/v1/queue/devices',
        { name: `Киоск ${i + 1}`, kind: 'kiosk', ticketsPerMinute: 600 },
        201,
      );
      tokens.push(device.token);
    }

    print(`  queue on ${engine}: issuing ${TICKETS} tickets at ${KIOSKS} kiosks…`);
    const issueMs: number[] = [];
    let issued = 0;
    const issueStart = performance.now();
    await Promise.all(
      tokens.map(async (token, k) => {
        for (let n = k; n < TICKETS; n += KIOSKS) {
          const t0 = performance.now();
          const res = (await inject({
            method: 'POST',
            url: '/api/v1/queue/kiosk/tickets',
            payload: { serviceId: serviceIds[n % SERVICES] },
            headers: { authorization: `Bearer ${token}` },
          })) as { statusCode: number; body: string };
          if (res.statusCode !== 201) throw new Error(`kiosk: ${res.statusCode} ${res.body.slice(0, 300)}`);
          issueMs.push(performance.now() - t0);
          issued++;
        }
      }),
    );
    const issue = latency(issueMs, performance.now() - issueStart);
    if (issued !== TICKETS) throw new Error(`issued ${issued} of ${TICKETS}`);

    const statuses = await expect<{ id: number; code: string }[]>(
      admin,
      'GET',
      '/api/v1/settings/user-statuses',
      undefined,
      200,
    );
    const available = statuses.find((s) => s.code === 'available')!.id;
    const operators: InjectSession[] = [];
    for (let i = 0; i < OPERATORS; i++) {
      const op = await injectLogin(inject, `op${i}`, PASSWORD);
      await expect(op, 'PUT', '/api/v1/me/status', { statusId: available }, 200);
      await expect(op, 'PUT', '/api/v1/queue/operator/window', { windowId: windowIds[i] }, 200);
      operators.push(op);
    }

    print(`  queue on ${engine}: ${OPERATORS} operators calling next…`);
    const callMs: number[] = [];
    const seen = new Map<number, number>();
    const callStart = performance.now();
    await Promise.all(
      operators.map(async (op) => {
        for (;;) {
          const t0 = performance.now();
          const { ticket } = await expect<{ ticket: { id: number } | null }>(
            op,
            'POST',
            '/api/v1/queue/operator/call-next',
            undefined,
            200,
          );
          callMs.push(performance.now() - t0);
          if (!ticket) return;
          seen.set(ticket.id, (seen.get(ticket.id) ?? 0) + 1);
          await expect(op, 'POST', `/api/v1/queue/tickets/${ticket.id}/no-show`, undefined, 200);
        }
      }),
    );
    // Calls per second counts tickets handed out (the no-shows between them are part of the work).
    const callNext = {
      ...latency(callMs, 0),
      perSecond: (seen.size / (performance.now() - callStart)) * 1000,
    };
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    return { issue, callNext, duplicates, missed: TICKETS - seen.size };
  });
}

function latency(ms: number[], wallMs: number): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    count: sorted.length,
    perSecond: (sorted.length / wallMs) * 1000,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
  };
}
