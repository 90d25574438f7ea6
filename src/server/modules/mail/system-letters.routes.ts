import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import { idParams } from '../../../shared/schemas/common.js';
import { systemLetter, systemLetterPage, systemLetterQuery } from '../../../shared/schemas/system-letters.js';

const tags = ['admin'];

/** Администратор → Рассылка: the system sender's letters (the sender itself: admin/system-sender.routes.ts). */
export function systemLettersRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/admin/system-letters',
    {
      config: { access: { area: 'mail', mode: 'read' } },
      schema: {
        tags,
        summary: "The system sender's letters, newest first, with the counts by status",
        querystring: systemLetterQuery,
        response: { 200: systemLetterPage, ...errorResponses },
      },
    },
    async (req) => services.systemLetters.list(req.query, requestLocale(req)),
  );
  app.post(
    '/api/v1/admin/system-letters/:id/retry',
    {
      config: { access: { area: 'mail', mode: 'write' } },
      schema: {
        tags,
        summary: 'Send a failed letter again (back to the queue, due now; 409 mail_not_failed otherwise)',
        params: idParams,
        response: { 200: systemLetter, ...errorResponses },
      },
    },
    async (req) => services.systemLetters.retry(req.params.id, requestLocale(req)),
  );
}
