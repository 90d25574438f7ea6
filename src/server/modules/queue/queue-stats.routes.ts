import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import { sendExport } from '../exports/tabular.js';
import { queueStats, queueStatsQuery } from '../../../shared/schemas/queue.js';
import { statsCsvColumns } from './queue-stats-csv.js';

const tags = ['queue'];
const config = { access: { area: 'books', mode: 'read' } } as const;

/** Электронная очередь → statistics: per day, queue and operator, as JSON and as CSV. */
export function queueStatsRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/queue/stats',
    {
      config,
      schema: {
        tags,
        summary:
          'Tickets, served, no-shows, redirected, average and p90 wait and service times per day, queue and operator ' +
          '(days in the enterprise time zone; at most 366 of them)',
        querystring: queueStatsQuery,
        response: { 200: queueStats, ...errorResponses },
      },
    },
    async (req) => services.queueStats.stats(req.query, requestLocale(req)),
  );
  app.get(
    '/api/v1/queue/stats.csv',
    {
      config,
      schema: {
        tags,
        summary:
          'The statistics rows as CSV (UTF-8 with BOM, `;`-separated, headers in the caller’s language)',
        querystring: queueStatsQuery,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const stats = await services.queueStats.stats(req.query, requestLocale(req));
      return sendExport(req, reply, {
        format: 'csv',
        fileName: `queue-stats-${req.query.from}-${req.query.to}`,
        columns: statsCsvColumns,
        pages: once(stats.rows),
      });
    },
  );
}

async function* once<R>(rows: R[]): AsyncGenerator<R[]> {
  yield rows;
}
