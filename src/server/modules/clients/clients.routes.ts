import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import type { Locale } from '../../../shared/locale.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  cardFileSettings,
  client,
  clientDuplicate,
  clientExportQuery,
  clientListItem,
  clientListQuery,
  clientLookupQuery,
  clientPage,
  createClientRequest,
  duplicatesRequest,
  mergeClientsRequest,
  updateCardFileSettingsRequest,
  updateClientRequest,
} from '../../../shared/schemas/clients.js';
import { sendExport, type ExportColumn } from '../exports/tabular.js';
import { clientExportHeaders as h, clientKindNames } from './clients.messages.js';
import type { ClientExportRow } from './clients.service.js';

const tags = ['clients'];
/** Картотека клиентов: list (and its export), lookups, duplicates, card, create, change, delete, merge. */
export function clientsRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/clients',
    {
      config: { access: { doc: 'clients', action: 'read' } },
      schema: {
        tags,
        summary: 'List clients (keyset pages)',
        querystring: clientListQuery,
        response: { 200: clientPage, ...errorResponses },
      },
    },
    async (req) => services.clients.list(req.query, await viewerOf(req)),
  );
  app.get(
    '/api/v1/clients/export',
    {
      config: { access: { doc: 'clients', action: 'export' } },
      schema: {
        tags,
        summary: 'The filtered client list as CSV or XLSX',
        querystring: clientExportQuery,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const { format, ...filter } = req.query;
      return sendExport(req, reply, {
        format,
        fileName: 'clients',
        columns: exportColumns(requestLocale(req)),
        pages: services.clients.exportPages(filter, await viewerOf(req)),
      });
    },
  );
  app.get(
    '/api/v1/clients/lookup',
    {
      config: { access: { doc: 'clients', action: 'read' } },
      schema: {
        tags,
        summary: 'Clients with exactly this phone (any format), tax id or e-mail',
        querystring: clientLookupQuery,
        response: { 200: z.array(clientListItem), ...errorResponses },
      },
    },
    async (req) => services.clients.lookup(req.query, await viewerOf(req)),
  );
  app.post(
    '/api/v1/clients/duplicates',
    {
      config: { access: { doc: 'clients', action: 'read' } },
      schema: {
        tags,
        summary: 'Clients sharing the tax id, a phone or an e-mail with a card being edited',
        body: duplicatesRequest,
        response: { 200: z.array(clientDuplicate), ...errorResponses },
      },
    },
    async (req) => services.clients.duplicates(req.body, await viewerOf(req)),
  );
  app.get(
    '/api/v1/clients/:id',
    {
      config: { access: { doc: 'clients', action: 'read' } },
      schema: {
        tags,
        summary: 'The client card with contacts, phones and e-mails',
        params: idParams,
        response: { 200: client, ...errorResponses },
      },
    },
    async (req) => services.clients.get(req.params.id, await viewerOf(req)),
  );
  app.post(
    '/api/v1/clients',
    {
      config: { access: { doc: 'clients', action: 'create' } },
      schema: {
        tags,
        summary: 'Create a client',
        body: createClientRequest,
        response: { 201: client, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await services.clients.create(req.body, caller(req).user.id, await viewerOf(req))),
  );
  app.patch(
    '/api/v1/clients/:id',
    {
      config: { access: { doc: 'clients', action: 'edit' } },
      schema: {
        tags,
        summary: 'Change a client (omitted fields keep their value; contacts is the whole list)',
        params: idParams,
        body: updateClientRequest,
        response: { 200: client, ...errorResponses },
      },
    },
    async (req) => services.clients.update(req.params.id, req.body, caller(req).user.id, await viewerOf(req)),
  );
  app.delete(
    '/api/v1/clients/:id',
    {
      config: { access: { doc: 'clients', action: 'delete' } },
      schema: {
        tags,
        summary: 'Delete a client (it stays linked to its documents and history)',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.clients.remove(req.params.id, await viewerOf(req));
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/clients/:id/merge',
    {
      config: { access: { doc: 'clients', action: 'edit' } },
      schema: {
        tags,
        summary: 'Merge another client into this one (its contacts, documents and history move here)',
        params: idParams,
        body: mergeClientsRequest,
        response: { 200: client, ...errorResponses },
      },
    },
    async (req) =>
      services.clients.merge(req.params.id, req.body.sourceId, caller(req).user.id, await viewerOf(req)),
  );
  app.get(
    '/api/v1/settings/card-files',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['settings'],
        summary: 'Card-file settings (the default phone country)',
        response: { 200: cardFileSettings, ...errorResponses },
      },
    },
    async () => services.clients.settings.get(),
  );
  app.put(
    '/api/v1/settings/card-files',
    {
      config: { access: { area: 'parameters', mode: 'write' } },
      schema: {
        tags: ['settings'],
        summary: 'Change the card-file settings',
        body: updateCardFileSettingsRequest,
        response: { 200: cardFileSettings, ...errorResponses },
      },
    },
    async (req) => services.clients.settings.update(req.body, caller(req).user.id),
  );
}

function exportColumns(locale: Locale): ExportColumn<ClientExportRow>[] {
  return [
    { header: h.id, value: (r) => r.id },
    { header: h.kind, value: (r) => clientKindNames[r.kind][locale] },
    { header: h.name, value: (r) => r.name },
    { header: h.shortName, value: (r) => r.shortName },
    { header: h.taxId, value: (r) => r.taxId },
    { header: h.phones, value: (r) => r.phones.join(', ') },
    { header: h.emails, value: (r) => r.emails.join(', ') },
    { header: h.responsible, value: (r) => r.responsible?.name ?? '' },
    { header: h.tags, value: (r) => r.tags.join(', ') },
    { header: h.createdAt, value: (r) => r.createdAt },
  ];
}
