import type { Kysely, Selectable } from 'kysely';
import type { DB, TelephonySettingsTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import type {
  TelephonySettings,
  UpdateTelephonySettings,
} from '../../../shared/schemas/telephony-settings.js';

/** The import's own report may be long; the status line keeps its start. */
const MAX_RESULT_LENGTH = 2000;

type Editable = {
  isLoadingEnabled: boolean;
  sourcePath: string;
  minNumberLength: number;
  pollIntervalSeconds: number;
  timeZone: string;
};

const editable = (r: Selectable<TelephonySettingsTable>): Editable => ({
  isLoadingEnabled: r.is_loading_enabled,
  sourcePath: r.source_path,
  minNumberLength: r.min_number_length,
  pollIntervalSeconds: r.poll_interval_seconds,
  timeZone: r.time_zone,
});

/**
 * Настройка → Параметры → Настройки: loading call records from the telephony server (one row).
 * The telephony import reads these settings and reports each run through `recordImport`.
 */
export class TelephonySettingsService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  async get(): Promise<TelephonySettings> {
    const r = await this.db
      .selectFrom('telephony_settings')
      .selectAll()
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return {
      ...editable(r),
      lastImportAt: r.last_import_at,
      lastImportResult: r.last_import_result,
      updatedAt: r.updated_at,
    };
  }

  /** Omitted fields keep their value; loading cannot be on without a path. */
  async update(changes: UpdateTelephonySettings, userId: number): Promise<TelephonySettings> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('telephony_settings')
        .selectAll()
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      const before = editable(row);
      const after: Editable = {
        isLoadingEnabled: changes.isLoadingEnabled ?? before.isLoadingEnabled,
        sourcePath: changes.sourcePath ?? before.sourcePath,
        minNumberLength: changes.minNumberLength ?? before.minNumberLength,
        pollIntervalSeconds: changes.pollIntervalSeconds ?? before.pollIntervalSeconds,
        timeZone: changes.timeZone ?? before.timeZone,
      };
      if (after.isLoadingEnabled && after.sourcePath === '') {
        throw new AppError(
          400,
          'validation_failed',
          {},
          { in: 'body', fields: [{ path: 'sourcePath', code: 'telephony_path_required' }] },
        );
      }
      await trx
        .updateTable('telephony_settings')
        .set({
          is_loading_enabled: after.isLoadingEnabled,
          source_path: after.sourcePath,
          min_number_length: after.minNumberLength,
          poll_interval_seconds: after.pollIntervalSeconds,
          time_zone: after.timeZone,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', 1)
        .execute();
      await this.services.settingsChanges.record(trx, {
        area: 'telephony',
        entity: 'telephony_settings',
        entityId: 1,
        before,
        after,
        userId,
      });
    });
    return this.get();
  }

  /**
   * The status line: when the telephony import last ran and what it reported. A status, not a
   * setting, so it is not written to the settings change log.
   */
  async recordImport(result: string, at: Date = new Date()): Promise<void> {
    await this.db
      .updateTable('telephony_settings')
      .set({ last_import_at: at.toISOString(), last_import_result: result.slice(0, MAX_RESULT_LENGTH) })
      .where('id', '=', 1)
      .execute();
  }
}
