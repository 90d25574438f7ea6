import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * The few column shapes the engines spell differently. Migrations use these and otherwise
 * plain Kysely schema builders, so one set of migrations serves SQLite and PostgreSQL.
 */
// Migrations are written against the database as it was then, not today's typed schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationDb = Kysely<any>;

export function isPostgres(db: MigrationDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function idColumn<T extends string>(db: MigrationDb, t: CreateTableBuilder<T>): CreateTableBuilder<T> {
  return isPostgres(db)
    ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export function refType(db: MigrationDb) {
  return isPostgres(db) ? ('bigint' as const) : ('integer' as const);
}

export function timestampType(db: MigrationDb) {
  return isPostgres(db) ? ('timestamptz' as const) : ('text' as const);
}

export function nowDefault(db: MigrationDb) {
  return isPostgres(db) ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
}

/** Adds created_at and updated_at, both defaulting to now. */
export function timestamps<T extends string>(
  db: MigrationDb,
  t: CreateTableBuilder<T>,
): CreateTableBuilder<T> {
  return t
    .addColumn('created_at', timestampType(db), (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('updated_at', timestampType(db), (c) => c.notNull().defaultTo(nowDefault(db)));
}

/** Boolean columns must be named is_* (the SQLite adapter converts them back by that name). */
export function boolColumn<T extends string>(
  t: CreateTableBuilder<T>,
  name: `is_${string}`,
  defaultValue: boolean,
): CreateTableBuilder<T> {
  return t.addColumn(name, 'boolean', (c) => c.notNull().defaultTo(defaultValue));
}
