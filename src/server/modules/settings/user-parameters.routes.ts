import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

/** Настройка → Параметры → Пользователи. */
export function userParametersRoutes(_app: App, _services: Services): void {}
