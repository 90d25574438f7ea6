import { z } from 'zod';
import { idSchema, requiredText, timestampSchema } from './common.js';
import { HISTORY_DOC_TYPES } from '../history-fields.js';

/** Настройка → Справочники: event types, task statuses, user statuses, journals, history keeping. */

export const BOOKS = ['event_type', 'task_status', 'user_status', 'journal'] as const;
export type BookName = (typeof BOOKS)[number];

export const bookCode = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,64}$/, 'book_code_format');
export const bookColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'book_color_format')
  .transform((c) => c.toLowerCase())
  .nullable();
const sortOrder = z.number().int().min(0).max(1_000_000);

/** What every entry of every book has. */
const entryFields = {
  id: idSchema,
  code: z.string(),
  nameRu: z.string(),
  nameUk: z.string(),
  nameEn: z.string(),
  isActive: z.boolean(),
  sortOrder: z.number().int(),
  color: z.string().nullable().meta({ description: '#rrggbb or null' }),
  isSystem: z.boolean().meta({
    description: 'Created by migrations: cannot be deleted, its code and its own flags never change',
  }),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
};

const createFields = {
  code: bookCode,
  nameRu: requiredText(200),
  nameUk: requiredText(200),
  nameEn: requiredText(200),
  isActive: z.boolean().default(true),
  sortOrder: sortOrder.optional().meta({ description: 'Default: after the last entry' }),
  color: bookColor.default(null),
};

const updateFields = {
  code: bookCode.optional().meta({ description: 'A system entry keeps its code' }),
  nameRu: requiredText(200).optional(),
  nameUk: requiredText(200).optional(),
  nameEn: requiredText(200).optional(),
  isActive: z.boolean().optional(),
  sortOrder: sortOrder.optional(),
  color: bookColor.optional(),
};

export const bookListQuery = z.strictObject({ active: z.enum(['true', 'false']).optional() });

// Типы событий
export const EVENT_DIRECTIONS = ['in', 'out', 'none'] as const;
export const EVENT_CHANNELS = [
  'call',
  'letter',
  'email',
  'visit',
  'survey',
  'meeting',
  'queue',
  'other',
] as const;
const duration = z.number().int().min(0).max(10_080).meta({ description: 'Minutes (at most a week)' });

export const eventType = z
  .object({
    ...entryFields,
    direction: z.enum(EVENT_DIRECTIONS),
    channel: z.enum(EVENT_CHANNELS),
    defaultDurationMinutes: z.number().int(),
  })
  .meta({ id: 'EventType' });
export type EventType = z.infer<typeof eventType>;

export const createEventTypeRequest = z.strictObject({
  ...createFields,
  direction: z.enum(EVENT_DIRECTIONS).default('none'),
  channel: z.enum(EVENT_CHANNELS).default('other'),
  defaultDurationMinutes: duration.default(0),
});
export type CreateEventType = z.infer<typeof createEventTypeRequest>;

export const updateEventTypeRequest = z.strictObject({
  ...updateFields,
  direction: z.enum(EVENT_DIRECTIONS).optional().meta({ description: 'Fixed for system types' }),
  channel: z.enum(EVENT_CHANNELS).optional().meta({ description: 'Fixed for system types' }),
  defaultDurationMinutes: duration.optional(),
});
export type UpdateEventType = z.infer<typeof updateEventTypeRequest>;

// Статусы задач
const allowedNextIds = z
  .array(idSchema)
  .max(100)
  .meta({ description: 'Statuses a task may move to from this one; empty: any status' });

export const taskStatus = z
  .object({
    ...entryFields,
    isInitial: z.boolean().meta({ description: 'The status of a new task; exactly one status has it' }),
    isFinal: z.boolean().meta({ description: 'A task in a final status is closed' }),
    allowedNextIds: z.array(idSchema),
  })
  .meta({ id: 'TaskStatus' });
export type TaskStatus = z.infer<typeof taskStatus>;

export const createTaskStatusRequest = z.strictObject({
  ...createFields,
  isInitial: z.boolean().default(false),
  isFinal: z.boolean().default(false),
  allowedNextIds: allowedNextIds.default([]),
});
export type CreateTaskStatus = z.infer<typeof createTaskStatusRequest>;

