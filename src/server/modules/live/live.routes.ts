import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { AppError, errorResponses } from '../../http/errors.js';
import type { LiveMessage } from '../../../shared/schemas/live.js';

/** Proxies and browsers drop a silent connection after a minute or two; a comment keeps it open. */
const HEARTBEAT_MS = 25_000;
/** How long a browser waits before reconnecting after the stream broke. */
const RETRY_MS = 3_000;

const frame = (m: LiveMessage) => `event: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`;

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
      try {
        await services.live.ready();
      } catch (e) {
        req.log.error({ err: e }, 'live messages cannot be received');
        throw new AppError(503, 'service_unavailable');
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // nginx would buffer the stream otherwise.
        'x-accel-buffering': 'no',
      });
      const unsubscribe = services.live.subscribe(userId, (m) => res.write(frame(m)));
      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      open.add(res);
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
      // The first bytes tell the browser the subscription is in place.
      res.write(`retry: ${RETRY_MS}\n\n`);
    },
  );
}
