import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

/** Настройка → Нумерация. */
export function numberingRoutes(_app: App, _services: Services): void {}
