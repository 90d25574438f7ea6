import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';

/** The document types that are numbered (Настройка → Нумерация). */
export const NUMBERED_DOC_TYPES = ['event', 'task', 'project'] as const;
export const numberedDocTypeSchema = z.enum(NUMBERED_DOC_TYPES);
export type NumberedDocType = z.infer<typeof numberedDocTypeSchema>;

/** When the counter starts again from the start value (in the enterprise's time zone). */
export const RESET_PERIODS = ['never', 'yearly', 'monthly', 'daily'] as const;
export const resetPeriodSchema = z.enum(RESET_PERIODS);
export type ResetPeriod = z.infer<typeof resetPeriodSchema>;

/** The tokens a template may hold; `{N:k}` pads the counter with zeros to k digits (1…12). */
export const NUMBERING_TOKENS = ['{YYYY}', '{YY}', '{MM}', '{DD}', '{N}', '{N:6}', '{JOURNAL}'] as const;
export const TEMPLATE_MAX_LENGTH = 100;
export const MAX_PAD_WIDTH = 12;
// The column is a 32-bit integer on PostgreSQL.
export const START_VALUE_MAX = 2_147_483_647;

const template = z
  .string()
  .trim()
  .min(1, 'required')
  .max(TEMPLATE_MAX_LENGTH, 'numbering_template_length')
  .meta({ description: 'Literal text and tokens: {YYYY} {YY} {MM} {DD} {N} {N:k} {JOURNAL}' });
const startValue = z
  .number()
  .int('numbering_start_value')
  .min(0, 'numbering_start_value')
  .max(START_VALUE_MAX, 'numbering_start_value')
  .meta({ description: 'The first number of every sequence' });

export const numberingTemplate = z
  .object({
    docType: numberedDocTypeSchema,
    template: z.string(),
    resetPeriod: resetPeriodSchema,
    startValue: z.number().int(),
    isPerJournal: z.boolean().meta({ description: 'A separate sequence for every journal' }),
    updatedAt: timestampSchema,
  })
  .meta({ id: 'NumberingTemplate' });
export type NumberingTemplate = z.infer<typeof numberingTemplate>;

export const docTypeParams = z.strictObject({ docType: numberedDocTypeSchema });

export const updateNumberingRequest = z.strictObject({
  template,
  resetPeriod: resetPeriodSchema,
  startValue,
  isPerJournal: z.boolean(),
});
export type UpdateNumbering = z.infer<typeof updateNumberingRequest>;

export const numberingPreviewRequest = z.strictObject({
  docType: numberedDocTypeSchema,
  template: template
    .optional()
    .meta({ description: 'Omit this and the settings below to preview the saved ones' }),
  resetPeriod: resetPeriodSchema.optional(),
  startValue: startValue.optional(),
  isPerJournal: z.boolean().optional(),
  journalId: idSchema.nullable().optional(),
  date: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'The document date; now when omitted' }),
});
export type NumberingPreviewRequest = z.infer<typeof numberingPreviewRequest>;

export const numberingPreview = z
  .object({
    number: z.string().meta({
      description: 'The next number; {JOURNAL} stays as written when no journal was given',
    }),
    value: z.number().int().meta({ description: 'The counter value the number would take' }),
    period: z.string().meta({ description: "The counter's period: '', 2026, 2026-11 or 2026-11-27" }),
    journalCode: z.string().nullable(),
  })
  .meta({ id: 'NumberingPreview' });
export type NumberingPreview = z.infer<typeof numberingPreview>;
