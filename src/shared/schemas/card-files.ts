import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';

/** What the four card files (clients, projects, events, tasks) share: pages, kinds, statuses. */

export const CLIENT_KINDS = ['organization', 'person'] as const;
export const clientKindSchema = z.enum(CLIENT_KINDS);
export type ClientKind = z.infer<typeof clientKindSchema>;

export const PROJECT_KINDS = ['external', 'internal'] as const;
export const projectKindSchema = z.enum(PROJECT_KINDS);
export type ProjectKind = z.infer<typeof projectKindSchema>;

export const PROJECT_STATUSES = ['planned', 'active', 'on_hold', 'completed', 'cancelled'] as const;
export const projectStatusSchema = z.enum(PROJECT_STATUSES);
export type ProjectStatus = z.infer<typeof projectStatusSchema>;

export const EVENT_STATUSES = ['planned', 'done', 'cancelled'] as const;
export const eventStatusSchema = z.enum(EVENT_STATUSES);
export type EventStatus = z.infer<typeof eventStatusSchema>;

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const taskPrioritySchema = z.enum(TASK_PRIORITIES);
export type TaskPriority = z.infer<typeof taskPrioritySchema>;

export const DOC_TYPES = ['client', 'project', 'event', 'task'] as const;
export const docTypeSchema = z.enum(DOC_TYPES);
export type DocType = z.infer<typeof docTypeSchema>;

/** Keyset pagination: `cursor` is the opaque `nextCursor` of the previous page. */
export const pageQuery = {
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
};
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A user as documents show them (performer, author, manager…). */
export const userBrief = z.object({ id: z.number(), name: z.string() });
export type UserBrief = z.infer<typeof userBrief>;

/** A comma-separated list of ids in a query string (`?performerId=3,5`). */
export const idListQuery = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'id_list')
  .transform((s) => s.split(',').map(Number))
  .optional();

/** A calendar day, `YYYY-MM-DD`. */
export const dateSchema = z.iso.date('date');
export { idSchema, timestampSchema };
