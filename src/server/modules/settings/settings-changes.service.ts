import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import {
  ADMIN_ONLY_SETTINGS_AREAS,
  type SettingsArea,
  type SettingsChange,
} from '../../../shared/schemas/settings-changes.js';

type Db = Kysely<DB> | Transaction<DB>;
type Fields = Record<string, unknown>;

export interface ChangeRecord {
  area: SettingsArea;
  entity: string;
  entityId: string | number | null;
  /** The entry before the change (null when created) and after it (null when deleted). */
  before: Fields | null;
  after: Fields | null;
  userId: number | null;
}

/**
 * The log of settings changes (who, when, old → new), written in the same transaction as the
 * change itself by every settings service, and shown to administrators.
 */
export class SettingsChangesService {
  private readonly db: Kysely<DB>;
  constructor(ctx: AppContext) {
    this.db = ctx.database.db;
  }

  /** Records the fields that differ; an update that changed nothing is not recorded. */
  async record(db: Db, change: ChangeRecord): Promise<void> {
    const action = change.before === null ? 'create' : change.after === null ? 'delete' : 'update';
    const keys = new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})]);
    const diff: Record<string, { old: unknown; new: unknown }> = {};
    for (const key of keys) {
      const oldValue = change.before?.[key] ?? null;
      const newValue = change.after?.[key] ?? null;
      if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) diff[key] = { old: oldValue, new: newValue };
    }
    if (action === 'update' && Object.keys(diff).length === 0) return;
    await db
      .insertInto('settings_changes')
      .values({
        area: change.area,
        entity: change.entity,
        entity_id: change.entityId === null ? null : String(change.entityId),
        action,
        changes: JSON.stringify(diff),
        user_id: change.userId,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  /** The log, newest first; the areas of ADMIN_ONLY_SETTINGS_AREAS only for an administrator. */
  async list(
    filter: {
      area?: SettingsArea | undefined;
      entity?: string | undefined;
      entityId?: string | undefined;
      limit: number;
      offset: number;
    },
    reader: { isAdmin: boolean } = { isAdmin: false },
  ): Promise<{ items: SettingsChange[]; total: number }> {
    let q = this.db.selectFrom('settings_changes');
    if (!reader.isAdmin) q = q.where('area', 'not in', ADMIN_ONLY_SETTINGS_AREAS);
    if (filter.area) q = q.where('area', '=', filter.area);
    if (filter.entity) q = q.where('entity', '=', filter.entity);
    if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .leftJoin('users', 'users.id', 'settings_changes.user_id')
      .select([
        'settings_changes.id',
        'settings_changes.area',
        'settings_changes.entity',
        'settings_changes.entity_id',
        'settings_changes.action',
        'settings_changes.changes',
        'settings_changes.created_at',
        'users.id as user_id',
        'users.login',
      ])
      .orderBy('settings_changes.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return {
      total: Number(total.n),
      items: rows.map((r) => ({
        id: r.id,
        area: r.area as SettingsArea,
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action as SettingsChange['action'],
        changes: JSON.parse(r.changes) as SettingsChange['changes'],
        user: r.user_id !== null && r.login !== null ? { id: r.user_id, login: r.login } : null,
        createdAt: r.created_at,
      })),
    };
  }
}
