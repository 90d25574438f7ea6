import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';
import { dateTimeInput } from './events.js';

/** The calendar of events and task deadlines, and the per-user ICS subscription. */

export const CALENDAR_ITEM_KINDS = ['event', 'task'] as const;

export const calendarItem = z
  .object({
    kind: z.enum(CALENDAR_ITEM_KINDS),
    id: z.number(),
    number: z.string(),
    title: z.string(),
    start: timestampSchema,
    /** An event's end (null when it has none); a task deadline is a moment: end = start. */
    end: timestampSchema.nullable(),
    /** An event's status (planned, done, cancelled); a task: `open` or `final`. */
    status: z.string(),
    isOverdue: z.boolean(),
  })
  .meta({ id: 'CalendarItem' });
export type CalendarItem = z.infer<typeof calendarItem>;

export const calendarQuery = z.strictObject({
  from: dateTimeInput,
  to: dateTimeInput,
  userId: z
    .union([z.literal('all'), idSchema])
    .optional()
    .meta({ description: "Whose calendar: a user id, or 'all'; default: the caller's" }),
});
export type CalendarQuery = z.input<typeof calendarQuery>;

export const calendarResponse = z.object({
  items: z.array(calendarItem),
  truncated: z.boolean().meta({
    description: 'More events or task deadlines than one answer holds: the latest are left out',
  }),
});
export type CalendarResponse = z.infer<typeof calendarResponse>;

export const calendarFeedStatus = z
  .object({ exists: z.boolean(), createdAt: timestampSchema.nullable() })
  .meta({ id: 'CalendarFeedStatus' });
export type CalendarFeedStatus = z.infer<typeof calendarFeedStatus>;

/** The subscription address, shown once: only its hash is kept. */
export const calendarFeedCreated = z
  .object({ url: z.string(), createdAt: timestampSchema })
  .meta({ id: 'CalendarFeedCreated' });
export type CalendarFeedCreated = z.infer<typeof calendarFeedCreated>;
