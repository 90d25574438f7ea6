import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponseSchema } from '../../http/errors.js';
import { settingsChangesPage, settingsChangesQuery } from '../../../shared/schemas/settings-changes.js';

/** Настройка: the log of who changed which setting, newest first (the parameters area). */
export function settingsChangesRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/settings/changes',
    {
      config: { access: { area: 'parameters', mode: 'read' } },
      schema: {
        tags: ['settings'],
        summary: 'Log of settings changes (who, when, old → new)',
        querystring: settingsChangesQuery,
        response: {
          200: settingsChangesPage,
          400: errorResponseSchema,
          401: errorResponseSchema,
          403: errorResponseSchema,
        },
      },
    },
    async (req) => services.settingsChanges.list(req.query, { isAdmin: caller(req).user.isAdmin }),
  );
}
