import path from 'node:path';
import { Kysely, sql } from 'kysely';
import type { DB } from './schema.js';
import { openSqlite, type SqliteSynchronous } from './sqlite.js';
import { openPostgres } from './postgres.js';

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

export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) {
    const { dialect, pool } = openPostgres(opts.databaseUrl);
    const db = new Kysely<DB>({ dialect });
    const u = new URL(opts.databaseUrl);
    return {
      db,
      engine: 'postgres',
      location: `postgres://${u.host}${u.pathname}`,
      ping: async () => void (await sql`select 1`.execute(db)),
      close: async () => {
        await db.destroy();
        await pool.end().catch(() => undefined);
      },
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
