import type { Kysely, Selectable } from 'kysely';
import type { DB, TelephonySettingsTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import type { SecretBox } from '../../security/secret-box.js';
import { randomToken, safeEqual, sha256 } from '../../security/tokens.js';
import type {
  TelephonySettings,
  UpdateTelephonySettings,
} from '../../../shared/schemas/telephony-settings.js';

/** The import's own report may be long; the status line keeps its start. */
const MAX_RESULT_LENGTH = 2000;

/** The settings as the change log records them (the AMI secret only as set or not). */
type Editable = {
  isLoadingEnabled: boolean;
  sourcePath: string;
  minNumberLength: number;
  pollIntervalSeconds: number;
  timeZone: string;
  cdrColumns: string;
  recordingUrlTemplate: string;
  isAmiEnabled: boolean;
  amiHost: string;
  amiPort: number;
  amiUser: string;
  isAmiSecretSet: boolean;
  amiChannelTemplate: string;
  amiContext: string;
  amiQueue: string;
  amiQueueInterfaceTemplate: string;
};

const editable = (r: Selectable<TelephonySettingsTable>): Editable => ({
  isLoadingEnabled: r.is_loading_enabled,
  sourcePath: r.source_path,
  minNumberLength: r.min_number_length,
  pollIntervalSeconds: r.poll_interval_seconds,
  timeZone: r.time_zone,
  cdrColumns: r.cdr_columns,
  recordingUrlTemplate: r.recording_url_template,
  isAmiEnabled: r.is_ami_enabled,
  amiHost: r.ami_host,
  amiPort: r.ami_port,
  amiUser: r.ami_user,
  isAmiSecretSet: r.ami_secret_enc !== null,
  amiChannelTemplate: r.ami_channel_template,
  amiContext: r.ami_context,
  amiQueue: r.ami_queue,
  amiQueueInterfaceTemplate: r.ami_queue_interface_template,
});

/** What the AMI adapter connects with (the secret decrypted). */
export interface AmiConnectionSettings {
  isEnabled: boolean;
  host: string;
  port: number;
  user: string;
  secret: string;
  channelTemplate: string;
  context: string;
  queue: string;
  /** The queue member interface QueuePause names (the channel template when none is set). */
  queueInterfaceTemplate: string;
}

const fieldError = (path: string, code: string) =>
  new AppError(400, 'validation_failed', {}, { in: 'body', fields: [{ path, code }] });

/**
 * Настройка → Параметры → Настройки: loading call records from the telephony server, recording
 * links, the PBX webhook token and the AMI connection (one row). The call-record import reads
 * these settings and reports each run through `recordImport`.
 */
export class TelephonySettingsService {
  private readonly db: Kysely<DB>;
  private readonly secrets: SecretBox;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.secrets = ctx.secrets;
  }

  private row(db: Kysely<DB> = this.db): Promise<Selectable<TelephonySettingsTable>> {
    return db.selectFrom('telephony_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  }

  async get(): Promise<TelephonySettings> {
    const r = await this.row();
    const ami = this.services.ami.status();
    return {
      ...editable(r),
      lastImportAt: r.last_import_at,
      lastImportResult: r.last_import_result,
      isPbxTokenSet: r.pbx_token_hash !== null,
      amiState: ami.state,
      amiError: ami.error,
      updatedAt: r.updated_at,
    };
  }

  /** The AMI connection settings with the secret decrypted, for the AMI adapter only. */
  async amiConnection(): Promise<AmiConnectionSettings> {
    const r = await this.row();
    return {
      isEnabled: r.is_ami_enabled,
      host: r.ami_host,
      port: r.ami_port,
      user: r.ami_user,
      secret: r.ami_secret_enc ? this.secrets.decrypt(r.ami_secret_enc) : '',
      channelTemplate: r.ami_channel_template,
      context: r.ami_context,
      queue: r.ami_queue,
      queueInterfaceTemplate: r.ami_queue_interface_template || r.ami_channel_template,
    };
  }

  /** Whether a PBX webhook request carries the current token (none set: nothing passes). */
  async verifyPbxToken(token: string): Promise<boolean> {
    if (!token) return false;
    const { pbx_token_hash: hash } = await this.db
      .selectFrom('telephony_settings')
      .select('pbx_token_hash')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return hash !== null && safeEqual(sha256(token), hash);
  }

  /** A new PBX webhook token (the old one stops working); returned once, stored as its hash. */
  async createPbxToken(userId: number): Promise<string> {
    const token = randomToken();
    await this.setPbxTokenHash(sha256(token), userId);
    return token;
  }

  /** Turns the PBX webhook off. */
  async clearPbxToken(userId: number): Promise<void> {
    await this.setPbxTokenHash(null, userId);
  }

  private async setPbxTokenHash(hash: string | null, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('telephony_settings')
        .select('pbx_token_hash')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('telephony_settings')
        .set({ pbx_token_hash: hash, updated_at: new Date().toISOString() })
        .where('id', '=', 1)
        .execute();
      // The log says that the token changed, never what it is.
      await this.services.settingsChanges.record(trx, {
        area: 'telephony',
        entity: 'pbx_token',
        entityId: 1,
        before: { isPbxTokenSet: before.pbx_token_hash !== null },
        after: { isPbxTokenSet: hash !== null, replaced: before.pbx_token_hash !== null && hash !== null },
        userId,
      });
    });
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
      const secretChanged = changes.amiSecret !== undefined;
      const after: Editable = {
        isLoadingEnabled: changes.isLoadingEnabled ?? before.isLoadingEnabled,
        sourcePath: changes.sourcePath ?? before.sourcePath,
        minNumberLength: changes.minNumberLength ?? before.minNumberLength,
        pollIntervalSeconds: changes.pollIntervalSeconds ?? before.pollIntervalSeconds,
        timeZone: changes.timeZone ?? before.timeZone,
        cdrColumns: changes.cdrColumns ?? before.cdrColumns,
        recordingUrlTemplate: changes.recordingUrlTemplate ?? before.recordingUrlTemplate,
        isAmiEnabled: changes.isAmiEnabled ?? before.isAmiEnabled,
        amiHost: changes.amiHost ?? before.amiHost,
        amiPort: changes.amiPort ?? before.amiPort,
        amiUser: changes.amiUser ?? before.amiUser,
        isAmiSecretSet: secretChanged ? changes.amiSecret !== '' : before.isAmiSecretSet,
        amiChannelTemplate: changes.amiChannelTemplate ?? before.amiChannelTemplate,
        amiContext: changes.amiContext ?? before.amiContext,
        amiQueue: changes.amiQueue ?? before.amiQueue,
        amiQueueInterfaceTemplate: changes.amiQueueInterfaceTemplate ?? before.amiQueueInterfaceTemplate,
      };
      if (after.isLoadingEnabled && after.sourcePath === '')
        throw fieldError('sourcePath', 'telephony_path_required');
      if (after.isAmiEnabled && (after.amiHost === '' || after.amiUser === ''))
        throw fieldError(after.amiHost === '' ? 'amiHost' : 'amiUser', 'telephony_ami_host_required');
      await trx
        .updateTable('telephony_settings')
        .set({
          is_loading_enabled: after.isLoadingEnabled,
          source_path: after.sourcePath,
          min_number_length: after.minNumberLength,
          poll_interval_seconds: after.pollIntervalSeconds,
          time_zone: after.timeZone,
          cdr_columns: after.cdrColumns,
          recording_url_template: after.recordingUrlTemplate,
          is_ami_enabled: after.isAmiEnabled,
          ami_host: after.amiHost,
          ami_port: after.amiPort,
          ami_user: after.amiUser,
          ...(secretChanged && {
            ami_secret_enc: changes.amiSecret ? this.secrets.encrypt(changes.amiSecret) : null,
          }),
          ami_channel_template: after.amiChannelTemplate,
          ami_context: after.amiContext,
          ami_queue: after.amiQueue,
          ami_queue_interface_template: after.amiQueueInterfaceTemplate,
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
    // The AMI adapter reconnects with the new settings; the call-record job reads them each run.
    this.services.ami.reconfigure();
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
