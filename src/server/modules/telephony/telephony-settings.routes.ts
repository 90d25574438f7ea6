import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

/** Настройка → Параметры → Настройки (telephony). */
export function telephonySettingsRoutes(_app: App, _services: Services): void {}
