import { z } from 'zod';
import { timestampSchema } from './common.js';
import { timeZoneSchema } from './enterprise.js';

/** Unix (/var/spool/cdr), Windows (D:\cdr) or network (\\pbx\cdr) absolute paths. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export const POLL_INTERVAL = { min: 5, max: 86_400 } as const;

export const telephonySettings = z
  .object({
    isLoadingEnabled: z.boolean().meta({ description: 'Load call records from the telephony server' }),
    sourcePath: z.string().meta({ description: 'Absolute path of the call records: a directory or a file' }),
    minNumberLength: z
      .number()
      .int()
      .meta({ description: 'Calls whose number is shorter than this are not logged (internal calls)' }),
    pollIntervalSeconds: z.number().int(),
    timeZone: z.string().meta({ description: 'IANA time zone the call records are written in' }),
    lastImportAt: timestampSchema.nullable(),
    lastImportResult: z.string().nullable().meta({ description: 'Filled by the telephony import' }),
    updatedAt: timestampSchema,
  })
  .meta({ id: 'TelephonySettings' });
export type TelephonySettings = z.infer<typeof telephonySettings>;

/** Omitted fields keep their value. Loading needs a path: checked by the service against the result. */
export const updateTelephonySettingsRequest = z.strictObject({
  isLoadingEnabled: z.boolean().optional(),
  sourcePath: z
    .string()
    .trim()
    .max(1000)
    .refine((v) => v === '' || ABSOLUTE_PATH.test(v), 'telephony_path_format')
    .optional(),
  minNumberLength: z.number().int().min(0, 'telephony_min_length').max(64, 'telephony_max_length').optional(),
  pollIntervalSeconds: z
    .number()
    .int()
    .min(POLL_INTERVAL.min, 'telephony_poll_interval')
    .max(POLL_INTERVAL.max, 'telephony_poll_interval')
    .optional(),
  timeZone: timeZoneSchema.optional(),
});
export type UpdateTelephonySettings = z.input<typeof updateTelephonySettingsRequest>;
