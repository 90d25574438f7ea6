import type { FastifyBaseLogger } from 'fastify';
import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import type { AppContext } from '../context.js';

/**
 * Timed work (reminders…) on either engine. The work's own table is the truth: each item has a
 * time and is claimed when done, so waking up late, twice or in two processes is harmless. This
 * adapter only decides when to look:
 * - SQLite (one process): a timer armed for the next due item, re-armed when this process
 *   changes the schedule, and a slow poll in case anything was missed.
 * - PostgreSQL (any number of processes): pg-boss, started with the job. Each scheduled item is
 *   a pg-boss job due at its time (pg-boss hands it to one worker of one process), and a pg-boss
 *   cron schedule sweeps everything due every minute in case a job was lost. While pg-boss cannot
 *   start, the table is looked at every minute and the start is tried again, less and less often.
 */
export interface TimedWork {
  /** Names the pg-boss queues (letters, digits, `-`). */
  name: string;
  /** Does everything due now. */
  runDue(): Promise<void>;
  /** Does one item scheduled for `at`; nothing if it moved, went or was done meanwhile. */
  runOne(id: number, at: string): Promise<void>;
  /** When the earliest item not done is due (null: none). */
  nextDue(): Promise<Date | null>;
}

export interface ScheduledItem {
  id: number;
  /** ISO time it is due. */
  at: string;
}

export interface Scheduler {
  start(): void;
  /**
   * Items (re)scheduled by a transaction that is about to commit. Acted on after the current
   * call: a job sent before the commit would look for a row not yet there.
   */
  scheduled(items: ScheduledItem[]): void;
  /** Stops looking and waits for the work in hand. */
  stop(): Promise<void>;
}

type Log = () => FastifyBaseLogger | null;

/** SQLite: the longest sleep between looks at the table. */
const SAFETY_POLL_MS = 60_000;
/** After a look that left something due (it failed), the next look waits this long. */
const RETRY_MS = 5_000;
/**
 * PostgreSQL: an item due already is sent this much later, so the saving transaction has
 * committed when a worker looks for it (were it not, the minute sweep would still find it).
 */
const COMMIT_GRACE_MS = 2_000;
const SWEEP_CRON = '* * * * *';
/** PostgreSQL: pg-boss that failed to start is tried again after this, doubled each time up to the max. */
const REOPEN_FIRST_MS = 5_000;
const REOPEN_MAX_MS = 5 * 60_000;

export function createScheduler(ctx: AppContext, work: TimedWork, log: Log): Scheduler {
  if (ctx.database.engine === 'postgres') {
    if (!ctx.config.databaseUrl) throw new Error('scheduler: PostgreSQL without a database URL');
    return new PgBossScheduler(ctx.config.databaseUrl, work, log);
  }
  return new TimerScheduler(work, log);
}

/** One process owns the database: a timer for the next due item. */
class TimerScheduler implements Scheduler {
  private started = false;
  private poll: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Looks and re-arms run one after another; this is the last one queued. */
  private chain: Promise<void> = Promise.resolve();
  private armQueued = false;

  constructor(
    private readonly work: TimedWork,
    private readonly log: Log,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.poll = setInterval(() => this.run(), SAFETY_POLL_MS);
    this.poll.unref();
    // Everything that fell due while no process ran goes now.
    this.run();
  }

  scheduled(items: ScheduledItem[]): void {
    if (!this.started || !items.length || this.armQueued) return;
    this.armQueued = true;
    setImmediate(() =>
      this.serial(async () => {
        this.armQueued = false;
        await this.arm(false);
      }),
    );
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.poll) clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    this.poll = this.timer = null;
    await this.chain;
  }

  private run(): void {
    this.serial(async () => {
      try {
        await this.work.runDue();
      } catch (err) {
        this.log()?.error({ err }, `${this.work.name}: run failed`);
      }
      await this.arm(true);
    });
  }

  private async arm(afterRun: boolean): Promise<void> {
    if (!this.started) return;
    const next = await this.work.nextDue();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!next) return;
    let delay = Math.max(0, next.getTime() - Date.now());
    if (delay === 0 && afterRun) delay = RETRY_MS;
    this.timer = setTimeout(() => this.run(), Math.min(delay, SAFETY_POLL_MS));
    this.timer.unref();
  }

  private serial(fn: () => Promise<void>): void {
    this.chain = this.chain
      .then(fn)
      .catch((err: unknown) => this.log()?.error({ err }, `${this.work.name}: scheduling failed`));
  }
}

interface JobData {
  id: number;
  at: string;
}

/** A pg-boss that runs, with the pool it works through. */
interface Running {
  boss: PgBoss;
  pool: Pool;
}

/** Several processes may share the database: pg-boss wakes one worker per due item. */
class PgBossScheduler implements Scheduler {
  private started = false;
  private running: Running | null = null;
  /** The attempt to open pg-boss in hand; once settled, pg-boss runs or the poll below stands in. */
  private opening: Promise<void> = Promise.resolve();
  /** The next attempt after a failed one. */
  private reopen: NodeJS.Timeout | null = null;
  private failures = 0;
  private fallback: NodeJS.Timeout | null = null;
  /** Looks of the fallback poll, one after another; awaited by stop. */
  private polled: Promise<void> = Promise.resolve();
  /** Sends in progress, awaited by stop. */
  private readonly sending = new Set<Promise<void>>();
  private readonly queue: string;
  private readonly sweepQueue: string;

