import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  createClientFromUnsortedRequest,
  linkUnsortedRequest,
  mailboxQuery,
  mailboxState,
  updateMailboxRequest,
} from '../../../shared/schemas/mail.js';

const tags = ['mail'];
const mailRead = { area: 'mail', mode: 'read' } as const;
const mailWrite = { area: 'mail', mode: 'write' } as const;
const eventsEdit = { doc: 'events', action: 'edit' } as const;

const linkedResponse = z.object({ linked: z.number() }).meta({ id: 'UnsortedLinked' });
const createdClientResponse = z
  .object({ clientId: z.number(), linked: z.number() })
  .meta({ id: 'UnsortedClientCreated' });

/** Mailboxes (the admin view and the user's own) and the actions of «Неразобранные». */
export function mailboxRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/mail/mailboxes',
    {
      config: { access: mailRead },
      schema: {
        tags,
        summary: "Users' mailboxes: status, last sync, messages, last error",
        description:
          'Mailboxes of users who qualify (parameter «receive corporate mail», e-mail and password) are created on the way.',
        querystring: mailboxQuery,
        response: { 200: z.array(mailboxState), ...errorResponses },
      },
    },
    async (req) => services.mailboxes.list(req.query),
  );
  app.put(
    '/api/v1/mail/mailboxes/:id',
    {
      config: { access: mailWrite },
      schema: {
        tags,
        summary: 'Set the folders a mailbox syncs',
        params: idParams,
        body: updateMailboxRequest,
        response: { 200: mailboxState, ...errorResponses },
      },
    },
    async (req) => services.mailboxes.updateFolders(req.params.id, req.body.folders),
  );
  app.post(
    '/api/v1/mail/mailboxes/:id/sync',
    {
      config: { access: mailWrite },
      schema: {
        tags,
        summary: 'Sync a mailbox now; its status tells how it went',
        params: idParams,
        response: { 200: mailboxState, ...errorResponses },
      },
    },
    async (req) => services.mailboxes.syncById(req.params.id),
  );
  app.get(
    '/api/v1/me/mailbox',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "The caller's own mailbox, or null",
        response: { 200: mailboxState.nullable(), ...errorResponses },
      },
    },
    async (req) => services.mailboxes.mine(caller(req).user.id),
  );
  app.post(
    '/api/v1/me/mailbox/sync',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "Sync the caller's own mailbox now",
        response: { 200: mailboxState, ...errorResponses },
      },
    },
    async (req) => services.mailboxes.syncMine(caller(req).user.id),
  );

  app.post(
    '/api/v1/mail/unsorted/:id/link',
    {
      config: { access: eventsEdit },
      schema: {
        tags,
        summary: 'Link an unsorted letter to a client (and contact person)',
        description:
          "With rememberAddress the sender's address is added to the client (or contact person) and the sender's other unsorted letters are linked too.",
        params: idParams,
        body: linkUnsortedRequest,
        response: { 200: linkedResponse, ...errorResponses },
      },
    },
    async (req) =>
      services.unsortedMail.link(req.params.id, req.body, caller(req).user.id, await viewerOf(req)),
  );
  app.post(
    '/api/v1/mail/unsorted/:id/create-client',
    {
      config: { access: eventsEdit },
      schema: {
        tags,
        summary: "Create a client with the sender's address and link the letter to it",
        params: idParams,
        body: createClientFromUnsortedRequest,
        response: { 200: createdClientResponse, ...errorResponses },
      },
    },
    async (req) =>
      services.unsortedMail.createClient(req.params.id, req.body, caller(req).user.id, await viewerOf(req)),
  );
  app.post(
    '/api/v1/mail/unsorted/:id/dismiss',
    {
      config: { access: eventsEdit },
      schema: {
        tags,
        summary: 'Not a client letter: take it off «Неразобранные» without a client',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.unsortedMail.dismiss(req.params.id, await viewerOf(req));
      return { ok: true as const };
    },
  );
}
