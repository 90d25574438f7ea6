import {
  boolColumn,
  idColumn,
  refType,
  timestampType,
  nowDefault,
  type MigrationDb,
} from '../migration-helpers.js';
import { SHIPPED_EXAMPLES } from '../../modules/calculations/calculation-examples.js';

/**
 * Calculations (Настройка → Справочники → Калькуляция): user scripts on tasks, events and projects.
 *
 * - `calculations`: the registry; `version` grows with every change.
 * - `calculation_versions`: every version as it was saved (who, when, what), for the diff and
 *   rollback; a rollback saves the old text as a new version.
 * - `calculation_runs`: after-save runs written in the saving transaction and run after commit
 *   (durable: a crash between the two loses none); `done_at` marks a finished one.
 * - `calculation_errors`: failures (script errors, time and memory limits, refused effects) with
 *   the document they ran for.
 *
 * The shipped examples are inserted disabled.
 */
export async function up(db: MigrationDb): Promise<void> {
  const ref = refType(db);
  const ts = timestampType(db);

  let calculations = idColumn(db, db.schema.createTable('calculations'))
    .addColumn('name', 'text', (c) => c.notNull())
    // task | event | project
    .addColumn('doc_type', 'text', (c) => c.notNull())
    // before_save | after_save | status_change
    .addColumn('trigger', 'text', (c) => c.notNull())
    // Calculations of one document type and trigger run by position, then id.
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('time_limit_ms', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('memory_limit_mb', 'integer', (c) => c.notNull().defaultTo(16))
    .addColumn('code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    // Which shipped example the row started as (null for the administrator's own).
    .addColumn('example_key', 'text')
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('created_by', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('updated_by', ref, (c) => c.references('users.id').onDelete('set null'));
  calculations = boolColumn(calculations, 'is_enabled', false);
  await calculations.execute();
  await db.schema
    .createIndex('calculations_doc_type_trigger')
    .on('calculations')
    .columns(['doc_type', 'trigger'])
    .execute();

  let versions = idColumn(db, db.schema.createTable('calculation_versions'))
    .addColumn('calculation_id', ref, (c) => c.notNull().references('calculations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('time_limit_ms', 'integer', (c) => c.notNull())
    .addColumn('memory_limit_mb', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    // created | updated | rolled_back
    .addColumn('action', 'text', (c) => c.notNull())
    // The version a rollback went back to.
    .addColumn('rolled_back_to', 'integer')
    .addColumn('changed_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('changed_by', ref, (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('calculation_versions_unique', ['calculation_id', 'version']);
  versions = boolColumn(versions, 'is_enabled', false);
  await versions.execute();

  await idColumn(db, db.schema.createTable('calculation_runs'))
    .addColumn('calculation_id', ref, (c) => c.notNull().references('calculations.id').onDelete('cascade'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', ref, (c) => c.notNull())
    // JSON: { action, doc, prev, actorId, locale } as the save left them
    .addColumn('context', 'text', (c) => c.notNull())
    // How many calculations led to this save (a created task's own after-save is one deeper).
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('claimed_at', ts)
    .addColumn('done_at', ts)
    .execute();
  // A project's progress as a calculation (or a person) sets it; null shows the share of closed tasks.
  await db.schema.alterTable('projects').addColumn('progress_percent', 'integer').execute();

  await db.schema
    .createIndex('calculation_runs_pending')
    .on('calculation_runs')
    .columns(['done_at', 'id'])
    .execute();

  await idColumn(db, db.schema.createTable('calculation_errors'))
    .addColumn('calculation_id', ref, (c) => c.notNull().references('calculations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', ref)
    // script | timeout | memory | stack | api | effect
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('line', 'integer')
    .addColumn('actor_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(nowDefault(db)))
    .execute();
  await db.schema
    .createIndex('calculation_errors_calculation')
    .on('calculation_errors')
    .columns(['calculation_id', 'id'])
    .execute();

  for (const example of SHIPPED_EXAMPLES) {
    const row = await db
      .insertInto('calculations')
      .values({
        name: example.name,
        doc_type: example.docType,
        trigger: example.trigger,
        position: example.position,
        code: example.code,
        example_key: example.key,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('calculation_versions')
      .values({
        calculation_id: row.id,
        version: 1,
        name: example.name,
        doc_type: example.docType,
        trigger: example.trigger,
        position: example.position,
        time_limit_ms: 100,
        memory_limit_mb: 16,
        code: example.code,
        action: 'created',
      })
      .execute();
  }
}
