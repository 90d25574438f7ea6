import { z } from 'zod';
import { idSchema, localeSchema, requiredText, timestampSchema } from './common.js';

export const LOGIN_PATTERN = /^[A-Za-z0-9._-]{2,64}$/;
export const loginSchema = z.string().trim().regex(LOGIN_PATTERN, 'login_format').toLowerCase();
export const passwordSchema = z.string().min(8, 'password_length').max(256, 'password_length');

export const loginRequest = z.strictObject({
  login: z.string().trim().min(1, 'required').max(64),
  password: z.string().min(1, 'required').max(256),
});

export const meResponse = z
  .object({
    id: idSchema,
    login: z.string(),
    fullName: z.string(),
    locale: localeSchema,
    isAdmin: z.boolean(),
    roles: z.array(z.object({ id: idSchema, code: z.string(), name: z.string() })),
    employee: z.object({ id: idSchema, fullName: z.string() }).nullable(),
    csrfToken: z.string().nullable().meta({
      description: 'Send back as the X-CSRF-Token header on writes authenticated by the session cookie',
    }),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meResponse>;

export const updateMeRequest = z.strictObject({
  locale: localeSchema.optional(),
  fullName: requiredText(200).optional(),
});

export const changePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1, 'required').max(256),
  newPassword: passwordSchema,
});

export const apiToken = z
  .object({
    id: idSchema,
    name: z.string(),
    prefix: z.string(),
    createdAt: timestampSchema,
    lastUsedAt: timestampSchema.nullable(),
    expiresAt: timestampSchema.nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof apiToken>;

export const createApiTokenRequest = z.strictObject({
  name: requiredText(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const createdApiToken = apiToken.extend({
  token: z.string().meta({ description: 'Shown once; only its hash is stored' }),
});
