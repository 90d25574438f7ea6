import type { z } from 'zod';
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
