import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { Transaction } from 'kysely';
import type { TimelineItem } from '../../../shared/schemas/timeline.js';
import type { TimelineScope, TimelineSource } from '../timeline/timeline-source.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Картотека событий: calls, letters, meetings… with or without a project. */
export class EventsService implements TimelineSource {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** CONTRACT: the event card; 404 when missing. */
  get(id: number): Promise<unknown> {
    throw new Error(`not implemented ${id}`);
  }

  /** CONTRACT: for tasks created from an event: checks it exists (field error on `path`, code `event_unknown`). */
  assertUsable(
    db: Db,
    eventId: number,
    path = 'eventId',
  ): Promise<{
    id: number;
    clientId: number | null;
    projectId: number | null;
    subject: string;
    number: string;
  }> {
    throw new Error(`not implemented ${String(db)} ${eventId} ${path}`);
  }

  /** CONTRACT: merge of clients: moves events of client `fromId` to `toId`. */
  reassignClient(trx: Db, fromId: number, toId: number): Promise<number> {
    throw new Error(`not implemented ${String(trx)} ${fromId} ${toId}`);
  }

  /** CONTRACT: how many events are in journal `journalId`. */
  countInJournal(db: Db, journalId: number): Promise<number> {
    throw new Error(`not implemented ${String(db)} ${journalId}`);
  }

  /** CONTRACT: how many events have type `typeId` (the type cannot be deleted then). */
  countWithType(db: Db, typeId: number): Promise<number> {
    throw new Error(`not implemented ${String(db)} ${typeId}`);
  }

  timeline(db: Db, scope: TimelineScope, after: string | null, limit: number): Promise<TimelineItem[]> {
    throw new Error(`not implemented ${String(db)} ${String(scope)} ${after} ${limit}`);
  }
}
