import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

export function notificationsRoutes(app: App, services: Services): void {
  void app;
  void services;
}
