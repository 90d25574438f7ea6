import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { Transaction } from 'kysely';
import type { TimelineItem } from '../../../shared/schemas/timeline.js';
import type { TimelineScope, TimelineSource } from '../timeline/timeline-source.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Картотека задач: tasks with status rules, comments and a checklist. */
export class TasksService implements TimelineSource {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** CONTRACT: the task card; 404 when missing. */
  get(id: number): Promise<unknown> {
    throw new Error(`not implemented ${id}`);
  }

  /** CONTRACT: merge of clients: moves tasks of client `fromId` to `toId`. */
  reassignClient(trx: Db, fromId: number, toId: number): Promise<number> {
    throw new Error(`not implemented ${String(trx)} ${fromId} ${toId}`);
  }

  /** CONTRACT: how many tasks are in journal `journalId`. */
  countInJournal(db: Db, journalId: number): Promise<number> {
    throw new Error(`not implemented ${String(db)} ${journalId}`);
  }

  /** CONTRACT: how many tasks have status `statusId`. */
  countWithStatus(db: Db, statusId: number): Promise<number> {
    throw new Error(`not implemented ${String(db)} ${statusId}`);
  }

  /** CONTRACT: per project id: tasks in total and in a final status (project progress). */
  progressByProject(
    projectIds: number[],
    db: Db = this.db,
  ): Promise<Map<number, { total: number; done: number }>> {
    throw new Error(`not implemented ${String(projectIds)} ${String(db)}`);
  }

  /**
   * CONTRACT (calendar, ICS feed): tasks with a deadline in [from, to) where the user is performer,
   * author or controller (every task when userId is null).
   */
  deadlinesBetween(
    userId: number | null,
    from: string,
    to: string,
  ): Promise<
    { id: number; number: string; title: string; deadline: string; isFinal: boolean; isOverdue: boolean }[]
  > {
    throw new Error(`not implemented ${userId} ${from} ${to}`);
  }

  timeline(db: Db, scope: TimelineScope, after: string | null, limit: number): Promise<TimelineItem[]> {
    throw new Error(`not implemented ${String(db)} ${String(scope)} ${after} ${limit}`);
  }
}
