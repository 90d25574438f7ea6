import {
  boolColumn,
  idColumn,
  nowDefault,
  refType,
  timestampType,
  timestamps,
  type MigrationDb,
} from '../migration-helpers.js';

/**
 * Electronic queue (Электронная очередь).
 *
 * - `queue_services`: the queues a visitor picks at a kiosk, with the ticket prefix, the priority
 *   (higher is called first) and whether numbering starts again every day (in the enterprise's
 *   time zone); `queue_service_operators` (who serves it) and `queue_service_windows` (where it is
 *   served; none listed: any window).
 * - `queue_windows`: the service windows/desks; `queue_operator_places`: the window each operator
 *   sits at now.
 * - `queue_devices`: kiosks and display boards, each with its own token (stored as SHA-256), a
 *   kiosk's ticket rate limit and the services it offers or shows (JSON array of ids, [] = all).
 * - `queue_counters`: the last number per service and day (`day` is 'YYYY-MM-DD' in the enterprise
 *   time zone, or '-' for a service that never resets).
 * - `queue_tickets`: one row per ticket: waiting → called → serving → done | no_show | redirected.
 *   `queued_at` is the visitor's place in line (a redirected ticket's new row keeps it);
 *   `event_id` is the «electronic_queue» event written to the client card on done.
 */
export async function up(db: MigrationDb): Promise<void> {
  const ref = refType(db);
  const ts = timestampType(db);

  let services = idColumn(db, db.schema.createTable('queue_services'))
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_uk', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(100));
  services = boolColumn(services, 'is_daily_reset', true);
  services = boolColumn(services, 'is_active', true);
  await timestamps(db, services).execute();

  await timestamps(
    db,
    boolColumn(
      idColumn(db, db.schema.createTable('queue_windows'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(100)),
      'is_active',
      true,
    ),
  ).execute();

  await db.schema
    .createTable('queue_service_operators')
    .addColumn('service_id', ref, (c) => c.notNull().references('queue_services.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('queue_service_operators_pk', ['service_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('queue_service_operators_user')
    .on('queue_service_operators')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('queue_service_windows')
    .addColumn('service_id', ref, (c) => c.notNull().references('queue_services.id').onDelete('cascade'))
    .addColumn('window_id', ref, (c) => c.notNull().references('queue_windows.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('queue_service_windows_pk', ['service_id', 'window_id'])
    .execute();

  await db.schema
    .createTable('queue_operator_places')
    .addColumn('user_id', ref, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('window_id', ref, (c) => c.references('queue_windows.id').onDelete('set null'))
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .execute();

  let devices = idColumn(db, db.schema.createTable('queue_devices'))
    .addColumn('name', 'text', (c) => c.notNull())
    // kiosk | board
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // The token's last characters, to tell devices apart in the list.
    .addColumn('token_hint', 'text', (c) => c.notNull())
    .addColumn('tickets_per_minute', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('service_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('last_seen_at', ts)
    .addColumn('created_by', ref, (c) => c.references('users.id').onDelete('set null'));
  devices = boolColumn(devices, 'is_active', true);
  await timestamps(db, devices).execute();

  await db.schema
    .createTable('queue_counters')
    .addColumn('service_id', ref, (c) => c.notNull().references('queue_services.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_counters_pk', ['service_id', 'day'])
    .execute();

  await idColumn(db, db.schema.createTable('queue_tickets'))
    .addColumn('service_id', ref, (c) => c.notNull().references('queue_services.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    // waiting | called | serving | done | no_show | redirected
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('client_id', ref, (c) => c.references('clients.id').onDelete('set null'))
    .addColumn('phone', 'text')
    .addColumn('device_id', ref, (c) => c.references('queue_devices.id').onDelete('set null'))
    .addColumn('issued_at', ts, (c) => c.notNull())
    .addColumn('queued_at', ts, (c) => c.notNull())
    .addColumn('first_called_at', ts)
    .addColumn('called_at', ts)
    .addColumn('serving_at', ts)
    .addColumn('finished_at', ts)
    .addColumn('call_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('operator_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('window_id', ref, (c) => c.references('queue_windows.id').onDelete('set null'))
    .addColumn('redirected_from_id', ref, (c) => c.references('queue_tickets.id'))
    .addColumn('event_id', ref, (c) => c.references('events.id').onDelete('set null'))
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .execute();
  // Call next: the oldest waiting ticket of some services.
  await db.schema
    .createIndex('queue_tickets_waiting')
    .on('queue_tickets')
    .columns(['state', 'service_id', 'queued_at', 'id'])
    .execute();
  await db.schema
    .createIndex('queue_tickets_operator')
    .on('queue_tickets')
    .columns(['operator_id', 'state'])
    .execute();
  // A kiosk's rate limit counts its tickets of the last minute.
  await db.schema
    .createIndex('queue_tickets_device')
    .on('queue_tickets')
    .columns(['device_id', 'issued_at'])
    .execute();
  await db.schema.createIndex('queue_tickets_issued').on('queue_tickets').column('issued_at').execute();
  await db.schema
    .createIndex('queue_tickets_called')
    .on('queue_tickets')
    .columns(['called_at', 'id'])
    .execute();
}
