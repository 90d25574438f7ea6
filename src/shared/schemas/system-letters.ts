import { z } from 'zod';
import { timestampSchema } from './common.js';

/**
 * The system sender (Администратор → Рассылка): the enterprise mailbox notifications are sent
 * from, through the enterprise SMTP server; its login is its address. And its letters' queue.
 */
export const systemSender = z
  .object({
    address: z.string().nullable(),
    name: z.string(),
    /** The password is never returned; this says whether one is stored. */
    hasPassword: z.boolean(),
    /** Address, password and the SMTP server are all set. */
    ready: z.boolean(),
  })
  .meta({ id: 'SystemSender' });
export type SystemSender = z.infer<typeof systemSender>;

export const updateSystemSenderRequest = z.strictObject({
  /** null / '' = no system sender (e-mail notifications wait, visibly, until one is set). */
  address: z
    .string()
    .trim()
    .max(320)
    .transform((v) => v || null)
    .pipe(z.email('email').nullable())
    .nullable(),
  name: z.string().trim().max(200).default(''),
  /** Omitted: the stored password stays; '' clears it. */
  password: z.string().max(500).optional(),
});
export type UpdateSystemSenderRequest = z.input<typeof updateSystemSenderRequest>;

export const SYSTEM_LETTER_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export const systemLetterStatusSchema = z.enum(SYSTEM_LETTER_STATUSES);

export const systemLetter = z
  .object({
    id: z.number(),
    toAddress: z.string(),
    subject: z.string(),
    status: systemLetterStatusSchema,
    attempts: z.number(),
    nextAttemptAt: timestampSchema.nullable(),
    lastError: z.string().nullable(),
    createdAt: timestampSchema,
    sentAt: timestampSchema.nullable(),
  })
  .meta({ id: 'SystemLetter' });
export type SystemLetterItem = z.infer<typeof systemLetter>;

export const systemLetterQuery = z.strictObject({
  status: systemLetterStatusSchema.optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const systemLetterPage = z.object({
  items: z.array(systemLetter),
  nextCursor: z.string().nullable(),
  counts: z.object({ queued: z.number(), failed: z.number(), sent: z.number() }),
});
export type SystemLetterPage = z.infer<typeof systemLetterPage>;
