import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import { idParams } from '../../../shared/schemas/common.js';
import { timelinePage, timelineQuery } from '../../../shared/schemas/timeline.js';

/** The timelines on the client card and the project card. */
export function timelineRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/clients/:id/timeline',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['clients'],
        summary: 'Everything that happened with a client, newest first',
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage, ...errorResponses },
      },
    },
    async (req) => {
      await services.clients.get(req.params.id);
      return services.timeline.page({ clientId: req.params.id }, await viewerOf(req), req.query, requestLocale(req));
    },
  );
  app.get(
    '/api/v1/projects/:id/timeline',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['projects'],
        summary: 'The events and tasks of a project, newest first',
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage, ...errorResponses },
      },
    },
    async (req) => {
      await services.projects.get(req.params.id);
      return services.timeline.page({ projectId: req.params.id }, await viewerOf(req), req.query, requestLocale(req));
    },
  );
}
