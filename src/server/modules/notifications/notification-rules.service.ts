import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type {
  NotificationRules,
  UpdateNotificationRulesRequest,
} from '../../../shared/schemas/notifications.js';

/** Настройка → Параметры → Оповещение: the administrator's rules, one per trigger. */
export class NotificationRulesService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async get(): Promise<NotificationRules> {
    void this.ctx;
    void this.services;
    throw new Error('not implemented');
  }

  async update(input: UpdateNotificationRulesRequest, userId: number): Promise<NotificationRules> {
    void input;
    void userId;
    throw new Error('not implemented');
  }
}
