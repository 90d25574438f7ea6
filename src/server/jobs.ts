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
