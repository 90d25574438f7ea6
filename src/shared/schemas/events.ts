import { z } from 'zod';
import { eventStatusSchema, idListQuery, pageOf, pageQuery, userBrief } from './card-files.js';
import { idSchema, requiredText, text, timestampSchema } from './common.js';
import { exportFormatQuery } from './exports.js';
import { calcIdFilter } from './calculations.js';

/** Картотека событий: calls, letters, meetings… with or without a client and a project. */

/** A moment in an input: ISO 8601 with a time zone (`2025-03-01T09:30:00+02:00` or `…Z`). */
export const dateTimeInput = z.iso
  .datetime({ offset: true, error: 'event_datetime' })
  .transform((s) => new Date(s).toISOString());

/**
 * A bound of the period filter: a moment (kept as an ISO moment) or a day (kept as YYYY-MM-DD:
 * the server reads it in the enterprise's time zone, `from` a day from its start, `to` a day
 * through its end).
 */
const periodBound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'event_datetime' })
  .transform((s) => (s.length === 10 ? s : new Date(s).toISOString()));

export const eventTypeBrief = z.object({
  id: z.number(),
  code: z.string(),
  nameRu: z.string(),
  nameUk: z.string(),
  nameEn: z.string(),
  color: z.string().nullable(),
});
export type EventTypeBrief = z.infer<typeof eventTypeBrief>;

const clientBrief = z.object({ id: z.number(), name: z.string() });
const contactBrief = z.object({ id: z.number(), name: z.string() });
const projectBrief = z.object({ id: z.number(), number: z.string(), name: z.string() });
const journalBrief = z.object({ id: z.number(), nameRu: z.string(), nameUk: z.string(), nameEn: z.string() });

/** A line of the events list. */
export const eventListItem = z
  .object({
    id: z.number(),
    number: z.string(),
    typeId: z.number(),
    type: eventTypeBrief,
    subject: z.string(),
    startsAt: timestampSchema,
    endsAt: timestampSchema.nullable(),
    status: eventStatusSchema,
    clientId: z.number().nullable(),
    client: clientBrief.nullable(),
    projectId: z.number().nullable(),
    project: projectBrief.nullable(),
    journalId: z.number(),
    journal: journalBrief,
    performerId: z.number().nullable(),
    performer: userBrief.nullable(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'EventListItem' });
export type EventListItem = z.infer<typeof eventListItem>;

/** The event card. */
export const eventCard = eventListItem
  .extend({
    contactId: z.number().nullable(),
    contact: contactBrief.nullable(),
    participantIds: z.array(z.number()),
    participants: z.array(userBrief),
    description: z.string(),
    result: z.string(),
    createdBy: userBrief.nullable(),
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Event' });
export type EventCard = z.infer<typeof eventCard>;

export const eventPage = pageOf(eventListItem);
export type EventPage = z.infer<typeof eventPage>;

const participantIds = z.array(idSchema).max(100);

export const createEventRequest = z.strictObject({
  typeId: idSchema,
  subject: requiredText(1000),
  startsAt: dateTimeInput,
  endsAt: dateTimeInput.nullable().optional().meta({
    description: "Default: startsAt + the type's default duration (none when it is 0)",
  }),
  status: eventStatusSchema.default('planned'),
  clientId: idSchema.nullable().optional().meta({ description: "Default: the project's client" }),
  contactId: idSchema.nullable().optional().meta({ description: 'A contact person of the client' }),
  projectId: idSchema.nullable().optional(),
  journalId: idSchema.nullable().optional().meta({ description: 'Default: the default events journal' }),
  performerId: idSchema
    .nullable()
    .optional()
    .meta({ description: 'The responsible user; default: the creator' }),
  participantIds: participantIds.default([]),
  description: text(100_000).default(''),
  result: text(100_000).default(''),
});
export type CreateEvent = z.input<typeof createEventRequest>;

export const updateEventRequest = z.strictObject({
  typeId: idSchema.optional(),
  subject: requiredText(1000).optional(),
  startsAt: dateTimeInput.optional().meta({ description: 'Without endsAt, the end moves along' }),
  endsAt: dateTimeInput.nullable().optional(),
  status: eventStatusSchema.optional(),
  clientId: idSchema.nullable().optional().meta({ description: 'Changing the client clears the contact' }),
  contactId: idSchema.nullable().optional(),
  projectId: idSchema.nullable().optional(),
  journalId: idSchema.optional(),
  performerId: idSchema.nullable().optional(),
  participantIds: participantIds.optional().meta({ description: 'The whole new list' }),
  description: text(100_000).optional(),
  result: text(100_000).optional(),
});
export type UpdateEvent = z.input<typeof updateEventRequest>;

export const EVENT_SORTS = ['startsAt', 'number', 'createdAt'] as const;

const statusList = z
  .string()
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(eventStatusSchema))
  .optional();

/** The filter of the list and of its export (every field is also a URL parameter of the web list). */
export const eventFilterFields = {
  q: text(200).optional().meta({ description: 'Part of the subject or number' }),
  typeId: idListQuery,
  status: statusList,
  performerId: idListQuery,
  clientId: idListQuery,
  projectId: idListQuery,
  journalId: idSchema.optional().meta({ description: 'The journal and every journal below it' }),
  from: periodBound.optional().meta({ description: 'Starts at or after (a day: from its start)' }),
  to: periodBound.optional().meta({ description: 'Starts before (a day: through its end)' }),
  sort: z.enum(EVENT_SORTS).default('startsAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
};

export const eventListQuery = z.strictObject({ ...pageQuery, ...eventFilterFields });
export type EventListQuery = z.infer<typeof eventListQuery>;
export type EventFilter = Omit<EventListQuery, 'cursor' | 'limit'>;

export const eventExportQuery = z.strictObject({ ...exportFormatQuery, ...eventFilterFields });

/** `find('events', filter)` of a calculation (see EventsService.calcFindWithin). */
export const eventCalcFilter = z.strictObject({
  ids: calcIdFilter,
  projectId: calcIdFilter,
  clientId: calcIdFilter,
  performerId: calcIdFilter,
  typeCode: z
    .union([z.array(z.string().max(100)).max(100), z.string().max(100)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
});
