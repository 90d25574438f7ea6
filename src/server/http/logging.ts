import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import pino from 'pino';

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
    stream: stream ?? bufferedStdout(),
  };
}

/**
 * Stdout through a 4 KiB buffer flushed at least every 500 ms: a write per log line is a system
 * call per request, which under load costs more than the request itself.
 */
function bufferedStdout(): pino.DestinationStream {
  const dest = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => dest.flush(), 500).unref();
  return dest;
}

/**
 * Every response carries its request id (the proxy's X-Request-Id when it sent one), and each
 * request is logged once, when it completes (Fastify's own logging writes two lines). Callback
 * hooks: they run on every request, and async ones cost a promise each.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** The URL itself is a credential (a calendar feed's secret): the log shows the route pattern. */
    secretUrl?: boolean;
  }
}

/**
 * A `token` query parameter is a credential (a queue device's address, its board stream): its
 * value never reaches the log, whichever route or page the address was for.
 */
function withoutTokens(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info(
      {
        method: req.method,
        url: req.routeOptions.config.secretUrl ? req.routeOptions.url : withoutTokens(req.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}
