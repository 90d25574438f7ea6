import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB, NotificationRulesTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import {
  LEAD_TRIGGERS,
  NOTIFICATION_TRIGGERS,
  RECIPIENT_ROLES,
  STATUS_FILTER_TRIGGERS,
  TRIGGER_RECIPIENTS,
  type NotificationRule,
  type NotificationRules,
  type NotificationTrigger,
  type RecipientRole,
  type UpdateNotificationRulesRequest,
} from '../../../shared/schemas/notifications.js';

type Db = Kysely<DB> | Transaction<DB>;

/** A rule as it is applied (the stale report is for the settings page only). */
export type RuleSettings = Omit<NotificationRule, 'stale'>;

const DEFAULT_LEAD: Partial<Record<NotificationTrigger, number>> = {
  task_deadline_soon: 1440,
  event_reminder: 15,
};

const isLeadTrigger = (t: NotificationTrigger) => (LEAD_TRIGGERS as readonly string[]).includes(t);
const isStatusFilterTrigger = (t: NotificationTrigger) =>
  (STATUS_FILTER_TRIGGERS as readonly string[]).includes(t);

/** A trigger nobody configured: on, to every role it applies to, in the app only. */
export function defaultRule(trigger: NotificationTrigger): RuleSettings {
  return {
    trigger,
    isEnabled: true,
    recipients: [...TRIGGER_RECIPIENTS[trigger]],
    inApp: true,
    email: false,
    isMandatory: false,
    leadMinutes: DEFAULT_LEAD[trigger] ?? null,
    statusIds: [],
    userIds: [],
  };
}

