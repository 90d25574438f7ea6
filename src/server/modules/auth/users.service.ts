import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, UsersTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError, fieldProblem, notFound } from '../../http/errors.js';
import { hashPassword } from '../../security/passwords.js';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../../shared/locale.js';
import type { User } from '../../../shared/schemas/users.js';
import { ADMIN_ROLE, DEFAULT_ROLE } from './roles.service.js';
import { precompile, slot } from '../../db/precompiled.js';

/** A user as notifications address them. */
export interface UserDeliveryInfo {
  id: number;
  isActive: boolean;
  locale: Locale;
  name: string;
  /** Their employee's e-mail; null: no e-mail channel. */
  email: string | null;
}
import { SYSTEM_VIEWER, type Viewer } from '../access/viewer.js';

export interface NewUser {
  login: string;
  fullName: string;
  password: string;
  locale?: Locale;
  isActive?: boolean;
  employeeId?: number | null;
  /**
   * Omitted: the default role «Сотрудник» (code `employee`) when it exists and an administrator
   * acts; none when someone else does.
   */
  roleIds?: number[] | undefined;
}

export interface UserChanges {
  login?: string | undefined;
  fullName?: string | undefined;
  locale?: Locale | undefined;
  isActive?: boolean | undefined;
  employeeId?: number | null | undefined;
  roleIds?: number[] | undefined;
}

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Users (Администратор → Пользователи и роли): accounts, their roles and their employee.
 * The users area lets someone who is not an administrator manage accounts, but not give anyone
 * (themselves included) more rights: roles are access settings, a password set for someone else
 * is a way into their account, and the employee link decides a user's department — so these stay
 * with administrators, as do administrators' accounts. `by` is who acts; it defaults to the
 * system for the CLI, the first administrator, demo data and a user's own profile.
 */