  constructor(
    private readonly url: string,
    private readonly work: TimedWork,
    private readonly log: Log,
  ) {
    this.queue = work.name;
    this.sweepQueue = `${work.name}-sweep`;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.attempt();
  }

  private attempt(): void {
    this.opening = this.open().then(
      (running) => {
        this.failures = 0;
        this.running = running;
        if (this.fallback) clearInterval(this.fallback);
        this.fallback = null;
      },
      (err: unknown) => {
        if (!this.started) return;
        const wait = Math.min(REOPEN_FIRST_MS * 2 ** this.failures, REOPEN_MAX_MS);
        this.failures++;
        this.log()?.error(
          { err, retryInSeconds: wait / 1000 },
          `${this.work.name}: pg-boss did not start; polling until it does`,
        );
        if (!this.fallback) {
          // Late, but nothing is lost: due items are looked for as the sweep would.
          this.fallback = setInterval(() => this.poll(), SAFETY_POLL_MS);
          this.fallback.unref();
          this.poll();
        }
        this.reopen = setTimeout(() => {
          this.reopen = null;
          if (this.started) this.attempt();
        }, wait);
        this.reopen.unref();
      },
    );
  }

  private poll(): void {
    this.polled = this.polled.then(() => this.runDue());
  }

  private async runDue(): Promise<void> {
    try {
      await this.work.runDue();
    } catch (err) {
      this.log()?.error({ err }, `${this.work.name}: run failed`);
    }
  }

  /** Starts pg-boss; if any step fails, what was started is stopped before the error goes on. */
  private async open(): Promise<Running> {
    // Loaded only when the job starts: pg-boss adds to the start-up time of every command.
    const [{ default: PgBossClass }, { default: pg }] = await Promise.all([import('pg-boss'), import('pg')]);
    // The pool is ours, not pg-boss's: its stop() does nothing for a start that did not finish,
    // and the connections must go then too.
    const pool = new pg.Pool({
      connectionString: this.url,
      application_name: `kartoteka ${this.work.name}`,
      max: 3,
    });
    pool.on('error', (err) => this.log()?.error({ err }, `${this.work.name}: pg-boss connection`));
    const boss = new PgBossClass({ db: { executeSql: (text, values) => pool.query(text, values) } });
    boss.on('error', (err) => this.log()?.error({ err }, `${this.work.name}: pg-boss`));
    try {
      await boss.start();
      // `short`: one waiting job per singleton key, so the same item sent again does not pile up.
      await boss.createQueue(this.queue, { name: this.queue, policy: 'short', retryLimit: 3, retryDelay: 5 });
      await boss.createQueue(this.sweepQueue, { name: this.sweepQueue, policy: 'short', retryLimit: 0 });
      await boss.work<JobData>(this.queue, { pollingIntervalSeconds: 1, batchSize: 10 }, async (jobs) => {
        for (const job of jobs) await this.work.runOne(job.data.id, job.data.at);
      });
      await boss.work(this.sweepQueue, { pollingIntervalSeconds: 5 }, () => this.work.runDue());
      await boss.schedule(this.sweepQueue, SWEEP_CRON);
    } catch (err) {
      // Its workers and timers stop; the next attempt starts afresh.
      await boss.stop({ close: true, graceful: false }).catch(() => undefined);
      await pool.end().catch(() => undefined);
      throw err;
    }
    // Everything that fell due while no process ran goes now.
    await this.runDue();
    return { boss, pool };
  }

  scheduled(items: ScheduledItem[]): void {
    if (!this.started || !items.length) return;
    const sent = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.send(items))
      .catch((err: unknown) =>
        this.log()?.warn({ err }, `${this.work.name}: not sent to pg-boss (the sweep will find it)`),
      )
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }

  private async send(items: ScheduledItem[]): Promise<void> {
    await this.opening;
    const boss = this.running?.boss;
    // Not running (yet): the fallback poll or, once it runs, the first sweep finds the items.
    if (!boss) return;
    const soonest = Date.now() + COMMIT_GRACE_MS;
    await boss.insert(
      items.map((i) => ({
        name: this.queue,
        data: { id: i.id, at: i.at } satisfies JobData,
        startAfter: new Date(Math.max(Date.parse(i.at), soonest)).toISOString(),
        singletonKey: `${i.id}:${i.at}`,
      })),
    );
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.reopen) clearTimeout(this.reopen);
    this.reopen = null;
    await this.opening;
    if (this.fallback) clearInterval(this.fallback);
    this.fallback = null;
    await this.polled;
    await Promise.all(this.sending);
    const running = this.running;
    this.running = null;
    if (!running) return;
    await running.boss.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
    await running.pool.end();
  }
}
