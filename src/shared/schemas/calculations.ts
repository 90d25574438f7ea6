import { z } from 'zod';
import { userBrief } from './card-files.js';
import { idSchema, text, timestampSchema } from './common.js';

/**
 * Calculations (Настройка → Справочники → Калькуляция): JavaScript run in a QuickJS sandbox when a
 * task, event or project is saved. The script API (doc, prev, user, action, reject, find,
 * createTask, createEvent, update, notify, log) is described in docs/calculations.md.
 */

export const CALC_DOC_TYPES = ['task', 'event', 'project'] as const;
export const calcDocTypeSchema = z.enum(CALC_DOC_TYPES);
export type CalcDocType = z.infer<typeof calcDocTypeSchema>;

/**
 * before_save: in the saving transaction, may change `doc` and `reject()`;
 * status_change: the same, when the status changes (and on create, with `prev` null);
 * after_save: after commit, for side effects (createTask, createEvent, update, notify).
 */
export const CALC_TRIGGERS = ['before_save', 'status_change', 'after_save'] as const;
export const calcTriggerSchema = z.enum(CALC_TRIGGERS);
export type CalcTrigger = z.infer<typeof calcTriggerSchema>;

export const CALC_ERROR_KINDS = ['script', 'timeout', 'memory', 'stack', 'api', 'effect'] as const;
export const calcErrorKindSchema = z.enum(CALC_ERROR_KINDS);
export type CalcErrorKind = z.infer<typeof calcErrorKindSchema>;

export const CALC_CODE_MAX = 100_000;
/** The most items a script's `find` answers (and the most ids an id filter of it takes). */
export const CALC_FIND_MAX = 500;

/**
 * In the filter of a calculation's `find`: one id or a list of them (at most CALC_FIND_MAX), as a
 * list. Every card file's `find` filter uses it.
 */
export const calcIdFilter = z
  .union([z.array(z.number().int().positive()).max(CALC_FIND_MAX), z.number().int().positive()])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .optional();
export const CALC_TIME_LIMIT = { min: 10, max: 1000, default: 100 } as const;
export const CALC_MEMORY_LIMIT = { min: 2, max: 64, default: 16 } as const;

export const calculationSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    docType: calcDocTypeSchema,
    trigger: calcTriggerSchema,
    position: z.number().int(),
    isEnabled: z.boolean(),
    timeLimitMs: z.number().int(),
    memoryLimitMb: z.number().int(),
    code: z.string(),
    version: z.number().int(),
    exampleKey: z.string().nullable().meta({ description: 'The shipped example it started as' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    updatedBy: userBrief.nullable(),
    errorCount: z.number().int().meta({ description: 'Errors logged in the last 7 days' }),
    lastErrorAt: timestampSchema.nullable(),
  })
  .meta({ id: 'Calculation' });
export type Calculation = z.infer<typeof calculationSchema>;

export const calculationList = z.object({ items: z.array(calculationSchema) });

const name = text(200).min(1, 'required');
const timeLimit = z
  .number()
  .int()
  .min(CALC_TIME_LIMIT.min, 'calc_time_limit')
  .max(CALC_TIME_LIMIT.max, 'calc_time_limit');
const memoryLimit = z
  .number()
  .int()
  .min(CALC_MEMORY_LIMIT.min, 'calc_memory_limit')
  .max(CALC_MEMORY_LIMIT.max, 'calc_memory_limit');
const code = z.string().max(CALC_CODE_MAX, 'calc_code_long');

export const createCalculationRequest = z.strictObject({
  name,
  docType: calcDocTypeSchema,
  trigger: calcTriggerSchema,
  position: z.number().int().min(0).max(100_000).default(100),
  isEnabled: z.boolean().default(false),
  timeLimitMs: timeLimit.default(CALC_TIME_LIMIT.default),
  memoryLimitMb: memoryLimit.default(CALC_MEMORY_LIMIT.default),
  code: code.default(''),
});
export type CreateCalculationRequest = z.output<typeof createCalculationRequest>;

export const updateCalculationRequest = z.strictObject({
  name: name.optional(),
  docType: calcDocTypeSchema.optional(),
  trigger: calcTriggerSchema.optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  isEnabled: z.boolean().optional(),
  timeLimitMs: timeLimit.optional(),
  memoryLimitMb: memoryLimit.optional(),
  code: code.optional(),
  /** The version the editor started from; another's save since then answers 409. */
  expectedVersion: z.number().int().optional(),
});
export type UpdateCalculationRequest = z.output<typeof updateCalculationRequest>;

export const calculationVersion = z
  .object({
    version: z.number().int(),
    name: z.string(),
    docType: calcDocTypeSchema,
    trigger: calcTriggerSchema,
    position: z.number().int(),
    isEnabled: z.boolean(),
    timeLimitMs: z.number().int(),
    memoryLimitMb: z.number().int(),
    code: z.string(),
    action: z.enum(['created', 'updated', 'rolled_back']),
    rolledBackTo: z.number().int().nullable(),
    changedAt: timestampSchema,
    changedBy: userBrief.nullable(),
  })
  .meta({ id: 'CalculationVersion' });
export type CalculationVersion = z.infer<typeof calculationVersion>;
export const calculationVersionList = z.object({ items: z.array(calculationVersion) });

export const rollbackCalculationRequest = z.strictObject({ version: z.number().int().min(1) });

export const calculationError = z
  .object({
    id: idSchema,
    version: z.number().int(),
    trigger: calcTriggerSchema,
    kind: calcErrorKindSchema,
    message: z.string(),
    line: z.number().int().nullable(),
    docType: calcDocTypeSchema,
    docId: idSchema.nullable(),
    docNumber: z.string().nullable().meta({ description: 'The document when it still exists' }),
    actor: userBrief.nullable(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'CalculationError' });
export type CalculationError = z.infer<typeof calculationError>;
export const calculationErrorList = z.object({ items: z.array(calculationError) });

export const dryRunRequest = z.strictObject({
  docType: calcDocTypeSchema,
  trigger: calcTriggerSchema,
  code,
  docId: idSchema,
  /**
   * Simulated edits (e.g. `{ "statusId": 5 }`), applied as a save applies them in a transaction that is
   * rolled back; `doc` is the card after them, `prev` the card as stored.
   */
  changes: z.record(z.string(), z.unknown()).default({}),
  action: z.enum(['created', 'updated']).default('updated'),
  timeLimitMs: timeLimit.default(CALC_TIME_LIMIT.default),
  memoryLimitMb: memoryLimit.default(CALC_MEMORY_LIMIT.default),
});
export type DryRunRequest = z.output<typeof dryRunRequest>;

export const dryRunResult = z
  .object({
    rejected: z.object({ message: z.string(), field: z.string().nullable() }).nullable(),
    error: z
      .object({ kind: calcErrorKindSchema, message: z.string(), line: z.number().int().nullable() })
      .nullable(),
    fieldChanges: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    created: z.array(
      z.object({ docType: z.enum(['task', 'event']), input: z.record(z.string(), z.unknown()) }),
    ),
    updates: z.array(
      z.object({ docType: calcDocTypeSchema, id: idSchema, fields: z.record(z.string(), z.unknown()) }),
    ),
    notifications: z.array(z.object({ userId: idSchema, userName: z.string().nullable(), text: z.string() })),
    logs: z.array(z.string()),
    durationMs: z.number(),
  })
  .meta({ id: 'CalculationDryRun' });
export type DryRunResult = z.infer<typeof dryRunResult>;
