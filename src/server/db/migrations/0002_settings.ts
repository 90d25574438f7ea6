import { sql } from 'kysely';
import {
  boolColumn,
  idColumn,
  refType,
  timestamps,
  timestampType,
  type MigrationDb,
} from '../migration-helpers.js';

/**
 * Настройка: reference books (event types, task and user statuses, journals, history keeping),
 * numbering, user parameters, telephony settings, the enterprise time zone and the log of
 * settings changes. System entries are inserted here; their codes never change.
 */
export async function up(db: MigrationDb): Promise<void> {
  const ref = refType(db);
  const ts = timestampType(db);

  /** The columns every reference book entry has. */
  const book = (table: string) => {
    let t = idColumn(db, db.schema.createTable(table))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name_ru', 'text', (c) => c.notNull())
      .addColumn('name_uk', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('color', 'text');
    t = boolColumn(t, 'is_system', false);
    t = boolColumn(t, 'is_active', true);
    return timestamps(db, t);
  };

  await book('event_types')
    .addColumn('direction', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('channel', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('default_duration_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  let taskStatuses = book('task_statuses');
  taskStatuses = boolColumn(taskStatuses, 'is_initial', false);
  taskStatuses = boolColumn(taskStatuses, 'is_final', false);
  await taskStatuses.execute();
  // Allowed transitions; a status without rows here may move to any status.
  await db.schema
    .createTable('task_status_transitions')
    .addColumn('from_status_id', ref, (c) => c.notNull().references('task_statuses.id').onDelete('cascade'))
    .addColumn('to_status_id', ref, (c) => c.notNull().references('task_statuses.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('task_status_transitions_pk', ['from_status_id', 'to_status_id'])
    .execute();

  let userStatuses = book('user_statuses');
  userStatuses = boolColumn(userStatuses, 'is_taking_clients', false);
  userStatuses = boolColumn(userStatuses, 'is_queue_paused', false);
  await userStatuses.execute();
  await db.schema
    .createTable('user_current_statuses')
    .addColumn('user_id', ref, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('status_id', ref, (c) => c.notNull().references('user_statuses.id').onDelete('restrict'))
    .addColumn('set_at', ts, (c) => c.notNull())
    .execute();

  let journals = book('journals')
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('parent_id', ref, (c) => c.references('journals.id').onDelete('restrict'));
  journals = boolColumn(journals, 'is_default', false);
  await journals.execute();
  await db.schema.createIndex('journals_parent_id').on('journals').column('parent_id').execute();

  // Only the exceptions to "record every change" are stored.
  let history = db.schema
    .createTable('history_settings')
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('history_settings_pk', ['doc_type', 'field']);
  history = boolColumn(history, 'is_recorded', true);
  await history.execute();

  let numbering = db.schema
    .createTable('numbering_templates')
    .addColumn('doc_type', 'text', (c) => c.primaryKey())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('reset_period', 'text', (c) => c.notNull().defaultTo('yearly'))
    .addColumn('start_value', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', ts, (c) => c.notNull());
  numbering = boolColumn(numbering, 'is_per_journal', false);
  await numbering.execute();
  // One row per sequence: document type × journal ('' when shared) × period ('' when never reset).
  await db.schema
    .createTable('numbering_counters')
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('numbering_counters_pk', ['doc_type', 'scope', 'period'])
    .execute();

  let params = db.schema
    .createTable('user_parameters')
    .addColumn('user_id', ref, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('position', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text')
    .addColumn('sip_number', 'text', (c) => c.unique());
  for (const flag of [
    'is_phone_autostart',
    'is_corporate_mail',
    'is_telephony_statuses',
    'is_call_popup',
    'is_notification_sound',
  ] as const) {
    params = boolColumn(params, flag, false);
  }
  await params.addColumn('updated_at', ts, (c) => c.notNull()).execute();

  let telephony = db.schema
    .createTable('telephony_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('source_path', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('min_number_length', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('poll_interval_seconds', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Kyiv'))
    .addColumn('last_import_at', ts)
    .addColumn('last_import_result', 'text')
    .addColumn('updated_at', ts, (c) => c.notNull());
  telephony = boolColumn(telephony, 'is_loading_enabled', false);
  await telephony.execute();

  await db.schema
    .createTable('enterprise')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Kyiv'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await idColumn(db, db.schema.createTable('settings_changes'))
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('user_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('settings_changes_created_at')
    .on('settings_changes')
    .column('created_at')
    .execute();

  await seed(db);
}

type Names = [ru: string, uk: string, en: string];
const names = ([ru, uk, en]: Names, i: number) => ({
  name_ru: ru,
  name_uk: uk,
  name_en: en,
  sort_order: (i + 1) * 10,
});

async function seed(db: MigrationDb): Promise<void> {
  const now = new Date().toISOString();
  const system = { is_system: true, is_active: true, created_at: now, updated_at: now };

  const eventTypes: [string, Names, 'in' | 'out' | 'none', string, number][] = [
    ['incoming_call', ['Входящий звонок', 'Вхідний дзвінок', 'Incoming call'], 'in', 'call', 5],
    ['outgoing_call', ['Исходящий звонок', 'Вихідний дзвінок', 'Outgoing call'], 'out', 'call', 5],
    ['incoming_letter', ['Входящее письмо', 'Вхідний лист', 'Incoming letter'], 'in', 'letter', 0],
    ['outgoing_letter', ['Исходящее письмо', 'Вихідний лист', 'Outgoing letter'], 'out', 'letter', 0],
    ['incoming_email', ['Входящий e-mail', 'Вхідний e-mail', 'Incoming e-mail'], 'in', 'email', 0],
    ['outgoing_email', ['Исходящий e-mail', 'Вихідний e-mail', 'Outgoing e-mail'], 'out', 'email', 0],
    ['survey', ['Анкетирование', 'Анкетування', 'Survey'], 'none', 'survey', 15],
    ['site_visit', ['Посещение сайта', 'Відвідування сайту', 'Site visit'], 'in', 'visit', 0],
    ['phone_on', ['Телефон включён', 'Телефон увімкнено', 'Phone switched on'], 'none', 'call', 0],
    ['phone_off', ['Телефон выключен', 'Телефон вимкнено', 'Phone switched off'], 'none', 'call', 0],
    [
      'missed_incoming_call',
      ['Пропущенный входящий звонок', 'Пропущений вхідний дзвінок', 'Missed incoming call'],
      'in',
      'call',
      0,
    ],
    [
      'unanswered_outgoing_call',
      ['Неотвеченный исходящий звонок', 'Вихідний дзвінок без відповіді', 'Unanswered outgoing call'],
      'out',
      'call',
      0,
    ],
    [
      'missed_call_reply',
      ['Ответ на пропущенный звонок', 'Відповідь на пропущений дзвінок', 'Reply to a missed call'],
      'out',
      'call',
      5,
    ],
    ['callback', ['Обратный звонок', 'Зворотний дзвінок', 'Callback'], 'out', 'call', 5],
    [
      'call_forwarding',
      ['Переадресация звонка', 'Переадресація дзвінка', 'Call forwarding'],
      'in',
      'call',
      0,
    ],
    ['queue', ['Очередь', 'Черга', 'Queue'], 'in', 'queue', 0],
    ['electronic_queue', ['Электронная очередь', 'Електронна черга', 'Electronic queue'], 'in', 'queue', 15],
    ['meeting', ['Встреча', 'Зустріч', 'Meeting'], 'none', 'meeting', 60],
  ];
  await db
    .insertInto('event_types')
    .values(
      eventTypes.map(([code, n, direction, channel, minutes], i) => ({
        code,
        ...names(n, i),
        direction,
        channel,
        default_duration_minutes: minutes,
        ...system,
      })),
    )
    .execute();

  const taskStatuses: [string, Names, boolean, boolean][] = [
    ['new', ['Новая', 'Нова', 'New'], true, false],
    ['in_progress', ['В работе', 'В роботі', 'In progress'], false, false],
    ['postponed', ['Отложена', 'Відкладена', 'Postponed'], false, false],
    ['done', ['Выполнена', 'Виконана', 'Done'], false, false],
    ['closed', ['Завершена', 'Завершена', 'Closed'], false, true],
    ['cancelled', ['Отменена', 'Скасована', 'Cancelled'], false, true],
  ];
  await db
    .insertInto('task_statuses')
    .values(
      taskStatuses.map(([code, n, initial, final], i) => ({
        code,
        ...names(n, i),
        is_initial: initial,
        is_final: final,
        ...system,
      })),
    )
    .execute();

  const userStatuses: [string, Names, boolean, boolean][] = [
    ['available', ['Свободен', 'Вільний', 'Available'], true, false],
    ['busy', ['Занят', 'Зайнятий', 'Busy'], false, false],
    ['break', ['Перерыв', 'Перерва', 'Break'], false, true],
    ['wrap_up', ['Постобработка', 'Постобробка', 'Wrap-up'], false, true],
    ['offline', ['Не в сети', 'Не в мережі', 'Offline'], false, true],
  ];
  await db
    .insertInto('user_statuses')
    .values(
      userStatuses.map(([code, n, taking, paused], i) => ({
        code,
        ...names(n, i),
        is_taking_clients: taking,
        is_queue_paused: paused,
        ...system,
      })),
    )
    .execute();

  const sections: [string, Names, string][] = [
    ['projects', ['Проекты', 'Проєкти', 'Projects'], 'project'],
    ['events', ['События', 'Події', 'Events'], 'event'],
    ['tasks', ['Задачи', 'Задачі', 'Tasks'], 'task'],
  ];
  await db
    .insertInto('journals')
    .values(
      sections.map(([code, n, docType], i) => ({
        code,
        ...names(n, i),
        doc_type: docType,
        is_default: true,
        ...system,
      })),
    )
    .execute();

  await db
    .insertInto('numbering_templates')
    .values([
      { doc_type: 'project', template: 'П-{YYYY}-{N:4}', updated_at: now },
      { doc_type: 'event', template: 'С-{YYYY}-{N:6}', updated_at: now },
      { doc_type: 'task', template: 'З-{YYYY}-{N:6}', updated_at: now },
    ])
    .execute();
  await db.insertInto('telephony_settings').values({ id: 1, updated_at: now }).execute();
  await db.insertInto('enterprise').values({ id: 1, updated_at: now }).execute();
}
