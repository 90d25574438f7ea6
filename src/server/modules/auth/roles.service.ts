import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, RolesTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import { AppError, notFound } from '../../http/errors.js';
import { precompile, slot } from '../../db/precompiled.js';
import type { Role } from '../../../shared/schemas/users.js';

/** The built-in role that bypasses access checks; created by the first migration. */
export const ADMIN_ROLE = 'admin';
/** The role new users get when none is chosen (created by the data-access migration). */
export const DEFAULT_ROLE = 'employee';

type Db = Kysely<DB> | Transaction<DB>;
export interface RoleRef {
  id: number;
  code: string;
  name: string;
}

/**
 * Roles: named sets of permissions (what each permits comes with data access). System roles
 * keep their code and cannot be deleted.
 */
export class RolesService {
  private readonly db: Kysely<DB>;
  // The roles of one user are read on every GET /api/v1/me.
  private readonly rolesOfOne;
  constructor(ctx: AppContext) {
    this.db = ctx.database.db;
    this.rolesOfOne = precompile(
      this.db,
      this.rolesQuery().where('user_roles.user_id', '=', slot<number>('id')),
    );
  }

  async list(): Promise<Role[]> {
    const rows = await this.withUserCount().orderBy('is_system', 'desc').orderBy('name').execute();
    return rows.map(present);
  }

  async get(id: number): Promise<Role> {
    const row = await this.withUserCount().where('roles.id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return present(row);
  }

  private withUserCount() {
    return this.db
      .selectFrom('roles')
      .selectAll('roles')
      .select((eb) =>
        eb
          .selectFrom('user_roles')
          .whereRef('user_roles.role_id', '=', 'roles.id')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('user_count'),
      );
  }

  async create(input: { code: string; name: string; description: string }): Promise<Role> {
    await this.assertCodeFree(this.db, input.code);
    const now = new Date().toISOString();
    const row = await this.db
      .insertInto('roles')
      .values({ ...input, is_system: false, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return this.get(row.id);
  }

  async update(
    id: number,
    changes: { code?: string | undefined; name?: string | undefined; description?: string | undefined },
  ): Promise<Role> {
    const row = await this.db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    if (changes.code !== undefined && changes.code !== row.code) {
      if (row.is_system) throw new AppError(409, 'system_role');
      await this.assertCodeFree(this.db, changes.code);
    }
    await this.db
      .updateTable('roles')
      .set({
        ...(changes.code !== undefined && { code: changes.code }),
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    const row = await this.db
      .selectFrom('roles')
      .select(['is_system'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.is_system) throw new AppError(409, 'system_role');
    await this.db.deleteFrom('roles').where('id', '=', id).execute();
  }

  async idByCode(code: string): Promise<number> {
    const row = await this.db
      .selectFrom('roles')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async assertAllExist(ids: number[], db: Db = this.db): Promise<void> {
    if (!ids.length) return;
    const found = await db.selectFrom('roles').select('id').where('id', 'in', ids).execute();
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) {
      throw new AppError(
        400,
        'validation_failed',
        {},
        {
          fields: [
            { path: 'roleIds', code: 'not_found', params: { ids: missing.map((id) => `#${id}`).join(', ') } },
          ],
        },
      );
    }
  }

  async rolesOfUsers(userIds: number[]): Promise<Map<number, RoleRef[]>> {
    const out = new Map<number, RoleRef[]>();
    if (!userIds.length) return out;
    const rows =
      userIds.length === 1
        ? await this.rolesOfOne.execute({ id: userIds[0] })
        : await this.rolesQuery().where('user_roles.user_id', 'in', userIds).execute();
    for (const r of rows) {
      const list = out.get(r.user_id) ?? [];
      list.push({ id: r.id, code: r.code, name: r.name });
      out.set(r.user_id, list);
    }
    return out;
  }

  private rolesQuery() {
    return this.db
      .selectFrom('user_roles')
      .innerJoin('roles', 'roles.id', 'user_roles.role_id')
      .select(['user_roles.user_id', 'roles.id', 'roles.code', 'roles.name'])
      .orderBy('roles.name');
  }

  private async assertCodeFree(db: Db, code: string): Promise<void> {
    const taken = await db.selectFrom('roles').select('id').where('code', '=', code).executeTakeFirst();
    if (taken)
      throw new AppError(409, 'role_code_taken', { code }, { fields: [{ path: 'code', code: 'taken' }] });
  }
}

function present(r: Selectable<RolesTable> & { user_count: number | null }): Role {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    isSystem: r.is_system,
    userCount: Number(r.user_count ?? 0),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