function jsonList(text: string): unknown[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

const ids = (text: string) => jsonList(text).filter((x): x is number => Number.isSafeInteger(x));

function ruleOf(row: Selectable<NotificationRulesTable>): RuleSettings {
  const trigger = row.trigger as NotificationTrigger;
  const allowed = TRIGGER_RECIPIENTS[trigger];
  return {
    trigger,
    isEnabled: row.is_enabled,
    // Only roles the trigger has, in the matrix's order.
    recipients: RECIPIENT_ROLES.filter(
      (r) => allowed.includes(r) && jsonList(row.recipients).includes(r),
    ) as RecipientRole[],
    inApp: row.is_in_app,
    email: row.is_email,
    isMandatory: row.is_mandatory,
    leadMinutes: isLeadTrigger(trigger) ? (row.lead_minutes ?? DEFAULT_LEAD[trigger] ?? null) : null,
    statusIds: isStatusFilterTrigger(trigger) ? ids(row.status_ids) : [],
    userIds: ids(row.user_ids),
  };
}

/** The rule without its trigger, as the settings change log records it. */
const logged = ({ trigger: _t, ...rest }: RuleSettings) => rest;

interface FieldIssue {
  path: string;
  code: string;
  params?: Record<string, unknown>;
}

/**
 * Настройка → Параметры → Оповещение: the administrator's rules, one per trigger. A trigger
 * without a row has the defaults (`defaultRule`). Status and user ids a rule names may go stale
 * (a status deleted or turned off, a user deactivated): they are reported and ignored.
 */
export class NotificationRulesService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** Every trigger's rule as it is applied now. */
  async settings(db: Db = this.db): Promise<Map<NotificationTrigger, RuleSettings>> {
    const rows = await db.selectFrom('notification_rules').selectAll().execute();
    const byTrigger = new Map(rows.map((r) => [r.trigger, r]));
    return new Map(
      NOTIFICATION_TRIGGERS.map((t) => {
        const row = byTrigger.get(t);
        return [t, row ? ruleOf(row) : defaultRule(t)];
      }),
    );
  }

  async get(): Promise<NotificationRules> {
    const rules = [...(await this.settings()).values()];
    const activeStatuses = new Set(
      (await this.services.referenceBooks.taskStatuses.list({ active: true })).map((s) => s.id),
    );
    const activeUsers = await this.services.users.activeIds(rules.flatMap((r) => r.userIds));
    const [systemSenderReady, letters] = await Promise.all([
      this.services.systemLetters.ready(),
      this.services.systemLetters.counts(),
    ]);
    return {
      rules: rules.map((r) => ({
        ...r,
        stale: {
          statusIds: r.statusIds.filter((id) => !activeStatuses.has(id)),
          userIds: r.userIds.filter((id) => !activeUsers.has(id)),
        },
      })),
      systemSenderReady,
      letters,
    };
  }

  /**
   * Replaces the rules given. New status and user ids must be active; ids the rule already had
   * stay while they exist (shown as stale) so the page can be saved as it was loaded, and a
   * deleted status drops out.
   */
  async update(input: UpdateNotificationRulesRequest, userId: number): Promise<NotificationRules> {
    await this.db.transaction().execute(async (trx) => {
      const current = await this.settings(trx);
      const allStatuses = await this.services.referenceBooks.taskStatuses.list({}, trx);
      const statusActive = new Map(allStatuses.map((s) => [s.id, s.isActive]));
      const activeUsers = await this.services.users.activeIds(
        input.rules.flatMap((r) => r.userIds),
        trx,
      );
      const issues: FieldIssue[] = [];
      const seen = new Set<NotificationTrigger>();
      const next: RuleSettings[] = [];
      input.rules.forEach((rule, i) => {
        const at = `rules.${i}`;
        const before = current.get(rule.trigger)!;
        if (seen.has(rule.trigger))
          issues.push({ path: `${at}.trigger`, code: 'notification_trigger_repeated' });
        seen.add(rule.trigger);
        rule.recipients.forEach((role, j) => {
          if (!TRIGGER_RECIPIENTS[rule.trigger].includes(role))
            issues.push({ path: `${at}.recipients.${j}`, code: 'notification_recipient_not_allowed' });
        });
        if (isLeadTrigger(rule.trigger) && rule.leadMinutes === null)
          issues.push({ path: `${at}.leadMinutes`, code: 'notification_lead_required' });
        if (!isLeadTrigger(rule.trigger) && rule.leadMinutes !== null)
          issues.push({ path: `${at}.leadMinutes`, code: 'notification_lead_not_applicable' });
        if (!isStatusFilterTrigger(rule.trigger) && rule.statusIds.length)
          issues.push({ path: `${at}.statusIds`, code: 'notification_status_filter_not_applicable' });
        const statusIds = new Set<number>();
        rule.statusIds.forEach((id, j) => {
          if (before.statusIds.includes(id) ? statusActive.has(id) : statusActive.get(id) === true)
            statusIds.add(id);
          else if (!before.statusIds.includes(id))
            issues.push({
              path: `${at}.statusIds.${j}`,
              code: 'notification_status_unknown',
              params: { id },
            });
        });
        rule.userIds.forEach((id, j) => {
          if (!activeUsers.has(id) && !before.userIds.includes(id))
            issues.push({ path: `${at}.userIds.${j}`, code: 'notification_user_unknown', params: { id } });
        });
        next.push({
          trigger: rule.trigger,
          isEnabled: rule.isEnabled,
          recipients: RECIPIENT_ROLES.filter((r) => rule.recipients.includes(r)),
          inApp: rule.inApp,
          email: rule.email,
          isMandatory: rule.isMandatory,
          leadMinutes: rule.leadMinutes,
          statusIds: [...statusIds],
          userIds: [...new Set(rule.userIds)],
        });
      });
      if (issues.length) throw new AppError(400, 'validation_failed', {}, { fields: issues });

      const now = new Date().toISOString();
      for (const rule of next) {
        const values = {
          recipients: JSON.stringify(rule.recipients),
          status_ids: JSON.stringify(rule.statusIds),
          user_ids: JSON.stringify(rule.userIds),
          lead_minutes: rule.leadMinutes,
          is_enabled: rule.isEnabled,
          is_in_app: rule.inApp,
          is_email: rule.email,
          is_mandatory: rule.isMandatory,
          updated_at: now,
          updated_by: userId,
        };
        await trx
          .insertInto('notification_rules')
          .values({ trigger: rule.trigger, ...values })
          .onConflict((oc) => oc.column('trigger').doUpdateSet(values))
          .execute();
        const before = current.get(rule.trigger)!;
        await this.services.settingsChanges.record(trx, {
          area: 'parameters',
          entity: 'notification_rule',
          entityId: rule.trigger,
          before: logged(before),
          after: logged(rule),
          userId,
        });
        if (rule.leadMinutes !== null && rule.leadMinutes !== before.leadMinutes)
          await this.services.reminders.leadChangedWithin(trx, rule.trigger, rule.leadMinutes);
      }
    });
    return this.get();
  }
}
