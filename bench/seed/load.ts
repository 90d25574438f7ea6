/**
 * Bulk writers for the generated rows. SQLite: one transaction per batch, prepared multi-row
 * INSERTs (better-sqlite3). PostgreSQL: one INSERT … SELECT FROM unnest($1::type[], …) per chunk,
 * a single round trip for thousands of rows. Secondary indexes (and SQLite's full-text triggers)
 * are dropped for the load and re-created from their own definitions afterwards, so the schema
 * ends exactly as the migrations made it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { Batch, TableSpec } from './generate.js';

export interface Sink {
  begin(): Promise<void>;
  write(batch: Batch): Promise<void>;
  commit(): Promise<void>;
  /** Drops the secondary indexes of `tables` (and what else slows a bulk load). */
  prepareLoad(tables: string[]): Promise<void>;
  /** Re-creates what prepareLoad dropped; `log` names each step as it starts. */
  finishLoad(log: (step: string) => void): Promise<void>;
  /** Sets counters so that later numbers follow the generated ones. */
  setCounters(rows: { docType: string; scope: string; period: string; value: number }[]): Promise<void>;
  close(): Promise<void>;
}

/** SQLite's limit of bound parameters is 32766; 500 rows per statement is past the point of gains. */
const SQLITE_ROWS_PER_STATEMENT = 500;

export class SqliteSink implements Sink {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private dropped: { indexes: { table: string; sql: string }[]; triggers: string[] } = {
    indexes: [],
    triggers: [],
  };
  constructor(private readonly raw: BetterSqlite3.Database) {
    raw.pragma('synchronous = OFF');
    raw.pragma('cache_size = -512000');
    raw.pragma('temp_store = MEMORY');
  }

  async begin(): Promise<void> {
    this.raw.exec('begin');
  }

  async write(batch: Batch): Promise<void> {
    for (const [t, values] of batch.tables) this.insert(t, values);
  }

  async commit(): Promise<void> {
    this.raw.exec('commit');
  }

  private insert(t: TableSpec, values: unknown[]): void {
    const width = t.columns.length;
    const rows = values.length / width;
    const per = Math.min(SQLITE_ROWS_PER_STATEMENT, Math.floor(32_000 / width));
    for (let at = 0; at < rows; at += per) {
      const n = Math.min(per, rows - at);
      this.statement(t, n).run(values.slice(at * width, (at + n) * width));
    }
  }

