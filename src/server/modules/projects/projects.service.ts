import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { Transaction } from 'kysely';
import type { TimelineItem } from '../../../shared/schemas/timeline.js';
import type { TimelineScope, TimelineSource } from '../timeline/timeline-source.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Проекты: external (for a client) and internal projects with participants and status. */
export class ProjectsService implements TimelineSource {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** CONTRACT: the project card; 404 when missing. */
  get(id: number): Promise<unknown> {
    throw new Error(`not implemented ${id}`);
  }

  /** CONTRACT: for events/tasks in a project: checks it exists (field error on `path`, code `project_unknown`). */
  assertUsable(
    db: Db,
    projectId: number,
    path = 'projectId',
  ): Promise<{ id: number; clientId: number | null; name: string; number: string }> {
    throw new Error(`not implemented ${String(db)} ${projectId} ${path}`);
  }

  /** CONTRACT: merge of clients: moves projects of client `fromId` to `toId` (history recorded by the caller). */
  reassignClient(trx: Db, fromId: number, toId: number): Promise<number> {
    throw new Error(`not implemented ${String(trx)} ${fromId} ${toId}`);
  }

  /** CONTRACT: how many projects are in journal `journalId` (it cannot be deleted then). */
  countInJournal(db: Db, journalId: number): Promise<number> {
    throw new Error(`not implemented ${String(db)} ${journalId}`);
  }

  timeline(db: Db, scope: TimelineScope, after: string | null, limit: number): Promise<TimelineItem[]> {
    throw new Error(`not implemented ${String(db)} ${String(scope)} ${after} ${limit}`);
  }
}
