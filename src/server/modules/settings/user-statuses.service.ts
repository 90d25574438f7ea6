import { fieldProblem } from '../../http/errors.js';
import { sql } from 'kysely';
import type {
  CreateUserStatus,
  CurrentUserStatus,
  UpdateUserStatus,
  UserCurrentStatusRow,
  UserStatus,
} from '../../../shared/schemas/reference-books.js';
import { BookService, entryOf, type Db } from './book.service.js';

/**
 * Статусы пользователей, and each user's current status with the time it was set (the queue
 * picks operators by it). System statuses keep their "takes clients" and "queue paused" flags.
 */
export class UserStatusesService extends BookService<UserStatus> {
  protected readonly book = 'user_status';
  protected readonly table = 'user_statuses';
  protected readonly systemFixed = ['isTakingClients', 'isQueuePaused'] as const;

  protected async fetch(
    db: Db,
    filter: { ids?: number[]; active?: boolean | undefined },
  ): Promise<UserStatus[]> {
    let q = db.selectFrom('user_statuses').selectAll().orderBy('sort_order').orderBy('id');
    if (filter.ids) q = q.where('id', 'in', filter.ids);
    if (filter.active !== undefined) q = q.where('is_active', '=', filter.active);
    return (await q.execute()).map((r) => ({
      ...entryOf(r),
      isTakingClients: r.is_taking_clients,
      isQueuePaused: r.is_queue_paused,
    }));
  }

  create(input: CreateUserStatus, userId: number): Promise<UserStatus> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('user_statuses')
        .values({
          ...(await this.newValues(trx, input)),
          is_taking_clients: input.isTakingClients,
          is_queue_paused: input.isQueuePaused,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return this.saved(trx, row.id, null, userId);
    });
  }

  update(id: number, changes: UpdateUserStatus, userId: number): Promise<UserStatus> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(id, trx);
      await trx
        .updateTable('user_statuses')
        .set({
          ...(await this.changedValues(trx, before, changes)),
          ...(changes.isTakingClients !== undefined && { is_taking_clients: changes.isTakingClients }),
          ...(changes.isQueuePaused !== undefined && { is_queue_paused: changes.isQueuePaused }),
        })
        .where('id', '=', id)
        .execute();
      return this.saved(trx, id, before, userId);
    });
  }

  /** The current statuses of the given users (every user has an entry; null status when never set). */
  async currentOf(userIds: number[], db: Db = this.db): Promise<Map<number, CurrentUserStatus>> {
    const out = new Map<number, CurrentUserStatus>(
      userIds.map((userId) => [userId, { userId, status: null, setAt: null }]),
    );
    if (!userIds.length) return out;
    const rows = await db
      .selectFrom('user_current_statuses')
      .selectAll()
      .where('user_id', 'in', userIds)
      .execute();
    const statuses = new Map((await this.list({}, db)).map((s) => [s.id, s]));
    for (const r of rows) {
      out.set(r.user_id, { userId: r.user_id, status: statuses.get(r.status_id) ?? null, setAt: r.set_at });
    }
    return out;
  }

  async current(userId: number, db: Db = this.db): Promise<CurrentUserStatus> {
    return (await this.currentOf([userId], db)).get(userId)!;
  }

  /** Every user with their current status, for administrators. */
  async currentOfAllUsers(): Promise<UserCurrentStatusRow[]> {
    const users = await this.services.users.list();
    const current = await this.currentOf(users.map((u) => u.id));
    return users.map((u) => ({
      ...current.get(u.id)!,
      login: u.login,
      fullName: u.fullName,
      isActive: u.isActive,
    }));
  }

  /**
   * Sets a user's own status (an active one). Choosing the status they are already in keeps the
   * time it was set: the queue counts how long an operator has been free.
   */
  async setCurrent(userId: number, statusId: number): Promise<CurrentUserStatus> {
    const current = await this.db.transaction().execute(async (trx) => {
      const [status] = await this.fetch(trx, { ids: [statusId] });
      if (!status) throw fieldProblem('statusId', 'not_found', { ids: `#${statusId}` });
      if (!status.isActive) throw fieldProblem('statusId', 'book_status_inactive');
      const now = new Date().toISOString();
      await trx
        .insertInto('user_current_statuses')
        .values({ user_id: userId, status_id: statusId, set_at: now })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            status_id: statusId,
            set_at: sql<string>`case when user_current_statuses.status_id = ${statusId} then user_current_statuses.set_at else ${now} end`,
          }),
        )
        .execute();
      return this.current(userId, trx);
    });
    // The PBX pauses the user's queue membership per the status; its failure is logged there
    // and never undoes the change.
    await this.services.ami.userStatusChanged(userId, statusId);
    return current;
  }
}
