import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

export type SqliteSynchronous = 'NORMAL' | 'FULL';

export class DatabaseInUseError extends Error {}

/** SQLite has no boolean or timestamp types: bind them as 1/0 and ISO strings. */
function toSqliteParam(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Columns named `is_*` are booleans by convention; SQLite hands them back as 0/1. */
function fromSqliteRow(row: unknown): unknown {
  if (row === null || typeof row !== 'object') return row;
  const r = row as Record<string, unknown>;
  for (const key in r) {
    if (key.startsWith('is_') && typeof r[key] === 'number') r[key] = r[key] === 1;
  }
  return r;
}

// Preparing a statement costs more than running it; the app issues a bounded set of SQL texts.
const STATEMENT_CACHE_SIZE = 500;
/** Kysely ends a transaction with the statement `commit` (or `rollback`) on the one connection. */
const COMMIT = /^\s*(commit|end)\b/i;

/**
 * Runs `work` once the transaction open on the connection commits, and drops it if that rolls
 * back; with no transaction open, runs it at once.
 */
export type AfterCommit = (work: () => void) => void;

function wrap(raw: BetterSqlite3.Database): { database: SqliteDatabase; afterCommit: AfterCommit } {
  // Transactions are serialised on the single connection: whatever is queued belongs to the open one.
  let queued: (() => void)[] = [];
  const afterCommit: AfterCommit = (work) => {
    if (raw.inTransaction) queued.push(work);
    else work();
  };
  /** After a statement: the transaction it ended hands its queue on (committed) or drops it. */
  const settle = (committed: boolean) => {
    if (!queued.length || raw.inTransaction) return;
    const work = queued;
    queued = [];
    if (committed) for (const w of work) w();
  };
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepared = (sql: string): BetterSqlite3.Statement => {
    let stmt = cache.get(sql);
    if (stmt) return stmt;
    stmt = raw.prepare(sql);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(sql, stmt);
    return stmt;
  };
  const database: SqliteDatabase = {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const stmt = prepared(sql);
      return {
        reader: stmt.reader,
        all: (params) => stmt.all(...params.map(toSqliteParam)).map(fromSqliteRow),
        run: (params) => {
          // A failed COMMIT that ended the transaction (SQLite rolled it back) drops the queue too.
          let ok = false;
          try {
            const result = stmt.run(...params.map(toSqliteParam));
            ok = true;
            return result;
          } finally {
            settle(ok && COMMIT.test(sql));
          }
        },
        *iterate(params) {
          for (const row of stmt.iterate(...params.map(toSqliteParam))) yield fromSqliteRow(row);
        },
      };
    },
  };
  return { database, afterCommit };
}

/**
 * Opens the embedded database. The file is taken in EXCLUSIVE locking mode and write-locked
 * at once, so a second process fails here with a clear error instead of sharing (and, over
 * NFS or with a copied WAL, corrupting) the file. The OS releases the lock when the process dies.
 */
export function openSqlite(
  file: string,
  synchronous: SqliteSynchronous,
): { dialect: SqliteDialect; raw: BetterSqlite3.Database; afterCommit: AfterCommit } {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file, { timeout: 200 });
  try {
    raw.pragma('locking_mode = EXCLUSIVE');
    raw.pragma('journal_mode = WAL');
    raw.exec('BEGIN IMMEDIATE; COMMIT;');
  } catch (e) {
    raw.close();
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      throw new DatabaseInUseError(
        `The database file ${file} is already in use by another Kartoteka process. ` +
          'Stop that process first, or point this one at another data directory (--data / KARTOTEKA_DATA). ' +
          'To run several processes, use PostgreSQL (DATABASE_URL).',
      );
    }
    throw e;
  }
  raw.pragma(`synchronous = ${synchronous}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // SQLite's own lower()/upper() fold ASCII only; case-insensitive search must work for
  // Cyrillic names as it does on PostgreSQL.
  const fold = (f: (s: string) => string) => (v: unknown) => (typeof v === 'string' ? f(v) : v);
  raw.function(
    'lower',
    { deterministic: true },
    fold((s) => s.toLowerCase()),
  );
  raw.function(
    'upper',
    { deterministic: true },
    fold((s) => s.toUpperCase()),
  );
  const { database, afterCommit } = wrap(raw);
  return { dialect: new SqliteDialect({ database }), raw, afterCommit };
}
