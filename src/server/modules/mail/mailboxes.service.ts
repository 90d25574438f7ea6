import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';

/** Users' mailboxes: which exist, their status and folders, and the IMAP sync of each. */
export class MailboxesService implements BackgroundJob {
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {}

  start(): void {}

  async stop(): Promise<void> {}
}
