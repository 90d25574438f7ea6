import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Failed-login throttling kept in the database, so it holds across restarts and processes.
 * Per login: after 5 failures within 15 minutes each further failure locks the login for
 * 30 s doubling up to 15 min. Per client address the same after 50 (password spraying).
 */
const WINDOW_MS = 15 * 60_000;
const rules = { login: 5, ip: 50 } as const;

export class LoginThrottle {
  constructor(private readonly db: Kysely<DB>) {}

  /** Seconds until the next attempt is allowed for any of the keys, or 0. */
  async retryAfter(keys: string[], now = Date.now()): Promise<number> {
    const rows = await this.db
      .selectFrom('login_failures')
      .select(['locked_until'])
      .where('key', 'in', keys)
      .execute();
    const until = Math.max(0, ...rows.map((r) => (r.locked_until ? Date.parse(r.locked_until) : 0)));
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  async fail(keys: { kind: keyof typeof rules; key: string }[], now = Date.now()): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { kind, key } of keys) {
        const row = await trx
          .selectFrom('login_failures')
          .selectAll()
          .where('key', '=', key)
          .executeTakeFirst();
        const fresh = !row || now - Date.parse(row.first_failed_at) > WINDOW_MS;
        const failures = fresh ? 1 : row.failures + 1;
        const over = failures - rules[kind];
        const lockedUntil =
          over >= 0 ? new Date(now + Math.min(30_000 * 2 ** over, WINDOW_MS)).toISOString() : null;
        const firstFailedAt = fresh ? new Date(now).toISOString() : row.first_failed_at;
        await trx
          .insertInto('login_failures')
          .values({ key, failures, first_failed_at: firstFailedAt, locked_until: lockedUntil })
          .onConflict((oc) =>
            oc
              .column('key')
              .doUpdateSet({ failures, first_failed_at: firstFailedAt, locked_until: lockedUntil }),
          )
          .execute();
      }
    });
  }

  async succeed(key: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('key', '=', key).execute();
  }
}
