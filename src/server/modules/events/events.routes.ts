import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { errorResponses } from '../../http/errors.js';
import { caller, viewerOf } from '../../http/access.js';
import { requestLocale } from '../../http/locale.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import { localName, type Locale } from '../../../shared/locale.js';
import {
  createEventRequest,
  eventCard,
  eventExportQuery,
  eventListQuery,
  eventPage,
  updateEventRequest,
  type EventListItem,
} from '../../../shared/schemas/events.js';
import { sendExport, type ExportColumn } from '../exports/tabular.js';
import { eventExportHeaders, eventStatusNames } from './events.messages.js';

const tags = ['events'];

/** Картотека событий: the list with its filter, the card, create, change, delete, export. */
export function eventsRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/events',
    {
      config: { access: { doc: 'events', action: 'read' } },
      schema: {
        tags,
        summary: 'List events (keyset pages, filters)',
        querystring: eventListQuery,
        response: { 200: eventPage, ...errorResponses },
      },
    },
    async (req) => services.events.list(req.query, await viewerOf(req)),
  );
  app.get(
    '/api/v1/events/export',
    {
      config: { access: { doc: 'events', action: 'export' } },
      schema: {
        tags,
        summary: 'The filtered list as CSV or XLSX',
        querystring: eventExportQuery,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const { format, ...filter } = req.query;
      return sendExport(req, reply, {
        format,
        fileName: 'events',
        columns: exportColumns(requestLocale(req)),
        pages: services.events.pages(filter, await viewerOf(req)),
      });
    },
  );
  app.get(
    '/api/v1/events/:id',
    {
      config: { access: { doc: 'events', action: 'read' } },
      schema: {
        tags,
        summary: 'The event card',
        params: idParams,
        response: { 200: eventCard, ...errorResponses },
      },
    },
    async (req) => services.events.get(req.params.id, await viewerOf(req)),
  );
  app.post(
    '/api/v1/events',
    {
      config: { access: { doc: 'events', action: 'create' } },
      schema: {
        tags,
        summary: 'Create an event (numbered; the journal defaults to the events journal)',
        body: createEventRequest,
        response: { 201: eventCard, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await services.events.create(
            req.body,
            caller(req).user.id,
            await viewerOf(req),
            requestLocale(req),
          ),
        ),
  );
  app.patch(
    '/api/v1/events/:id',
    {
      config: { access: { doc: 'events', action: 'edit' } },
      schema: {
        tags,
        summary: 'Change an event (the changes go to its history)',
        params: idParams,
        body: updateEventRequest,
        response: { 200: eventCard, ...errorResponses },
      },
    },
    async (req) =>
      services.events.update(
        req.params.id,
        req.body,
        caller(req).user.id,
        await viewerOf(req),
        requestLocale(req),
      ),
  );
  app.delete(
    '/api/v1/events/:id',
    {
      config: { access: { doc: 'events', action: 'delete' } },
      schema: {
        tags,
        summary: 'Delete an event (tasks based on it stay, without the link)',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.events.remove(req.params.id, await viewerOf(req));
      return { ok: true as const };
    },
  );
}

function exportColumns(locale: Locale): ExportColumn<EventListItem>[] {
  const h = eventExportHeaders;
  const name = (e: { nameRu: string; nameUk: string; nameEn: string }) => localName(e, locale);
  return [
    { header: h.number, value: (e) => e.number },
    { header: h.type, value: (e) => name(e.type) },
    { header: h.subject, value: (e) => e.subject },
    { header: h.startsAt, value: (e) => e.startsAt },
    { header: h.endsAt, value: (e) => e.endsAt },
    { header: h.status, value: (e) => eventStatusNames[e.status][locale] },
    { header: h.client, value: (e) => e.client?.name ?? null },
    { header: h.project, value: (e) => (e.project ? `${e.project.number} ${e.project.name}` : null) },
    { header: h.performer, value: (e) => e.performer?.name ?? null },
    { header: h.journal, value: (e) => name(e.journal) },
  ];
}
