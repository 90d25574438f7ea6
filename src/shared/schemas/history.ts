import { z } from 'zod';
import { pageOf, pageQuery } from './card-files.js';
import { timestampSchema } from './common.js';

/** «История» of a document: who changed which field when, old → new. */
export const HISTORY_ACTIONS = ['create', 'update', 'merge'] as const;
export const historyEntry = z.object({
  id: z.number(),
  action: z.enum(HISTORY_ACTIONS),
  /** The changed field (a name from shared/history-fields.ts); null for create and merge. */
  field: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  userId: z.number().nullable(),
  userName: z.string().nullable(),
  at: timestampSchema,
});
export type HistoryEntry = z.infer<typeof historyEntry>;
export const historyPage = pageOf(historyEntry);
export const historyQuery = z.strictObject({ ...pageQuery });
