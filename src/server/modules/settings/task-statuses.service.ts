import { AppError, fieldProblem } from '../../http/errors.js';
import type {
  CreateTaskStatus,
  TaskStatus,
  UpdateTaskStatus,
} from '../../../shared/schemas/reference-books.js';
import { BookService, entryOf, names, type Db } from './book.service.js';

/**
 * Статусы задач. Exactly one status is initial, and it stays active: the system «Новая» keeps the
 * flag (system statuses keep their initial/final flags), so making another status initial is
 * refused rather than moving the flag. Allowed transitions are optional: a status listing none
 * lets a task move to any status; a final status may list only non-final ones (reopening).
 */
export class TaskStatusesService extends BookService<TaskStatus> {
  protected readonly book = 'task_status';
  protected readonly table = 'task_statuses';
  protected readonly systemFixed = ['isInitial', 'isFinal'] as const;

  protected async fetch(
    db: Db,
    filter: { ids?: number[]; active?: boolean | undefined },
  ): Promise<TaskStatus[]> {
    let q = db.selectFrom('task_statuses').selectAll().orderBy('sort_order').orderBy('id');
    if (filter.ids) q = q.where('id', 'in', filter.ids);
    if (filter.active !== undefined) q = q.where('is_active', '=', filter.active);
    const rows = await q.execute();
    if (!rows.length) return [];
    const transitions = await db
      .selectFrom('task_status_transitions')
      .innerJoin('task_statuses', 'task_statuses.id', 'task_status_transitions.to_status_id')
      .select(['from_status_id', 'to_status_id'])
      .where(
        'from_status_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('task_statuses.sort_order')
      .orderBy('task_statuses.id')
      .execute();
    return rows.map((r) => ({
      ...entryOf(r),
      isInitial: r.is_initial,
      isFinal: r.is_final,
      allowedNextIds: transitions.filter((t) => t.from_status_id === r.id).map((t) => t.to_status_id),
    }));
  }

  /** The status of a new task. */
  async initial(db: Db = this.db): Promise<TaskStatus> {
    const row = await db
      .selectFrom('task_statuses')
      .select('id')
      .where('is_initial', '=', true)
      .executeTakeFirstOrThrow();
    return this.get(row.id, db);
  }

  create(input: CreateTaskStatus, userId: number): Promise<TaskStatus> {
    return this.db.transaction().execute(async (trx) => {
      await this.checkFlags(trx, null, input);
      await this.checkTransitions(trx, null, input.isFinal, input.allowedNextIds);
      const row = await trx
        .insertInto('task_statuses')
        .values({
          ...(await this.newValues(trx, input)),
          is_initial: input.isInitial,
          is_final: input.isFinal,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.writeTransitions(trx, row.id, input.allowedNextIds);
      return this.saved(trx, row.id, null, userId);
    });
  }

  update(id: number, changes: UpdateTaskStatus, userId: number): Promise<TaskStatus> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(id, trx);
      const values = await this.changedValues(trx, before, changes);
      const next = {
        isInitial: changes.isInitial ?? before.isInitial,
        isFinal: changes.isFinal ?? before.isFinal,
        isActive: changes.isActive ?? before.isActive,
      };
      await this.checkFlags(trx, before, next);
      await this.checkTransitions(trx, id, next.isFinal, changes.allowedNextIds ?? before.allowedNextIds);
      await trx
        .updateTable('task_statuses')
        .set({
          ...values,
          ...(changes.isInitial !== undefined && { is_initial: changes.isInitial }),
          ...(changes.isFinal !== undefined && { is_final: changes.isFinal }),
        })
        .where('id', '=', id)
        .execute();
      if (changes.allowedNextIds) await this.writeTransitions(trx, id, changes.allowedNextIds);
      return this.saved(trx, id, before, userId);
    });
  }

  protected override async beforeRemove(_trx: Db, entry: TaskStatus): Promise<void> {
    if (entry.isInitial) throw new AppError(409, 'task_status_initial_required', names(entry));
  }

  /** One initial status, always active; a status is not both initial and final. */
  private async checkFlags(
    db: Db,
    before: TaskStatus | null,
    next: { isInitial: boolean; isFinal: boolean; isActive: boolean },
  ): Promise<void> {
    if (next.isInitial && next.isFinal) throw fieldProblem('isFinal', 'book_initial_final');
    if (before?.isInitial && !next.isInitial) {
      throw new AppError(409, 'task_status_initial_required', names(before), {
        fields: [{ path: 'isInitial', code: 'book_initial_required' }],
      });
    }
    if (next.isInitial && !next.isActive) {
      throw new AppError(409, 'task_status_initial_required', names(before ?? (await this.initial(db))), {
        fields: [{ path: 'isActive', code: 'book_initial_required' }],
      });
    }
    if (next.isInitial && !before?.isInitial) {
      const current = await this.initial(db);
      throw new AppError(409, 'task_status_initial_taken', names(current), {
        fields: [{ path: 'isInitial', code: 'book_initial_taken', params: names(current) }],
      });
    }
  }

  /**
   * The listed statuses exist and are not this one; from a final status only to non-final ones;
   * and a status turning final must not be a final status's way out.
   */
  private async checkTransitions(
    db: Db,
    id: number | null,
    isFinal: boolean,
    nextIds: number[],
  ): Promise<void> {
    const unique = [...new Set(nextIds)];
    if (id !== null && unique.includes(id)) throw fieldProblem('allowedNextIds', 'book_transition_self');
    const targets = unique.length
      ? await db.selectFrom('task_statuses').select(['id', 'is_final']).where('id', 'in', unique).execute()
      : [];
    const missing = unique.filter((x) => !targets.some((t) => t.id === x));
    if (missing.length) {
      throw fieldProblem('allowedNextIds', 'not_found', { ids: missing.map((x) => `#${x}`).join(', ') });
    }
    if (isFinal && targets.some((t) => t.is_final))
      throw fieldProblem('allowedNextIds', 'book_final_to_final');
    if (isFinal && id !== null) {
      const fromFinal = await db
        .selectFrom('task_status_transitions')
        .innerJoin('task_statuses', 'task_statuses.id', 'task_status_transitions.from_status_id')
        .select('task_statuses.id')
        .where('task_status_transitions.to_status_id', '=', id)
        .where('task_statuses.is_final', '=', true)
        .executeTakeFirst();
      if (fromFinal) throw fieldProblem('isFinal', 'book_final_to_final');
    }
  }

  private async writeTransitions(db: Db, id: number, nextIds: number[]): Promise<void> {
    await db.deleteFrom('task_status_transitions').where('from_status_id', '=', id).execute();
    const unique = [...new Set(nextIds)];
    if (unique.length) {
      await db
        .insertInto('task_status_transitions')
        .values(unique.map((to) => ({ from_status_id: id, to_status_id: to })))
        .execute();
    }
  }
}
