import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { viewerOf } from '../../http/access.js';
import { errorResponses, notFound } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import { idParams } from '../../../shared/schemas/common.js';
import { timelinePage, timelineQuery } from '../../../shared/schemas/timeline.js';

/** The timelines on the client card and the project card. */
export function timelineRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/clients/:id/timeline',
    {
      config: { access: { doc: 'clients', action: 'read' } },
      schema: {
        tags: ['clients'],
        summary: 'Everything that happened with a client, newest first',
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage, ...errorResponses },
      },
    },
    async (req) => {
      const viewer = await viewerOf(req);
      // The card's answer: 404 alike for unknown, unreadable (access.assertCan) and deleted clients.
      await services.clients.get(req.params.id, viewer);
      return services.timeline.page({ clientId: req.params.id }, viewer, req.query, requestLocale(req));
    },
  );
  app.get(
    '/api/v1/projects/:id/timeline',
    {
      config: { access: { doc: 'projects', action: 'read' } },
      schema: {
        tags: ['projects'],
        summary: 'The events and tasks of a project, newest first',
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage, ...errorResponses },
      },
    },
    async (req) => {
      const viewer = await viewerOf(req);
      // 404 alike for unknown projects and those the caller may not read (canRead, unlike
      // assertCan, also looks for an administrator).
      if (!(await services.access.canRead(viewer, 'projects', req.params.id))) throw notFound();
      return services.timeline.page({ projectId: req.params.id }, viewer, req.query, requestLocale(req));
    },
  );
}
