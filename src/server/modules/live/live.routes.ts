import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { authenticate, caller } from '../../http/access.js';
import { AppError, errorResponses } from '../../http/errors.js';
import type { LiveMessage } from '../../../shared/schemas/live.js';

/** Proxies and browsers drop a silent connection after a minute or two; a comment keeps it open. */
const HEARTBEAT_MS = 25_000;
/** How long a browser waits before reconnecting after the stream broke. */
const RETRY_MS = 3_000;

const frame = (m: LiveMessage) => `event: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`;

/**
 * Whether the stream's credential (the Bearer token, else the session cookie, as the access hook
 * reads them) still names its user: signing out, revoking the token or deactivating the user
 * ends the stream.
 */
function stillSignedIn(req: FastifyRequest, services: Services, userId: number): () => Promise<boolean> {
  return async () => (await authenticate(req, services))?.user.id === userId;
}

/** GET /api/v1/live: the signed-in user's live messages as Server-Sent Events. */
export function liveRoutes(app: App, services: Services): void {
  const open = new Set<ServerResponse>();
  // An open stream would keep the server from closing.
  app.addHook('preClose', (done) => {
    for (const res of open) res.end();
    done();
  });

  app.get(
    '/api/v1/live',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['live'],
        summary:
          "The caller's live messages (Server-Sent Events: the event name is the message type); needs Accept: text/event-stream",
        response: {
          200: z.string().meta({ description: 'text/event-stream of LiveMessage' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const userId = caller(req).user.id;
      // Only an event-stream client (EventSource sends this) may hold the connection open; a
      // plain request, e.g. a crawler of the API, would wait forever.
      if (!req.headers.accept?.includes('text/event-stream')) throw new AppError(406, 'bad_request');
      const res = reply.raw;
      // Watched before waiting: a client that leaves meanwhile must not be subscribed.
      let closed = false;
      let stop = (): void => undefined;
      res.on('close', () => {
        closed = true;
        stop();
      });
      try {
        await services.live.ready();
      } catch (e) {
        req.log.error({ err: e }, 'live messages cannot be received');
        throw new AppError(503, 'service_unavailable');
      }
      reply.hijack();
      if (closed) return;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // nginx would buffer the stream otherwise.
        'x-accel-buffering': 'no',
      });
      const signedIn = stillSignedIn(req, services, userId);
      // Writes in order, each after the credential is checked again.
      let writes = Promise.resolve();
      const send = (text: string) => {
        writes = writes.then(async () => {
          if (closed) return;
          let ok = false;
          try {
            ok = await signedIn();
          } catch (err) {
            req.log.warn({ err }, 'live: the caller could not be checked again; the stream ends');
          }
          if (closed) return;
          if (ok) return void res.write(text);
          closed = true;
          res.end();
        });
      };
      const unsubscribe = services.live.subscribe(userId, (m) => send(frame(m)));
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      open.add(res);
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      // The first bytes tell the browser the subscription is in place.
      res.write(`retry: ${RETRY_MS}\n\n`);
    },
  );
}
