/**
 * The calculation cases of `npm run bench` (BENCH_ONLY=calculations), on each engine
 * (BENCH_ENGINES): the latency of saving a task (`PATCH /api/v1/tasks/:id`, a new title) in one
 * process, in three setups measured in the same run, round after round so drift hits all alike:
 *
 * - none: no calculation enabled;
 * - trivial: one before-save script (`doc.title = doc.title.trim();`);
 * - examples: the three shipped examples enabled (the status-change one does not fire on a title
 *   change; the project-progress one queues an after-save run that the job runs meanwhile).
 *
 * The target: the trivial script adds less than 2 ms to the p99 save.
 */
import { eachEngine, withInProcessApp, type BenchEngine, type EngineOutcome } from './in-process.js';

const ROUNDS = Number(process.env.BENCH_CALC_ROUNDS ?? 10);
const SAVES_PER_ROUND = Number(process.env.BENCH_CALC_SAVES ?? 100);
const TASKS = 200;
const PASSWORD = 'bench-password-1';
const SETUPS = ['none', 'trivial', 'examples'] as const;
type Setup = (typeof SETUPS)[number];

export interface SaveLatency {
  saves: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface CalculationsEngineResult extends EngineOutcome {
  setups: Partial<Record<Setup, SaveLatency>>;
  /** After-save runs the job finished by the end (the examples setup queues one per save). */
  afterSaveRunsDone: number;
}

export function benchCalculations(
  print: (line: string) => void = (l) => console.log(l),
): Promise<CalculationsEngineResult[]> {
  return eachEngine(
    'calculations',
    print,
    (engine) => ({ engine, skipped: null, failure: null, setups: {}, afterSaveRunsDone: 0 }),
    (engine) => saveLatency(engine, print),
  );
}

export function calculationRows(results: CalculationsEngineResult[]): [string, string, string][] {
  const rows: [string, string, string][] = [];
  for (const r of results) {
    const name = r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    if (r.skipped || r.failure) {
      rows.push([
        `task save with calculations, ${name}`,
        r.skipped ? `skipped (${r.skipped})` : `FAILED: ${r.failure}`,
        '',
      ]);
      continue;
    }
    const fmt = (l: SaveLatency | undefined) =>
      l
        ? `p50 ${l.p50Ms.toFixed(2)} ms, p95 ${l.p95Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms (${l.saves} saves)`
        : '—';
    const { none, trivial, examples } = r.setups;
    rows.push([`task save, no calculation, ${name}`, fmt(none), 'baseline']);
    rows.push([`task save, trivial before-save script, ${name}`, fmt(trivial), '']);
    if (none && trivial) {
      rows.push([
        `  trivial script adds (p99), ${name}`,
        `${(trivial.p99Ms - none.p99Ms).toFixed(2)} ms (p50 ${(trivial.p50Ms - none.p50Ms).toFixed(2)} ms)`,
        '< 2 ms',
      ]);
    }
    rows.push([
      `task save, the three shipped examples, ${name}`,
      `${fmt(examples)}; ${r.afterSaveRunsDone} after-save runs done`,
      '',
    ]);
  }
  return rows;
}

async function saveLatency(
  engine: BenchEngine,
  print: (line: string) => void,
): Promise<Pick<CalculationsEngineResult, 'setups' | 'afterSaveRunsDone'>> {
  return withInProcessApp(engine, 'calc', PASSWORD, async ({ ctx, services, admin: session }) => {
    // The after-save job runs alongside, as in `kartoteka serve`.
    services.calculations.start();
    const expect = async (method: string, url: string, body: unknown, status: number) => {
      const res = await session.send(method, url, body);
      if (res.statusCode !== status)
        throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res;
    };

    print(`  calculations on ${engine}: creating a project with ${TASKS} tasks…`);
    const project = (
      await expect('POST', '/api/v1/projects', { name: 'Проект бенчмарка', kind: 'internal' }, 201)
    ).json<{
      id: number;
    }>();
    const ids: number[] = [];
    for (let i = 0; i < TASKS; i++) {
      const res = await expect('POST', '/api/v1/tasks', { title: `Задача ${i}`, projectId: project.id }, 201);
      ids.push(res.json<{ id: number }>().id);
    }
    const shipped = (await expect('GET', '/api/v1/calculations', undefined, 200))
      .json<{
        items: { id: number; exampleKey: string | null }[];
      }>()
      .items.filter((c) => c.exampleKey !== null);
    if (shipped.length !== 3) throw new Error(`expected the 3 shipped examples, found ${shipped.length}`);
    const trivial = (
      await expect(
        'POST',
        '/api/v1/calculations',
        { name: 'Trivial', docType: 'task', trigger: 'before_save', code: 'doc.title = doc.title.trim();' },
        201,
      )
    ).json<{ id: number }>();
    const enable = async (calcIds: number[], on: boolean) => {
      for (const id of calcIds) await expect('PATCH', `/api/v1/calculations/${id}`, { isEnabled: on }, 200);
    };
    const setupIds: Record<Setup, number[]> = {
      none: [],
      trivial: [trivial.id],
      examples: shipped.map((c) => c.id),
    };

    const samples: Record<Setup, number[]> = { none: [], trivial: [], examples: [] };
    let n = 0;
    const save = async () => {
      const id = ids[n % ids.length]!;
      n++;
      const t0 = performance.now();
      await expect('PATCH', `/api/v1/tasks/${id}`, { title: `Задача ${id} · ${n}` }, 200);
      return performance.now() - t0;
    };
    // Warm-up: compiled statements, the WASM module, the JIT.
    for (const setup of SETUPS) {
      await enable(setupIds[setup], true);
      for (let i = 0; i < 50; i++) await save();
      await enable(setupIds[setup], false);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const setup of SETUPS) {
        await enable(setupIds[setup], true);
        for (let i = 0; i < SAVES_PER_ROUND; i++) samples[setup].push(await save());
        await enable(setupIds[setup], false);
      }
      print(`  calculations on ${engine}: round ${round + 1}/${ROUNDS}`);
    }
    // Every queued after-save run finishes before the count (and before the database closes).
    const pending = () =>
      ctx.database.db
        .selectFrom('calculation_runs')
        .select((eb) => [eb.fn.countAll().as('n')])
        .where('done_at', 'is', null)
        .executeTakeFirstOrThrow();
    for (let waited = 0; Number((await pending()).n) > 0 && waited < 120; waited++) {
      await new Promise((r) => setTimeout(r, 500));
    }
    await services.calculations.stop();
    const done = await ctx.database.db
      .selectFrom('calculation_runs')
      .select((eb) => [eb.fn.countAll().as('n')])
      .where('done_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const setups: Partial<Record<Setup, SaveLatency>> = {};
    for (const setup of SETUPS) setups[setup] = latency(samples[setup]);
    return { setups, afterSaveRunsDone: Number(done.n) };
  });
}

function latency(ms: number[]): SaveLatency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { saves: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}
