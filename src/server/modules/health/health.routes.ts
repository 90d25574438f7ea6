import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Database } from '../../db/database.js';

const health = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.object({ engine: z.enum(['sqlite', 'postgres']), ok: z.boolean(), latencyMs: z.number() }),
  version: z.string(),
  uptimeSeconds: z.number(),
});

/** Liveness with a real database round trip; 503 when the database does not answer. */
export function healthRoutes(app: App, database: Database, version: string): void {
  app.get(
    '/api/v1/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Health check (queries the database)',
        response: { 200: health, 503: health },
      },
    },
    async (_req, reply) => {
      const started = performance.now();
      let ok = true;
      try {
        await database.ping();
      } catch {
        ok = false;
      }
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'unavailable',
        database: {
          engine: database.engine,
          ok,
          latencyMs: Math.round((performance.now() - started) * 100) / 100,
        },
        version,
        uptimeSeconds: Math.round(process.uptime()),
      });
    },
  );
}
