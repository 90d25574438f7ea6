import { z } from 'zod';
import { docTypeSchema, pageOf, pageQuery, userBrief } from './card-files.js';
import { idSchema, timestampSchema } from './common.js';

/**
 * Notifications (Настройка → Параметры → Оповещение): the administrator's rules (who is told of
 * what, by which channel), each user's opt-outs and e-mail mode, and the notifications themselves.
 */

export const NOTIFICATION_TRIGGERS = [
  'task_assigned',
  'task_status_changed',
  'task_completed',
  'task_deadline_soon',
  'task_overdue',
  'task_comment',
  'event_assigned',
  'event_reminder',
  'project_added',
  'project_status_changed',
  'mail_incoming',
  'call_missed',
] as const;
export const notificationTriggerSchema = z.enum(NOTIFICATION_TRIGGERS);
export type NotificationTrigger = z.infer<typeof notificationTriggerSchema>;

/**
 * Notifications raised directly, outside the rules (no matrix row, no opt-out, no e-mail):
 * `calculation` — a calculation's `notify(userId, text)`, its text shown as written.
 */
export const DIRECT_NOTIFICATION_TRIGGERS = ['calculation'] as const;
/** What a stored notification may be: a rule's trigger or a direct one. */
export const NOTIFICATION_KINDS = [...NOTIFICATION_TRIGGERS, ...DIRECT_NOTIFICATION_TRIGGERS] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const RECIPIENT_ROLES = [
  'performer',
  'author',
  'controller',
  'project_manager',
  'responsible',
  'participants',
] as const;
export const recipientRoleSchema = z.enum(RECIPIENT_ROLES);
export type RecipientRole = z.infer<typeof recipientRoleSchema>;

/**
 * Which recipient roles make sense for each trigger (the matrix offers only these). "Responsible"
 * is the responsible of the document's client; for e-mail and calls, "performer" is the employee
 * the call rang for.
 */
export const TRIGGER_RECIPIENTS: Record<NotificationTrigger, readonly RecipientRole[]> = {
  task_assigned: ['performer', 'controller'],
  task_status_changed: ['performer', 'author', 'controller', 'project_manager', 'responsible'],
  task_completed: ['author', 'controller', 'project_manager', 'responsible'],
  task_deadline_soon: ['performer', 'author', 'controller'],
  task_overdue: ['performer', 'author', 'controller', 'project_manager'],
  task_comment: ['performer', 'author', 'controller', 'project_manager'],
  event_assigned: ['performer', 'participants'],
  event_reminder: ['performer', 'participants'],
  project_added: ['project_manager', 'participants'],
  project_status_changed: ['project_manager', 'participants', 'responsible'],
  mail_incoming: ['responsible'],
  call_missed: ['responsible', 'performer'],
};

/** The document type each trigger is about. */
export const TRIGGER_DOC_TYPE: Record<NotificationTrigger, z.infer<typeof docTypeSchema>> = {
  task_assigned: 'task',
  task_status_changed: 'task',
  task_completed: 'task',
  task_deadline_soon: 'task',
  task_overdue: 'task',
  task_comment: 'task',
  event_assigned: 'event',
  event_reminder: 'event',
  project_added: 'project',
  project_status_changed: 'project',
  mail_incoming: 'event',
  call_missed: 'event',
};

/** Triggers with a lead time (minutes before the deadline or the start). */
export const LEAD_TRIGGERS = ['task_deadline_soon', 'event_reminder'] as const;
/** The trigger whose rule may be limited to some task statuses (the new status). */
export const STATUS_FILTER_TRIGGERS = ['task_status_changed'] as const;

export const NOTIFICATION_CHANNELS = ['in_app', 'email'] as const;
export const notificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

export const notificationRule = z
  .object({
    trigger: notificationTriggerSchema,
    isEnabled: z.boolean(),
    recipients: z.array(recipientRoleSchema),
    inApp: z.boolean(),
    email: z.boolean(),
    /** Users may not turn it off for themselves. */
    isMandatory: z.boolean(),
    /** Minutes before the deadline / start (lead-time triggers only, else null). */
    leadMinutes: z.number().int().nullable(),
    /** task_status_changed only: notify only when the new status is one of these ([] = any). */
    statusIds: z.array(z.number()),
    /** Users always told besides the roles (e.g. a head of department). */
    userIds: z.array(z.number()),
    /** Entries of statusIds / userIds that no longer exist or are inactive (shown, ignored). */
    stale: z.object({ statusIds: z.array(z.number()), userIds: z.array(z.number()) }),
  })
  .meta({ id: 'NotificationRule' });
