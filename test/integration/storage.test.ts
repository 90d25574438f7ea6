import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createTestApp, type TestApp } from '../support/app.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('storage: the same types from SQLite and PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('returns ids and counts as numbers, timestamps as ISO strings and booleans as booleans', async () => {
    const db = t.ctx.database.db;
    await t.services.employees.create({ fullName: 'Типы', isActive: false });
    const emp = await db.selectFrom('employees').selectAll().executeTakeFirstOrThrow();
    expect(typeof emp.id).toBe('number');
    expect(emp.is_active).toBe(false);
    expect(emp.created_at).toMatch(ISO);
    const role = await db
      .selectFrom('roles')
      .selectAll()
      .where('code', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(role.is_system).toBe(true);
    expect(role.created_at).toMatch(ISO);
    const count = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
    const big = await sql<{ v: number }>`select cast(${2 ** 40} as bigint) + 1 as v`.execute(db);
    expect(big.rows[0]!.v).toBe(2 ** 40 + 1);
    const filtered = await db.selectFrom('employees').select('id').where('is_active', '=', false).execute();
    expect(filtered).toHaveLength(1);
  });

  it('names every boolean column is_* so both engines convert it', async () => {
    const db = t.ctx.database.db;
    let booleans: { table: string; column: string }[];
    if (t.database.engine === 'postgres') {
      const r = await sql<{ table: string; column: string }>`
        select table_name as "table", column_name as "column" from information_schema.columns
        where table_schema = 'public' and data_type = 'boolean'`.execute(db);
      booleans = r.rows;
    } else {
      const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
        db,
      );
      booleans = [];
      for (const { name } of tables.rows) {
        const cols = await sql<{
          name: string;
          type: string;
        }>`select name, type from pragma_table_info(${name})`.execute(db);
        for (const c of cols.rows)
          if (c.type.toLowerCase() === 'boolean') booleans.push({ table: name, column: c.name });
      }
    }
    expect(booleans.length).toBeGreaterThanOrEqual(4);
    for (const b of booleans) expect(b.column, `${b.table}.${b.column}`).toMatch(/^is_/);
  });

  it('enforces foreign keys', async () => {
    const now = new Date().toISOString();
    await expect(
      t.ctx.database.db
        .insertInto('users')
        .values({
          login: 'fk',
          full_name: 'FK',
          password_hash: 'x',
          employee_id: 424242,
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
  });

  it('applies nothing when migrated again', async () => {
    expect(await migrateToLatest(t.ctx.database.db)).toEqual({ applied: [] });
  });

  it('runs SQLite in WAL mode with foreign keys on and a documented synchronous mode', async () => {
    const db = t.ctx.database.db;
    if (t.database.engine === 'postgres') {
      const r = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(db);
      expect(Number(r.rows[0]!.v)).toBeGreaterThanOrEqual(130000);
      return;
    }
    const one = async (pragma: string) =>
      Object.values((await sql.raw(`pragma ${pragma}`).execute(db)).rows[0] as object)[0];
    expect(await one('journal_mode')).toBe('wal');
    expect(await one('foreign_keys')).toBe(1);
    expect(await one('synchronous')).toBe(1); // NORMAL, the default of KARTOTEKA_SQLITE_SYNCHRONOUS
    expect(await one('locking_mode')).toBe('exclusive');
  });
});
