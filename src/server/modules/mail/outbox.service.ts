import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';

/** «Написать письмо» and the outbox: queue, send over SMTP as the user's employee, retry. */
export class OutboxService implements BackgroundJob {
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {}

  start(): void {}

  async stop(): Promise<void> {}
}
