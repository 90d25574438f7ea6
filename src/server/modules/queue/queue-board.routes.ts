import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { deviceToken } from '../../http/access.js';
import { AppError, errorResponses } from '../../http/errors.js';
import { boardState, queueDeviceTokenQuery } from '../../../shared/schemas/queue.js';
import type { BoardMessage } from '../../../shared/schemas/queue.js';
import type { QueueDeviceRef } from './queue-devices.service.js';
import { QueueTicketsService } from './queue-tickets.service.js';

/** How long a board waits before reconnecting after the stream broke. */
const RETRY_MS = 3_000;
const tags = ['queue'];

const frame = (m: BoardMessage) => `event: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`;

/**
 * Whether a board is told of a message: one of the queues it shows moved, or something every board
 * shows (a `queue.changed` naming no queue: a window renamed or turned off).
 */
function concerns(device: Pick<QueueDeviceRef, 'serviceIds'>, m: BoardMessage): boolean {
  if (m.type === 'ticket.called') return QueueTicketsService.shows(device, m.ticket.serviceId);
  return !m.serviceIds.length || m.serviceIds.some((id) => QueueTicketsService.shows(device, id));
}

/** The device of a kiosk or board route (the access hook has checked its token). */
export function deviceOf(req: FastifyRequest): QueueDeviceRef {
  if (!req.queueDevice) throw new AppError(401, 'not_authenticated');
  return req.queueDevice;
}

/** The display board: its state, and its live messages as Server-Sent Events. */
export function queueBoardRoutes(app: App, services: Services): void {
  const tickets = services.queueTickets;
  const open = new Set<ServerResponse>();
  // An open stream would keep the server from closing.
  app.addHook('preClose', (done) => {
    for (const res of open) res.end();
    done();
  });

  app.get(
    '/api/v1/queue/board',
    {
      config: { access: 'queue_board' },
      schema: {
        tags,
        summary: "The board (by its token): its queues with who waits, today's last called tickets",
        querystring: queueDeviceTokenQuery,
        response: { 200: boardState, ...errorResponses },
      },
    },
    async (req) => tickets.boardState(deviceOf(req)),
  );

  app.get(
    '/api/v1/queue/board/stream',
    {
      // The token may be in the address (EventSource sends no header): the log shows the route only.
      config: { access: 'queue_board', secretUrl: true },
      schema: {
        tags,
        summary:
          "The board's live messages (Server-Sent Events, event name = type: ticket.called, queue.changed); needs Accept: text/event-stream",
        querystring: queueDeviceTokenQuery,
        response: {
          200: z.string().meta({ description: 'text/event-stream of BoardMessage' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      let device = deviceOf(req);
      // Only an event-stream client may hold the connection open; a plain request would wait forever.
      if (!req.headers.accept?.includes('text/event-stream')) throw new AppError(406, 'bad_request');
      const res = reply.raw;
      // Watched before waiting: a board that leaves meanwhile must not be subscribed.
      let closed = false;
      let stop = (): void => undefined;
      res.on('close', () => {
        closed = true;
        stop();
      });
      try {
        await tickets.board.ready();
      } catch (e) {
        req.log.error({ err: e }, 'queue board messages cannot be received');
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
      const token = deviceToken(req);
      const unsubscribe = tickets.board.subscribe((m) => {
        if (!closed && concerns(device, m)) res.write(frame(m));
      });
      // Each heartbeat checks the device again, as the access hook would: a board turned off or
      // given a new token stops, and a change of the queues it shows is followed.
      const heartbeat = setInterval(() => {
        services.queueDevices.verify(token, 'board').then(
          (again) => {
            device = again;
            if (!closed) res.write(': ping\n\n');
          },
          () => {
            closed = true;
            stop();
            res.end();
          },
        );
      }, tickets.board.heartbeatMs);
      open.add(res);
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      // The first bytes tell the board the subscription is in place.
      res.write(`retry: ${RETRY_MS}\n\n`);
    },
  );
}
