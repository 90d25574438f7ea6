import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';

export function projectsRoutes(app: App, services: Services): void {}
