import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { DocType } from '../../../shared/schemas/card-files.js';
import { normalizeSearchText } from './search-text.js';

type Db = Kysely<DB> | Transaction<DB>;

/** What a card-file module puts into the search index for one document. */
export interface SearchDocument {
  docType: DocType;
  docId: number;
  /** Shown as the result's first line (client name, task title…). */
  title: string;
  /** Shown under it (number, tax id, status…). */
  subtitle: string;
  /** Every text the document is found by (title included); phones in every form wanted. */
  terms: (string | null | undefined)[];
}

/**
 * Global search over clients, projects, events and tasks. Modules call `index` / `remove` inside the
 * transaction that saves the document, so the index never disagrees with the data. The engines'
 * text indexes over `search_entries.body` are built by the migration (FTS5 trigram on SQLite,
 * pg_trgm + full text on PostgreSQL).
 */
export class SearchService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  async index(db: Db, doc: SearchDocument): Promise<void> {
    const body = normalizeSearchText(
      [doc.title, ...doc.terms].filter((t): t is string => typeof t === 'string' && t !== '').join('\n'),
    );
    const values = { title: doc.title, subtitle: doc.subtitle, body, updated_at: new Date().toISOString() };
    await db
      .insertInto('search_entries')
      .values({ doc_type: doc.docType, doc_id: doc.docId, ...values })
      .onConflict((oc) => oc.columns(['doc_type', 'doc_id']).doUpdateSet(values))
      .execute();
  }

  async remove(db: Db, docType: DocType, docId: number): Promise<void> {
    await db
      .deleteFrom('search_entries')
      .where('doc_type', '=', docType)
      .where('doc_id', '=', docId)
      .execute();
  }
}
