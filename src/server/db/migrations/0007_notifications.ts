import {
  boolColumn,
  idColumn,
  refType,
  timestampType,
  nowDefault,
  type MigrationDb,
} from '../migration-helpers.js';

/**
 * Notifications (Настройка → Параметры → Оповещение), reminders, outgoing webhooks and the
 * system sender's letters.
 *
 * - `notification_rules`: the administrator's matrix, one row per trigger.
 * - `notification_user_prefs`: a user's opt-outs (a row per trigger and channel turned off) and
 *   `notification_user_settings` the user's e-mail mode (each notification or a digest).
 * - `notifications`: one row per recipient; `email_state` tracks the e-mail channel.
 * - `notification_reminders`: the durable schedule of deadline and start reminders, one row per
 *   document and kind, moved when the deadline or start moves; `fired_at` claims it exactly once.
 * - `webhooks` and `webhook_deliveries`: registered endpoints and every delivery with its status.
 * - `mail_system_letters`: letters from the system sender (the enterprise SMTP server), sent by
 *   the outbox with its retries; they belong to no event.
 */
export async function up(db: MigrationDb): Promise<void> {
  const ref = refType(db);
  const ts = timestampType(db);
  const index = (name: string, table: string, columns: string[]) =>
    db.schema.createIndex(name).on(table).columns(columns).execute();

  let rules = db.schema
    .createTable('notification_rules')
    .addColumn('trigger', 'text', (c) => c.primaryKey())
    // JSON array of recipient roles (performer, author, controller, project_manager, responsible, participants)
    .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    // JSON arrays: task status ids the trigger is limited to ([] = any), users always notified too
    .addColumn('status_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('user_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    // Minutes before the deadline or start (deadline_soon, event_reminder); null elsewhere.
    .addColumn('lead_minutes', 'integer')
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('updated_by', ref, (c) => c.references('users.id').onDelete('set null'));
  rules = boolColumn(rules, 'is_enabled', true);
  rules = boolColumn(rules, 'is_in_app', true);
  rules = boolColumn(rules, 'is_email', false);
  // Users may not opt out of a mandatory trigger.
  rules = boolColumn(rules, 'is_mandatory', false);
  await rules.execute();

  let prefs = db.schema
    .createTable('notification_user_prefs')
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    // in_app | email
    .addColumn('channel', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_user_prefs_pk', ['user_id', 'trigger', 'channel']);
  prefs = boolColumn(prefs, 'is_enabled', false);
  await prefs.execute();

  await db.schema
    .createTable('notification_user_settings')
    .addColumn('user_id', ref, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    // each | hourly | daily
    .addColumn('email_mode', 'text', (c) => c.notNull().defaultTo('each'))
    // The hour (enterprise time zone) of the daily digest.
    .addColumn('digest_hour', 'integer', (c) => c.notNull().defaultTo(9))
    .addColumn('last_digest_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .execute();

  let notifications = idColumn(db, db.schema.createTable('notifications'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    // client | project | event | task
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', ref, (c) => c.notNull())
    .addColumn('actor_id', ref, (c) => c.references('users.id').onDelete('set null'))
    // JSON: what the text is made of (number, title, statuses…), rendered in the reader's language
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('read_at', ts)
    // null = no e-mail; pending (waiting for its letter or digest) | queued (in the outbox) | skipped
    .addColumn('email_state', 'text')
    // Set for notifications that must exist once (a reminder of one deadline for one user).
    .addColumn('dedupe_key', 'text', (c) => c.unique());
  // false: the user gets this one by e-mail only (the bell and the list leave it out).
  notifications = boolColumn(notifications, 'is_in_app', true);
  await notifications.execute();
  await index('notifications_user', 'notifications', ['user_id', 'id']);
  await index('notifications_user_unread', 'notifications', ['user_id', 'read_at']);
  await index('notifications_email_state', 'notifications', ['email_state', 'user_id']);

  await idColumn(db, db.schema.createTable('notification_reminders'))
    // task | event
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', ref, (c) => c.notNull())
    // deadline_soon | overdue | event_reminder
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fire_at', ts, (c) => c.notNull())
    .addColumn('fired_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addUniqueConstraint('notification_reminders_doc_kind', ['doc_type', 'doc_id', 'kind'])
    .execute();
  await index('notification_reminders_due', 'notification_reminders', ['fired_at', 'fire_at']);

  let hooks = idColumn(db, db.schema.createTable('webhooks'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // JSON arrays: event names (created, updated, status_changed, deleted) and document types
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('doc_types', 'text', (c) => c.notNull().defaultTo('[]'))
    // The HMAC secret, encrypted with the secret box (it must be readable to sign).
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('created_by', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)));
  hooks = boolColumn(hooks, 'is_active', true);
  await hooks.execute();

  await idColumn(db, db.schema.createTable('webhook_deliveries'))
    .addColumn('webhook_id', ref, (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    // e.g. task.status_changed
    .addColumn('event', 'text', (c) => c.notNull())
    // null for a ping (it is about no document)
    .addColumn('doc_type', 'text')
    .addColumn('doc_id', ref)
    // The JSON body, fixed when the change happened (retries send the same bytes).
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending | sending | delivered | failed
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ts)
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('delivered_at', ts)
    .execute();
  await index('webhook_deliveries_due', 'webhook_deliveries', ['status', 'next_attempt_at']);
  await index('webhook_deliveries_hook', 'webhook_deliveries', ['webhook_id', 'id']);

  await idColumn(db, db.schema.createTable('mail_system_letters'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('to_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('html_body', 'text', (c) => c.notNull().defaultTo(''))
    // queued | sending | sent | failed
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ts)
    .addColumn('last_error', 'text')
    .addColumn('smtp_response', 'text')
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('sent_at', ts)
    .execute();
  await index('mail_system_letters_due', 'mail_system_letters', ['status', 'next_attempt_at']);

  // The system sender: the enterprise mailbox notifications come from (its login is the address).
  await db.schema.alterTable('mail_settings').addColumn('system_sender_address', 'text').execute();
  await db.schema
    .alterTable('mail_settings')
    .addColumn('system_sender_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('mail_settings').addColumn('system_sender_password_enc', 'text').execute();
}
