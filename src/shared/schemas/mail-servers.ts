import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';

export const SECURITY = ['none', 'starttls', 'tls'] as const;
export const securitySchema = z.enum(SECURITY);

// An empty host (a cleared form field) means "not set", like null.
const host = z
  .string()
  .trim()
  .regex(/^([A-Za-z0-9.\-:[\]]{1,253})?$/, 'host_format')
  .transform((v) => v || null)
  .nullable();
const port = z.number().int().min(1).max(65535).nullable();

export const mailServers = z
  .object({
    smtp: z.object({
      host: z.string().nullable(),
      port: z.number().int().nullable(),
      security: securitySchema,
    }),
    imap: z.object({
      host: z.string().nullable(),
      port: z.number().int().nullable(),
      security: securitySchema,
    }),
    allowSelfSigned: z.boolean(),
    updatedAt: timestampSchema,
  })
  .meta({ id: 'MailServers' });
export type MailServers = z.infer<typeof mailServers>;

export const updateMailServersRequest = z.strictObject({
  smtp: z.strictObject({ host, port, security: securitySchema }),
  imap: z.strictObject({ host, port, security: securitySchema }),
  allowSelfSigned: z.boolean().default(false),
});
export type UpdateMailServers = z.input<typeof updateMailServersRequest>;

export const testMailServerRequest = z.strictObject({
  protocol: z.enum(['smtp', 'imap']),
  employeeId: idSchema.nullable().default(null).meta({
    description: "Log in with this employee's e-mail and mailbox password; null only connects",
  }),
});

export const testMailServerResponse = z
  .object({
    ok: z.boolean(),
    protocol: z.enum(['smtp', 'imap']),
    server: z.string(),
    loggedInAs: z.string().nullable(),
    response: z.string().meta({ description: "The server's greeting or its error reply" }),
    durationMs: z.number(),
  })
  .meta({ id: 'MailServerTestResult' });
export type TestMailServerResult = z.infer<typeof testMailServerResponse>;
