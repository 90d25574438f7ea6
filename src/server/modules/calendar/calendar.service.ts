import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';

/** Calendar of events and task deadlines; per-user ICS feed. */
export class CalendarService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }
}
