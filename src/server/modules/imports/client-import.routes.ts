import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import {
  IMPORT_BODY_LIMIT,
  importFileRequest,
  importPreview,
  importReport,
  type ImportFileRequest,
} from '../../../shared/schemas/imports.js';
import type { ImportFile } from './client-import.service.js';

const tags = ['clients'];

function fileOf(body: ImportFileRequest): ImportFile {
  return {
    content: Buffer.from(body.contentBase64, 'base64'),
    delimiter: body.delimiter,
    encoding: body.encoding,
    sheet: body.sheet,
  };
}

/** Импорт клиентов: the file travels as base64 in JSON (the API speaks JSON only). */
export function clientImportRoutes(app: App, services: Services): void {
  app.post(
    '/api/v1/clients/import/preview',
    {
      config: { access: { doc: 'clients', action: 'create' } },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Read a CSV/XLSX file: its columns, a suggested mapping and the first rows',
        body: importFileRequest,
        response: { 200: importPreview, ...errorResponses },
      },
    },
    async (req) => services.clientImport.preview(fileOf(req.body)),
  );
  app.post(
    '/api/v1/clients/import',
    {
      config: { access: { doc: 'clients', action: 'create' } },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import clients (with contact persons) from a CSV/XLSX file',
        description:
          'Valid rows are saved; every other row is reported with its line and reasons. A client ' +
          'already stored (same external id, else tax id, else name and first phone / e-mail) is ' +
          'updated: non-empty cells replace values, missing phones, e-mails, tags, addresses and ' +
          'contact persons are added, nothing is removed. A row whose external id is that of a card ' +
          'since merged into another only adds its phones, e-mails, tags, addresses and contact ' +
          'persons to that card. A row matching a client the caller may not read or change is ' +
          'rejected (the client is not named). A tax id whose check digit is wrong is imported with a warning. ' +
          'Files of more than 200 columns or 200 000 rows are refused.',
        body: importFileRequest,
        response: { 200: importReport, ...errorResponses },
      },
    },
    async (req) =>
      services.clientImport.run(fileOf(req.body), {
        mapping: req.body.mapping,
        dryRun: req.body.dryRun,
        userId: caller(req).user.id,
        viewer: await viewerOf(req),
        locale: requestLocale(req),
      }),
  );
}
