import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { enterprise, updateEnterpriseRequest } from '../../../shared/schemas/enterprise.js';

/** Администратор → Предприятия: the enterprise's time zone. */
export function enterpriseRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/admin/enterprise',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['admin'],
        summary: 'The enterprise (time zone)',
        response: { 200: enterprise, ...errorResponses },
      },
    },
    async () => services.enterprise.get(),
  );
  app.put(
    '/api/v1/admin/enterprise',
    {
      config: { access: { area: 'parameters', mode: 'write' } },
      schema: {
        tags: ['admin'],
        summary: 'Set the enterprise time zone',
        body: updateEnterpriseRequest,
        response: { 200: enterprise, ...errorResponses },
      },
    },
    async (req) => services.enterprise.update(req.body, caller(req).user.id),
  );
}
