import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { Transaction } from 'kysely';

type Db = Kysely<DB> | Transaction<DB>;

/** Картотека клиентов: clients with contact persons, phones, e-mails; duplicates and merge. */
export class ClientsService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** CONTRACT: the client card; 404 (`notFound()`) when missing or deleted. */
  get(id: number): Promise<unknown> {
    throw new Error(`not implemented ${id}`);
  }

  /**
   * CONTRACT: for documents that link a client: checks it exists and is not deleted (else a
   * field error on `path`: code `client_unknown` or `client_deleted`), and, when given, that
   * `contactId` is one of its contact persons (field error on `contactId`).
   */
  assertUsable(
    db: Db,
    clientId: number,
    path = 'clientId',
    contactId?: number | null,
  ): Promise<{ id: number; name: string }> {
    throw new Error(`not implemented ${String(db)} ${clientId} ${path} ${contactId}`);
  }

  /** CONTRACT: names of clients (deleted ones included) for lists that show them. */
  briefByIds(ids: Iterable<number | null | undefined>, db: Db = this.db): Promise<Map<number, string>> {
    throw new Error(`not implemented ${String(ids)} ${String(db)}`);
  }
}
