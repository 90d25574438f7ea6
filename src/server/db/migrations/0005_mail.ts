import {
  boolColumn,
  idColumn,
  isPostgres,
  refType,
  timestamps,
  timestampType,
  type MigrationDb,
} from '../migration-helpers.js';

/**
 * E-mail: messages (incoming and the outbox of outgoing ones), their attachments, letter
 * templates, and per-user mailboxes with an IMAP position per folder.
 *
 * Every message belongs to an event of the system type «incoming_email» / «outgoing_email»
 * (deleting the event deletes the message), so who may see a letter is who may see its event.
 * A message is stored once per Message-ID whichever mailbox fetched it. Attachment bytes live in
 * the database (blob / bytea) so a backup or a copy to PostgreSQL carries them along.
 */
export async function up(db: MigrationDb): Promise<void> {
  const ref = refType(db);
  const ts = timestampType(db);
  const pg = isPostgres(db);
  const index = (name: string, table: string, columns: string[]) =>
    db.schema.createIndex(name).on(table).columns(columns).execute();

  let messages = idColumn(db, db.schema.createTable('mail_messages'))
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('event_id', ref, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('task_id', ref, (c) => c.references('tasks.id').onDelete('set null'))
    // The first message of the conversation (itself for a first message).
    .addColumn('thread_id', ref, (c) => c.references('mail_messages.id').onDelete('set null'))
    .addColumn('in_reply_to', 'text')
    .addColumn('references_ids', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('from_address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('from_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('to_list', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cc_list', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('bcc_list', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sent_at', ts, (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('html_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('size', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    // received | queued | sending | sent | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ts)
    .addColumn('last_error', 'text')
    .addColumn('smtp_response', 'text')
    .addColumn('sent_by', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('sender_employee_id', ref, (c) => c.references('employees.id').onDelete('set null'));
  messages = boolColumn(messages, 'is_remote_images', false);
  messages = boolColumn(messages, 'is_unsorted', false);
  await timestamps(db, messages).execute();
  await index('mail_messages_event_id', 'mail_messages', ['event_id']);
  await index('mail_messages_task_id', 'mail_messages', ['task_id']);
  await index('mail_messages_thread_id', 'mail_messages', ['thread_id']);
  await index('mail_messages_outbox', 'mail_messages', ['status', 'next_attempt_at']);
  await index('mail_messages_unsorted', 'mail_messages', ['is_unsorted', 'sent_at']);
  await index('mail_messages_from', 'mail_messages', ['from_address']);

  let attachments = idColumn(db, db.schema.createTable('mail_attachments'))
    .addColumn('mail_id', ref, (c) => c.notNull().references('mail_messages.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_id', 'text')
    // Null when the attachment was over the size limit and not stored (see the message's note).
    .addColumn('content', pg ? 'bytea' : 'blob');
  attachments = boolColumn(attachments, 'is_inline', false);
  await attachments.execute();
  await index('mail_attachments_mail_id', 'mail_attachments', ['mail_id']);

  let templates = idColumn(db, db.schema.createTable('mail_templates'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', ref, (c) => c.references('users.id').onDelete('set null'));
  templates = boolColumn(templates, 'is_active', true);
  await timestamps(db, templates).execute();

  await timestamps(
    db,
    idColumn(db, db.schema.createTable('mail_mailboxes'))
      .addColumn('user_id', ref, (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
      // The address the folder positions belong to: a new address starts from scratch.
      .addColumn('account', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('folders', 'text', (c) => c.notNull().defaultTo('["INBOX"]'))
      // idle | syncing | ok | error | auth_failed
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('idle'))
      .addColumn('last_sync_at', ts)
      .addColumn('last_error', 'text')
      .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', ts),
  ).execute();

  // UIDVALIDITY and UIDs are unsigned 32-bit: bigint on PostgreSQL.
  await db.schema
    .createTable('mail_mailbox_folders')
    .addColumn('mailbox_id', ref, (c) => c.notNull().references('mail_mailboxes.id').onDelete('cascade'))
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('uid_validity', pg ? 'bigint' : 'integer', (c) => c.notNull())
    .addColumn('last_uid', pg ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_mailbox_folders_pk', ['mailbox_id', 'folder'])
    .execute();
}
