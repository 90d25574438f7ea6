import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

export function queueSetupRoutes(app: App, services: Services): void {}
