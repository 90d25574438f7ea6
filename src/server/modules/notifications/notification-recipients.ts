import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { EmailMode } from '../../../shared/schemas/notifications.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Keys per `in (…)` list: well under both engines' parameter limits. */
export const CHUNK = 1000;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface UserEmailSettings {
  emailMode: EmailMode;
  digestHour: number;
}

/** Users' e-mail modes; users who never chose have no entry (each notification, 9 o'clock). */
export async function userSettingsOf(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, UserEmailSettings>> {
  const out = new Map<number, UserEmailSettings>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('notification_user_settings')
      .select(['user_id', 'email_mode', 'digest_hour'])
      .where('user_id', 'in', part)
      .execute();
    for (const r of rows) {
      out.set(r.user_id, {
        emailMode: r.email_mode as EmailMode,
        digestHour: r.digest_hour,
      });
    }
  }
  return out;
}
