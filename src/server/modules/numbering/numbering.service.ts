import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';

/** Настройка → Нумерация: numbering templates and gap-free counters for events, tasks, projects. */
export class NumberingService {
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {}
}
