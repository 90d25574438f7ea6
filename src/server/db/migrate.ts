import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { MigrationDb } from './migration-helpers.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_settings.js';
import * as m0003 from './migrations/0003_card_files.js';
import * as m0004 from './migrations/0004_data_access.js';
import * as m0005 from './migrations/0005_mail.js';
import * as m0006 from './migrations/0006_telephony.js';
import * as m0007 from './migrations/0007_notifications.js';
import * as m0008 from './migrations/0008_calculations.js';
import * as m0009 from './migrations/0009_queue.js';

/**
 * Migrations are imported statically (not read from a folder) so the compiled server and the
 * tests run the same list. They only move forward: there is no `down`.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_settings': m0002,
  '0003_card_files': m0003,
  '0004_data_access': m0004,
  '0005_mail': m0005,
  '0006_telephony': m0006,
  '0007_notifications': m0007,
  '0008_calculations': m0008,
  '0009_queue': m0009,
};

class StaticProvider implements MigrationProvider {
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(migrations);
  }
}

export interface MigrationResult {
  applied: string[];
}

export async function migrateToLatest(db: MigrationDb): Promise<MigrationResult> {
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(),
    migrationTableName: 'kartoteka_migrations',
    migrationLockTableName: 'kartoteka_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(
      `Database migration failed${name}: ${(error as Error | undefined)?.message ?? 'unknown error'}`,
      {
        cause: error,
      },
    );
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
