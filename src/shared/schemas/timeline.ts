import { z } from 'zod';
import { docTypeSchema, pageOf, pageQuery } from './card-files.js';
import { timestampSchema } from './common.js';

/** One line of a client's or project's timeline, newest first. */
export const TIMELINE_KINDS = ['event', 'task', 'project', 'change'] as const;
export const timelineKindSchema = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof timelineKindSchema>;

export const timelineItem = z.object({
  kind: timelineKindSchema,
  /** The id of the event, task or project, or of the history entry for a change. */
  id: z.number(),
  at: timestampSchema,
  /** The document to open when the line is clicked. */
  docType: docTypeSchema,
  docId: z.number(),
  number: z.string().nullable(),
  title: z.string(),
  /** Event type, task status, project status, or the changed field. */
  subtitle: z.string(),
  status: z.string().nullable(),
  userName: z.string().nullable(),
});
export type TimelineItem = z.infer<typeof timelineItem>;

export const timelinePage = pageOf(timelineItem);
export type TimelinePage = z.infer<typeof timelinePage>;

export const timelineQuery = z.strictObject({
  ...pageQuery,
  /** Comma-separated kinds to show; all when absent. */
  kinds: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(timelineKindSchema))
    .optional(),
});
