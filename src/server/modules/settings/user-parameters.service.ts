import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';

/** Настройка → Параметры → Пользователи: per-user position, phone, SIP number and flags. */
export class UserParametersService {
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {}
}
