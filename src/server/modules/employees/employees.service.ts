import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, EmployeesTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { SecretBox } from '../../security/secret-box.js';
import { AppError, notFound } from '../../http/errors.js';
import { precompile, slot } from '../../db/precompiled.js';
import type { CreateEmployee, Employee, UpdateEmployee } from '../../../shared/schemas/employees.js';
import { SYSTEM_VIEWER, type Viewer } from '../access/viewer.js';

/**
 * Employees (Общие справочники → Список работников). The mailbox password is encrypted at rest
 * and leaves this service only through `mailboxCredentials`, for the mail module.
 */
export class EmployeesService {
  private readonly db: Kysely<DB>;
  private readonly secrets: SecretBox;
  // The signed-in user's employee name is read on every GET /api/v1/me.
  private readonly briefOfOne;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.secrets = ctx.secrets;
    this.briefOfOne = precompile(
      this.db,
      this.db
        .selectFrom('employees')
        .select(['id', 'full_name', 'position'])
        .where('id', '=', slot<number>('id')),
    );
  }

  async list(filter: { q?: string | undefined; active?: boolean | undefined } = {}): Promise<Employee[]> {
    let q = this.db.selectFrom('employees').selectAll().orderBy('full_name').orderBy('id');
    if (filter.active !== undefined) q = q.where('is_active', '=', filter.active);
    if (filter.q) {
      const like = `%${filter.q.toLowerCase()}%`;
      q = q.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['full_name']), 'like', like),
          eb(eb.fn('lower', ['email']), 'like', like),
          eb(eb.fn('lower', ['department']), 'like', like),
          eb(eb.fn('lower', ['position']), 'like', like),
        ]),
      );
    }
    return this.present(await q.execute());
  }

  async get(id: number): Promise<Employee> {
    const row = await this.db.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return (await this.present([row]))[0]!;
  }

  async create(input: CreateEmployee): Promise<Employee> {
    const now = new Date().toISOString();
    const row = await this.db
      .insertInto('employees')
      .values({
        full_name: input.fullName,
        position: input.position ?? '',
        department: input.department ?? '',
        phones: JSON.stringify(input.phones ?? []),
        email: input.email ?? null,
        mailbox_password_enc: input.mailboxPassword ? this.secrets.encrypt(input.mailboxPassword) : null,
        is_active: input.isActive ?? true,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return this.get(row.id);
  }

  /**
   * `by` is who acts. A user's department comes from their employee, and the department level
   * grants rights by it: so only an administrator moves an employee some user is linked to.
   */
  async update(id: number, changes: UpdateEmployee, by: Viewer = SYSTEM_VIEWER): Promise<Employee> {
    if (!by.unrestricted && changes.department !== undefined)
      await this.assertMayMove(id, changes.department);
    const res = await this.db
      .updateTable('employees')
      .set({
        ...(changes.fullName !== undefined && { full_name: changes.fullName }),
        ...(changes.position !== undefined && { position: changes.position }),
        ...(changes.department !== undefined && { department: changes.department }),
        ...(changes.phones !== undefined && { phones: JSON.stringify(changes.phones) }),
        ...(changes.email !== undefined && { email: changes.email }),
        // undefined keeps the stored password, null (or '') clears it.
        ...(changes.mailboxPassword !== undefined && {
          mailbox_password_enc: changes.mailboxPassword
            ? this.secrets.encrypt(changes.mailboxPassword)
            : null,
        }),
        ...(changes.isActive !== undefined && { is_active: changes.isActive }),
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw notFound();
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    await this.assertExists(id);
    const users = (await this.services.users.loginsByEmployee([id])).get(id) ?? [];
    if (users.length) {
      throw new AppError(409, 'employee_in_use', { logins: users.map((u) => u.login).join(', ') });
    }
    await this.db.deleteFrom('employees').where('id', '=', id).execute();
  }

  /** The unchanged department may be sent back (the form sends every field). */
  private async assertMayMove(id: number, department: string): Promise<void> {
    const row = await this.db
      .selectFrom('employees')
      .select('department')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.department === department) return;
    const linked = await this.db
      .selectFrom('users')
      .select('id')
      .where('employee_id', '=', id)
      .executeTakeFirst();
    if (linked) throw new AppError(403, 'admin_only');
  }

  async assertExists(id: number): Promise<void> {
    const row = await this.db.selectFrom('employees').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) throw employeeNotFound(id);
  }

  /** Name and position of each employee, in one query (users and user parameters show them). */
  async briefByIds(ids: number[]): Promise<Map<number, { fullName: string; position: string }>> {
    if (!ids.length) return new Map();
    const rows =
      ids.length === 1
        ? await this.briefOfOne.execute({ id: ids[0] })
        : await this.db
            .selectFrom('employees')
            .select(['id', 'full_name', 'position'])
            .where('id', 'in', ids)
            .execute();
    return new Map(rows.map((r) => [r.id, { fullName: r.full_name, position: r.position }]));
  }

  /** Employees' e-mail addresses (null or '' when none), read through `db` (a saving transaction). */
  async emailsByIds(db: Kysely<DB> | Transaction<DB>, ids: number[]): Promise<Map<number, string | null>> {
    if (!ids.length) return new Map();
    const rows = await db.selectFrom('employees').select(['id', 'email']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  /** The decrypted e-mail login of an employee, for connecting to the enterprise mail servers. */
  async mailboxCredentials(id: number): Promise<{ email: string; password: string } | null> {
    const row = await this.db
      .selectFrom('employees')
      .select(['email', 'mailbox_password_enc'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw employeeNotFound(id);
    if (!row.email || !row.mailbox_password_enc) return null;
    return { email: row.email, password: this.secrets.decrypt(row.mailbox_password_enc) };
  }

  private async present(rows: Selectable<EmployeesTable>[]): Promise<Employee[]> {
    const users = await this.services.users.loginsByEmployee(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      fullName: r.full_name,
      position: r.position,
      department: r.department,
      phones: JSON.parse(r.phones) as string[],
      email: r.email,
      hasMailboxPassword: r.mailbox_password_enc !== null,
      isActive: r.is_active,
      users: users.get(r.id) ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }
}

/** Answered where a request names an employee (e.g. a user's Работник) that does not exist. */
function employeeNotFound(id: number): AppError {
  return new AppError(
    400,
    'employee_not_found',
    { id },
    { fields: [{ path: 'employeeId', code: 'not_found', params: { ids: `#${id}` } }] },
  );
}
