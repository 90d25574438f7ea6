import type { FastifyBaseLogger } from 'fastify';
import type { App } from './http/types.js';

/**
 * Work the server does besides answering requests (the outbox, mailbox sync…). `kartoteka
 * serve` starts every job; tests start them only when they test them.
 */
export interface BackgroundJob {
  /** Where the job reports what went wrong: the app's logger, given when the app is built. */
  useLogger(log: FastifyBaseLogger): void;
  start(): void;
  /** Stops taking new work and waits for the work in hand. */
  stop(): Promise<void>;
}

export function runJobs(app: App, jobs: BackgroundJob[]): void {
  for (const job of jobs) job.start();
  app.addHook('onClose', async () => {
    await Promise.all(jobs.map((j) => j.stop()));
  });
}

/**
 * The loop of a queue worker (outbox, system letters, webhook deliveries): passes run one after
 * another — on a timer while started, when kicked (new work was written), and on demand (`serial`,
 * e.g. a test's run-once) — and `stop` waits for the pass in hand.
 */
export class PollingLoop {
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  /** Passes run one after another; this is the last one queued. */
  private chain: Promise<unknown> = Promise.resolve();
  private kickQueued = false;

  /**
   * `pass(goOn)` does the work due now; `goOn()` turns false once the loop is stopping, so a long
   * pass takes no new work. `onError` reports a failed pass (the next one runs anyway).
   */
  constructor(
    private readonly intervalMs: number,
    private readonly pass: (goOn: () => boolean) => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {}

  get running(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops taking work and waits for the pass in hand. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain;
  }

  /** Runs a pass without waiting for the timer (one at most queued); does nothing unless started. */
  kick(): void {
    if (!this.started || this.kickQueued) return;
    this.kickQueued = true;
    this.serial(() => {
      this.kickQueued = false;
      return this.pass(() => this.started);
    }).catch(this.onError);
  }

  /** Runs `fn` after any pass in hand, before any queued later. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
