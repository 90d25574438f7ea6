import { z } from 'zod';
import { idSchema, text, timestampSchema } from './common.js';

/** Digits, spaces, +, -, parentheses; at least one digit. Normalisation to E.164 comes with the clients. */
export const PHONE_PATTERN = /^(?=.*\d)[0-9+()\-\s]{3,40}$/;
export const SIP_NUMBER_PATTERN = /^[0-9A-Za-z*#+._-]{1,32}$/;

/** Trimmed; an empty value clears the field (stored as null). */
const clearable = (pattern: RegExp, message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || pattern.test(v), message)
    .nullable();

export const userParameters = z
  .object({
    userId: idSchema,
    login: z.string(),
    fullName: z.string(),
    isActive: z.boolean(),
    position: z.string().meta({ description: 'As entered; empty means "the employee’s position"' }),
    employeePosition: z
      .string()
      .nullable()
      .meta({ description: 'The position of the employee linked to the user, null without one' }),
    phone: z.string().nullable(),
    sipNumber: z.string().nullable().meta({ description: 'Unique among users' }),
    isPhoneAutostart: z.boolean().meta({ description: 'Start the phone panel at sign-in' }),
    isCorporateMail: z.boolean().meta({ description: 'Receive corporate mail' }),
    isTelephonyStatuses: z.boolean().meta({ description: 'Use user statuses for telephony' }),
    isCallPopup: z.boolean().meta({ description: 'Show the incoming-call pop-up' }),
    isNotificationSound: z.boolean().meta({ description: 'Play a sound on notifications' }),
    updatedAt: timestampSchema.nullable().meta({ description: 'Null while the defaults were never changed' }),
  })
  .meta({ id: 'UserParameters' });
export type UserParameters = z.infer<typeof userParameters>;

/** Omitted fields keep their value; an empty phone or SIP number clears it. */
export const updateUserParametersRequest = z.strictObject({
  position: text(200).optional(),
  phone: clearable(PHONE_PATTERN, 'phone_format').optional(),
  sipNumber: clearable(SIP_NUMBER_PATTERN, 'sip_format').optional(),
  isPhoneAutostart: z.boolean().optional(),
  isCorporateMail: z.boolean().optional(),
  isTelephonyStatuses: z.boolean().optional(),
  isCallPopup: z.boolean().optional(),
  isNotificationSound: z.boolean().optional(),
});
export type UpdateUserParameters = z.input<typeof updateUserParametersRequest>;

export const userIdParams = z.strictObject({ userId: idSchema });
