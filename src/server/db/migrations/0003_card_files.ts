import { sql } from 'kysely';
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
 * The card files: clients with contact persons, phones and e-mails; projects, events and tasks
 * (with participants, comments and checklists); the history of document changes; the search
 * index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL); per-user calendar feeds.
 *
 * Clients are soft-deleted (`deleted_at`) so their history and links survive and a reference to a
 * deleted client can be told apart from a wrong id; projects, events and tasks are deleted for real.
 * Calendar dates of projects are ISO `YYYY-MM-DD` text on both engines.
 */
export async function up(db: MigrationDb): Promise<void> {
  const ref = refType(db);
  const ts = timestampType(db);
  const pg = isPostgres(db);
  const index = (name: string, table: string, columns: string[]) =>
    db.schema.createIndex(name).on(table).columns(columns).execute();

  const clients = idColumn(db, db.schema.createTable('clients'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tax_id', 'text')
    .addColumn('website', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('addresses', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('responsible_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('external_id', 'text')
    .addColumn('created_by', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('merged_into_id', ref, (c) => c.references('clients.id').onDelete('set null'))
    .addColumn('deleted_at', ts);
  await timestamps(db, clients).execute();
  await index('clients_tax_id', 'clients', ['tax_id']);
  await index('clients_external_id', 'clients', ['external_id']);
  await index('clients_responsible_id', 'clients', ['responsible_id']);
  await index('clients_name', 'clients', ['name', 'id']);
  await index('clients_created_at', 'clients', ['created_at', 'id']);
  await index('clients_updated_at', 'clients', ['updated_at', 'id']);

  const contacts = idColumn(db, db.schema.createTable('client_contacts'))
    .addColumn('client_id', ref, (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0));
  await timestamps(db, contacts).execute();
  await index('client_contacts_client_id', 'client_contacts', ['client_id']);

  // Phones and e-mails of a client or of one of its contact persons, one row each, for lookups.
  await idColumn(db, db.schema.createTable('client_phones'))
    .addColumn('client_id', ref, (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('contact_id', ref, (c) => c.references('client_contacts.id').onDelete('cascade'))
    .addColumn('e164', 'text')
    .addColumn('original', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('work'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await index('client_phones_e164', 'client_phones', ['e164']);
  // Numbers that could not be read as E.164 are looked up as typed.
  await index('client_phones_original', 'client_phones', ['original']);
  await index('client_phones_client_id', 'client_phones', ['client_id']);
  await idColumn(db, db.schema.createTable('client_emails'))
    .addColumn('client_id', ref, (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('contact_id', ref, (c) => c.references('client_contacts.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('original', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await index('client_emails_email', 'client_emails', ['email']);
  await index('client_emails_client_id', 'client_emails', ['client_id']);

  const projects = idColumn(db, db.schema.createTable('projects'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('client_id', ref, (c) => c.references('clients.id').onDelete('restrict'))
    .addColumn('manager_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('journal_id', ref, (c) => c.notNull().references('journals.id').onDelete('restrict'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('planned_start', 'text')
    .addColumn('planned_end', 'text')
    .addColumn('actual_start', 'text')
    .addColumn('actual_end', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', ref, (c) => c.references('users.id').onDelete('set null'));
  await timestamps(db, projects).execute();
  await index('projects_client_id', 'projects', ['client_id', 'created_at']);
  await index('projects_journal_id', 'projects', ['journal_id']);
  await index('projects_manager_id', 'projects', ['manager_id']);
  await index('projects_created_at', 'projects', ['created_at', 'id']);
  await db.schema
    .createTable('project_participants')
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('project_participants_pk', ['project_id', 'user_id'])
    .execute();
  await index('project_participants_user_id', 'project_participants', ['user_id']);

  const events = idColumn(db, db.schema.createTable('events'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('type_id', ref, (c) => c.notNull().references('event_types.id').onDelete('restrict'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('ends_at', ts)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('client_id', ref, (c) => c.references('clients.id').onDelete('restrict'))
    .addColumn('contact_id', ref, (c) => c.references('client_contacts.id').onDelete('set null'))
    .addColumn('project_id', ref, (c) => c.references('projects.id').onDelete('set null'))
    .addColumn('journal_id', ref, (c) => c.notNull().references('journals.id').onDelete('restrict'))
    .addColumn('performer_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('result', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', ref, (c) => c.references('users.id').onDelete('set null'));
  await timestamps(db, events).execute();
  await index('events_client_id', 'events', ['client_id', 'starts_at']);
  await index('events_project_id', 'events', ['project_id', 'starts_at']);
  await index('events_performer_id', 'events', ['performer_id', 'starts_at']);
  await index('events_journal_id', 'events', ['journal_id']);
  await index('events_starts_at', 'events', ['starts_at', 'id']);
  await index('events_created_at', 'events', ['created_at', 'id']);
  await db.schema
    .createTable('event_participants')
    .addColumn('event_id', ref, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('event_participants_pk', ['event_id', 'user_id'])
    .execute();
  await index('event_participants_user_id', 'event_participants', ['user_id']);

  const tasks = idColumn(db, db.schema.createTable('tasks'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status_id', ref, (c) => c.notNull().references('task_statuses.id').onDelete('restrict'))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('author_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('performer_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('controller_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('starts_at', ts)
    .addColumn('deadline', ts)
    .addColumn('completed_at', ts)
    .addColumn('project_id', ref, (c) => c.references('projects.id').onDelete('set null'))
    .addColumn('event_id', ref, (c) => c.references('events.id').onDelete('set null'))
    .addColumn('client_id', ref, (c) => c.references('clients.id').onDelete('restrict'))
    .addColumn('journal_id', ref, (c) => c.notNull().references('journals.id').onDelete('restrict'));
  await timestamps(db, tasks).execute();
  await index('tasks_performer_id', 'tasks', ['performer_id', 'deadline']);
  // «Мои задачи» pages by creation date.
  await index('tasks_performer_created', 'tasks', ['performer_id', 'created_at']);
  await index('tasks_author_id', 'tasks', ['author_id', 'created_at']);
  await index('tasks_controller_id', 'tasks', ['controller_id', 'created_at']);
  await index('tasks_client_id', 'tasks', ['client_id', 'created_at']);
  await index('tasks_project_id', 'tasks', ['project_id', 'created_at']);
  await index('tasks_event_id', 'tasks', ['event_id']);
  await index('tasks_status_id', 'tasks', ['status_id']);
  await index('tasks_journal_id', 'tasks', ['journal_id']);
  await index('tasks_created_at', 'tasks', ['created_at', 'id']);
  await index('tasks_deadline', 'tasks', ['deadline', 'id']);

  const comments = idColumn(db, db.schema.createTable('task_comments'))
    .addColumn('task_id', ref, (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull());
  await timestamps(db, comments).execute();
  await index('task_comments_task_id', 'task_comments', ['task_id', 'id']);
  let checklist = idColumn(db, db.schema.createTable('task_checklist_items'))
    .addColumn('task_id', ref, (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0));
  checklist = boolColumn(checklist, 'is_done', false);
  await timestamps(db, checklist).execute();
  await index('task_checklist_items_task_id', 'task_checklist_items', ['task_id', 'sort_order']);

  // Field changes of clients, projects, events and tasks; values are JSON.
  await idColumn(db, db.schema.createTable('document_history'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', ref, (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('user_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await index('document_history_doc', 'document_history', ['doc_type', 'doc_id', 'id']);

  // One row per searchable document: `body` is the lower-cased text the engines index.
  await idColumn(db, db.schema.createTable('search_entries'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', ref, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('search_entries_doc', ['doc_type', 'doc_id'])
    .execute();
  if (pg) {
    // Trigrams serve substring and prefix matches; PostgreSQL's full-text word splitting differs
    // from FTS5's (e-mails, sites), so matching and ranking are done the same way in JS on both.
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index search_entries_trgm on search_entries using gin (body gin_trgm_ops)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(body, content='search_entries',
      content_rowid='id', tokenize='trigram remove_diacritics 1')`.execute(db);
    await sql`create trigger search_entries_ai after insert on search_entries begin
      insert into search_fts(rowid, body) values (new.id, new.body); end`.execute(db);
    await sql`create trigger search_entries_ad after delete on search_entries begin
      insert into search_fts(search_fts, rowid, body) values ('delete', old.id, old.body); end`.execute(db);
    await sql`create trigger search_entries_au after update of body on search_entries begin
      insert into search_fts(search_fts, rowid, body) values ('delete', old.id, old.body);
      insert into search_fts(rowid, body) values (new.id, new.body); end`.execute(db);
  }

  // A secret per user for subscribing to their calendar (stored as SHA-256).
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('user_id', ref, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  // Card-file defaults the administrator sets (the country of phone numbers written without a code).
  await db.schema
    .createTable('card_file_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('default_phone_country', 'text', (c) => c.notNull().defaultTo('UA'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.insertInto('card_file_settings').values({ id: 1, updated_at: new Date().toISOString() }).execute();
}
