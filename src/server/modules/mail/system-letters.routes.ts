import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import { idParams } from '../../../shared/schemas/common.js';
import {
  systemLetter,
  systemLetterPage,
  systemLetterQuery,
  systemSender,
  updateSystemSenderRequest,
} from '../../../shared/schemas/system-letters.js';

const tags = ['admin'];

/** Администратор → Рассылка: the system sender (the mailbox notifications come from) and its letters. */
export function systemLettersRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/admin/system-sender',
    {
      config: { access: { area: 'mail', mode: 'read' } },
      schema: {
        tags,
        summary: 'The system sender (its password is never returned)',
        response: { 200: systemSender, ...errorResponses },
      },
    },
    async () => services.systemLetters.sender(),
  );
  app.put(
    '/api/v1/admin/system-sender',
    {
      config: { access: { area: 'mail', mode: 'write' } },
      schema: {
        tags,
        summary: 'Set the system sender: its address (the SMTP login), name and password',
        description:
          'The letters go through the enterprise SMTP server logged in as this address. An omitted ' +
          'password keeps the stored one; an empty one clears it.',
        body: updateSystemSenderRequest,
        response: { 200: systemSender, ...errorResponses },
      },
    },
    async (req) => services.systemLetters.updateSender(req.body, caller(req).user.id),
  );
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
