import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';

/** «Неразобранные»: letters from unknown senders, linked to a client or dismissed. */
export class UnsortedMailService {
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {}
}
