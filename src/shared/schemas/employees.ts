import { z } from 'zod';
import { idSchema, requiredText, text, timestampSchema } from './common.js';

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+()\-\s.]{3,40}$/, 'phone_format');

export const employee = z
  .object({
    id: idSchema,
    fullName: z.string(),
    position: z.string(),
    department: z.string(),
    phones: z.array(z.string()),
    email: z.string().nullable(),
    hasMailboxPassword: z.boolean().meta({ description: 'The mailbox password itself is never returned' }),
    isActive: z.boolean(),
    users: z.array(z.object({ id: idSchema, login: z.string() })),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Employee' });
export type Employee = z.infer<typeof employee>;

const email = z.email().max(254).nullable();

export const createEmployeeRequest = z.strictObject({
  fullName: requiredText(200),
  position: text(200).default(''),
  department: text(200).default(''),
  phones: z.array(phone).max(20).default([]),
  email: email.default(null),
  mailboxPassword: z
    .string()
    .max(1024)
    .nullable()
    .optional()
    .meta({ description: 'Write-only. Omit to keep, null to clear' }),
  isActive: z.boolean().default(true),
});
export type CreateEmployee = z.input<typeof createEmployeeRequest>;

export const updateEmployeeRequest = z.strictObject({
  fullName: requiredText(200).optional(),
  position: text(200).optional(),
  department: text(200).optional(),
  phones: z.array(phone).max(20).optional(),
  email: email.optional(),
  mailboxPassword: z.string().max(1024).nullable().optional(),
  isActive: z.boolean().optional(),
});
export type UpdateEmployee = z.input<typeof updateEmployeeRequest>;

export const employeeListQuery = z.strictObject({
  q: text(100).optional(),
  active: z.enum(['true', 'false']).optional(),
});
