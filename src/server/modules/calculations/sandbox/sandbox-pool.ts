import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
  type WorkerOptions,
} from 'node:worker_threads';
import type { Json, SandboxRequest, SandboxResult } from './sandbox-types.js';
import type { FindAnswer, FromWorker, RunRequest, SyntaxProblem, ToWorker } from './sandbox-protocol.js';

/** Workers kept for scripts: as many runs go on at once, the others wait for one. */
const POOL_SIZE = 2;
/**
 * How long past its time limit a run may take before its worker is terminated. The worker stops
 * the script itself at the limit; only a built-in QuickJS never interrupts (a join over 2³² empty
 * slots, a huge BigInt's toString) or a worker that stopped answering gets this far.
 */
const GRACE_MS = 50;
/** Compiling is a matter of milliseconds; a parse that takes this long is stopped. */
const CHECK_LIMIT_MS = 5_000;
/**
 * Node's default for a worker, named because SANDBOX_LIMITS.stackBytes is tuned against it. The
 * heap keeps Node's default: the host side of a run holds a few MB, and a worker over a lower
 * limit was seen to take the whole process down (V8's out-of-memory is fatal when WebAssembly
 * memory grows), not only itself.
 */
const WORKER_STACK_MB = 4;

type Job =
  | { kind: 'run'; req: SandboxRequest; resolve: (result: SandboxResult) => void }
  | {
      kind: 'check';
      code: string;
      resolve: (problem: SyntaxProblem | null) => void;
      reject: (error: Error) => void;
    };

interface PoolWorker {
  worker: Worker;
  /** Our end of the worker's channel (a channel of our own, so the watchdog can read it). */
  port: MessagePort;
  ready: boolean;
  dead: boolean;
  job: Job | null;
  /** The job's number: answers about another one are late and dropped. */
  seq: number;
  /** The number of the job the worker last took up, written by the worker as it starts it. */
  taken: Int32Array;
  startedAt: number;
  watchdog: NodeJS.Timeout | undefined;
  stats: ((heapUsedBytes: number) => void)[];
}

export interface SandboxStats {
  /** Workers started since the process began (a replaced worker counts again). */
  workersStarted: number;
  /** Workers up (the others are starting), and those of them running a job now. */
  workersReady: number;
  workersBusy: number;
  /** Runtimes QuickJS could not free, over all workers. */
  leakedRuntimes: number;
  /** The V8 heap in use by the idle workers (a busy one may be stuck in a script). */
  workerHeapBytes: number;
}

/**
 * Runs scripts and compile checks in worker threads, so that nothing a script does can block the
 * main thread: a watchdog here terminates a worker whose job outlives its limit and starts a new
 * one. Each worker does one job at a time; `find` is answered here, on the main thread, and its
 * answer posted back. Workers start on first use and stay; an idle one never keeps the process
 * alive.
 */
export class SandboxPool {
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private seq = 0;
  private started = 0;
  private leaked = 0;

  constructor(private readonly size = POOL_SIZE) {}

  /** See runInSandbox: never rejects, whatever the script or the worker does. */
  run(req: SandboxRequest): Promise<SandboxResult> {
    return new Promise((resolve) => this.enqueue({ kind: 'run', req, resolve }));
  }

