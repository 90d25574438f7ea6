import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

/** GET /api/v1/live: the signed-in user's live messages as Server-Sent Events. */
export function liveRoutes(app: App, services: Services): void {
  void app;
  void services;
}
