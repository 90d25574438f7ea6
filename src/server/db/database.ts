import path from 'node:path';
import { Kysely, sql } from 'kysely';
import type { DB } from './schema.js';
import { openSqlite, type SqliteSynchronous } from './sqlite.js';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Where the data lives, for logs: the SQLite file or the PostgreSQL host/database. */
  location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  sqliteSynchronous: SqliteSynchronous;
}

export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'kartoteka.db');
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // Loaded only when used: the embedded engine starts faster without the pg driver.
    const { openPostgres } = await import('./postgres.js');
    const { dialect } = openPostgres(opts.databaseUrl);
    const db = new Kysely<DB>({ dialect });
    const u = new URL(opts.databaseUrl);
    return {
      db,
      engine: 'postgres',
      location: `postgres://${u.host}${u.pathname}`,
      ping: async () => void (await sql`select 1`.execute(db)),
      // Destroying Kysely ends the pg pool.
      close: () => db.destroy(),
    };
  }
  const file = sqliteFile(opts.dataDir);
  const { dialect } = openSqlite(file, opts.sqliteSynchronous);
  const db = new Kysely<DB>({ dialect });
  return {
    db,
    engine: 'sqlite',
    location: file,
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}
