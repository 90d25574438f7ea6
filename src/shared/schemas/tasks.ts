import { z } from 'zod';
import { idSchema, requiredText, text, timestampSchema } from './common.js';
import { idListQuery, pageOf, pageQuery, taskPrioritySchema, userBrief } from './card-files.js';
import { exportFormatQuery } from './exports.js';
import { calcIdFilter } from './calculations.js';

/** Картотека задач: tasks, their comments and checklists, the list filters and the kanban board. */

export const TASK_TITLE_MAX = 1000;
export const TASK_DESCRIPTION_MAX = 100_000;
export const TASK_COMMENT_MAX = 20_000;
export const TASK_CHECKLIST_TEXT_MAX = 1000;
/** The board shows at most this many tasks per column (each column also reports its total). */
export const TASK_BOARD_COLUMN_CAP = 200;

/** A task's status as lists and cards show it (names in every UI language). */
export const taskStatusBrief = z.object({
  id: idSchema,
  code: z.string(),
  nameRu: z.string(),
  nameUk: z.string(),
  nameEn: z.string(),
  color: z.string().nullable(),
  isFinal: z.boolean(),
});
export type TaskStatusBrief = z.infer<typeof taskStatusBrief>;

const named = z.object({ id: idSchema, name: z.string() });

/** One row of the task lists, the board and "my tasks". */
export const taskListItem = z
  .object({
    id: idSchema,
    number: z.string(),
    title: z.string(),
    statusId: idSchema,
    status: taskStatusBrief,
    priority: taskPrioritySchema,
    authorId: idSchema.nullable(),
    author: userBrief.nullable(),
    performerId: idSchema.nullable(),
    performer: userBrief.nullable(),
    controllerId: idSchema.nullable(),
    controller: userBrief.nullable(),
    startsAt: timestampSchema.nullable(),
    deadline: timestampSchema.nullable(),
    completedAt: timestampSchema
      .nullable()
      .meta({ description: 'Set when the task enters a final status, cleared when it leaves one' }),
    isOverdue: z.boolean().meta({ description: 'The deadline has passed and the status is not final' }),
    clientId: idSchema.nullable(),
    client: named.nullable().meta({ description: 'The client (also when it was deleted since)' }),
    projectId: idSchema.nullable(),
    eventId: idSchema.nullable(),
    journalId: idSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'TaskListItem' });
export type TaskListItem = z.infer<typeof taskListItem>;

