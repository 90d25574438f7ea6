import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import { randomToken, sha256 } from '../../security/tokens.js';
import type { ApiToken } from '../../../shared/schemas/auth.js';
import type { AuthContext } from './auth-context.js';
import { isAdminExpr, toAuthUser } from './sessions.service.js';
import { precompile, slot } from '../../db/precompiled.js';

const PREFIX = 'kt_';
const TOUCH_EVERY_MS = 60_000;

/** Personal API tokens (`Authorization: Bearer kt_…`): shown once, stored as a hash. */
export class ApiTokensService {
  private readonly db: Kysely<DB>;
  // Run on every request that carries a token.
  private readonly lookup;
  constructor(ctx: AppContext) {
    this.db = ctx.database.db;
    this.lookup = precompile(
      this.db,
      this.db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select([
          'api_tokens.id as token_id',
          'api_tokens.expires_at',
          'api_tokens.last_used_at',
          'users.id',
          'users.login',
          'users.full_name',
          'users.locale',
        ])
        .select((eb) => isAdminExpr(eb.ref('users.id')).as('is_admin'))
        .where('api_tokens.token_hash', '=', slot<string>('hash'))
        .where('users.is_active', '=', true),
    );
  }

  async list(userId: number): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      expiresAt: r.expires_at,
    }));
  }

  async create(userId: number, name: string, expiresInDays?: number): Promise<ApiToken & { token: string }> {
    const token = PREFIX + randomToken();
    const now = new Date();
    const expiresAt = expiresInDays
      ? new Date(now.getTime() + expiresInDays * 86_400_000).toISOString()
      : null;
    const row = await this.db
      .insertInto('api_tokens')
      .values({
        user_id: userId,
        name,
        token_hash: sha256(token),
        prefix: token.slice(0, PREFIX.length + 6),
        expires_at: expiresAt,
        created_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = (await this.list(userId)).find((t) => t.id === row.id)!;
    return { ...created, token };
  }

  async revoke(userId: number, id: number): Promise<void> {
    const res = await this.db
      .deleteFrom('api_tokens')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!res.numDeletedRows) throw notFound();
  }

  async resolve(token: string): Promise<AuthContext | null> {
    if (!token.startsWith(PREFIX)) return null;
    const now = Date.now();
    const row = await this.lookup.first({ hash: sha256(token) });
    if (!row || (row.expires_at && Date.parse(row.expires_at) <= now)) return null;
    if (!row.last_used_at || now - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
      await this.db
        .updateTable('api_tokens')
        .set({ last_used_at: new Date(now).toISOString() })
        .where('id', '=', row.token_id)
        .execute();
    }
    return { via: 'token', tokenId: row.token_id, user: toAuthUser(row) };
  }
}
