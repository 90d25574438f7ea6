import type { App } from './http/types.js';

/**
 * Work the server does besides answering requests (the outbox, mailbox sync…). `kartoteka
 * serve` starts every job; tests start them only when they test them.
 */
export interface BackgroundJob {
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
