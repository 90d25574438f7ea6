import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type {
  NotificationPreferences,
  UpdateNotificationPreferencesRequest,
} from '../../../shared/schemas/notifications.js';

/** Each user's opt-outs (per trigger and channel) and e-mail mode (each notification or a digest). */
export class NotificationPreferencesService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async get(userId: number): Promise<NotificationPreferences> {
    void this.ctx;
    void this.services;
    void userId;
    throw new Error('not implemented');
  }

  async update(
    userId: number,
    input: UpdateNotificationPreferencesRequest,
  ): Promise<NotificationPreferences> {
    void userId;
    void input;
    throw new Error('not implemented');
  }
}
