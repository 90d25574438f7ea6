import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

/** Настройка → Справочники. */
export function referenceBooksRoutes(_app: App, _services: Services): void {}
