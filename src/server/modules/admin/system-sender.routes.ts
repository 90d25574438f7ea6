import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { systemSender, updateSystemSenderRequest } from '../../../shared/schemas/system-letters.js';

const tags = ['admin'];

/** Администратор → Рассылка: the system sender, the mailbox notifications come from. */
export function systemSenderRoutes(app: App, services: Services): void {
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
    async () => services.systemSender.get(),
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
    async (req) => {
      const sender = await services.systemSender.update(req.body, caller(req).user.id);
      // Letters waiting for a sender may go now.
      services.systemLetters.kick();
      return sender;
    },
  );
}
