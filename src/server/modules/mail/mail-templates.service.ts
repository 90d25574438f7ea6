import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';

/** Letter templates with placeholders. */
export class MailTemplatesService {
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {}
}
