import { z } from 'zod';
import { pageOf, pageQuery, userBrief } from './card-files.js';
import { idSchema, text, timestampSchema } from './common.js';
import { dateTimeInput, eventListItem } from './events.js';
import { taskListItem } from './tasks.js';

/** Telephony: calls logged from the PBX (files, webhook, AMI), live calls, unknown numbers. */

export const CALL_DIRECTIONS = ['in', 'out'] as const;
export const callDirectionSchema = z.enum(CALL_DIRECTIONS);
export type CallDirection = z.infer<typeof callDirectionSchema>;

/** How a call ended (Asterisk's disposition, lower-case with underscores). */
export const CALL_DISPOSITIONS = ['answered', 'no_answer', 'busy', 'failed', 'congestion'] as const;
export const callDispositionSchema = z.enum(CALL_DISPOSITIONS);
export type CallDisposition = z.infer<typeof callDispositionSchema>;

export const CALL_SOURCES = ['import', 'webhook', 'ami'] as const;
export type CallSource = (typeof CALL_SOURCES)[number];

/**
 * live: ringing or talking (no event yet); done: logged as an event. (Stored calls may also be
 * `internal`: registered, shorter than N, never logged — kept only to recognise their finish.)
 */
export const CALL_STATES = ['live', 'done'] as const;

const brief = z.object({ id: z.number(), name: z.string() });

export const callSchema = z
  .object({
    id: z.number(),
    eventId: z.number().nullable(),
    state: z.enum(CALL_STATES),
    source: z.enum(CALL_SOURCES),
    direction: callDirectionSchema,
    externalNumber: z.string().meta({ description: 'The outside party as the PBX gave it' }),
    externalE164: z.string().nullable(),
    employeeNumber: z.string().meta({ description: "The employee's SIP number or extension" }),
    user: userBrief.nullable(),
    startedAt: timestampSchema,
    answeredAt: timestampSchema.nullable(),
    durationSeconds: z.number(),
    billsec: z.number().meta({ description: 'Talk time in seconds' }),
    disposition: callDispositionSchema,
    recordingUrl: z.string().nullable(),
    client: brief.nullable(),
    contact: brief.nullable(),
  })
  .meta({ id: 'Call' });
export type Call = z.infer<typeof callSchema>;

export const callPage = pageOf(callSchema);
export type CallPage = z.infer<typeof callPage>;
export const myCallsQuery = z.strictObject({ ...pageQuery });

/** The call of a call event (null for other events). */
export const eventCallResponse = z.object({ call: callSchema.nullable() });

/** What the screen pop shows: the caller's card (when known and visible), open tasks, last events. */
export const callPopCard = z
  .object({
    call: callSchema,
    client: brief.nullable(),
    contact: brief.nullable(),
    openTasks: z.array(taskListItem),
    lastEvents: z.array(eventListItem),
  })
  .meta({ id: 'CallPopCard' });
export type CallPopCard = z.infer<typeof callPopCard>;

/** An external number that matched no client, with its calls the viewer may see. */
export const unknownNumber = z.object({
  number: z.string(),
  e164: z.string().nullable(),
  calls: z.number(),
  lastCallAt: timestampSchema,
  lastDirection: callDirectionSchema,
});
export const unknownNumberList = z.object({ items: z.array(unknownNumber) });
export type UnknownNumber = z.infer<typeof unknownNumber>;

export const linkUnknownNumberRequest = z.strictObject({
  number: z.string().trim().min(1, 'required').max(64),
  clientId: idSchema,
  contactId: idSchema.nullable().optional(),
  addPhone: z.boolean().default(true).meta({ description: "Also add the number to the client's phones" }),
});
export type LinkUnknownNumber = z.output<typeof linkUnknownNumberRequest>;
export const linkUnknownNumberResult = z.object({ linkedCalls: z.number() });

/** PBX webhook (token): a call starts ringing. Repeating it with the same callId changes nothing. */
export const pbxRegisterRequest = z
  .strictObject({
    callId: z.string().trim().min(1, 'required').max(128),
    direction: callDirectionSchema,
    externalNumber: z.string().trim().min(1, 'required').max(64),
    sipNumber: z.string().trim().max(32).optional(),
    userId: idSchema.optional(),
    startedAt: dateTimeInput.optional().meta({ description: 'Default: now' }),
  })
  .refine((r) => r.sipNumber !== undefined || r.userId !== undefined, {
    message: 'pbx_employee_required',
    path: ['sipNumber'],
  });
