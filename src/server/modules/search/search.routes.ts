import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { errorResponses } from '../../http/errors.js';
import { viewerOf } from '../../http/access.js';
import { searchQuery, searchResult } from '../../../shared/schemas/search.js';

export function searchRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/search',
    {
      // Spans every document type, so no one { doc } fits: the service filters each type itself.
      config: { access: 'authenticated' },
      schema: {
        tags: ['search'],
        summary: 'Search clients, projects, events and tasks',
        description:
          'Case-insensitive substring and prefix search (words of one or two letters match word ' +
          'beginnings); every word must match. Phones match in any format.',
        querystring: searchQuery,
        response: { 200: z.array(searchResult), ...errorResponses },
      },
    },
    async (req) =>
      services.search.search(await viewerOf(req), req.query.q, {
        types: req.query.types,
        limit: req.query.limit,
      }),
  );
}
