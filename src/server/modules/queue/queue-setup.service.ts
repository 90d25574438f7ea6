import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';

/** Queues (services) with their operators and windows, and the windows themselves. */
export class QueueSetupService {
  private readonly db: Kysely<DB>;

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }
}
