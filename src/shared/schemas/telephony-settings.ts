import { z } from 'zod';
import { timestampSchema } from './common.js';
import { timeZoneSchema } from './enterprise.js';
import { cdrColumnsText } from './telephony.js';

/** Unix (/var/spool/cdr), Windows (D:\cdr) or network (\\pbx\cdr) absolute paths. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** AMI values are sent as `Key: Value` lines: a line break would end one and forge another. */
const noLineBreak = (v: string) => !/[\r\n]/.test(v);
const AMI_LINE_BREAK = 'telephony_ami_line_break';

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
    cdrColumns: z
      .string()
      .meta({ description: "Column layout of header-less files of other PBXs; '' = detect" }),
    recordingUrlTemplate: z
      .string()
      .meta({ description: 'Recording link: {file} is the recordingfile column' }),
    isPbxTokenSet: z.boolean().meta({ description: 'The PBX webhook has a token (it is shown once)' }),
    isAmiEnabled: z.boolean(),
    amiHost: z.string(),
    amiPort: z.number().int(),
    amiUser: z.string(),
    isAmiSecretSet: z.boolean(),
    amiChannelTemplate: z.string().meta({ description: "A user's phone channel: {sip} is their SIP number" }),
    amiContext: z.string().meta({ description: 'Dialplan context Originate dials the number in' }),
    amiQueue: z.string().meta({ description: "Queue QueuePause applies to; '' = all the member's queues" }),
    amiQueueInterfaceTemplate: z.string().meta({
      description: "The queue member QueuePause names ({sip}); '' = the channel template",
    }),
    amiState: z
      .enum(['off', 'connecting', 'connected', 'error'])
      .meta({ description: "This process's AMI connection" }),
    amiError: z.string().nullable(),
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
  cdrColumns: cdrColumnsText.optional(),
  recordingUrlTemplate: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), 'telephony_recording_template')
    .optional(),
  isAmiEnabled: z.boolean().optional(),
  amiHost: z.string().trim().max(255).refine(noLineBreak, AMI_LINE_BREAK).optional(),
  amiPort: z.number().int().min(1, 'telephony_ami_port').max(65_535, 'telephony_ami_port').optional(),
  amiUser: z.string().trim().max(255).refine(noLineBreak, AMI_LINE_BREAK).optional(),
  amiSecret: z
    .string()
    .max(255)
    .refine(noLineBreak, AMI_LINE_BREAK)
    .optional()
    .meta({ description: "Write-only; '' clears it" }),
  amiChannelTemplate: z
    .string()
    .trim()
    .max(255)
    .refine((v) => v.includes('{sip}'), 'telephony_ami_channel')
    .refine(noLineBreak, AMI_LINE_BREAK)
    .optional(),
  amiContext: z.string().trim().max(255).refine(noLineBreak, AMI_LINE_BREAK).optional(),
  amiQueue: z.string().trim().max(255).refine(noLineBreak, AMI_LINE_BREAK).optional(),
  amiQueueInterfaceTemplate: z
    .string()
    .trim()
    .max(255)
    .refine((v) => v === '' || v.includes('{sip}'), 'telephony_ami_channel')
    .refine(noLineBreak, AMI_LINE_BREAK)
    .optional(),
});
export type UpdateTelephonySettings = z.input<typeof updateTelephonySettingsRequest>;

/** Shown once when the administrator creates or replaces the PBX webhook token. */
export const pbxTokenResponse = z.object({ token: z.string() });
