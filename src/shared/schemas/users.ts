import { z } from 'zod';
import { idSchema, localeSchema, requiredText, text, timestampSchema } from './common.js';
import { loginSchema, passwordSchema } from './auth.js';

export const user = z
  .object({
    id: idSchema,
    login: z.string(),
    fullName: z.string(),
    locale: localeSchema,
    isActive: z.boolean(),
    employee: z.object({ id: idSchema, fullName: z.string() }).nullable(),
    roles: z.array(z.object({ id: idSchema, code: z.string(), name: z.string() })),
    isAdmin: z.boolean(),
    lastLoginAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof user>;

/** What everyone signed in may know about a user: enough to pick them as a performer. */
export const userDirectoryEntry = z.object({ id: idSchema, name: z.string(), isActive: z.boolean() });
export type UserDirectoryEntry = z.infer<typeof userDirectoryEntry>;

export const createUserRequest = z.strictObject({
  login: loginSchema,
  fullName: requiredText(200),
  password: passwordSchema,
  locale: localeSchema.default('ru'),
  isActive: z.boolean().default(true),
  employeeId: idSchema.nullable().default(null),
  /** Omitted: the default role «Сотрудник». */
  roleIds: z.array(idSchema).max(100).optional(),
});
export type CreateUser = z.input<typeof createUserRequest>;

export const updateUserRequest = z.strictObject({
  login: loginSchema.optional(),
  fullName: requiredText(200).optional(),
  locale: localeSchema.optional(),
  isActive: z.boolean().optional(),
  employeeId: idSchema.nullable().optional(),
  roleIds: z.array(idSchema).max(100).optional(),
});
export type UpdateUser = z.input<typeof updateUserRequest>;

export const setPasswordRequest = z.strictObject({ password: passwordSchema });

export const userListQuery = z.strictObject({
  q: text(100).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const role = z
  .object({
    id: idSchema,
    code: z.string(),
    name: z.string(),
    description: z.string(),
    isSystem: z.boolean(),
    userCount: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof role>;

export const roleCodeSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9_-]{1,64}$/, 'role_code_format');
export const createRoleRequest = z.strictObject({
  code: roleCodeSchema,
  name: requiredText(200),
  description: text(2000).default(''),
});
export const updateRoleRequest = z.strictObject({
  code: roleCodeSchema.optional(),
  name: requiredText(200).optional(),
  description: text(2000).optional(),
});
