import { sql } from 'kysely';
import { refType, type MigrationDb } from '../migration-helpers.js';

/**
 * Доступ к данным: permissions (document type × action → level), settings areas and journal
 * grants, each held by a role or by a single user (exactly one of role_id / user_id is set).
 *
 * Before this migration every signed-in user could see and change every document. To keep
 * existing installations working, the role «Сотрудник» is created with the same reach (delete
 * only on own documents) and given to every user who is not an administrator.
 */
export async function up(db: MigrationDb): Promise<void> {
  const ref = refType(db);
  const subject = <T extends string>(table: T) =>
    db.schema
      .createTable(table)
      .addColumn('role_id', ref, (c) => c.references('roles.id').onDelete('cascade'))
      .addColumn('user_id', ref, (c) => c.references('users.id').onDelete('cascade'));
  const unique = async (table: string, columns: string[]) => {
    await db.schema
      .createIndex(`${table}_role`)
      .on(table)
      .columns(['role_id', ...columns])
      .unique()
      .execute();
    await db.schema
      .createIndex(`${table}_user`)
      .on(table)
      .columns(['user_id', ...columns])
      .unique()
      .execute();
  };

  await subject('access_permissions')
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .execute();
  await unique('access_permissions', ['doc_type', 'action']);

  await subject('access_areas')
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .execute();
  await unique('access_areas', ['area']);

  await subject('journal_grants')
    .addColumn('journal_id', ref, (c) => c.notNull().references('journals.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .execute();
  await unique('journal_grants', ['journal_id']);
  await db.schema.createIndex('journal_grants_journal').on('journal_grants').column('journal_id').execute();

  // "Own" and "department" match authors too; lists filter on these columns.
  for (const table of ['clients', 'projects', 'events']) {
    await db.schema.createIndex(`${table}_created_by`).on(table).columns(['created_by']).execute();
  }

  const now = new Date().toISOString();
  const role = await db
    .insertInto('roles')
    .values({
      code: 'employee',
      name: 'Сотрудник',
      description: 'Видит и меняет все документы журналов; удаляет только свои',
      is_system: false,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const roleId = Number(role.id);
  const permissions = [];
  for (const docType of ['clients', 'projects', 'events', 'tasks']) {
    for (const action of ['read', 'create', 'edit', 'delete', 'export']) {
      permissions.push({
        role_id: roleId,
        doc_type: docType,
        action,
        level: action === 'delete' ? 'own' : 'all',
      });
    }
  }
  await db.insertInto('access_permissions').values(permissions).execute();
  const roots = await db.selectFrom('journals').select('id').where('parent_id', 'is', null).execute();
  if (roots.length) {
    await db
      .insertInto('journal_grants')
      .values(roots.map((r: { id: number }) => ({ role_id: roleId, journal_id: r.id, mode: 'write' })))
      .execute();
  }
  await sql`insert into user_roles (user_id, role_id)
    select u.id, ${roleId} from users u
    where not exists (select 1 from user_roles ur join roles r on r.id = ur.role_id
                      where ur.user_id = u.id and r.code = 'admin')`.execute(db);
}
