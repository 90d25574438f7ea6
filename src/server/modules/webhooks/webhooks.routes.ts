import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  createWebhookRequest,
  updateWebhookRequest,
  webhookDelivery,
  webhookDeliveryPage,
  webhookDeliveryParams,
  webhookDeliveryQuery,
  webhookList,
  webhookSchema,
  webhookWithSecret,
} from '../../../shared/schemas/webhooks.js';

const tags = ['admin'];
const config = { access: 'admin' } as const;

/** Администратор → Вебхуки: endpoints told of document events, and the log of their deliveries. */
export function webhooksRoutes(app: App, services: Services): void {
  const webhooks = services.webhooks;

  app.get(
    '/api/v1/admin/webhooks',
    {
      config,
      schema: { tags, summary: 'Registered webhooks', response: { 200: webhookList, ...errorResponses } },
    },
    async () => ({ items: await webhooks.list() }),
  );
  app.get(
    '/api/v1/admin/webhooks/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A webhook (its secret is never shown again)',
        params: idParams,
        response: { 200: webhookSchema, ...errorResponses },
      },
    },
    async (req) => webhooks.get(req.params.id),
  );
  app.post(
    '/api/v1/admin/webhooks',
    {
      config,
      schema: {
        tags,
        summary: 'Register a webhook; the answer holds its secret, shown this once',
        body: createWebhookRequest,
        response: { 201: webhookWithSecret, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await webhooks.create(req.body, caller(req).user.id)),
  );
  app.patch(
    '/api/v1/admin/webhooks/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a webhook; rotateSecret makes a new secret, shown in this answer only',
        params: idParams,
        body: updateWebhookRequest,
        response: { 200: webhookWithSecret, ...errorResponses },
      },
    },
    async (req) => webhooks.update(req.params.id, req.body, caller(req).user.id),
  );
  app.delete(
    '/api/v1/admin/webhooks/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a webhook with its deliveries (nothing more is sent to it)',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await webhooks.remove(req.params.id, caller(req).user.id);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/v1/admin/webhooks/:id/deliveries',
    {
      config,
      schema: {
        tags,
        summary: "A webhook's deliveries, newest first (keyset pages), optionally of one status",
        params: idParams,
        querystring: webhookDeliveryQuery,
        response: { 200: webhookDeliveryPage, ...errorResponses },
      },
    },
    async (req) => webhooks.deliveries(req.params.id, req.query),
  );
  app.post(
    '/api/v1/admin/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config,
      schema: {
        tags,
        summary: 'Send a delivery again, the same body (409 while it is being sent)',
        params: webhookDeliveryParams,
        response: { 200: webhookDelivery, ...errorResponses },
      },
    },
    async (req) => webhooks.redeliver(req.params.id, req.params.deliveryId),
  );
  app.post(
    '/api/v1/admin/webhooks/:id/ping',
    {
      config,
      schema: {
        tags,
        summary: 'Queue a signed `ping` delivery to try the endpoint',
        params: idParams,
        response: { 201: webhookDelivery, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await webhooks.ping(req.params.id, caller(req).user.id)),
  );
}
