import type { SelectQueryBuilder } from 'kysely';
import type { Engine } from './database.js';

/**
 * "Take the next row" when many callers ask at once (the queue's Call next): the one place the
 * engines differ in it.
 *
 * - PostgreSQL runs transactions side by side, so the query that picks the row is made
 *   `FOR UPDATE OF <table> SKIP LOCKED`: a row another transaction is taking is passed over, and
 *   concurrent callers get different rows without waiting for each other. The picked row stays
 *   locked by the caller's transaction until it is taken.
 * - SQLite's single connection runs one transaction at a time (Kysely's connection mutex): nothing
 *   can take the row between the pick and the update of the same transaction, and the clause would
 *   not parse there. The query stays as it is.
 */
export function claimNext<DB, TB extends keyof DB, O>(
  engine: Engine,
  query: SelectQueryBuilder<DB, TB, O>,
  of: TB & string,
): SelectQueryBuilder<DB, TB, O> {
  return engine === 'postgres' ? query.forUpdate(of).skipLocked() : query;
}

/**
 * Locks the rows a query reads until the transaction ends, to serialize work on them (one
 * caller's two requests at once): `FOR UPDATE` on PostgreSQL; SQLite's transactions are
 * serialized already.
 */
export function lockRows<DB, TB extends keyof DB, O>(
  engine: Engine,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return engine === 'postgres' ? query.forUpdate() : query;
}