export const updateTaskStatusRequest = z.strictObject({
  ...updateFields,
  isInitial: z.boolean().optional().meta({ description: 'Fixed for system statuses' }),
  isFinal: z.boolean().optional().meta({ description: 'Fixed for system statuses' }),
  allowedNextIds: allowedNextIds.optional(),
});
export type UpdateTaskStatus = z.infer<typeof updateTaskStatusRequest>;

// Статусы пользователей
export const userStatus = z
  .object({
    ...entryFields,
    isTakingClients: z
      .boolean()
      .meta({ description: 'An operator in this status may get the next client of the queue' }),
    isQueuePaused: z.boolean().meta({ description: 'Paused in the telephony queue' }),
  })
  .meta({ id: 'UserStatus' });
export type UserStatus = z.infer<typeof userStatus>;

export const createUserStatusRequest = z.strictObject({
  ...createFields,
  isTakingClients: z.boolean().default(false),
  isQueuePaused: z.boolean().default(false),
});
export type CreateUserStatus = z.infer<typeof createUserStatusRequest>;

export const updateUserStatusRequest = z.strictObject({
  ...updateFields,
  isTakingClients: z.boolean().optional().meta({ description: 'Fixed for system statuses' }),
  isQueuePaused: z.boolean().optional().meta({ description: 'Fixed for system statuses' }),
});
export type UpdateUserStatus = z.infer<typeof updateUserStatusRequest>;

/** A user's current status and when it was set; both null before the first one is set. */
export const currentUserStatus = z
  .object({
    userId: idSchema,
    status: userStatus.nullable(),
    setAt: timestampSchema.nullable(),
  })
  .meta({ id: 'CurrentUserStatus' });
export type CurrentUserStatus = z.infer<typeof currentUserStatus>;

export const setMyStatusRequest = z.strictObject({ statusId: idSchema });

export const usersCurrentStatuses = z.array(
  currentUserStatus.extend({ login: z.string(), fullName: z.string(), isActive: z.boolean() }),
);
export type UserCurrentStatusRow = z.infer<typeof usersCurrentStatuses>[number];

// Журналы
export const JOURNAL_DOC_TYPES = ['project', 'event', 'task'] as const;
export type JournalDocType = (typeof JOURNAL_DOC_TYPES)[number];

export const journal = z
  .object({
    ...entryFields,
    docType: z.enum(JOURNAL_DOC_TYPES),
    parentId: idSchema.nullable().meta({ description: 'null for the system sections' }),
    isDefault: z.boolean().meta({ description: 'Where new documents of its type go; one per type' }),
  })
  .meta({ id: 'Journal' });
export type Journal = z.infer<typeof journal>;

export const createJournalRequest = z.strictObject({
  ...createFields,
  parentId: idSchema.meta({ description: 'A journal of the same document type (a system section or below)' }),
  docType: z
    .enum(JOURNAL_DOC_TYPES)
    .optional()
    .meta({ description: "Taken from the parent; if given, must be the parent's" }),
  isDefault: z.boolean().default(false),
});
export type CreateJournal = z.infer<typeof createJournalRequest>;

export const updateJournalRequest = z.strictObject({
  ...updateFields,
  parentId: idSchema.optional().meta({ description: 'Same document type, not below itself' }),
  isDefault: z
    .boolean()
    .optional()
    .meta({ description: 'true moves the default of the document type here; cannot be unset' }),
});
export type UpdateJournal = z.infer<typeof updateJournalRequest>;

// Ведение истории
const historyDocType = z.enum(HISTORY_DOC_TYPES);

export const historyMatrix = z
  .array(
    z.object({
      docType: historyDocType,
      fields: z.array(z.object({ field: z.string(), isRecorded: z.boolean() })),
    }),
  )
  .meta({ id: 'HistorySettings' });
export type HistoryMatrix = z.infer<typeof historyMatrix>;

export const updateHistoryRequest = z.strictObject({
  changes: z
    .array(z.strictObject({ docType: historyDocType, field: z.string().max(64), isRecorded: z.boolean() }))
    .min(1)
    .max(200),
});
export type UpdateHistory = z.infer<typeof updateHistoryRequest>;