  private statement(t: TableSpec, rows: number): BetterSqlite3.Statement {
    const key = `${t.name}:${rows}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      const row = `(${t.columns.map(() => '?').join(',')})`;
      stmt = this.raw.prepare(
        `insert into ${t.name} (${t.columns.join(',')}) values ${Array(rows).fill(row).join(',')}`,
      );
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  async prepareLoad(tables: string[]): Promise<void> {
    const list = tables.map((t) => `'${t}'`).join(',');
    const objects = (type: string) =>
      this.raw
        .prepare(
          `select name, tbl_name as tbl, sql from sqlite_master
           where type = ? and tbl_name in (${list}) and sql is not null order by tbl_name, rowid`,
        )
        .all(type) as { name: string; tbl: string; sql: string }[];
    const indexes = objects('index');
    // The full-text index is rebuilt in one pass at the end instead of row by row.
    const triggers = objects('trigger');
    for (const i of indexes) this.raw.exec(`drop index ${i.name}`);
    for (const t of triggers) this.raw.exec(`drop trigger ${t.name}`);
    this.dropped = {
      indexes: indexes.map((i) => ({ table: i.tbl, sql: i.sql })),
      triggers: triggers.map((t) => t.sql),
    };
  }

  async finishLoad(log: (step: string) => void): Promise<void> {
    let table = '';
    for (const index of this.dropped.indexes) {
      if (index.table !== table) log(`indexes of ${(table = index.table)}`);
      this.raw.exec(index.sql);
    }
    if (this.dropped.triggers.length) {
      log('rebuild search_fts');
      this.raw.exec(`insert into search_fts(search_fts) values ('rebuild')`);
      for (const sql of this.dropped.triggers) this.raw.exec(sql);
    }
    this.dropped = { indexes: [], triggers: [] };
  }

  async setCounters(
    rows: { docType: string; scope: string; period: string; value: number }[],
  ): Promise<void> {
    const stmt = this.raw.prepare(
      `insert into numbering_counters (doc_type, scope, period, value) values (?, ?, ?, ?)
       on conflict (doc_type, scope, period) do update set value = max(value, excluded.value)`,
    );
    for (const r of rows) stmt.run(r.docType, r.scope, r.period, r.value);
  }

  async close(): Promise<void> {
    this.raw.pragma('wal_checkpoint(TRUNCATE)');
    this.raw.close();
  }
}

/** Rows per INSERT … unnest(): big enough to amortise the round trip, small enough to stream. */
const PG_ROWS_PER_STATEMENT = 20_000;

export class PostgresSink implements Sink {
  private dropped: { table: string; sql: string }[] = [];
  private readonly explicitIds = new Set<string>();
  private loaded: string[] = [];
  /** `connect` opens another session on the same database (index builds run two at a time). */
  constructor(
    private readonly client: pg.Client,
    private readonly connect: () => Promise<pg.Client>,
  ) {}

  /** The load session: no per-row foreign-key triggers (the generator keeps references valid), no fsync waits. */
  async open(): Promise<void> {
    await this.client.query(`set session_replication_role = replica`);
    await this.client.query(`set synchronous_commit = off`);
    await this.client.query(`set maintenance_work_mem = '1GB'`);
  }

  async begin(): Promise<void> {
    await this.client.query('begin');
  }

  async write(batch: Batch): Promise<void> {
    for (const [t, values] of batch.tables) await this.insert(t, values);
  }

  async commit(): Promise<void> {
    await this.client.query('commit');
  }

  private async insert(t: TableSpec, values: unknown[]): Promise<void> {
    if (t.columns[0] === 'id') this.explicitIds.add(t.name);
    const width = t.columns.length;
    const rows = values.length / width;
    const params = t.pgTypes.map((type, i) => `$${i + 1}::${type}[]`).join(',');
    const text = `insert into ${t.name} (${t.columns.join(',')}) select * from unnest(${params})`;
    for (let at = 0; at < rows; at += PG_ROWS_PER_STATEMENT) {
      const n = Math.min(PG_ROWS_PER_STATEMENT, rows - at);
      const columns = t.columns.map(() => new Array<unknown>(n));
      for (let r = 0; r < n; r++) {
        const base = (at + r) * width;
        for (let c = 0; c < width; c++) columns[c]![r] = values[base + c];
      }
      await this.client.query(text, columns);
    }
  }

  async prepareLoad(tables: string[]): Promise<void> {
    const { rows } = await this.client.query<{ tablename: string; indexname: string; indexdef: string }>(
      `select i.tablename, i.indexname, i.indexdef from pg_indexes i
       where i.schemaname = current_schema() and i.tablename = any($1)
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
       order by i.tablename`,
      [tables],
    );
    for (const r of rows) await this.client.query(`drop index ${r.indexname}`);
    this.loaded = tables;
    this.dropped = rows.map((r) => ({ table: r.tablename, sql: r.indexdef }));
  }

  async finishLoad(log: (step: string) => void): Promise<void> {
    // Two sessions build indexes side by side (CREATE INDEX takes a lock that allows others on the
    // same table), the slow trigram index of the search entries first; then they vacuum.
    const queue = [...this.dropped].sort(
      (a, b) => Number(b.sql.includes('gin')) - Number(a.sql.includes('gin')),
    );
    // The search entries are vacuumed last: until its trigram index is built, the other session would wait.
    const vacuums = [...this.loaded].sort(
      (a, b) => Number(a === 'search_entries') - Number(b === 'search_entries'),
    );
    log(`${queue.length} indexes of ${this.loaded.join(', ')}; vacuum analyze`);
    const second = await this.connect();
    try {
      await second.query(`set maintenance_work_mem = '1GB'`);
      const work = async (c: pg.Client) => {
        for (let next = queue.shift(); next; next = queue.shift()) await c.query(next.sql);
        for (let next = vacuums.shift(); next; next = vacuums.shift())
          await c.query(`vacuum analyze ${next}`);
      };
      await Promise.all([work(this.client), work(second)]);
    } finally {
      await second.end();
    }
    this.dropped = [];
    // Rows were inserted with their ids; the identity sequences continue after them.
    for (const t of this.explicitIds) {
      await this.client.query(
        `select setval(pg_get_serial_sequence('${t}', 'id'), greatest(1, (select max(id) from ${t})))`,
      );
    }
  }

  async setCounters(
    rows: { docType: string; scope: string; period: string; value: number }[],
  ): Promise<void> {
    for (const r of rows) {
      await this.client.query(
        `insert into numbering_counters (doc_type, scope, period, value) values ($1, $2, $3, $4)
         on conflict (doc_type, scope, period) do update
           set value = greatest(numbering_counters.value, excluded.value)`,
        [r.docType, r.scope, r.period, r.value],
      );
    }
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
