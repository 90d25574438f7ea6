import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

export function queueTicketsRoutes(app: App, services: Services): void {}
