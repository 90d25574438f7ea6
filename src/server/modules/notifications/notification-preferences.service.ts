import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import {
  NOTIFICATION_TRIGGERS,
  type EmailMode,
  type NotificationChannel,
  type NotificationPreferences,
  type NotificationTrigger,
  type UpdateNotificationPreferencesRequest,
} from '../../../shared/schemas/notifications.js';
import { userSettingsOf } from './notification-recipients.js';

/**
 * Each user's opt-outs (a row per trigger and channel turned off) and e-mail mode (each
 * notification or an hourly / daily digest). A mandatory trigger cannot be turned off: turning
 * one off is refused (409 `notification_mandatory`, naming the fields) rather than ignored, so the
 * page never shows a choice that has no effect.
 */
export class NotificationPreferencesService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  async get(userId: number): Promise<NotificationPreferences> {
    const rules = await this.services.notificationRules.settings();
    const optOuts = await this.db
      .selectFrom('notification_user_prefs')
      .select(['trigger', 'channel'])
      .where('user_id', '=', userId)
      .where('is_enabled', '=', false)
      .execute();
    const off = new Set(optOuts.map((o) => `${o.trigger}:${o.channel}`));
    const settings = (await userSettingsOf(this.db, [userId])).get(userId);
    return {
      items: NOTIFICATION_TRIGGERS.map((trigger) => {
        const rule = rules.get(trigger)!;
        // A mandatory trigger reaches the user whatever they chose before it became mandatory.
        const on = (channel: NotificationChannel) => rule.isMandatory || !off.has(`${trigger}:${channel}`);
        return {
          trigger,
          rule: {
            isEnabled: rule.isEnabled,
            inApp: rule.inApp,
            email: rule.email,
            isMandatory: rule.isMandatory,
          },
          inApp: on('in_app'),
          email: on('email'),
        };
      }),
      emailMode: settings?.emailMode ?? 'each',
      digestHour: settings?.digestHour ?? 9,
      emailAddress: await this.emailAddress(userId),
    };
  }

  /** Items replace the choices of their triggers; omitted fields keep their value. */
  async update(
    userId: number,
    input: UpdateNotificationPreferencesRequest,
  ): Promise<NotificationPreferences> {
    await this.db.transaction().execute(async (trx) => {
      const items = input.items ?? [];
      if (items.length) {
        const rules = await this.services.notificationRules.settings(trx);
        const refused = items.flatMap((item, i) => {
          if (!rules.get(item.trigger)!.isMandatory) return [];
          return [
            ...(item.inApp ? [] : [{ path: `items.${i}.inApp`, code: 'notification_mandatory' }]),
            ...(item.email ? [] : [{ path: `items.${i}.email`, code: 'notification_mandatory' }]),
          ];
        });
        if (refused.length) throw new AppError(409, 'notification_mandatory', {}, { fields: refused });
        const triggers = [...new Set(items.map((i) => i.trigger))];
        await trx
          .deleteFrom('notification_user_prefs')
          .where('user_id', '=', userId)
          .where('trigger', 'in', triggers)
          .execute();
        const rows = new Map<string, { trigger: NotificationTrigger; channel: NotificationChannel }>();
        for (const item of items) {
          // The last choice for a trigger wins when one is given twice.
          rows.delete(`${item.trigger}:in_app`);
          rows.delete(`${item.trigger}:email`);
          if (!item.inApp) rows.set(`${item.trigger}:in_app`, { trigger: item.trigger, channel: 'in_app' });
          if (!item.email) rows.set(`${item.trigger}:email`, { trigger: item.trigger, channel: 'email' });
        }
        if (rows.size) {
          await trx
            .insertInto('notification_user_prefs')
            .values([...rows.values()].map((r) => ({ user_id: userId, ...r, is_enabled: false })))
            .execute();
        }
      }
      if (input.emailMode !== undefined || input.digestHour !== undefined) {
        const now = new Date().toISOString();
        const set: { email_mode?: EmailMode; digest_hour?: number; updated_at: string } = { updated_at: now };
        if (input.emailMode !== undefined) set.email_mode = input.emailMode;
        if (input.digestHour !== undefined) set.digest_hour = input.digestHour;
        await trx
          .insertInto('notification_user_settings')
          .values({ user_id: userId, ...set })
          .onConflict((oc) => oc.column('user_id').doUpdateSet(set))
          .execute();
      }
    });
    return this.get(userId);
  }

  /** Where the user's e-mail notifications go: their employee's address (none: no e-mail). */
  private async emailAddress(userId: number): Promise<string | null> {
    const user = await this.services.users.get(userId);
    if (user.employee === null) return null;
    const employee = await this.services.employees.get(user.employee.id);
    return employee.email || null;
  }
}
