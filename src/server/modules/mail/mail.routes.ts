import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { errorResponses } from '../../http/errors.js';
import { viewerOf } from '../../http/access.js';
import { idParams } from '../../../shared/schemas/common.js';
import { pageQuery } from '../../../shared/schemas/card-files.js';
import {
  MIME_TYPE,
  mailHtmlQuery,
  mailListItem,
  mailListQuery,
  mailMessage,
  mailPage,
} from '../../../shared/schemas/mail.js';

const tags = ['mail'];
const read = { doc: 'events', action: 'read' } as const;

/** Reading letters: lists on cards, one letter, its HTML and attachments, its thread, «Неразобранные». */
export function mailRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/mail/messages',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Letters of a client, project, task or event (newest first, keyset pages)',
        description: 'Only letters whose event the caller may read.',
        querystring: mailListQuery,
        response: { 200: mailPage, ...errorResponses },
      },
    },
    async (req) => services.mail.list(req.query, await viewerOf(req)),
  );
  app.get(
    '/api/v1/mail/unsorted',
    {
      config: { access: read },
      schema: {
        tags,
        summary: '«Неразобранные»: incoming letters from senders that are no client’s',
        querystring: z.strictObject(pageQuery),
        response: { 200: mailPage, ...errorResponses },
      },
    },
    async (req) => services.mail.unsorted(req.query, await viewerOf(req)),
  );
  app.get(
    '/api/v1/mail/messages/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'One letter: headers, plain text, attachments (its HTML: …/html)',
        params: idParams,
        response: { 200: mailMessage, ...errorResponses },
      },
    },
    async (req) => services.mail.get(req.params.id, await viewerOf(req)),
  );
  app.get(
    '/api/v1/mail/messages/:id/thread',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'The conversation of a letter (In-Reply-To / References), oldest first',
        params: idParams,
        response: { 200: z.array(mailListItem), ...errorResponses },
      },
    },
    async (req) => services.mail.thread(req.params.id, await viewerOf(req)),
  );
  app.get(
    '/api/v1/mail/messages/:id/html',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'The letter’s sanitised HTML as a document for a sandboxed frame',
        description:
          'text/html with a Content-Security-Policy that allows no scripts and, unless images=1, ' +
          'no remote images.',
        params: idParams,
        querystring: mailHtmlQuery,
        response: { 200: z.string().meta({ description: 'text/html' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const doc = await services.mail.html(req.params.id, await viewerOf(req), req.query.images === '1');
      return reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          `${doc.csp}; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .send(doc.html);
    },
  );
  app.get(
    '/api/v1/mail/attachments/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Download an attachment',
        params: idParams,
        response: { 200: z.string().meta({ format: 'binary' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await services.mail.attachment(req.params.id, await viewerOf(req));
      // Always a download, never rendered in the app's origin (an HTML or SVG attachment could script).
      // A stored type is whatever the sender wrote; one that is no MIME type would break the header.
      return (reply as FastifyReply)
        .type(MIME_TYPE.test(file.contentType) ? file.contentType : 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="${asciiName(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-cache')
        .send(file.content);
    },
  );
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
