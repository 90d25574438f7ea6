import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Engine } from '../../db/database.js';
import type { DB, QueueServicesTable, QueueWindowsTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError, fieldProblem, notFound } from '../../http/errors.js';
import { isUniqueViolation } from '../../db/errors.js';
import { lockRows } from '../../db/row-claim.js';
import { dayBounds, localDay } from './queue-ticket-day.js';
import type {
  CreateQueueService,
  CreateQueueWindow,
  QueueService,
  QueueWindow,
  UpdateQueueService,
  UpdateQueueWindow,
} from '../../../shared/schemas/queue.js';

type Db = Kysely<DB> | Transaction<DB>;
type WindowRow = Selectable<QueueWindowsTable>;
type ServiceRow = Selectable<QueueServicesTable>;

/** Queues (services) with their operators and windows, and the windows themselves. */
export class QueueSetupService {
  private readonly db: Kysely<DB>;
  private readonly engine: Engine;

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.engine = ctx.database.engine;
  }

  // ---- windows -------------------------------------------------------------------------------

  /** Every window, by sort order, then id. */
  async listWindows(db: Db = this.db): Promise<QueueWindow[]> {
    const rows = await db
      .selectFrom('queue_windows')
      .selectAll()
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map(presentWindow);
  }

  async getWindow(id: number, db: Db = this.db): Promise<QueueWindow> {
    return presentWindow(await this.windowRow(db, id));
  }

  async createWindow(input: CreateQueueWindow, userId: number): Promise<QueueWindow> {
    return this.uniqueName(input.name, () =>
      this.db.transaction().execute(async (trx) => {
        await this.assertWindowNameFree(trx, input.name, null);
        const now = new Date().toISOString();
        const row = await trx
          .insertInto('queue_windows')
          .values({
            name: input.name,
            is_active: input.isActive,
            sort_order: input.sortOrder,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const window = presentWindow(row);
        await this.log(trx, 'queue_window', row.id, userId, null, loggedWindow(window));
        return window;
      }),
    );
  }

  async updateWindow(id: number, changes: UpdateQueueWindow, userId: number): Promise<QueueWindow> {
    return this.uniqueName(changes.name ?? '', () =>
      this.db.transaction().execute(async (trx) => {
        const before = presentWindow(await this.windowRow(trx, id));
        if (changes.name !== undefined) await this.assertWindowNameFree(trx, changes.name, id);
        const row = await trx
          .updateTable('queue_windows')
          .set({
            name: changes.name ?? before.name,
            is_active: changes.isActive ?? before.isActive,
            sort_order: changes.sortOrder ?? before.sortOrder,
            updated_at: new Date().toISOString(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const window = presentWindow(row);
        await this.log(trx, 'queue_window', id, userId, loggedWindow(before), loggedWindow(window));
        return window;
      }),
    );
  }

  /**
   * Deletes a window: services lose it from their windows (logged for each: one whose only
   * window it was is then served at any window), operators sitting at it have no window, tickets
   * called to it keep no window.
   */
  async removeWindow(id: number, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = presentWindow(await this.windowRow(trx, id));
      const linked = await trx
        .selectFrom('queue_service_windows')
        .select('service_id')
        .where('window_id', '=', id)
        .execute();
      const affected = await this.fetchServices(trx, { ids: linked.map((l) => l.service_id) });
      await trx.deleteFrom('queue_windows').where('id', '=', id).execute();
      await this.log(trx, 'queue_window', id, userId, loggedWindow(before), null);
      for (const service of affected) {
        await this.log(trx, 'queue_service', service.id, userId, loggedService(service), {
          ...loggedService(service),
          windowIds: service.windowIds.filter((w) => w !== id),
        });
      }
    });
  }

  // ---- services ------------------------------------------------------------------------------

  /** The services (queues) by sort order, then id; all, or only the active or inactive ones. */
  listServices(filter: { active?: boolean | undefined } = {}, db: Db = this.db): Promise<QueueService[]> {
    return this.fetchServices(db, filter);
  }

  async getService(id: number, db: Db = this.db): Promise<QueueService> {
    const [service] = await this.fetchServices(db, { ids: [id] });
    if (!service) throw notFound();
    return service;
  }

  async createService(input: CreateQueueService, userId: number): Promise<QueueService> {
    return this.uniquePrefix(input.prefix, () =>
      this.db.transaction().execute(async (trx) => {
        await this.assertPrefixFree(trx, input.prefix, null);
        await this.assertOperators(trx, input.operatorIds);
        await this.assertWindows(trx, input.windowIds);
        const now = new Date().toISOString();
        const row = await trx
          .insertInto('queue_services')
          .values({
            name_ru: input.nameRu,
            name_uk: input.nameUk,
            name_en: input.nameEn,
            prefix: input.prefix,
            priority: input.priority,
            is_daily_reset: input.isDailyReset,
            is_active: input.isActive,
            sort_order: input.sortOrder,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await this.setLinks(trx, row.id, input.operatorIds, input.windowIds);
        const service = await this.getService(row.id, trx);
        await this.log(trx, 'queue_service', row.id, userId, null, loggedService(service));
        return service;
      }),
    );
  }

  /**
   * Changes a service; `operatorIds` / `windowIds`, when given, replace the whole set. Switching
   * the daily reset keeps today's numbering going (see continueNumbering).
   */
  async updateService(id: number, changes: UpdateQueueService, userId: number): Promise<QueueService> {
    return this.uniquePrefix(changes.prefix ?? '', () =>
      this.db.transaction().execute(async (trx) => {
        // Locked first: a kiosk ticket being written to this queue (its key share on the row) is
        // committed before today's highest number is read below.
        await this.lockService(trx, id);
        const before = await this.getService(id, trx);
        if (changes.prefix !== undefined) await this.assertPrefixFree(trx, changes.prefix, id);
        if (changes.operatorIds) await this.assertOperators(trx, changes.operatorIds);
        if (changes.windowIds) await this.assertWindows(trx, changes.windowIds);
        await trx
          .updateTable('queue_services')
          .set({
            name_ru: changes.nameRu ?? before.nameRu,
            name_uk: changes.nameUk ?? before.nameUk,
            name_en: changes.nameEn ?? before.nameEn,
            prefix: changes.prefix ?? before.prefix,
            priority: changes.priority ?? before.priority,
            is_daily_reset: changes.isDailyReset ?? before.isDailyReset,
            is_active: changes.isActive ?? before.isActive,
            sort_order: changes.sortOrder ?? before.sortOrder,
            updated_at: new Date().toISOString(),
          })
          .where('id', '=', id)
          .execute();
        if (changes.isDailyReset !== undefined && changes.isDailyReset !== before.isDailyReset)
          await this.continueNumbering(trx, id, changes.isDailyReset);
        await this.setLinks(trx, id, changes.operatorIds, changes.windowIds);
        const service = await this.getService(id, trx);
        await this.log(trx, 'queue_service', id, userId, loggedService(before), loggedService(service));
        return service;
      }),
    );
  }

  /**
   * Deletes a service that never issued a ticket (else 409: deactivate it). Devices that list it
   * among others lose it from their lists; a device that lists it alone must be changed first
   * (an empty list would mean all services).
   */
  async removeService(id: number, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Locked before "no tickets" is checked: a kiosk ticket being written to this queue holds a
      // key share on the row (its foreign key), so the check waits for it and sees it, instead of
      // the delete failing on the foreign key after that ticket commits (PostgreSQL).
      await this.lockService(trx, id);
      const before = await this.getService(id, trx);
      const names = { nameRu: before.nameRu, nameUk: before.nameUk, nameEn: before.nameEn };
      const ticket = await trx
        .selectFrom('queue_tickets')
        .select('id')
        .where('service_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (ticket) throw new AppError(409, 'queue_service_in_use', names);
      const devices = await trx.selectFrom('queue_devices').select(['id', 'name', 'service_ids']).execute();
      for (const device of devices) {
        const ids = JSON.parse(device.service_ids) as number[];
        if (!ids.includes(id)) continue;
        const rest = ids.filter((s) => s !== id);
        if (!rest.length)
          throw new AppError(409, 'queue_service_on_device', { ...names, device: device.name });
        await trx
          .updateTable('queue_devices')
          .set({ service_ids: JSON.stringify(rest), updated_at: new Date().toISOString() })
          .where('id', '=', device.id)
          .execute();
        await this.log(trx, 'queue_device', device.id, userId, { serviceIds: ids }, { serviceIds: rest });
      }
      await trx.deleteFrom('queue_services').where('id', '=', id).execute();
      await this.log(trx, 'queue_service', id, userId, loggedService(before), null);
    });
  }

  /** For the devices: every id must be a service (else a field error on `path` naming the others). */
  async assertServicesExist(db: Db, path: string, ids: number[]): Promise<void> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return;
    const rows = await db.selectFrom('queue_services').select('id').where('id', 'in', wanted).execute();
    const missing = missingIds(wanted, rows);
    if (missing) throw fieldProblem(path, 'queue_services_unknown', { ids: missing });
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Locks a service's row until the transaction ends (PostgreSQL; SQLite runs one at a time). */
  private async lockService(trx: Transaction<DB>, id: number): Promise<void> {
    await lockRows(this.engine, trx.selectFrom('queue_services').select('id').where('id', '=', id)).execute();
  }

  /**
   * The daily reset was switched: the kiosk now numbers from another counter (today's, or the
   * never-resetting '-'). That counter is raised to the highest number the queue issued today, so
   * today's next ticket continues the numbering instead of repeating a code; it is never lowered
   * ('-' may be ahead already). "Today" is the tickets' own day: their clock, the enterprise's zone.
   * Rows a redirect wrote into this queue carry another queue's number and are left out.
   */
  private async continueNumbering(trx: Transaction<DB>, id: number, isDailyReset: boolean): Promise<void> {
    const timeZone = await this.services.enterprise.timeZone(trx);
    const today = localDay(this.services.queueTickets.clock(), timeZone);
    const bounds = dayBounds(today, timeZone);
    const { highest } = await trx
      .selectFrom('queue_tickets')
      .select((eb) => eb.fn.max('number').as('highest'))
      .where('service_id', '=', id)
      .where('redirected_from_id', 'is', null)
      .where('issued_at', '>=', bounds.from)
      .where('issued_at', '<', bounds.to)
      .executeTakeFirstOrThrow();
    if (highest === null) return;
    await trx
      .insertInto('queue_counters')
      .values({ service_id: id, day: isDailyReset ? today : '-', last_number: highest })
      .onConflict((oc) =>
        oc
          .columns(['service_id', 'day'])
          .doUpdateSet({ last_number: highest })
          .where('queue_counters.last_number', '<', highest),
      )
      .execute();
  }

  private async fetchServices(
    db: Db,
    filter: { ids?: number[]; active?: boolean | undefined },
  ): Promise<QueueService[]> {
    if (filter.ids && !filter.ids.length) return [];
    let q = db.selectFrom('queue_services').selectAll().orderBy('sort_order').orderBy('id');
    if (filter.ids) q = q.where('id', 'in', filter.ids);
    if (filter.active !== undefined) q = q.where('is_active', '=', filter.active);
    const rows = await q.execute();
    if (!rows.length) return [];
    // Services are few: their links are read whole unless a few ids are asked for.
    let operators = db.selectFrom('queue_service_operators').selectAll().orderBy('user_id');
    let windows = db.selectFrom('queue_service_windows').selectAll().orderBy('window_id');
    if (filter.ids) {
      operators = operators.where('service_id', 'in', filter.ids);
      windows = windows.where('service_id', 'in', filter.ids);
    }
    const opsBy = new Map<number, number[]>();
    for (const l of await operators.execute())
      opsBy.set(l.service_id, [...(opsBy.get(l.service_id) ?? []), l.user_id]);
    const winsBy = new Map<number, number[]>();
    for (const l of await windows.execute())
      winsBy.set(l.service_id, [...(winsBy.get(l.service_id) ?? []), l.window_id]);
    return rows.map((r) => presentService(r, opsBy.get(r.id) ?? [], winsBy.get(r.id) ?? []));
  }

  private async windowRow(db: Db, id: number): Promise<WindowRow> {
    const row = await db.selectFrom('queue_windows').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  /** Replaces a service's operators and windows (each only when given). */
  private async setLinks(
    trx: Transaction<DB>,
    serviceId: number,
    operatorIds: number[] | undefined,
    windowIds: number[] | undefined,
  ): Promise<void> {
    if (operatorIds) {
      await trx.deleteFrom('queue_service_operators').where('service_id', '=', serviceId).execute();
      const ids = [...new Set(operatorIds)];
      if (ids.length)
        await trx
          .insertInto('queue_service_operators')
          .values(ids.map((user_id) => ({ service_id: serviceId, user_id })))
          .execute();
    }
    if (windowIds) {
      await trx.deleteFrom('queue_service_windows').where('service_id', '=', serviceId).execute();
      const ids = [...new Set(windowIds)];
      if (ids.length)
        await trx
          .insertInto('queue_service_windows')
          .values(ids.map((window_id) => ({ service_id: serviceId, window_id })))
          .execute();
    }
  }

  private async assertWindowNameFree(db: Db, name: string, exceptId: number | null): Promise<void> {
    let q = db
      .selectFrom('queue_windows')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
    if (exceptId !== null) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) throw windowNameTaken(name);
  }

  private async assertPrefixFree(db: Db, prefix: string, exceptId: number | null): Promise<void> {
    let q = db.selectFrom('queue_services').select('id').where('prefix', '=', prefix);
    if (exceptId !== null) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) throw prefixTaken(prefix);
  }

  private async assertOperators(db: Db, ids: number[]): Promise<void> {
    const wanted = [...new Set(ids)];
    const active = await this.services.users.activeIds(wanted, db);
    const missing = missingIds(
      wanted,
      [...active].map((id) => ({ id })),
    );
    if (missing) throw fieldProblem('operatorIds', 'queue_operators_unknown', { ids: missing });
  }

  private async assertWindows(db: Db, ids: number[]): Promise<void> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return;
    const rows = await db.selectFrom('queue_windows').select('id').where('id', 'in', wanted).execute();
    const missing = missingIds(wanted, rows);
    if (missing) throw fieldProblem('windowIds', 'queue_windows_unknown', { ids: missing });
  }

  /** Two saves of the same new name at once: the one the index turned away gets the field error. */
  private async uniqueName<T>(name: string, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (e) {
      if (isUniqueViolation(e)) throw windowNameTaken(name);
      throw e;
    }
  }

  private async uniquePrefix<T>(prefix: string, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (e) {
      if (isUniqueViolation(e)) throw prefixTaken(prefix);
      throw e;
    }
  }

  /**
   * Records a change in the settings change log; a queue's or window's change also refreshes every
   * open operator panel and board (names, windows, who serves what).
   */
  private async log(
    trx: Transaction<DB>,
    entity: 'queue_window' | 'queue_service' | 'queue_device',
    entityId: number,
    userId: number,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ): Promise<void> {
    await this.services.settingsChanges.record(trx, {
      area: 'queue',
      entity,
      entityId,
      userId,
      before,
      after,
    });
    // Every panel and board refreshes: a new operator of a queue is not yet among its listeners.
    if (entity !== 'queue_device') await this.services.queueTickets.changedWithin(trx, []);
  }
}

/** The ids of `wanted` not among `found`, comma-separated; null when all were found. */
function missingIds(wanted: number[], found: { id: number }[]): string | null {
  const have = new Set(found.map((r) => r.id));
  const missing = wanted.filter((id) => !have.has(id));
  return missing.length ? missing.join(', ') : null;
}

function windowNameTaken(name: string): AppError {
  return new AppError(
    409,
    'queue_window_name_taken',
    { name },
    { fields: [{ path: 'name', code: 'queue_window_name_taken' }] },
  );
}

function prefixTaken(prefix: string): AppError {
  return new AppError(
    409,
    'queue_service_prefix_taken',
    { prefix },
    { fields: [{ path: 'prefix', code: 'queue_service_prefix_taken' }] },
  );
}

function presentWindow(r: WindowRow): QueueWindow {
  return {
    id: r.id,
    name: r.name,
    isActive: r.is_active,
    sortOrder: r.sort_order,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function presentService(r: ServiceRow, operatorIds: number[], windowIds: number[]): QueueService {
  return {
    id: r.id,
    nameRu: r.name_ru,
    nameUk: r.name_uk,
    nameEn: r.name_en,
    prefix: r.prefix,
    priority: r.priority,
    isDailyReset: r.is_daily_reset,
    isActive: r.is_active,
    sortOrder: r.sort_order,
    operatorIds,
    windowIds,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A window as the settings change log keeps it. */
function loggedWindow(w: QueueWindow): Record<string, unknown> {
  return { name: w.name, isActive: w.isActive, sortOrder: w.sortOrder };
}

/** A service as the settings change log keeps it. */
function loggedService(s: QueueService): Record<string, unknown> {
  return {
    nameRu: s.nameRu,
    nameUk: s.nameUk,
    nameEn: s.nameEn,
    prefix: s.prefix,
    priority: s.priority,
    isDailyReset: s.isDailyReset,
    isActive: s.isActive,
    sortOrder: s.sortOrder,
    operatorIds: s.operatorIds,
    windowIds: s.windowIds,
  };
}
