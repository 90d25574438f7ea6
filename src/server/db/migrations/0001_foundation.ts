import { sql } from 'kysely';
import {
  boolColumn,
  idColumn,
  refType,
  timestamps,
  timestampType,
  type MigrationDb,
} from '../migration-helpers.js';

/** Users, roles, sessions, API tokens, login throttling, employees, enterprise mail servers. */
export async function up(db: MigrationDb): Promise<void> {
  const ref = refType(db);
  const ts = timestampType(db);

  let employees = idColumn(db, db.schema.createTable('employees'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('department', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phones', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('email', 'text')
    .addColumn('mailbox_password_enc', 'text');
  employees = boolColumn(employees, 'is_active', true);
  await timestamps(db, employees).execute();

  let users = idColumn(db, db.schema.createTable('users'))
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('ru'))
    .addColumn('employee_id', ref, (c) => c.references('employees.id').onDelete('restrict'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('last_login_at', ts);
  users = boolColumn(users, 'is_active', true);
  await timestamps(db, users).execute();
  await db.schema.createIndex('users_employee_id').on('users').column('employee_id').execute();

  let roles = idColumn(db, db.schema.createTable('roles'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''));
  roles = boolColumn(roles, 'is_system', false);
  await timestamps(db, roles).execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role_id', ref, (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role_id'])
    .execute();
  await db.schema.createIndex('user_roles_role_id').on('user_roles').column('role_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

  await idColumn(db, db.schema.createTable('api_tokens'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('expires_at', ts)
    .addColumn('last_used_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_tokens_user_id').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('login_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', ts, (c) => c.notNull())
    .addColumn('locked_until', ts)
    .execute();

  let mail = db.schema
    .createTable('mail_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('smtp_host', 'text')
    .addColumn('smtp_port', 'integer')
    .addColumn('smtp_security', 'text', (c) => c.notNull().defaultTo('starttls'))
    .addColumn('imap_host', 'text')
    .addColumn('imap_port', 'integer')
    .addColumn('imap_security', 'text', (c) => c.notNull().defaultTo('tls'))
    .addColumn('updated_by', ref, (c) => c.references('users.id').onDelete('set null'));
  mail = boolColumn(mail, 'is_self_signed_allowed', false);
  await mail.addColumn('updated_at', ts, (c) => c.notNull()).execute();

  const now = new Date().toISOString();
  await db
    .insertInto('roles')
    .values({
      code: 'admin',
      name: 'Администратор',
      description: 'Встроенная роль: полный доступ, включая настройку доступа к данным',
      is_system: true,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.insertInto('mail_settings').values({ id: 1, updated_at: now }).execute();
}
