import { z } from 'zod';
import {
  dateSchema,
  idListQuery,
  pageOf,
  pageQuery,
  projectKindSchema,
  projectStatusSchema,
  PROJECT_STATUSES,
  userBrief,
} from './card-files.js';
import { idSchema, requiredText, text, timestampSchema } from './common.js';
import { exportFormatQuery } from './exports.js';
import { calcIdFilter } from './calculations.js';

/** Проекты: external (for a client) and internal projects. */

export const PROJECT_NAME_MAX = 500;
export const PROJECT_DESCRIPTION_MAX = 100_000;

/** A referenced record as lists and cards show it (client, journal). */
export const namedRef = z.object({ id: z.number(), name: z.string() });
export type NamedRef = z.infer<typeof namedRef>;

/** Tasks of the project in total and in a final status; percent is rounded down. */
export const projectProgress = z.object({
  total: z.number(),
  done: z.number(),
  percent: z.number(),
});
export type ProjectProgress = z.infer<typeof projectProgress>;

export const projectListItem = z
  .object({
    id: z.number(),
    number: z.string(),
    name: z.string(),
    kind: projectKindSchema,
    status: projectStatusSchema,
    clientId: z.number().nullable(),
    client: namedRef.nullable(),
    managerId: z.number().nullable(),
    manager: userBrief.nullable(),
    journalId: z.number(),
    journal: namedRef,
    plannedStart: z.string().nullable(),
    plannedEnd: z.string().nullable(),
    actualStart: z.string().nullable(),
    actualEnd: z.string().nullable(),
    progress: projectProgress,
    progressPercent: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Progress set by a person or a calculation (0–100); null: none set' }),
    createdAt: timestampSchema,
  })
  .meta({ id: 'ProjectListItem' });
export type ProjectListItem = z.infer<typeof projectListItem>;

export const project = projectListItem
  .extend({
    participantIds: z.array(z.number()),
    participants: z.array(userBrief),
    description: z.string(),
    createdBy: userBrief.nullable(),
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Project' });
export type Project = z.infer<typeof project>;

export const projectPage = pageOf(projectListItem);
export type ProjectPage = z.infer<typeof projectPage>;

const date = dateSchema.nullable();
const progressPercent = z
  .number()
  .int('project_progress_percent')
  .min(0, 'project_progress_percent')
  .max(100, 'project_progress_percent')
  .nullable();

export const createProjectRequest = z.strictObject({
  name: requiredText(PROJECT_NAME_MAX),
  kind: projectKindSchema,
  clientId: idSchema
    .nullable()
    .default(null)
    .meta({ description: 'Required for an external project; an internal one has none' }),
  managerId: idSchema.nullable().optional().meta({ description: 'Default: the creator' }),
  participantIds: z.array(idSchema).max(200).default([]),
  journalId: idSchema
    .nullable()
    .default(null)
    .meta({ description: 'A journal under Проекты; default journal when absent' }),
  status: projectStatusSchema.default('planned'),
  plannedStart: date.default(null),
  plannedEnd: date.default(null),
  actualStart: date.default(null),
  actualEnd: date.default(null),
  description: text(PROJECT_DESCRIPTION_MAX).default(''),
  progressPercent: progressPercent.default(null),
});
export type CreateProject = z.input<typeof createProjectRequest>;

export const updateProjectRequest = z.strictObject({
  name: requiredText(PROJECT_NAME_MAX).optional(),
  kind: projectKindSchema.optional(),
  clientId: idSchema.nullable().optional(),
  managerId: idSchema.nullable().optional(),
  participantIds: z.array(idSchema).max(200).optional(),
  journalId: idSchema.optional(),
  status: projectStatusSchema.optional(),
  plannedStart: date.optional(),
  plannedEnd: date.optional(),
  actualStart: date.optional(),
  actualEnd: date.optional(),
  description: text(PROJECT_DESCRIPTION_MAX).optional(),
  progressPercent: progressPercent.optional(),
});
export type UpdateProject = z.input<typeof updateProjectRequest>;

export const PROJECT_SORTS = ['createdAt', 'number', 'name', 'plannedEnd'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

const statusList = z
  .string()
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(z.enum(PROJECT_STATUSES)))
  .optional();

/** The list filter (also the export's). */
export const projectFilterQuery = {
  /** Substring of the name or number. */
  q: text(200).optional(),
  /** One status or a comma-separated list. */
  status: statusList,
  kind: projectKindSchema.optional(),
  clientId: idListQuery,
  managerId: idListQuery,
  /** The journal and every journal below it. */
  journalId: idSchema.optional(),
  /** Projects whose planned period overlaps [from, to] (an open end counts as ongoing). */
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  sort: z.enum(PROJECT_SORTS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
};

export const projectListQuery = z.strictObject({ ...pageQuery, ...projectFilterQuery });
export type ProjectListQuery = z.infer<typeof projectListQuery>;
export type ProjectFilter = Omit<ProjectListQuery, 'cursor' | 'limit'>;

export const projectExportQuery = z.strictObject({ ...exportFormatQuery, ...projectFilterQuery });

/** `find('projects', filter)` of a calculation (see ProjectsService.calcFindWithin). */
export const projectCalcFilter = z.strictObject({
  ids: calcIdFilter,
  clientId: calcIdFilter,
  managerId: calcIdFilter,
  status: z
    .union([z.array(projectStatusSchema).max(10), projectStatusSchema])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
});
