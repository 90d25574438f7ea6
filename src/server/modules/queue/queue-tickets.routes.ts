import type { FastifyRequest } from 'fastify';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponseSchema, errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import {
  callNextResult,
  kioskInfo,
  operatorPanel,
  queueDeviceTokenQuery,
  queueTicket,
  queueTicketList,
  queueTicketsQuery,
  redirectTicketRequest,
  setWindowRequest,
  takeTicketRequest,
  takenTicket,
  ticketClientRequest,
  ticketIdParams,
} from '../../../shared/schemas/queue.js';
import type { OperatorPanel, QueueTicket } from '../../../shared/schemas/queue.js';
import { deviceOf, queueBoardRoutes } from './queue-board.routes.js';
import { visibleTo } from './queue-ticket-view.js';

const tags = ['queue'];

/** Электронная очередь: the kiosk, the operator's desk, ticket actions, the day's tickets; the board. */
export function queueTicketsRoutes(app: App, services: Services): void {
  const tickets = services.queueTickets;
  /** Tickets as the caller may see them (clients they may not read are not named). */
  const seen = async (req: FastifyRequest, list: QueueTicket[]) =>
    visibleTo(services.access, await viewerOf(req), list);
  const seenOne = async (req: FastifyRequest, ticket: QueueTicket) => (await seen(req, [ticket]))[0]!;
  const seenPanel = async (req: FastifyRequest, panel: OperatorPanel): Promise<OperatorPanel> => {
    const all = await seen(req, [...panel.noShows, ...(panel.current ? [panel.current] : [])]);
    const shows = panel.noShows.length;
    return { ...panel, noShows: all.slice(0, shows), current: panel.current ? all[shows]! : null };
  };

  app.get(
    '/api/v1/queue/kiosk',
    {
      config: { access: 'queue_kiosk' },
      schema: {
        tags,
        summary: 'The kiosk (by its token): the queues it offers, with how many wait',
        querystring: queueDeviceTokenQuery,
        response: { 200: kioskInfo, ...errorResponses },
      },
    },
    async (req) => tickets.kiosk(deviceOf(req)),
  );
  app.post(
    '/api/v1/queue/kiosk/tickets',
    {
      config: { access: 'queue_kiosk' },
      schema: {
        tags,
        summary:
          "Take a ticket at the kiosk; a known phone links it to the client. 429 with Retry-After past the kiosk's tickets per minute",
        querystring: queueDeviceTokenQuery,
        body: takeTicketRequest,
        response: { 201: takenTicket, ...errorResponses, 429: errorResponseSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await tickets.take(deviceOf(req), req.body)),
  );

  app.get(
    '/api/v1/queue/operator',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          "The caller's operator desk: status, window, queues, the held ticket, why Call next is blocked",
        response: { 200: operatorPanel, ...errorResponses },
      },
    },
    async (req) => seenPanel(req, await tickets.panel(caller(req).user.id)),
  );
  app.put(
    '/api/v1/queue/operator/window',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Sit at a window (one where a queue of the caller is served), or at none',
        body: setWindowRequest,
        response: { 200: operatorPanel, ...errorResponses },
      },
    },
    async (req) => seenPanel(req, await tickets.setWindow(caller(req).user.id, req.body.windowId)),
  );
  app.post(
    '/api/v1/queue/operator/call-next',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          "Call next: the first waiting ticket of today's line of your queues served at your window (priority, then place in line); null when nobody waits. 409: status, window (none, or none of your queues served at it), queues or a held ticket",
        response: { 200: callNextResult, ...errorResponses },
      },
    },
    async (req) => {
      const { ticket } = await tickets.callNext(caller(req).user.id, requestLocale(req));
      return { ticket: ticket && (await seenOne(req, ticket)) };
    },
  );

  const action = (
    path: string,
    summary: string,
    run: (userId: number, id: number, req: FastifyRequest) => Promise<QueueTicket>,
  ) =>
    app.post(
      `/api/v1/queue/tickets/:id/${path}`,
      {
        config: { access: 'authenticated' },
        schema: { tags, summary, params: ticketIdParams, response: { 200: queueTicket, ...errorResponses } },
      },
      async (req) => seenOne(req, await run(caller(req).user.id, req.params.id, req)),
    );
  action('repeat', 'Call your called ticket again (the board chimes again)', (u, id) =>
    tickets.repeat(u, id),
  );
  action('start', 'The visitor came: serving starts', (u, id) => tickets.start(u, id));
  action(
    'done',
    'Served: with a known client, an «electronic_queue» event on the client card',
    (u, id, req) => tickets.done(u, id, requestLocale(req)),
  );
  action('no-show', 'The visitor did not come', (u, id) => tickets.noShow(u, id));
  action(
    'recall',
    "Call a today's no-show of your queues again (like Call next: its queue served at your window, status, not busy)",
    (u, id, req) => tickets.recall(u, id, requestLocale(req)),
  );
  app.post(
    '/api/v1/queue/tickets/:id/redirect',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Send the visitor to another queue keeping their place in line; answers the new waiting ticket there',
        params: ticketIdParams,
        body: redirectTicketRequest,
        response: { 200: queueTicket, ...errorResponses },
      },
    },
    async (req) =>
      seenOne(req, await tickets.redirect(caller(req).user.id, req.params.id, req.body.serviceId)),
  );
  app.patch(
    '/api/v1/queue/tickets/:id/client',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Link your ticket to a client you may read (null: unlink)',
        params: ticketIdParams,
        body: ticketClientRequest,
        response: { 200: queueTicket, ...errorResponses },
      },
    },
    async (req) =>
      seenOne(
        req,
        await tickets.setClient(caller(req).user.id, req.params.id, req.body.clientId, await viewerOf(req)),
      ),
  );
  app.get(
    '/api/v1/queue/tickets',
    {
      config: { access: { area: 'books', mode: 'read' } },
      schema: {
        tags,
        summary:
          "The tickets issued on a day (default today, enterprise time zone), by place in line; today's also those still waiting from earlier days in queues without a daily reset",
        querystring: queueTicketsQuery,
        response: { 200: queueTicketList, ...errorResponses },
      },
    },
    async (req) => ({ items: await seen(req, (await tickets.list(req.query)).items) }),
  );

  queueBoardRoutes(app, services);
}
