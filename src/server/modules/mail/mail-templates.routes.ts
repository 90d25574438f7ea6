import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  createMailTemplateRequest,
  mailTemplate,
  mailTemplateListQuery,
  renderMailTemplateRequest,
  renderedMailTemplate,
  updateMailTemplateRequest,
} from '../../../shared/schemas/mail.js';

const tags = ['mail'];
const write = { area: 'mail', mode: 'write' } as const;

/** Letter templates: everyone signed in uses the active ones; mail settings holders keep them. */
export function mailTemplatesRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/mail/templates',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Letter templates (active ones; all=true: inactive too, for mail settings holders)',
        querystring: mailTemplateListQuery,
        response: { 200: z.array(mailTemplate), ...errorResponses },
      },
    },
    async (req) => services.mailTemplates.list(req.query.all === 'true', await viewerOf(req)),
  );
  app.post(
    '/api/v1/mail/templates',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Create a letter template (its HTML is sanitised)',
        body: createMailTemplateRequest,
        response: { 201: mailTemplate, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await services.mailTemplates.create(req.body, caller(req).user.id)),
  );
  app.patch(
    '/api/v1/mail/templates/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Change a letter template',
        params: idParams,
        body: updateMailTemplateRequest,
        response: { 200: mailTemplate, ...errorResponses },
      },
    },
    async (req) => services.mailTemplates.update(req.params.id, req.body, caller(req).user.id),
  );
  app.delete(
    '/api/v1/mail/templates/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Delete a letter template',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.mailTemplates.remove(req.params.id, caller(req).user.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/mail/templates/:id/render',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The template filled in for a letter written from the given documents',
        description:
          'Placeholders {{client.name}}, {{contact.name}}, {{project.number}}, {{project.name}}, ' +
          '{{task.number}}, {{task.title}}, {{event.number}}, {{event.subject}}, {{user.name}}, {{date}} ' +
          'are filled from the documents given (each must be readable, else 404); an event, task or ' +
          'project lends its client, contact person and project. Values are HTML-escaped in the HTML; ' +
          'unknown placeholders stay as written.',
        params: idParams,
        body: renderMailTemplateRequest,
        response: { 200: renderedMailTemplate, ...errorResponses },
      },
    },
    async (req) =>
      services.mailTemplates.render(req.params.id, req.body, await viewerOf(req), requestLocale(req)),
  );
}
