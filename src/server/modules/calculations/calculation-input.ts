import type { ReferenceExpression, SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { AppError, invalidInput } from '../../http/errors.js';

/**
 * Input a calculation hands a card file (fields a script changed, `createTask({...})`, a `find`
 * filter), parsed with the schema the HTTP layer would use. A bad one is the HTTP layer's 400
 * `validation_failed`, its field messages translated for whoever reads it.
 */
export function parseCalcInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error.issues);
}

/** A card a calculation reads, or null when the document is gone (the card's lookup answers 404). */
export function cardOrNull<T>(card: Promise<T>): Promise<T | null> {
  return card.catch((e: unknown) => {
    if (e instanceof AppError && e.status === 404) return null;
    throw e;
  });
}

/**
 * A `find` filter's lists (ids, codes…), each narrowing the query to its values; an empty list
 * matches nothing (null), an absent one leaves the query alone.
 */
export function narrowByLists<TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  lists: readonly (readonly [ReferenceExpression<DB, TB>, readonly (number | string)[] | undefined])[],
): SelectQueryBuilder<DB, TB, O> | null {
  for (const [column, values] of lists) {
    if (!values) continue;
    if (!values.length) return null;
    q = q.where(column, 'in', values);
  }
  return q;
}