export type PbxRegister = z.output<typeof pbxRegisterRequest>;

/**
 * PBX webhook: the call ended. `statusCode` is the SIP-style code cloud PBXs report (200 answered,
 * 486 busy, 304/408/480/487/603 not answered, others failed); `disposition` overrides it.
 */
export const pbxFinishRequest = z.strictObject({
  callId: z.string().trim().min(1, 'required').max(128),
  durationSeconds: z.number().int().min(0).max(86_400),
  billsec: z.number().int().min(0).max(86_400).optional().meta({ description: 'Default: 0 unless answered' }),
  statusCode: z.number().int().min(100).max(699).optional(),
  disposition: callDispositionSchema.optional(),
  recordingUrl: z
    .url({ protocol: /^https?$/, error: 'telephony_recording_url' })
    .max(2000)
    .optional(),
  /** For a call that was never registered: the same fields as register. */
  direction: callDirectionSchema.optional(),
  externalNumber: z.string().trim().max(64).optional(),
  sipNumber: z.string().trim().max(32).optional(),
  userId: idSchema.optional(),
  startedAt: dateTimeInput.optional(),
});
export type PbxFinish = z.output<typeof pbxFinishRequest>;

export const pbxCallResponse = z.object({
  callId: z.number().nullable().meta({ description: 'Null for an internal call (not kept)' }),
  state: z.enum(CALL_STATES),
  eventId: z.number().nullable(),
  logged: z.boolean().meta({ description: 'False for an internal call (shorter than N) — not logged' }),
});

export const originateRequest = z.strictObject({
  number: z.string().trim().min(1, 'required').max(64),
});
export const originateResponse = z.object({ channel: z.string(), number: z.string() });

/** A bad line of a call-record file: skipped, the rest imports. */
export const callImportProblem = z.object({
  file: z.string(),
  line: z.number(),
  code: z.string(),
  message: z.string(),
});
export type CallImportProblem = z.infer<typeof callImportProblem>;

export const callImportReport = z
  .object({
    files: z.number(),
    lines: z.number().meta({ description: 'Lines read (header rows excluded)' }),
    stored: z.number(),
    duplicates: z.number().meta({ description: 'Calls already logged (a re-read, the webhook)' }),
    internal: z.number().meta({ description: 'Not logged: the external number is shorter than N' }),
    rejected: z.number(),
    problems: z.array(callImportProblem).meta({ description: 'The first 100 bad lines' }),
  })
  .meta({ id: 'CallImportReport' });
export type CallImportReport = z.infer<typeof callImportReport>;

/** The columns of Asterisk's cdr_csv `Master.csv` in file order (optional ones follow: see CDR_FIELDS). */
export const MASTER_CSV_COLUMNS = [
  'accountcode',
  'src',
  'dst',
  'dcontext',
  'clid',
  'channel',
  'dstchannel',
  'lastapp',
  'lastdata',
  'start',
  'answer',
  'end',
  'duration',
  'billsec',
  'disposition',
  'amaflags',
] as const;

/**
 * Call-record column names (Asterisk cdr_csv and FreePBX). A configured layout for another PBX
 * lists them comma-separated in file order; '-' or an empty name skips a column.
 */
export const CDR_FIELDS = [
  ...MASTER_CSV_COLUMNS,
  'calldate',
  'uniqueid',
  'userfield',
  'peeraccount',
  'linkedid',
  'sequence',
  'did',
  'recordingfile',
  'cnum',
  'cnam',
  'outbound_cnum',
] as const;
export const cdrColumnsText = text(2000)
  .refine(
    (v) =>
      v === '' ||
      v.split(',').every((c) => {
        const name = c.trim().toLowerCase();
        return name === '' || name === '-' || (CDR_FIELDS as readonly string[]).includes(name);
      }),
    'telephony_cdr_columns',
  )
  .refine((v) => {
    if (v === '') return true;
    const names = v.split(',').map((c) => c.trim().toLowerCase());
    return (
      names.includes('src') &&
      names.includes('dst') &&
      (names.includes('start') || names.includes('calldate'))
    );
  }, 'telephony_cdr_columns_required');