  /** See checkSyntax: rejects only when no worker can start. */
  check(code: string): Promise<SyntaxProblem | null> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'check', code, resolve, reject }));
  }

  async stats(): Promise<SandboxStats> {
    const ready = [...this.workers].filter((w) => w.ready);
    const idle = ready.filter((w) => w.job === null);
    const heaps = await Promise.all(
      idle.map(
        (w) =>
          new Promise<number>((resolve) => {
            w.stats.push(resolve);
            this.holdProcess(w);
            this.post(w, { type: 'stats' });
          }),
      ),
    );
    return {
      workersStarted: this.started,
      workersReady: ready.length,
      workersBusy: ready.length - idle.length,
      leakedRuntimes: this.leaked,
      workerHeapBytes: heaps.reduce((sum, bytes) => sum + bytes, 0),
    };
  }

  /** Terminates every worker; jobs in hand or waiting fail. The next job starts workers again. */
  async close(): Promise<void> {
    const closed = new Error('The calculation sandbox was closed');
    const exits = [...this.workers].map((w) => this.remove(w, closed));
    this.failQueue(closed);
    await Promise.all(exits);
  }

  private enqueue(job: Job): void {
    this.queue.push(job);
    while (this.workers.size < this.size) this.spawn();
    this.dispatch();
  }

  private dispatch(): void {
    for (const w of this.workers) {
      const job = w.ready && w.job === null ? this.queue.shift() : undefined;
      if (job) this.assign(w, job);
    }
  }

  private assign(w: PoolWorker, job: Job): void {
    const seq = ++this.seq;
    w.job = job;
    w.seq = seq;
    w.startedAt = performance.now();
    this.holdProcess(w);
    const limit = job.kind === 'run' ? Math.max(1, job.req.timeLimitMs) : CHECK_LIMIT_MS;
    w.watchdog = setTimeout(() => this.overdue(w, job, limit, true), limit + GRACE_MS);
    if (job.kind === 'check') return this.post(w, { type: 'check', seq, code: job.code });
    const { code, trigger, action, doc, prev, user, timeLimitMs, memoryLimitMb } = job.req;
    const req: RunRequest = { code, trigger, action, doc, prev, user, timeLimitMs, memoryLimitMb };
    try {
      this.post(w, { type: 'run', seq, req });
    } catch (error) {
      // The input could not be copied to the worker (it is not plain data).
      this.release(w);
      job.resolve(failedRun(job.req, 0, `The sandbox failed: ${errorMessage(error)}`));
      this.dispatch();
    }
  }

  /** The job is answered: the worker is free again. */
  private release(w: PoolWorker): void {
    clearTimeout(w.watchdog);
    w.job = null;
    this.holdProcess(w);
  }

  /**
   * A worker keeps the process alive while it starts or someone waits for its answer, never when
   * idle: a server stops, and a test run ends, without closing the pool.
   */
  private holdProcess(w: PoolWorker): void {
    if (!w.ready || w.job !== null || w.stats.length > 0) w.worker.ref();
    else w.worker.unref();
  }

  private onMessage(w: PoolWorker, message: FromWorker): void {
    if (w.dead) return;
    switch (message.type) {
      case 'ready':
        w.ready = true;
        this.holdProcess(w);
        return this.dispatch();
      case 'find':
        if (message.seq === w.seq && w.job?.kind === 'run') {
          void this.answerFind(w, message.seq, w.job.req, message.docType, message.filter);
        }
        return;
      case 'ran': {
        const job = w.job;
        if (message.seq !== w.seq || job?.kind !== 'run') return;
        this.release(w);
        if (message.leaked) this.leaked++;
        if (message.worn) this.replace(w);
        job.resolve(message.result);
        return this.dispatch();
      }
      case 'checked': {
        const job = w.job;
        if (message.seq !== w.seq || job?.kind !== 'check') return;
        this.release(w);
        if (message.worn) this.replace(w);
        job.resolve(message.problem);
        return this.dispatch();
      }
      case 'stats':
        w.stats.shift()?.(message.heapUsedBytes);
        return this.holdProcess(w);
    }
  }

  /**
   * The script's `find`, asked of the caller here. Its time counts against the run's limit (the
   * worker stops waiting at the deadline); an answer for a run that ended is dropped.
   */
  private async answerFind(
    w: PoolWorker,
    seq: number,
    req: SandboxRequest,
    docType: string,
    filter: Json,
  ): Promise<void> {
    let answer: FindAnswer;
    try {
      const value = await req.find(docType, filter);
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch {
        // A cycle, a BigInt: not JSON (neither is a function, for which stringify gives undefined).
      }
      if (json === undefined) answer = { kind: 'error', message: 'find() got an answer that is not JSON' };
      // Not copied into the worker for nothing: each character takes at least a byte in the VM.
      else if (json.length > req.memoryLimitMb * 1024 * 1024) answer = { kind: 'too-large' };
      else answer = { kind: 'json', json };
    } catch (error) {
      answer = { kind: 'error', message: errorMessage(error) };
    }
    if (!w.dead && w.seq === seq) this.post(w, { type: 'found', seq, answer });
  }

  /**
   * The watchdog: the job outlived its limit, so its worker is stuck in something QuickJS never
   * interrupts. A worker that took the job up late (a busy machine, its garbage collector) gets its
   * limit once more, counted from now: only the running script is judged.
   */
  private overdue(w: PoolWorker, job: Job, limit: number, mayWait: boolean): void {
    // The answer may already wait in the channel, behind this timer: it wins.
    for (let m = receiveMessageOnPort(w.port); m && w.job === job; m = receiveMessageOnPort(w.port)) {
      this.onMessage(w, m.message as FromWorker);
    }
    if (w.dead || w.job !== job) return;
    if (mayWait && Atomics.load(w.taken, 0) !== (w.seq | 0)) {
      w.watchdog = setTimeout(() => this.overdue(w, job, limit, false), limit + GRACE_MS);
      return;
    }
    const elapsed = performance.now() - w.startedAt;
    this.replace(w);
    if (job.kind === 'run') {
      job.resolve(failedRun(job.req, elapsed, `Time limit of ${job.req.timeLimitMs} ms exceeded`, 'timeout'));
    } else {
      job.resolve({ message: `The script could not be compiled in ${CHECK_LIMIT_MS / 1000} s`, line: null });
    }
    this.dispatch();
  }

  /** The worker failed by itself (an uncaught error, its heap limit, an exit). */
  private crashed(w: PoolWorker, error: Error): void {
    if (w.dead) return;
    const { ready, job } = w;
    const elapsed = performance.now() - w.startedAt;
    void this.remove(w, null);
    if (!ready) {
      // It never came up: starting another would most likely fail the same way. Jobs wait for a
      // worker still starting, else they fail; the next job tries again.
      if (this.workers.size === 0)
        this.failQueue(new Error(`The calculation sandbox could not start: ${error.message}`));
      return;
    }
    this.spawnMissing();
    if (job?.kind === 'run') {
      job.resolve(
        failedRun(
          job.req,
          elapsed,
          `The sandbox failed while the calculation ran (${error.message}); the run was stopped`,
        ),
      );
    } else if (job?.kind === 'check') {
      job.reject(new Error(`The calculation sandbox failed while compiling: ${error.message}`));
    }
    this.dispatch();
  }

  /** Replaces a worker that should not serve again (its module failed or leaked too often). */
  private replace(w: PoolWorker): void {
    void this.remove(w, null);
    this.spawnMissing();
  }

  /**
   * Takes a worker out of the pool and terminates it; its job, if any, fails with `error` (or is
   * answered by the caller when null). Resolves once the worker is gone.
   */
  private async remove(w: PoolWorker, error: Error | null): Promise<void> {
    w.dead = true;
    this.workers.delete(w);
    clearTimeout(w.watchdog);
    for (const answer of w.stats.splice(0)) answer(0);
    w.port.close();
    const job = w.job;
    w.job = null;
    if (error && job?.kind === 'run') job.resolve(failedRun(job.req, 0, error.message));
    else if (error && job?.kind === 'check') job.reject(error);
    await w.worker.terminate();
  }

  private spawnMissing(): void {
    while (this.workers.size < this.size) this.spawn();
  }

  private failQueue(error: Error): void {
    for (const job of this.queue.splice(0)) {
      if (job.kind === 'run') job.resolve(failedRun(job.req, 0, error.message));
      else job.reject(error);
    }
  }

  private spawn(): void {
    const { port1, port2 } = new MessageChannel();
    const taken = new Int32Array(new SharedArrayBuffer(4));
    const worker = startWorker({
      workerData: { port: port2, taken },
      transferList: [port2],
      resourceLimits: { stackSizeMb: WORKER_STACK_MB },
    });
    const w: PoolWorker = {
      worker,
      port: port1,
      ready: false,
      dead: false,
      job: null,
      seq: 0,
      taken,
      startedAt: performance.now(),
      watchdog: undefined,
      stats: [],
    };
    this.started++;
    this.workers.add(w);
    port1.on('message', (message: FromWorker) => this.onMessage(w, message));
    // The worker's own handle keeps the process alive when needed (see holdProcess).
    port1.unref();
    worker.on('error', (error) => this.crashed(w, error));
    worker.on('exit', (code) => this.crashed(w, new Error(`the worker exited with code ${code}`)));
  }

  private post(w: PoolWorker, message: ToWorker): void {
    w.port.postMessage(message);
  }
}

/**
 * The built server starts the compiled worker next to this file. From source (the tests, tsx) the
 * worker is TypeScript: Node 20 does not apply `--import tsx` to a worker's entry, so a small
 * script loads it through tsx's API (a devDependency, as running from source is).
 */
function startWorker(options: WorkerOptions): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./sandbox-worker.js', here), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sandbox-worker.ts', here).href;
  const load = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}));`;
  // Not the parent's flags: a tsx loader there (`tsx watch`, `tsx script.ts`) would load tsx twice.
  return new Worker(load, { ...options, eval: true, execArgv: [] });
}

/** A run the worker did not answer: nothing of it is kept. */
function failedRun(
  req: SandboxRequest,
  elapsedMs: number,
  message: string,
  kind: 'timeout' | 'script' = 'script',
): SandboxResult {
  return {
    doc: req.doc,
    rejected: null,
    effects: [],
    logs: [],
    error: { kind, message, line: null },
    durationMs: Math.round(elapsedMs * 1000) / 1000,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
