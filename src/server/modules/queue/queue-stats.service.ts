import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';

/** Statistics per queue, operator and day, and their CSV. */
export class QueueStatsService {
  private readonly db: Kysely<DB>;

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }
}
