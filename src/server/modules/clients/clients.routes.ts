import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

export function clientsRoutes(app: App, services: Services): void {}
