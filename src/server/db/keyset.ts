import { sql, type Expression, type SqlBool } from 'kysely';
import { fieldProblem } from '../http/errors.js';

/**
 * Keyset pagination for every list: a page ends with a cursor holding the sort value and id of
 * its last row; the next page continues strictly after that pair, so pages stay stable while rows
 * are added and cost the same at any depth. Sort columns must not be null (coalesce them).
 */
export type SortValue = string | number;
export type Order = 'asc' | 'desc';

export function encodeCursor(value: SortValue, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

/** The (value, id) a cursor holds; a malformed cursor is a field error on `cursor`. */
export function decodeCursor(cursor: string): [SortValue, number] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      Number.isSafeInteger(parsed[1])
    ) {
      return [parsed[0], parsed[1] as number];
    }
  } catch {
    // falls through to the field error
  }
  throw fieldProblem('cursor', 'cursor_invalid');
}

/**
 * The condition "after the cursor" for rows ordered by `column` then `idColumn`, both in `order`.
 * `column` may be any SQL expression (e.g. a coalesce) given as raw SQL.
 */
export function afterCursor(
  column: Expression<unknown>,
  idColumn: string,
  order: Order,
  cursor: string,
): Expression<SqlBool> {
  const [value, id] = decodeCursor(cursor);
  const op = sql.raw(order === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${column} ${op} ${value} or (${column} = ${value} and ${sql.ref(idColumn)} ${op} ${id}))`;
}

/** Cuts a `limit + 1` fetch to a page and the cursor of its last row (null on the last page). */
export function cutPage<R>(
  rows: R[],
  limit: number,
  key: (row: R) => [SortValue, number],
): { rows: R[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, nextCursor: more && last ? encodeCursor(...key(last)) : null };
}
