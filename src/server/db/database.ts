import path from 'node:path';
import { Kysely, sql } from 'kysely';
import type { DB } from './schema.js';
import { openSqlite, type SqliteSynchronous } from './sqlite.js';
import { LocalNotifier, PgNotifier, type Notifier } from './notify.js';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Where the data lives, for logs: the SQLite file or the PostgreSQL host/database. */
  location: string;
  /** Messages between the processes on this database (live updates); closed with it. */
  notifier: Notifier;
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
    const notifier = new PgNotifier(opts.databaseUrl, db);
    return {
      db,
      engine: 'postgres',
      location: `postgres://${u.host}${u.pathname}`,
      notifier,
      ping: async () => void (await sql`select 1`.execute(db)),
      // Destroying Kysely ends the pg pool; the notifier's listening connection is its own.
      close: async () => {
        await notifier.close();
        await db.destroy();
      },
    };
  }
  const file = sqliteFile(opts.dataDir);
  const { dialect, afterCommit } = openSqlite(file, opts.sqliteSynchronous);
  const db = new Kysely<DB>({ dialect });
  const notifier = new LocalNotifier(afterCommit);
  return {
    db,
    engine: 'sqlite',
    location: file,
    notifier,
    ping: async () => void (await sql`select 1`.execute(db)),
    close: async () => {
      await notifier.close();
      await db.destroy();
    },
  };
}