/** The task card. */
export const task = taskListItem
  .extend({
    description: z.string(),
    project: z.object({ id: idSchema, number: z.string(), name: z.string() }).nullable(),
    event: z.object({ id: idSchema, number: z.string(), subject: z.string() }).nullable(),
    journal: z.object({ id: idSchema, nameRu: z.string(), nameUk: z.string(), nameEn: z.string() }),
    checklist: z.object({ total: z.number().int(), done: z.number().int() }),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof task>;

const ref = idSchema.nullable();
/** A moment with its offset (`2025-03-01T09:00:00+02:00`); stored as UTC. */
const moment = z.iso.datetime({ offset: true, error: 'task_datetime' }).nullable();

export const createTaskRequest = z.strictObject({
  title: requiredText(TASK_TITLE_MAX),
  description: text(TASK_DESCRIPTION_MAX).default(''),
  statusId: idSchema.optional().meta({ description: 'Default: the initial status' }),
  priority: taskPrioritySchema.default('normal'),
  authorId: ref.optional().meta({ description: 'Default: the caller' }),
  performerId: ref.default(null),
  controllerId: ref.default(null),
  startsAt: moment.default(null),
  deadline: moment.default(null).meta({ description: 'Not before startsAt' }),
  projectId: ref.default(null),
  eventId: ref.default(null).meta({ description: 'The event the task is based on' }),
  clientId: ref
    .optional()
    .meta({ description: "Default: the event's client, else the project's client; null for none" }),
  journalId: ref.default(null).meta({ description: 'Default: the default journal of tasks' }),
});
export type CreateTask = z.input<typeof createTaskRequest>;

export const updateTaskRequest = z.strictObject({
  title: requiredText(TASK_TITLE_MAX).optional(),
  description: text(TASK_DESCRIPTION_MAX).optional(),
  statusId: idSchema.optional().meta({ description: 'Obeys the allowed transitions of the status book' }),
  priority: taskPrioritySchema.optional(),
  authorId: ref.optional(),
  performerId: ref.optional(),
  controllerId: ref.optional(),
  startsAt: moment.optional(),
  deadline: moment.optional(),
  projectId: ref.optional(),
  eventId: ref.optional(),
  clientId: ref.optional(),
  journalId: ref.optional(),
});
export type UpdateTask = z.input<typeof updateTaskRequest>;

export const changeTaskStatusRequest = z.strictObject({ statusId: idSchema });
export type ChangeTaskStatus = z.input<typeof changeTaskStatusRequest>;

/** The most tasks one bulk status change takes. */
export const TASK_BULK_MAX = 10_000;

/** Moves many tasks to one status; each is checked like a single change (rights, transitions). */
export const bulkTaskStatusRequest = z.strictObject({
  ids: z.array(idSchema).min(1, 'required').max(TASK_BULK_MAX),
  statusId: idSchema,
});
export type BulkTaskStatus = z.input<typeof bulkTaskStatusRequest>;

export const bulkTaskStatusResult = z
  .object({
    /** Tasks moved (those already in the status are neither moved nor refused). */
    updated: z.number().int(),
    /** The tasks refused, each with the reason in the caller's language. */
    errors: z.array(z.object({ id: z.number(), code: z.string(), message: z.string() })),
  })
  .meta({ id: 'BulkTaskStatusResult' });
export type BulkTaskStatusResult = z.infer<typeof bulkTaskStatusResult>;

export const TASK_SORTS = ['createdAt', 'deadline', 'number', 'priority'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export const TASK_MINE = ['performer', 'author', 'controller', 'any'] as const;
export type TaskMine = (typeof TASK_MINE)[number];

/**
 * A bound of the deadline period: a moment, or a day (`from` from its start, `to` through its
 * end), days in the enterprise's time zone.
 */
const bound = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'task_datetime' });

/** The filters of the list, the board and the export. */
export const taskFilterFields = {
  q: text(200).optional().meta({ description: 'A substring of the title or the number' }),
  statusId: idListQuery,
  performerId: idListQuery,
  authorId: idListQuery,
  controllerId: idListQuery,
  clientId: idListQuery,
  projectId: idListQuery,
  eventId: idListQuery,
  journalId: idSchema.optional().meta({ description: 'The journal and every journal below it' }),
  from: bound.optional().meta({ description: 'Deadline from (inclusive)' }),
  to: bound.optional().meta({ description: 'Deadline up to (a day: through its end; a moment: exclusive)' }),
  mine: z.enum(TASK_MINE).optional().meta({ description: "The caller's tasks in this role" }),
  overdue: z.enum(['true', 'false']).optional(),
};
const sortFields = {
  sort: z.enum(TASK_SORTS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
};
export const taskListQuery = z.strictObject({ ...pageQuery, ...sortFields, ...taskFilterFields });
export type TaskListQuery = z.output<typeof taskListQuery>;
export const taskBoardQuery = z.strictObject({ ...taskFilterFields });
export type TaskBoardQuery = z.output<typeof taskBoardQuery>;
export const taskExportQuery = z.strictObject({ ...exportFormatQuery, ...sortFields, ...taskFilterFields });
export type TaskFilter = z.output<z.ZodObject<typeof taskFilterFields>>;

export const taskPage = pageOf(taskListItem);
export type TaskPage = z.infer<typeof taskPage>;

export const taskBoard = z.object({
  columns: z.array(
    z.object({
      status: taskStatusBrief,
      total: z.number().int().meta({ description: 'Tasks in this status; at most 200 are listed' }),
      items: z.array(taskListItem),
    }),
  ),
});
export type TaskBoard = z.infer<typeof taskBoard>;

// Comments: anyone signed in writes; only the author of a comment edits or deletes it.
export const taskComment = z
  .object({
    id: idSchema,
    taskId: idSchema,
    userId: idSchema.nullable(),
    user: userBrief.nullable(),
    body: z.string(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'TaskComment' });
export type TaskComment = z.infer<typeof taskComment>;
export const taskCommentPage = pageOf(taskComment);
export type TaskCommentPage = z.infer<typeof taskCommentPage>;
export const taskCommentQuery = z.strictObject({ ...pageQuery });
export const saveTaskCommentRequest = z.strictObject({ body: requiredText(TASK_COMMENT_MAX) });
export type SaveTaskComment = z.input<typeof saveTaskCommentRequest>;
export const taskCommentParams = z.strictObject({ id: idSchema, commentId: idSchema });

// Checklist: items in their order; `position` moves an item (0 = first).
export const taskChecklistItem = z
  .object({
    id: idSchema,
    taskId: idSchema,
    text: z.string(),
    isDone: z.boolean(),
    sortOrder: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'TaskChecklistItem' });
export type TaskChecklistItem = z.infer<typeof taskChecklistItem>;
export const createChecklistItemRequest = z.strictObject({
  text: requiredText(TASK_CHECKLIST_TEXT_MAX),
  isDone: z.boolean().default(false),
});
export type CreateChecklistItem = z.input<typeof createChecklistItemRequest>;
export const updateChecklistItemRequest = z.strictObject({
  text: requiredText(TASK_CHECKLIST_TEXT_MAX).optional(),
  isDone: z.boolean().optional(),
  position: z.number().int().min(0).optional().meta({ description: 'Moves the item here (0 = first)' }),
});
export type UpdateChecklistItem = z.input<typeof updateChecklistItemRequest>;
export const taskChecklistParams = z.strictObject({ id: idSchema, itemId: idSchema });

const calcCodeFilter = z
  .union([z.array(z.string().max(100)).max(100), z.string().max(100)])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .optional();

/** `find('tasks', filter)` of a calculation (see TasksService.calcFindWithin). */
export const taskCalcFilter = z.strictObject({
  ids: calcIdFilter,
  projectId: calcIdFilter,
  clientId: calcIdFilter,
  eventId: calcIdFilter,
  performerId: calcIdFilter,
  statusId: calcIdFilter,
  statusCode: calcCodeFilter,
  isClosed: z.boolean().optional(),
});

/** `find('taskComments', filter)` of a calculation: the comments of one task. */
export const taskCommentsCalcFilter = z.strictObject({ taskId: z.number().int().positive() });
