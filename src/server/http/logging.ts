import type { FastifyServerOptions } from 'fastify';

/**
 * Secrets never reach a log line: headers that carry credentials and every body field that
 * can hold a password or token are censored wherever they appear in a logged object.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.mailboxPassword',
  '*.mailbox_password_enc',
  '*.password_hash',
  '*.token',
  '*.csrfToken',
  '*.secretKey',
  'body.password',
  'body.mailboxPassword',
];

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    ...(stream && { stream }),
  };
}
