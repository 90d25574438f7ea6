import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';

/** Настройка → Параметры → Настройки: loading call records from the telephony server. */
export class TelephonySettingsService {
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {}
}
