import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { isLocale, DEFAULT_LOCALE, type Locale } from '../../../shared/locale.js';
import type { EmailMode } from '../../../shared/schemas/notifications.js';
import { resolveViewer, type Viewer } from '../access/viewer.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Keys per `in (…)` list: well under both engines' parameter limits. */
export const CHUNK = 1000;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What delivering to a user needs: whether they are active, their language and address. */
export interface Recipient {
  id: number;
  isActive: boolean;
  locale: Locale;
  /** Their employee's e-mail; null: no e-mail channel. */
  email: string | null;
  name: string;
}

/**
 * Recipients by id, read in one query per chunk inside the caller's transaction (the users
 * service reads one user at a time and outside it, which a bulk change cannot afford).
 */
export async function recipientsOf(db: Db, ids: Iterable<number>): Promise<Map<number, Recipient>> {
  const out = new Map<number, Recipient>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('users')
      .leftJoin('employees', 'employees.id', 'users.employee_id')
      .select(['users.id', 'users.is_active', 'users.locale', 'users.full_name', 'employees.email'])
      .where('users.id', 'in', part)
      .execute();
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        isActive: r.is_active,
        locale: isLocale(r.locale) ? r.locale : DEFAULT_LOCALE,
        email: r.email || null,
        name: r.full_name,
      });
    }
  }
  return out;
}

export interface UserEmailSettings {
  emailMode: EmailMode;
  digestHour: number;
  lastDigestAt: string | null;
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
      .select(['user_id', 'email_mode', 'digest_hour', 'last_digest_at'])
      .where('user_id', 'in', part)
      .execute();
    for (const r of rows) {
      out.set(r.user_id, {
        emailMode: r.email_mode as EmailMode,
        digestHour: r.digest_hour,
        lastDigestAt: r.last_digest_at,
      });
    }
  }
  return out;
}

/**
 * A user's rights read inside the saving transaction: `access.viewerOfUser` reads outside it,
 * which on SQLite would wait for this very transaction forever.
 */
export async function viewerWithin(db: Db, services: Services, userId: number): Promise<Viewer> {
  return resolveViewer(db, { id: userId, isAdmin: await services.users.isAdmin(userId, db) });
}

/**
 * The enterprise's time zone (dates in texts) read through the caller's connection:
 * `enterprise.timeZone()` reads outside the transaction, which on SQLite would wait for it forever.
 */
export async function enterpriseTimeZone(db: Db): Promise<string> {
  const row = await db.selectFrom('enterprise').select('time_zone').where('id', '=', 1).executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}
