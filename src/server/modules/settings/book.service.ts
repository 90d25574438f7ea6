import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, EventTypesTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError, notFound } from '../../http/errors.js';
import type { BookName } from '../../../shared/schemas/reference-books.js';
import { BOOK_REFERENCES } from './book-references.js';

export type Db = Kysely<DB> | Transaction<DB>;
export type BookTable = 'event_types' | 'task_statuses' | 'user_statuses' | 'journals';

/** The columns every book has (the event types' row stands for all four here). */
type CommonRow = Pick<
  Selectable<EventTypesTable>,
  | 'id'
  | 'code'
  | 'name_ru'
  | 'name_uk'
  | 'name_en'
  | 'sort_order'
  | 'color'
  | 'is_system'
  | 'is_active'
  | 'created_at'
  | 'updated_at'
>;

/** The API fields every entry has. */
export interface BookEntry {
  id: number;
  code: string;
  nameRu: string;
  nameUk: string;
  nameEn: string;
  isActive: boolean;
  sortOrder: number;
  color: string | null;
  isSystem: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CommonCreate {
  code: string;
  nameRu: string;
  nameUk: string;
  nameEn: string;
  isActive: boolean;
  sortOrder?: number | undefined;
  color: string | null;
}

export type CommonUpdate = { [K in keyof CommonCreate]?: CommonCreate[K] | undefined };

export function entryOf(r: CommonRow): BookEntry {
  return {
    id: r.id,
    code: r.code,
    nameRu: r.name_ru,
    nameUk: r.name_uk,
    nameEn: r.name_en,
    isActive: r.is_active,
    sortOrder: r.sort_order,
    color: r.color,
    isSystem: r.is_system,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** An entry's name in every language, for messages that name it (each language picks its own). */
export const names = (e: BookEntry) => ({ nameRu: e.nameRu, nameUk: e.nameUk, nameEn: e.nameEn });

/** A 400 with one field problem; `code` is a field message key. */

/**
 * What the books share: reading by id or code, the code and system-entry rules, deletion only
 * while nothing refers to the entry, and the record of every change in the settings log. Each
 * book adds its own columns and rules.
 */
export abstract class BookService<E extends BookEntry> {
  protected abstract readonly book: BookName;
  protected abstract readonly table: BookTable;
  /** The book's own fields a system entry keeps (besides its code). */
  protected abstract readonly systemFixed: readonly (keyof E & string)[];

  constructor(
    protected readonly db: Kysely<DB>,
    protected readonly services: Services,
  ) {}

  /** Entries in list order (sort order, then id): all, the active/inactive ones, or the given ids. */
  protected abstract fetch(db: Db, filter: { ids?: number[]; active?: boolean | undefined }): Promise<E[]>;

  list(filter: { active?: boolean | undefined } = {}, db: Db = this.db): Promise<E[]> {
    return this.fetch(db, filter);
  }

  async get(id: number, db: Db = this.db): Promise<E> {
    const [entry] = await this.fetch(db, { ids: [id] });
    if (!entry) throw notFound();
    return entry;
  }

  /** For modules that create documents by code (telephony: `incoming_call`); null when there is none. */
  async byCode(code: string, db: Db = this.db): Promise<E | null> {
    const row = await this.common(db).select('id').where('code', '=', code).executeTakeFirst();
    return row ? this.get(row.id, db) : null;
  }

  async remove(id: number, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const entry = await this.get(id, trx);
      if (entry.isSystem) throw new AppError(409, 'book_system_entry', names(entry));
      await this.beforeRemove(trx, entry);
      const references = [];
      for (const ref of BOOK_REFERENCES[this.book]) {
        const count = await ref.count(trx, this.services, id);
        if (count > 0) references.push({ source: ref.source, count });
      }
      if (references.length) {
        const count = references.reduce((sum, r) => sum + r.count, 0);
        throw new AppError(409, 'book_entry_in_use', { ...names(entry), count }, { references });
      }
      await trx.deleteFrom(this.table).where('id', '=', id).execute();
      await this.record(trx, entry, null, userId);
    });
  }

  /** A book's own refusal to delete (the initial status, the default journal). */
  protected async beforeRemove(_trx: Db, _entry: E): Promise<void> {}

  /** The common columns of a new entry: a free code, an order after the last entry by default. */
  protected async newValues(db: Db, input: CommonCreate) {
    await this.assertCodeFree(db, input.code);
    const now = new Date().toISOString();
    return {
      code: input.code,
      name_ru: input.nameRu,
      name_uk: input.nameUk,
      name_en: input.nameEn,
      is_active: input.isActive,
      sort_order: input.sortOrder ?? (await this.nextSortOrder(db)),
      color: input.color,
      is_system: false,
      created_at: now,
      updated_at: now,
    };
  }

  /** The common columns to change; a system entry keeps its code and the book's own fields. */
  protected async changedValues(db: Db, before: E, changes: CommonUpdate & Partial<E>) {
    const fixed = [...this.systemFixed, 'code' as const].filter(
      (key) => before.isSystem && changes[key] !== undefined && changes[key] !== before[key],
    );
    if (fixed.length) {
      throw new AppError(409, 'book_system_field', names(before), {
        fields: fixed.map((path) => ({ path, code: 'book_system_fixed' })),
      });
    }
    if (changes.code !== undefined && changes.code !== before.code)
      await this.assertCodeFree(db, changes.code);
    return {
      ...(changes.code !== undefined && { code: changes.code }),
      ...(changes.nameRu !== undefined && { name_ru: changes.nameRu }),
      ...(changes.nameUk !== undefined && { name_uk: changes.nameUk }),
      ...(changes.nameEn !== undefined && { name_en: changes.nameEn }),
      ...(changes.isActive !== undefined && { is_active: changes.isActive }),
      ...(changes.sortOrder !== undefined && { sort_order: changes.sortOrder }),
      ...(changes.color !== undefined && { color: changes.color }),
      updated_at: new Date().toISOString(),
    };
  }

  /** Writes the entry's change to the settings log (in the caller's transaction) and returns the entry now. */
  protected async saved(trx: Db, id: number, before: E | null, userId: number): Promise<E> {
    const after = await this.get(id, trx);
    await this.record(trx, before, after, userId);
    return after;
  }

  protected record(trx: Db, before: E | null, after: E | null, userId: number): Promise<void> {
    const entityId = (after ?? before)?.id ?? null;
    return this.services.settingsChanges.record(trx, {
      area: 'books',
      entity: this.book,
      entityId,
      before: before && snapshot(before),
      after: after && snapshot(after),
      userId,
    });
  }

  /** A query on the common columns; they are the same in every book table. */
  protected common(db: Db) {
    return db.selectFrom(this.table as 'event_types');
  }

  private async assertCodeFree(db: Db, code: string): Promise<void> {
    const taken = await this.common(db).select('id').where('code', '=', code).executeTakeFirst();
    if (taken) {
      throw new AppError(
        409,
        'book_code_taken',
        { code },
        { fields: [{ path: 'code', code: 'book_code_taken' }] },
      );
    }
  }

  private async nextSortOrder(db: Db): Promise<number> {
    const row = await this.common(db)
      .select((eb) => eb.fn.max('sort_order').as('max'))
      .executeTakeFirst();
    return (Number(row?.max ?? 0) || 0) + 10;
  }
}

/** What the settings log keeps of an entry: its fields without id and timestamps. */
function snapshot(entry: BookEntry): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = entry;
  return fields;
}
