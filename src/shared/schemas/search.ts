import { z } from 'zod';
import { DOC_TYPES, docTypeSchema } from './card-files.js';

/** Global search over clients, projects, events and tasks (GET /api/v1/search). */

export const SEARCH_QUERY_MAX = 200;
export const SEARCH_LIMIT_MAX = 100;

export const searchQuery = z.strictObject({
  q: z.string().max(SEARCH_QUERY_MAX),
  /** Comma-separated document types; all when absent. */
  types: z
    .string()
    .regex(new RegExp(`^(${DOC_TYPES.join('|')})(,(${DOC_TYPES.join('|')}))*$`), 'doc_type_list')
    .transform((s) => [...new Set(s.split(','))] as z.infer<typeof docTypeSchema>[])
    .optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(20),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchResult = z
  .object({
    docType: docTypeSchema,
    docId: z.number(),
    title: z.string(),
    subtitle: z.string(),
    /** Higher is better: exact title 100, title prefix 80, word prefix in the title 60,
     *  substring of the title 40, found in other text (phones, tax id, contacts…) 20. */
    score: z.number(),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof searchResult>;
