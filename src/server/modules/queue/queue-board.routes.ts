import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { deviceToken } from '../../http/access.js';
import { AppError, errorResponses } from '../../http/errors.js';
import { eventStreams } from '../../http/event-stream.js';
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
  const openEventStream = eventStreams(app);

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
      const stream = await openEventStream(req, reply, () => tickets.board.ready(), 'queue board messages');
      if (!stream) return;
      const token = deviceToken(req);
      const unsubscribe = tickets.board.subscribe((m) => {
        if (concerns(device, m)) stream.write(frame(m));
      });
      // Each heartbeat checks the device again, as the access hook would: a board turned off or
      // given a new token stops, and a change of the queues it shows is followed.
      const heartbeat = setInterval(() => {
        services.queueDevices.verify(token, 'board').then(
          (again) => {
            device = again;
            stream.write(': ping\n\n');
          },
          () => stream.end(),
        );
      }, tickets.board.heartbeatMs);
      stream.onClose(() => {
        clearInterval(heartbeat);
        unsubscribe();
      });
      // The first bytes tell the board the subscription is in place.
      stream.write(`retry: ${RETRY_MS}\n\n`);
    },
  );
}
