import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { viewerOf } from '../../http/access.js';
import { errorResponses, notFound } from '../../http/errors.js';
import { idParams } from '../../../shared/schemas/common.js';
import { historyPage, historyQuery } from '../../../shared/schemas/history.js';
import type { DocType } from '../../../shared/schemas/access.js';
import type { HistoryDocType } from '../../../shared/history-fields.js';

/** The «История» tab of each card: GET /api/v1/{clients|projects|events|tasks}/:id/history. */
export function documentHistoryRoutes(app: App, services: Services): void {
  const cards: [DocType, HistoryDocType][] = [
    ['clients', 'client'],
    ['projects', 'project'],
    ['events', 'event'],
    ['tasks', 'task'],
  ];
  for (const [path, docType] of cards) {
    app.get(
      `/api/v1/${path}/:id/history`,
      {
        config: { access: { doc: path, action: 'read' } },
        schema: {
          tags: [path],
          summary: `Field changes of one ${docType}, newest first`,
          params: idParams,
          querystring: historyQuery,
          response: { 200: historyPage, ...errorResponses },
        },
      },
      async (req) => {
        const viewer = await viewerOf(req);
        // 404 alike for unknown documents and those the caller may not read (canRead, unlike
        // assertCan, also looks for an administrator); a deleted client's history answers as its card.
        if (path === 'clients') await services.clients.get(req.params.id, viewer);
        else if (!(await services.access.canRead(viewer, path, req.params.id))) throw notFound();
        return services.history.list(docType, req.params.id, req.query);
      },
    );
  }
}
