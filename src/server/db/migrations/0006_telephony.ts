import {
  boolColumn,
  idColumn,
  isPostgres,
  refType,
  timestampType,
  nowDefault,
  type MigrationDb,
} from '../migration-helpers.js';

/**
 * Telephony: calls (from call-record files, the PBX webhook and the AMI adapter), the position of
 * every call-record file read so far, and the settings of the PBX link (recording URLs, a column
 * layout for other PBXs, the webhook token, the AMI connection).
 *
 * A logged call belongs to an event of a system call type (deleting the event deletes the call):
 * who may see the event may see the call. A call that is still ringing or talking has no event yet.
 * `dedupe_key` makes every import idempotent: a call is stored once whatever fed it.
 */
export async function up(db: MigrationDb): Promise<void> {
  const ref = refType(db);
  const ts = timestampType(db);
  const pg = isPostgres(db);
  const index = (name: string, table: string, columns: string[]) =>
    db.schema.createIndex(name).on(table).columns(columns).execute();

  const settingsColumns: [string, 'text' | 'integer', string | number | null][] = [
    // Comma-separated column names of header-less call-record files of other PBXs; '' = detect.
    ['cdr_columns', 'text', ''],
    // e.g. https://pbx.example.com/monitor/{file}; '' = recordings are not linked.
    ['recording_url_template', 'text', ''],
    // SHA-256 of the PBX webhook token; null = the webhook is off.
    ['pbx_token_hash', 'text', null],
    ['ami_host', 'text', ''],
    ['ami_port', 'integer', 5038],
    ['ami_user', 'text', ''],
    ['ami_secret_enc', 'text', null],
    // The dialling channel of a user's phone: {sip} is the user's SIP number.
    ['ami_channel_template', 'text', 'PJSIP/{sip}'],
    ['ami_context', 'text', 'from-internal'],
    // The queue QueuePause applies to; '' = every queue of the member.
    ['ami_queue', 'text', ''],
    // The queue member's interface QueuePause names ('' = the channel template); FreePBX's
    // members are Local/{sip}@from-queue/n.
    ['ami_queue_interface_template', 'text', ''],
  ];
  for (const [name, type, value] of settingsColumns) {
    await db.schema
      .alterTable('telephony_settings')
      .addColumn(name, type, (c) => (value === null ? c : c.notNull().defaultTo(value)))
      .execute();
  }
  await db.schema
    .alterTable('telephony_settings')
    .addColumn('is_ami_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

  let calls = idColumn(db, db.schema.createTable('telephony_calls'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    // The PBX's id of the call (Asterisk uniqueid, a webhook's call id) and of the whole conversation.
    .addColumn('external_id', 'text')
    .addColumn('linked_id', 'text')
    // import | webhook | ami
    .addColumn('source', 'text', (c) => c.notNull())
    // live (ringing or talking, no event yet) | done
    .addColumn('state', 'text', (c) => c.notNull())
    // in | out
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('external_number', 'text', (c) => c.notNull())
    .addColumn('external_e164', 'text')
    .addColumn('employee_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('answered_at', ts)
    .addColumn('duration_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('billsec', 'integer', (c) => c.notNull().defaultTo(0))
    // answered | no_answer | busy | failed | congestion
    .addColumn('disposition', 'text', (c) => c.notNull().defaultTo('no_answer'))
    .addColumn('recording_url', 'text')
    .addColumn('event_id', ref, (c) => c.references('events.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)));
  // The external number matched no client when the call was logged (the «unknown numbers» list).
  calls = boolColumn(calls, 'is_unknown', false);
  await calls.execute();
  await index('telephony_calls_event_id', 'telephony_calls', ['event_id']);
  await index('telephony_calls_external_id', 'telephony_calls', ['external_id']);
  await index('telephony_calls_linked_id', 'telephony_calls', ['linked_id']);
  await index('telephony_calls_user_started', 'telephony_calls', ['user_id', 'started_at']);
  await index('telephony_calls_unknown', 'telephony_calls', ['is_unknown', 'external_number']);

  // One row per call-record file ever read, found by its identity (device:inode and the hash of
  // its first line), so a rotated file is resumed under its new name and a replaced one restarts.
  await idColumn(db, db.schema.createTable('telephony_import_files'))
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('path', 'text', (c) => c.notNull())
    // Bytes and lines consumed: everything before them is imported. Files grow past 2 GiB.
    .addColumn('byte_offset', pg ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('line_number', 'integer', (c) => c.notNull().defaultTo(0))
    // master | freepbx | custom, and the header row of files that have one (columns by name).
    .addColumn('format', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('header', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  // One row per file even when two processes meet the same file at once.
  await db.schema
    .createIndex('telephony_import_files_identity')
    .unique()
    .on('telephony_import_files')
    .column('identity')
    .execute();
}
