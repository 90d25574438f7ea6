import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

/** Настройка → Справочники → Калькуляция: the registry, versions, errors and the dry run. */
export function calculationsRoutes(app: App, services: Services): void {
  void [app, services];
}
