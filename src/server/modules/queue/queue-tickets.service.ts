import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';

/** Tickets: issued at a kiosk, called and served by operators, shown on boards. */
export class QueueTicketsService {
  private readonly db: Kysely<DB>;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }
}
