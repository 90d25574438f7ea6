import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { SecretBox } from './security/secret-box.js';
import type { AppContext } from './context.js';
import type { Services } from './services.js';
import { generatePassword } from './security/passwords.js';
import { AppError } from './http/errors.js';
import { ADMIN_ROLE } from './modules/auth/roles.service.js';

/** Opens the database, brings its schema up to date and loads the secret key. */
export async function openContext(config: Config): Promise<AppContext> {
  const database: Database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    return { config, database, secrets: SecretBox.load(config.secretKey, config.dataDir) };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/**
 * On an empty database, creates the administrator `admin` with a random password and returns
 * it (to be printed once); returns null when there are users already.
 */
export async function ensureFirstAdmin(
  services: Services,
): Promise<{ login: string; password: string } | null> {
  if ((await services.users.count()) > 0) return null;
  const password = generatePassword();
  const adminRole = await services.roles.idByCode(ADMIN_ROLE);
  try {
    await services.users.create({
      login: 'admin',
      fullName: 'Администратор',
      password,
      roleIds: [adminRole],
    });
  } catch (e) {
    // Another process starting on the same empty PostgreSQL database created it first.
    if (e instanceof AppError && e.code === 'login_taken') return null;
    throw e;
  }
  return { login: 'admin', password };
}
