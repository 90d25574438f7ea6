import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { Enterprise } from '../../../shared/schemas/enterprise.js';

/** The enterprise (Администратор → Предприятия): its time zone. */
export class EnterpriseService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  async get(db: Kysely<DB> | Transaction<DB> = this.db): Promise<Enterprise> {
    const r = await db.selectFrom('enterprise').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    return { timeZone: r.time_zone, updatedAt: r.updated_at };
  }

  /** The time zone numbering periods and day boundaries are counted in (`db`: inside a transaction). */
  async timeZone(db: Kysely<DB> | Transaction<DB> = this.db): Promise<string> {
    return (await this.get(db)).timeZone;
  }

  async update(input: { timeZone: string }, userId: number): Promise<Enterprise> {
    await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('enterprise')
        .select('time_zone')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('enterprise')
        .set({ time_zone: input.timeZone, updated_at: new Date().toISOString() })
        .where('id', '=', 1)
        .execute();
      await this.services.settingsChanges.record(trx, {
        area: 'enterprise',
        entity: 'enterprise',
        entityId: 1,
        before: { timeZone: before.time_zone },
        after: { timeZone: input.timeZone },
        userId,
      });
    });
    return this.get();
  }
}
