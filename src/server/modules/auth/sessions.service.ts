import { sql, type Expression, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import { randomToken, sha256 } from '../../security/tokens.js';
import { verifyPassword } from '../../security/passwords.js';
import { isLocale } from '../../../shared/locale.js';
import { LoginThrottle } from './login-throttle.js';
import { precompile, slot } from '../../db/precompiled.js';
import { ADMIN_ROLE } from './roles.service.js';
import type { AuthContext, AuthUser } from './auth-context.js';

// Touching a session on every request would turn each read into a write; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
  userId: number;
}

/** Cookie sessions: sign-in with throttling, resolution per request, sign-out. */
export class SessionsService {
  private readonly db: Kysely<DB>;
  private readonly ttlMs: number;
  private readonly throttle: LoginThrottle;
  private readonly lookup;

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.ttlMs = ctx.config.sessionTtlHours * 3_600_000;
    this.throttle = new LoginThrottle(this.db);
    this.lookup = precompile(
      this.db,
      this.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.csrf_token',
          'sessions.expires_at',
          'sessions.last_seen_at',
          'users.id',
          'users.login',
          'users.full_name',
          'users.locale',
        ])
        .select((eb) => isAdminExpr(eb.ref('users.id')).as('is_admin'))
        .where('sessions.id', '=', slot<string>('id'))
        .where('users.is_active', '=', true),
    );
  }

  async login(
    login: string,
    password: string,
    client: { ip: string; userAgent?: string | undefined },
  ): Promise<NewSession> {
    const normalized = login.trim().toLowerCase();
    const keys = [`login:${normalized}`, `ip:${client.ip}`];
    const wait = await this.throttle.retryAfter(keys);
    if (wait > 0)
      throw new AppError(429, 'too_many_attempts', { seconds: wait }, { retryAfterSeconds: wait });
    const creds = await this.services.users.credentials(normalized);
    const ok = await verifyPassword(creds?.passwordHash ?? null, password);
    if (!creds || !ok) {
      await this.throttle.fail([
        { kind: 'login', key: keys[0]! },
        { kind: 'ip', key: keys[1]! },
      ]);
      throw new AppError(401, 'invalid_credentials');
    }
    await this.throttle.succeed(keys[0]!);
    await this.services.users.markLoggedIn(creds.id);
    return this.create(creds.id, client);
  }

  async create(userId: number, client: { ip: string; userAgent?: string | undefined }): Promise<NewSession> {
    const token = randomToken();
    const csrfToken = randomToken(24);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.ttlMs).toISOString();
    await this.db
      .insertInto('sessions')
      .values({
        id: sha256(token),
        user_id: userId,
        csrf_token: csrfToken,
        ip: client.ip,
        user_agent: client.userAgent?.slice(0, 500) ?? null,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        last_seen_at: now.toISOString(),
      })
      .execute();
    return { token, csrfToken, expiresAt, userId };
  }

  async resolve(token: string): Promise<AuthContext | null> {
    const id = sha256(token);
    const now = new Date();
    const row = await this.lookup.first({ id });
    if (!row || Date.parse(row.expires_at) <= now.getTime()) return null;
    if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
      await this.db
        .updateTable('sessions')
        .set({
          last_seen_at: now.toISOString(),
          expires_at: new Date(now.getTime() + this.ttlMs).toISOString(),
        })
        .where('id', '=', id)
        .execute();
    }
    return { via: 'session', sessionId: id, csrfToken: row.csrf_token, user: toAuthUser(row) };
  }

  async logout(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  async revokeAllFor(userId: number, db: Kysely<DB> | Transaction<DB> = this.db): Promise<void> {
    await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async purgeExpired(): Promise<number> {
    const res = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<', new Date().toISOString())
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}

/** `1` when the user has the administrator role — one subquery shared by sessions and tokens. */
export function isAdminExpr(userId: Expression<number>) {
  return sql<
    number | boolean
  >`exists (select 1 from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = ${userId} and r.code = ${ADMIN_ROLE})`;
}

export function toAuthUser(row: {
  id: number;
  login: string;
  full_name: string;
  locale: string;
  is_admin: number | boolean;
}): AuthUser {
  return {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    locale: isLocale(row.locale) ? row.locale : 'ru',
    // SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
    isAdmin: row.is_admin === true || row.is_admin === 1,
  };
}
