import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB, QueueDevicesTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError, notFound } from '../../http/errors.js';
import { precompile, slot } from '../../db/precompiled.js';
import { randomToken, sha256 } from '../../security/tokens.js';
import type {
  CreateQueueDevice,
  DeviceKind,
  QueueDevice,
  QueueDeviceWithToken,
  UpdateQueueDevice,
} from '../../../shared/schemas/queue.js';

type DeviceRow = Selectable<QueueDevicesTable>;

/** The device a kiosk or board request came from (`req.queueDevice`). */
export interface QueueDeviceRef {
  id: number;
  name: string;
  kind: DeviceKind;
  ticketsPerMinute: number;
  /** Offered (kiosk) or shown (board); empty: all. */
  serviceIds: number[];
}

// Writing last_seen_at on every kiosk or board request would turn each read into a write.
const SEEN_EVERY_MS = 60_000;
/** Characters of the token kept to tell devices apart in the list. */
const HINT_LENGTH = 4;

/** Kiosks and display boards: the registry (administrators) and the token check of their routes. */
export class QueueDevicesService {
  private readonly db: Kysely<DB>;
  private readonly lookup;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    // Every kiosk and board request: one lookup by the unique token hash, compiled once.
    this.lookup = precompile(
      this.db,
      this.db
        .selectFrom('queue_devices')
        .select(['id', 'name', 'kind', 'tickets_per_minute', 'service_ids', 'last_seen_at'])
        .where('token_hash', '=', slot<string>('hash'))
        .where('kind', '=', slot<string>('kind'))
        .where('is_active', '=', true),
    );
  }

  // ---- the registry --------------------------------------------------------------------------

  /** Every device, kiosks first, then by name. The tokens are not kept, only their last characters. */
  async list(): Promise<QueueDevice[]> {
    const rows = await this.db
      .selectFrom('queue_devices')
      .selectAll()
      .orderBy('kind', 'desc')
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(present);
  }

  async get(id: number): Promise<QueueDevice> {
    return present(await this.row(this.db, id));
  }

  /** Registers a device; its token is in this answer only. */
  async create(input: CreateQueueDevice, userId: number): Promise<QueueDeviceWithToken> {
    const token = randomToken();
    const row = await this.db.transaction().execute(async (trx) => {
      await this.services.queueSetup.assertServicesExist(trx, 'serviceIds', input.serviceIds);
      const now = new Date().toISOString();
      const created = await trx
        .insertInto('queue_devices')
        .values({
          name: input.name,
          kind: input.kind,
          ...tokenColumns(token),
          tickets_per_minute: input.ticketsPerMinute,
          service_ids: JSON.stringify(unique(input.serviceIds)),
          is_active: input.isActive,
          created_by: userId,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.log(trx, created.id, userId, null, logged(created));
      return created;
    });
    return this.withToken(row, token);
  }

  async update(id: number, changes: UpdateQueueDevice, userId: number): Promise<QueueDevice> {
    const row = await this.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, id);
      if (changes.serviceIds)
        await this.services.queueSetup.assertServicesExist(trx, 'serviceIds', changes.serviceIds);
      const updated = await trx
        .updateTable('queue_devices')
        .set({
          name: changes.name ?? before.name,
          tickets_per_minute: changes.ticketsPerMinute ?? before.tickets_per_minute,
          service_ids: changes.serviceIds ? JSON.stringify(unique(changes.serviceIds)) : before.service_ids,
          is_active: changes.isActive ?? before.is_active,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.log(trx, id, userId, logged(before), logged(updated));
      return updated;
    });
    return present(row);
  }

  /** Removes a device: its token stops working; its tickets stay, without it. */
  async remove(id: number, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('queue_devices')
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound();
      await this.log(trx, id, userId, logged(row), null);
    });
  }

  /** Gives a device a new token, shown in this answer only; the old one stops working at once. */
  async newToken(id: number, userId: number): Promise<QueueDeviceWithToken> {
    const token = randomToken();
    const row = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('queue_devices')
        .set({ ...tokenColumns(token), updated_at: new Date().toISOString() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw notFound();
      // The log says that the token was replaced, never what it is.
      await this.log(trx, id, userId, {}, { isSecretRotated: true });
      return updated;
    });
    return this.withToken(row, token);
  }

  // ---- the token check -----------------------------------------------------------------------

  /** The active device of this kind with this token; else 401 `queue_device_invalid`. */
  async verify(token: string, kind: DeviceKind): Promise<QueueDeviceRef> {
    if (!token) throw new AppError(401, 'queue_device_invalid');
    const row = await this.lookup.first({ hash: sha256(token), kind });
    if (!row) throw new AppError(401, 'queue_device_invalid');
    const now = Date.now();
    if (row.last_seen_at === null || now - Date.parse(row.last_seen_at) >= SEEN_EVERY_MS) {
      // Conditional: of several processes (or requests) seeing it stale at once, one writes.
      const at = new Date(now).toISOString();
      await this.db
        .updateTable('queue_devices')
        .set({ last_seen_at: at })
        .where('id', '=', row.id)
        .where((eb) =>
          eb.or([
            eb('last_seen_at', 'is', null),
            eb('last_seen_at', '<=', new Date(now - SEEN_EVERY_MS).toISOString()),
          ]),
        )
        .execute();
    }
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as DeviceKind,
      ticketsPerMinute: row.tickets_per_minute,
      serviceIds: JSON.parse(row.service_ids) as number[],
    };
  }

  // ---- internals -----------------------------------------------------------------------------

  private async row(db: Kysely<DB> | Transaction<DB>, id: number): Promise<DeviceRow> {
    const row = await db.selectFrom('queue_devices').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  private withToken(row: DeviceRow, token: string): QueueDeviceWithToken {
    return { ...present(row), token, url: `${this.ctx.config.publicUrl}/queue/${row.kind}?token=${token}` };
  }

  private log(
    trx: Transaction<DB>,
    id: number,
    userId: number,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ): Promise<void> {
    return this.services.settingsChanges.record(trx, {
      area: 'queue',
      entity: 'queue_device',
      entityId: id,
      userId,
      before,
      after,
    });
  }
}

/** What a device keeps of its token: the hash it is found by and the last characters. */
function tokenColumns(token: string): { token_hash: string; token_hint: string } {
  return { token_hash: sha256(token), token_hint: token.slice(-HINT_LENGTH) };
}

function present(r: DeviceRow): QueueDevice {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as DeviceKind,
    tokenHint: r.token_hint,
    ticketsPerMinute: r.tickets_per_minute,
    serviceIds: JSON.parse(r.service_ids) as number[],
    isActive: r.is_active,
    lastSeenAt: r.last_seen_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A device as the settings change log keeps it: never its token or its hash. */
function logged(r: DeviceRow): Record<string, unknown> {
  return {
    name: r.name,
    kind: r.kind,
    ticketsPerMinute: r.tickets_per_minute,
    serviceIds: JSON.parse(r.service_ids) as number[],
    isActive: r.is_active,
  };
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}
