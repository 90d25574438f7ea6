import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { errorResponses } from '../../http/errors.js';
import { caller, viewerOf } from '../../http/access.js';
import { okSchema } from '../../../shared/schemas/common.js';
import {
  calendarFeedCreated,
  calendarFeedStatus,
  calendarQuery,
  calendarResponse,
} from '../../../shared/schemas/calendar.js';

const tags = ['calendar'];
const FEED_PATH = '/api/v1/calendar/feed';

/** The calendar of events and task deadlines, and the secret ICS address for calendar programs. */
export function calendarRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/calendar',
    {
      config: { access: { doc: 'events', action: 'read' } },
      schema: {
        tags,
        summary: 'Events and task deadlines in [from, to) of a user (default: the caller)',
        querystring: calendarQuery,
        response: { 200: calendarResponse, ...errorResponses },
      },
    },
    async (req) => {
      const { from, to, userId } = req.query;
      const whose = userId === 'all' ? null : (userId ?? caller(req).user.id);
      return services.calendar.items(whose, from, to, await viewerOf(req));
    },
  );
  app.get(
    FEED_PATH,
    {
      // Managing one's own subscription address shows no documents.
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Whether the caller has a calendar subscription address',
        response: { 200: calendarFeedStatus, ...errorResponses },
      },
    },
    async (req) => services.calendar.feedStatus(caller(req).user.id),
  );
  app.post(
    FEED_PATH,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Create or replace the caller’s secret subscription address (shown only now)',
        response: { 200: calendarFeedCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { token, createdAt } = await services.calendar.createFeed(caller(req).user.id);
      return { url: `${origin(req)}${FEED_PATH}/${token}.ics`, createdAt };
    },
  );
  app.delete(
    FEED_PATH,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Revoke the caller’s subscription address',
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.calendar.revokeFeed(caller(req).user.id);
      return { ok: true as const };
    },
  );
  app.get(
    `${FEED_PATH}/:token.ics`,
    {
      // The secret in the address is the credential: calendar programs cannot sign in.
      config: { access: 'public', secretUrl: true },
      schema: {
        tags,
        summary: 'The iCalendar feed (RFC 5545) behind a secret address',
        params: z.strictObject({ token: z.string().max(200) }),
        response: {
          200: z.string().meta({ description: 'text/calendar' }),
          404: errorResponses[404],
        },
      },
    },
    async (req, reply) => {
      const body = await services.calendar.feed(req.params.token, origin(req));
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', 'inline; filename="kartoteka.ics"')
        .send(body);
    },
  );
}

/** The address the caller reached the app at (behind a proxy: see the trustProxy setting). */
function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
