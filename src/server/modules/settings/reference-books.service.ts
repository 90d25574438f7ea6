import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';

export type DocType = 'project' | 'event' | 'task';

/** Настройка → Справочники: event types, task statuses, user statuses, journals, history keeping. */
export class ReferenceBooksService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** A journal's code and document type (numbering uses them), or null when there is none. */
  async journalRef(id: number): Promise<{ id: number; code: string; docType: DocType } | null> {
    const row = await this.db
      .selectFrom('journals')
      .select(['id', 'code', 'doc_type'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { id: row.id, code: row.code, docType: row.doc_type as DocType } : null;
  }
}
