import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { errorResponses } from '../../http/errors.js';
import { idParams } from '../../../shared/schemas/common.js';
import { historyPage, historyQuery } from '../../../shared/schemas/history.js';
import type { HistoryDocType } from '../../../shared/history-fields.js';

/** The «История» tab of each card: GET /api/v1/{clients|projects|events|tasks}/:id/history. */
export function documentHistoryRoutes(app: App, services: Services): void {
  const cards: [string, HistoryDocType, (id: number) => Promise<unknown>][] = [
    ['clients', 'client', (id) => services.clients.get(id)],
    ['projects', 'project', (id) => services.projects.get(id)],
    ['events', 'event', (id) => services.events.get(id)],
    ['tasks', 'task', (id) => services.tasks.get(id)],
  ];
  for (const [path, docType, get] of cards) {
    app.get(
      `/api/v1/${path}/:id/history`,
      {
        config: { access: 'authenticated' },
        schema: {
          tags: [path],
          summary: `Field changes of one ${docType}, newest first`,
          params: idParams,
          querystring: historyQuery,
          response: { 200: historyPage, ...errorResponses },
        },
      },
      async (req) => {
        await get(req.params.id);
        return services.history.list(docType, req.params.id, req.query);
      },
    );
  }
}
