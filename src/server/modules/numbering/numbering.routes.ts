import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import {
  docTypeParams,
  numberingPreview,
  numberingPreviewRequest,
  numberingTemplate,
  updateNumberingRequest,
} from '../../../shared/schemas/numbering.js';

const tags = ['settings'];
/**
 * Настройка → Нумерация. Everyone signed in may read and preview (a journal's next number: with a
 * read grant on the journal); changing needs the numbering area.
 */
export function numberingRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/settings/numbering',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Numbering of events, tasks and projects',
        response: { 200: z.array(numberingTemplate), ...errorResponses },
      },
    },
    async () => services.numbering.list(),
  );
  app.put(
    '/api/v1/settings/numbering/:docType',
    {
      config: { access: { area: 'numbering', mode: 'write' } },
      schema: {
        tags,
        summary: 'Change the numbering of a document type (existing documents keep their numbers)',
        params: docTypeParams,
        body: updateNumberingRequest,
        response: { 200: numberingTemplate, ...errorResponses },
      },
    },
    async (req) => services.numbering.update(req.params.docType, req.body, caller(req).user.id),
  );
  app.post(
    '/api/v1/settings/numbering/preview',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The next number of a document type, for the saved or the given settings, without taking it',
        body: numberingPreviewRequest,
        response: { 200: numberingPreview, ...errorResponses },
      },
    },
    async (req) => services.numbering.preview(req.body, await viewerOf(req)),
  );
}
