import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import {
  mailServers,
  testMailServerRequest,
  testMailServerResponse,
  updateMailServersRequest,
} from '../../../shared/schemas/mail-servers.js';

const tags = ['admin'];
/** Администратор → Предприятия → Рассылка: the enterprise SMTP and IMAP servers. */
export function mailServersRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/admin/mail-servers',
    {
      config: { access: { area: 'mail', mode: 'read' } },
      schema: { tags, summary: 'Enterprise mail servers', response: { 200: mailServers, ...errorResponses } },
    },
    async () => services.mailServers.get(),
  );
  app.put(
    '/api/v1/admin/mail-servers',
    {
      config: { access: { area: 'mail', mode: 'write' } },
      schema: {
        tags,
        summary: 'Set the enterprise mail servers',
        body: updateMailServersRequest,
        response: { 200: mailServers, ...errorResponses },
      },
    },
    async (req) => services.mailServers.update(req.body, caller(req).user.id),
  );
  app.post(
    '/api/v1/admin/mail-servers/test',
    {
      config: { access: { area: 'mail', mode: 'write' } },
      schema: {
        tags,
        summary:
          "Really connect to the SMTP or IMAP server (and log in as an employee); returns the server's answer",
        body: testMailServerRequest,
        response: { 200: testMailServerResponse, ...errorResponses },
      },
    },
    async (req) => services.mailServers.test(req.body.protocol, req.body.employeeId),
  );
}
