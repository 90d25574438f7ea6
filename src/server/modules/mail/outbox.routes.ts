import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { idParams } from '../../../shared/schemas/common.js';
import {
  MAIL_BODY_LIMIT,
  composeMailRequest,
  mailMessage,
  recipientSuggestion,
  recipientsQuery,
} from '../../../shared/schemas/mail.js';

const tags = ['mail'];

/** «Написать письмо», retrying a failed letter, and the addresses to offer. */
export function outboxRoutes(app: App, services: Services): void {
  app.post(
    '/api/v1/mail/messages',
    {
      config: { access: { doc: 'events', action: 'create' } },
      bodyLimit: MAIL_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Write a letter: it is queued in the outbox and sent as your employee',
        description:
          'The letter becomes an «outgoing e-mail» event (planned until sent, then done) linked to the ' +
          'client, contact person and project given or lent by eventId, taskId or replyToId (a reply: ' +
          'In-Reply-To, References and the same conversation). Needs your user linked to an employee ' +
          'with an e-mail and a mailbox password (409 mail_no_mailbox) and the enterprise SMTP server ' +
          '(409 mail_server_not_configured). Attachments travel as base64.',
        body: composeMailRequest,
        response: { 201: mailMessage, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await services.outbox.compose(req.body, caller(req).user.id, await viewerOf(req))),
  );
  app.post(
    '/api/v1/mail/messages/:id/retry',
    {
      config: { access: { doc: 'events', action: 'edit' } },
      schema: {
        tags,
        summary: 'Send a failed letter again (back to the queue, due now)',
        params: idParams,
        response: { 200: mailMessage, ...errorResponses },
      },
    },
    async (req) => services.outbox.retry(req.params.id, await viewerOf(req)),
  );
  app.get(
    '/api/v1/mail/recipients',
    {
      config: { access: { doc: 'clients', action: 'read' } },
      schema: {
        tags,
        summary: "Addresses to suggest: the client's and its contact persons' e-mails",
        description:
          'The client is the one given, or that of the event, task or project given; without any, the list is empty.',
        querystring: recipientsQuery,
        response: { 200: z.array(recipientSuggestion), ...errorResponses },
      },
    },
    async (req) => services.outbox.recipients(req.query, await viewerOf(req)),
  );
}