export class UsersService {
  private readonly db: Kysely<DB>;
  // GET /api/v1/me reads one user on every call.
  private readonly byId;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.byId = precompile(
      this.db,
      this.db.selectFrom('users').selectAll().where('id', '=', slot<number>('id')),
    );
  }

  async list(filter: { q?: string | undefined; active?: boolean | undefined } = {}): Promise<User[]> {
    let q = this.db.selectFrom('users').selectAll().orderBy('login');
    if (filter.active !== undefined) q = q.where('is_active', '=', filter.active);
    if (filter.q) {
      const like = `%${filter.q.toLowerCase()}%`;
      q = q.where((eb) =>
        eb.or([eb('login', 'like', like), eb(eb.fn('lower', ['full_name']), 'like', like)]),
      );
    }
    return this.present(await q.execute());
  }

  async get(id: number): Promise<User> {
    const row = await this.byId.first({ id });
    if (!row) throw notFound();
    const [user] = await this.present([row]);
    return user!;
  }

  /** For login: the stored hash of an active user, or null (inactive users cannot sign in). */
  async credentials(login: string): Promise<{ id: number; passwordHash: string } | null> {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where('login', '=', login.trim().toLowerCase())
      .where('is_active', '=', true)
      .executeTakeFirst();
    return row ? { id: row.id, passwordHash: row.password_hash } : null;
  }

  async passwordHash(id: number): Promise<string | null> {
    const row = await this.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.password_hash ?? null;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(input: NewUser, by: Viewer = SYSTEM_VIEWER): Promise<User> {
    const login = input.login.trim().toLowerCase();
    const passwordHash = await hashPassword(input.password);
    // Checked before the transaction: on SQLite a query outside it would wait for it forever.
    // The foreign key still guards a concurrent delete.
    if (input.employeeId) {
      if (!by.unrestricted) throw adminOnly();
      await this.services.employees.assertExists(input.employeeId);
    }
    const id = await this.db.transaction().execute(async (trx) => {
      // Someone else's new users start without rights: even the default role would be more than
      // they may hand out.
      const defaults = by.unrestricted ? await this.defaultRoleIds(trx) : [];
      if (input.roleIds) this.assertMaySetRoles(by, input.roleIds, []);
      await this.assertLoginFree(trx, login);
      const now = new Date().toISOString();
      const row = await trx
        .insertInto('users')
        .values({
          login,
          full_name: input.fullName,
          locale: input.locale ?? 'ru',
          is_active: input.isActive ?? true,
          employee_id: input.employeeId ?? null,
          password_hash: passwordHash,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.setRoles(trx, row.id, input.roleIds ?? defaults);
      return row.id;
    });
    return this.get(id);
  }

  async update(id: number, changes: UserChanges, by: Viewer = SYSTEM_VIEWER): Promise<User> {
    if (changes.employeeId) await this.services.employees.assertExists(changes.employeeId);
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('users')
        .select(['id', 'login', 'employee_id'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw notFound();
      if (!by.unrestricted) {
        await this.assertNotAdmin(id, trx);
        // The unchanged link may be sent back (the form sends every field).
        if (changes.employeeId !== undefined && changes.employeeId !== row.employee_id) throw adminOnly();
        if (changes.roleIds) {
          const current = (
            await trx.selectFrom('user_roles').select('role_id').where('user_id', '=', id).execute()
          ).map((r) => r.role_id);
          this.assertMaySetRoles(by, changes.roleIds, current);
        }
      }
      const login = changes.login?.trim().toLowerCase();
      if (login && login !== row.login) await this.assertLoginFree(trx, login);
      await trx
        .updateTable('users')
        .set({
          ...(login !== undefined && { login }),
          ...(changes.fullName !== undefined && { full_name: changes.fullName }),
          ...(changes.locale !== undefined && { locale: changes.locale }),
          ...(changes.isActive !== undefined && { is_active: changes.isActive }),
          ...(changes.employeeId !== undefined && { employee_id: changes.employeeId }),
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      if (changes.roleIds) await this.setRoles(trx, id, changes.roleIds);
      await this.assertAnAdminRemains(trx);
      if (changes.isActive === false) await this.services.sessions.revokeAllFor(id, trx);
    });
    return this.get(id);
  }

  /** Someone else's password: only an administrator sets it (users change theirs in the profile). */
  async setPassword(id: number, password: string, by: Viewer = SYSTEM_VIEWER): Promise<void> {
    if (!by.unrestricted) throw adminOnly();
    const passwordHash = await hashPassword(password);
    const res = await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw notFound();
  }

  async findIdByLogin(login: string): Promise<number | null> {
    const row = await this.db
      .selectFrom('users')
      .select('id')
      .where('login', '=', login.trim().toLowerCase())
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async markLoggedIn(id: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ last_login_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /** Logins of users linked to each employee (for the employee list and its delete guard). */
  async loginsByEmployee(employeeIds: number[]): Promise<Map<number, { id: number; login: string }[]>> {
    const out = new Map<number, { id: number; login: string }[]>();
    if (!employeeIds.length) return out;
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'login', 'employee_id'])
      .where('employee_id', 'in', employeeIds)
      .orderBy('login')
      .execute();
    for (const r of rows) {
      const list = out.get(r.employee_id!) ?? [];
      list.push({ id: r.id, login: r.login });
      out.set(r.employee_id!, list);
    }
    return out;
  }

  /** Every user's id, name and whether active, by name (for pickers). */
  async directory(): Promise<{ id: number; name: string; isActive: boolean }[]> {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'full_name', 'is_active'])
      .orderBy('full_name')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.full_name, isActive: r.is_active }));
  }

  /** Which of these users are active (may be named on new documents). */
  async activeIds(ids: Iterable<number | null | undefined>, db: Db = this.db): Promise<Set<number>> {
    const unique = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
    if (!unique.length) return new Set();
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', unique)
      .where('is_active', '=', true)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /**
   * What telling users something needs (notifications): active flag, language, name and their
   * employee's e-mail (null: none), read through `db` (a saving transaction) a chunk at a time.
   */
  async deliveryInfoByIds(db: Db, ids: Iterable<number>): Promise<Map<number, UserDeliveryInfo>> {
    const unique = [...new Set(ids)];
    const out = new Map<number, UserDeliveryInfo>();
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'is_active', 'locale', 'full_name', 'employee_id'])
        .where('id', 'in', unique.slice(i, i + 1000))
        .execute();
      const emails = await this.services.employees.emailsByIds(
        db,
        rows.flatMap((r) => (r.employee_id === null ? [] : [r.employee_id])),
      );
      for (const r of rows) {
        out.set(r.id, {
          id: r.id,
          isActive: r.is_active,
          locale: isLocale(r.locale) ? r.locale : DEFAULT_LOCALE,
          name: r.full_name,
          email: (r.employee_id !== null && emails.get(r.employee_id)) || null,
        });
      }
    }
    return out;
  }

  /** Names of users for documents that show them (performer, author…); unknown ids are left out. */
  async briefByIds(ids: Iterable<number | null | undefined>, db: Db = this.db): Promise<Map<number, string>> {
    const unique = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
    if (!unique.length) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  /**
   * Checks that the users exist and are active, for documents that name them; a wrong id is a
   * field error on `path` (for a list, on `path.index`).
   */
  async assertAssignable(
    db: Db,
    path: string,
    ids: (number | null | undefined)[] | number | null | undefined,
  ): Promise<void> {
    const list = Array.isArray(ids) ? ids : [ids];
    const wanted = [...new Set(list.filter((id): id is number => typeof id === 'number'))];
    if (!wanted.length) return;
    const rows = await db.selectFrom('users').select(['id', 'is_active']).where('id', 'in', wanted).execute();
    const ok = new Set(rows.filter((r) => r.is_active).map((r) => r.id));
    const bad = list.findIndex((id) => typeof id === 'number' && !ok.has(id));
    if (bad >= 0) {
      throw fieldProblem(Array.isArray(ids) ? `${path}.${bad}` : path, 'user_not_assignable', {
        id: list[bad],
      });
    }
  }

  private async assertLoginFree(db: Db, login: string): Promise<void> {
    const taken = await db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirst();
    if (taken)
      throw new AppError(409, 'login_taken', { login }, { fields: [{ path: 'login', code: 'taken' }] });
  }

  private async setRoles(db: Db, userId: number, roleIds: number[]): Promise<void> {
    const unique = [...new Set(roleIds)];
    await this.services.roles.assertAllExist(unique, db);
    await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
    if (unique.length) {
      await db
        .insertInto('user_roles')
        .values(unique.map((role_id) => ({ user_id: userId, role_id })))
        .execute();
    }
  }

  /** Only an administrator changes whose roles are what (the unchanged set may be sent back). */
  private assertMaySetRoles(by: Viewer, wanted: number[], current: number[]): void {
    if (by.unrestricted) return;
    const a = new Set(wanted);
    const b = new Set(current);
    if (a.size !== b.size || [...a].some((id) => !b.has(id))) throw adminOnly();
  }

  /** An administrator's account (password, activity, anything) is changed only by an administrator. */
  private async assertNotAdmin(userId: number, db: Db = this.db): Promise<void> {
    if (await this.isAdmin(userId, db)) throw adminOnly();
  }

  private async defaultRoleIds(db: Db): Promise<number[]> {
    const row = await db.selectFrom('roles').select('id').where('code', '=', DEFAULT_ROLE).executeTakeFirst();
    return row ? [row.id] : [];
  }

  /** Whether the user holds the built-in administrator role. */
  async isAdmin(userId: number, db: Db = this.db): Promise<boolean> {
    const row = await db
      .selectFrom('user_roles')
      .innerJoin('roles', 'roles.id', 'user_roles.role_id')
      .select('roles.id')
      .where('user_roles.user_id', '=', userId)
      .where('roles.code', '=', ADMIN_ROLE)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Nobody may lock the enterprise out: at least one active administrator always remains. */
  private async assertAnAdminRemains(db: Db): Promise<void> {
    const row = await db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .innerJoin('roles', 'roles.id', 'user_roles.role_id')
      .where('roles.code', '=', ADMIN_ROLE)
      .where('users.is_active', '=', true)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(row.n) === 0) throw new AppError(409, 'last_admin');
  }

  private async present(rows: Selectable<UsersTable>[]): Promise<User[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const roles = await this.services.roles.rolesOfUsers(ids);
    const employeeIds = [...new Set(rows.map((r) => r.employee_id).filter((x): x is number => x !== null))];
    const employees = await this.services.employees.briefByIds(employeeIds);
    return rows.map((r) => {
      const userRoles = roles.get(r.id) ?? [];
      return {
        id: r.id,
        login: r.login,
        fullName: r.full_name,
        locale: isLocale(r.locale) ? r.locale : 'ru',
        isActive: r.is_active,
        employee: r.employee_id
          ? { id: r.employee_id, fullName: employees.get(r.employee_id)?.fullName ?? '' }
          : null,
        roles: userRoles,
        isAdmin: userRoles.some((x) => x.code === ADMIN_ROLE),
        lastLoginAt: r.last_login_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
  }
}

const adminOnly = () => new AppError(403, 'admin_only');
