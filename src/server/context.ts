import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { SecretBox } from './security/secret-box.js';

/** What every module's service is built from. */
export interface AppContext {
  config: Config;
  database: Database;
  secrets: SecretBox;
}