export type NotificationRule = z.infer<typeof notificationRule>;

export const notificationRules = z
  .object({
    rules: z.array(notificationRule),
    /** Whether the system sender is set (e-mail notifications cannot leave without it). */
    systemSenderReady: z.boolean(),
    /** The system sender's letters waiting and given up (Администратор → Рассылка shows them). */
    letters: z.object({ queued: z.number(), failed: z.number() }),
  })
  .meta({ id: 'NotificationRules' });
export type NotificationRules = z.infer<typeof notificationRules>;

const MAX_LEAD_MINUTES = 30 * 24 * 60;
export const updateNotificationRule = z.strictObject({
  trigger: notificationTriggerSchema,
  isEnabled: z.boolean(),
  recipients: z.array(recipientRoleSchema).max(RECIPIENT_ROLES.length),
  inApp: z.boolean(),
  email: z.boolean(),
  isMandatory: z.boolean(),
  leadMinutes: z.number().int().min(1).max(MAX_LEAD_MINUTES).nullable(),
  statusIds: z.array(idSchema).max(100),
  userIds: z.array(idSchema).max(100),
});
/** PUT replaces the rules given (any subset of the triggers). */
export const updateNotificationRulesRequest = z.strictObject({
  rules: z.array(updateNotificationRule).min(1).max(NOTIFICATION_TRIGGERS.length),
});
export type UpdateNotificationRulesRequest = z.infer<typeof updateNotificationRulesRequest>;

export const EMAIL_MODES = ['each', 'hourly', 'daily'] as const;
export const emailModeSchema = z.enum(EMAIL_MODES);
export type EmailMode = z.infer<typeof emailModeSchema>;

/** A user's own choices (Профиль → Уведомления). */
export const notificationPreferences = z
  .object({
    items: z.array(
      z.object({
        trigger: notificationTriggerSchema,
        /** Whether the administrator's rule sends it at all, by which channels, and if it is mandatory. */
        rule: z.object({
          isEnabled: z.boolean(),
          inApp: z.boolean(),
          email: z.boolean(),
          isMandatory: z.boolean(),
        }),
        inApp: z.boolean(),
        email: z.boolean(),
      }),
    ),
    emailMode: emailModeSchema,
    /** 0–23, the enterprise's time zone (daily digest). */
    digestHour: z.number().int(),
    /** Where e-mail notifications go (the user's employee's e-mail; null = none, no e-mail). */
    emailAddress: z.string().nullable(),
  })
  .meta({ id: 'NotificationPreferences' });
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

export const updateNotificationPreferencesRequest = z.strictObject({
  items: z
    .array(z.strictObject({ trigger: notificationTriggerSchema, inApp: z.boolean(), email: z.boolean() }))
    .max(NOTIFICATION_TRIGGERS.length)
    .optional(),
  emailMode: emailModeSchema.optional(),
  digestHour: z.number().int().min(0).max(23).optional(),
});
export type UpdateNotificationPreferencesRequest = z.infer<typeof updateNotificationPreferencesRequest>;

/** One notification as its recipient reads it (text in the reader's language). */
export const notificationSchema = z
  .object({
    id: z.number(),
    trigger: z.enum(NOTIFICATION_KINDS),
    docType: docTypeSchema,
    docId: z.number(),
    /** e.g. «Задача З-000012: Подготовить договор» */
    title: z.string(),
    /** e.g. «Статус изменён: Новая → В работе» */
    text: z.string(),
    actor: userBrief.nullable(),
    createdAt: timestampSchema,
    readAt: timestampSchema.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuery = z.strictObject({
  ...pageQuery,
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type NotificationListQuery = z.output<typeof notificationListQuery>;
export const notificationPage = pageOf(notificationSchema);
export type NotificationPage = z.infer<typeof notificationPage>;

export const unreadCount = z.object({ unread: z.number() }).meta({ id: 'UnreadNotifications' });
export type UnreadCount = z.infer<typeof unreadCount>;

/** Marks some (ids) or all of the caller's notifications read; answers the new unread count. */
export const markReadRequest = z.strictObject({
  ids: z.array(idSchema).min(1).max(500).optional(),
  all: z.literal(true).optional(),
});
