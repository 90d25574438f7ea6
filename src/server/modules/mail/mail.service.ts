import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';

/** Letters as the cards show them: lists, one letter, its HTML and attachments, threads, «Неразобранные». */
export class MailService {
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {}
}
