import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { BookName } from '../../../shared/schemas/reference-books.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Something that refers to a book entry and so keeps it from being deleted. */
export interface BookReference {
  /** What refers (a table or a module), reported in the 409's details. */
  source: string;
  /** How many references to entry `id`; runs inside the delete's transaction on `db`. */
  count(db: Db, services: Services, id: number): Promise<number>;
}

const counted = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);

/**
 * Who refers to the entries of each book. A module that stores a book entry (a task's status, an
 * event's type, a document's journal) adds a line here that asks its own service for the count,
 * e.g. `{ source: 'tasks', count: (db, services, id) => services.tasks.countWithStatus(db, id) }`.
 */
export const BOOK_REFERENCES: Record<BookName, BookReference[]> = {
  event_type: [{ source: 'events', count: (db, services, id) => services.events.countWithType(db, id) }],
  task_status: [
    { source: 'tasks', count: (db, services, id) => services.tasks.countWithStatus(db, id) },
    {
      // Other statuses listing this one as an allowed next status; its own list goes with it.
      source: 'task_status_transitions',
      count: async (db, _services, id) =>
        counted(
          await db
            .selectFrom('task_status_transitions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('to_status_id', '=', id)
            .where('from_status_id', '!=', id)
            .executeTakeFirst(),
        ),
    },
  ],
  user_status: [
    {
      source: 'user_current_statuses',
      count: async (db, _services, id) =>
        counted(
          await db
            .selectFrom('user_current_statuses')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status_id', '=', id)
            .executeTakeFirst(),
        ),
    },
  ],
  journal: [
    { source: 'projects', count: (db, services, id) => services.projects.countInJournal(db, id) },
    { source: 'events', count: (db, services, id) => services.events.countInJournal(db, id) },
    { source: 'tasks', count: (db, services, id) => services.tasks.countInJournal(db, id) },
    {
      source: 'journals',
      count: async (db, _services, id) =>
        counted(
          await db
            .selectFrom('journals')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('parent_id', '=', id)
            .executeTakeFirst(),
        ),
    },
  ],
};
