import pg from 'pg';
import { PostgresDialect } from 'kysely';

/**
 * Make PostgreSQL return what SQLite returns: int8 (ids, counts) as numbers — ids stay far
 * below 2^53 — and timestamps as ISO-8601 UTC strings with milliseconds.
 */
function toIso(text: string, assumeUtc: boolean): string {
  let v = text.replace(' ', 'T');
  if (assumeUtc) v += 'Z';
  else v = v.replace(/([+-]\d\d)$/, '$1:00');
  return new Date(v).toISOString();
}
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => toIso(v, false));
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => toIso(v, true));

export function openPostgres(url: string, max = 10): { dialect: PostgresDialect } {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server closed (a restart, pg_terminate_backend) is dropped by the pool
  // and replaced on the next query; unhandled, the event would end the process.
  pool.on('error', () => undefined);
  return { dialect: new PostgresDialect({ pool }) };
}
