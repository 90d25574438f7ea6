import type { z } from 'zod';
import { invalidInput } from '../../http/errors.js';

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
