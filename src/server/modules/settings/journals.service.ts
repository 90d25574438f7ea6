import { AppError, fieldProblem } from '../../http/errors.js';
import type {
  CreateJournal,
  Journal,
  JournalDocType,
  UpdateJournal,
} from '../../../shared/schemas/reference-books.js';
import { BookService, entryOf, names, type Db } from './book.service.js';

/**
 * Журналы: a tree per document type under the system sections Проекты, События, Задачи. A user
 * journal lives inside a journal of the same document type. Each document type has exactly one
 * default journal, always active: making a journal the default takes the flag from the previous one.
 * System sections stay roots of their type (their parent and document type never change).
 */
export class JournalsService extends BookService<Journal> {
  protected readonly book = 'journal';
  protected readonly table = 'journals';
  protected readonly systemFixed = ['docType', 'parentId'] as const;

  protected async fetch(
    db: Db,
    filter: { ids?: number[]; active?: boolean | undefined },
  ): Promise<Journal[]> {
    let q = db.selectFrom('journals').selectAll().orderBy('sort_order').orderBy('id');
    if (filter.ids) q = q.where('id', 'in', filter.ids);
    if (filter.active !== undefined) q = q.where('is_active', '=', filter.active);
    return (await q.execute()).map((r) => ({
      ...entryOf(r),
      docType: r.doc_type as JournalDocType,
      parentId: r.parent_id,
      isDefault: r.is_default,
    }));
  }

  /** Where new documents of this type go when none is chosen. */
  async defaultFor(docType: JournalDocType, db: Db = this.db): Promise<Journal> {
    const row = await db
      .selectFrom('journals')
      .select('id')
      .where('doc_type', '=', docType)
      .where('is_default', '=', true)
      .executeTakeFirstOrThrow();
    return this.get(row.id, db);
  }

  /**
   * The journal and every journal below it (lists filter "by the journal tree"). Unknown ids
   * give an empty list.
   */
  async subtreeIds(journalId: number, db: Db = this.db): Promise<number[]> {
    const rows = await db.selectFrom('journals').select(['id', 'parent_id']).execute();
    if (!rows.some((r) => r.id === journalId)) return [];
    const children = new Map<number, number[]>();
    for (const r of rows) {
      if (r.parent_id !== null) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id]);
    }
    const out: number[] = [];
    for (const stack = [journalId]; stack.length;) {
      const id = stack.pop()!;
      out.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    return out;
  }

  /**
   * The journal a new document goes to: the given one (checked to exist, be active and be meant
   * for this document type; otherwise a field error on `journalId`) or the type's default.
   */
  async resolveForDocument(
    docType: JournalDocType,
    journalId: number | null | undefined,
    db: Db = this.db,
  ): Promise<Journal> {
    if (journalId === null || journalId === undefined) return this.defaultFor(docType, db);
    const [journal] = await this.fetch(db, { ids: [journalId] });
    if (!journal || journal.docType !== docType || !journal.isActive) {
      throw fieldProblem('journalId', 'journal_unknown', { id: journalId });
    }
    return journal;
  }

  create(input: CreateJournal, userId: number): Promise<Journal> {
    return this.db.transaction().execute(async (trx) => {
      const parent = await this.parent(trx, input.parentId);
      if (input.docType !== undefined && input.docType !== parent.docType) {
        throw fieldProblem('parentId', 'book_journal_parent_doc_type');
      }
      if (input.isDefault && !input.isActive) throw fieldProblem('isActive', 'book_journal_default_inactive');
      const values = await this.newValues(trx, input);
      if (input.isDefault) await this.takeDefault(trx, parent.docType, userId);
      const row = await trx
        .insertInto('journals')
        .values({ ...values, doc_type: parent.docType, parent_id: parent.id, is_default: input.isDefault })
        .returning('id')
        .executeTakeFirstOrThrow();
      return this.saved(trx, row.id, null, userId);
    });
  }

  update(id: number, changes: UpdateJournal, userId: number): Promise<Journal> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(id, trx);
      const values = await this.changedValues(trx, before, changes);
      if (changes.parentId !== undefined && changes.parentId !== before.parentId) {
        const parent = await this.parent(trx, changes.parentId);
        if (parent.docType !== before.docType) throw fieldProblem('parentId', 'book_journal_parent_doc_type');
        if (await this.isWithin(trx, parent.id, id)) throw fieldProblem('parentId', 'book_journal_cycle');
      }
      const isDefault = changes.isDefault ?? before.isDefault;
      const isActive = changes.isActive ?? before.isActive;
      if (before.isDefault && !isDefault) throw fieldProblem('isDefault', 'book_journal_default_required');
      if (isDefault && !isActive) {
        throw fieldProblem(
          changes.isActive === false ? 'isActive' : 'isDefault',
          'book_journal_default_inactive',
        );
      }
      if (isDefault && !before.isDefault) await this.takeDefault(trx, before.docType, userId);
      await trx
        .updateTable('journals')
        .set({
          ...values,
          ...(changes.parentId !== undefined && { parent_id: changes.parentId }),
          is_default: isDefault,
        })
        .where('id', '=', id)
        .execute();
      return this.saved(trx, id, before, userId);
    });
  }

  protected override async beforeRemove(_trx: Db, entry: Journal): Promise<void> {
    if (entry.isDefault) throw new AppError(409, 'journal_default_required', names(entry));
  }

  private async parent(db: Db, id: number): Promise<Journal> {
    const [parent] = await this.fetch(db, { ids: [id] });
    if (!parent) throw fieldProblem('parentId', 'not_found', { ids: `#${id}` });
    return parent;
  }

  /** Whether `journalId` is `ancestorId` or lies below it. */
  private async isWithin(db: Db, journalId: number, ancestorId: number): Promise<boolean> {
    const parents = new Map(
      (await db.selectFrom('journals').select(['id', 'parent_id']).execute()).map((r) => [r.id, r.parent_id]),
    );
    const seen = new Set<number>();
    for (let at: number | null = journalId; at !== null && !seen.has(at); at = parents.get(at) ?? null) {
      if (at === ancestorId) return true;
      seen.add(at);
    }
    return false;
  }

  /** Clears the default flag of the document type's current default journal (logged as its change). */
  private async takeDefault(db: Db, docType: JournalDocType, userId: number): Promise<void> {
    const previous = await this.defaultFor(docType, db);
    await db
      .updateTable('journals')
      .set({ is_default: false, updated_at: new Date().toISOString() })
      .where('id', '=', previous.id)
      .execute();
    await this.saved(db, previous.id, previous, userId);
  }
}
