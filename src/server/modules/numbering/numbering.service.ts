import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, NumberingTemplatesTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError, forbidden } from '../../http/errors.js';
import type { JournalledDocType } from '../../../shared/schemas/access.js';
import { inJournalSet, type Viewer } from '../access/viewer.js';
import type {
  NumberedDocType,
  NumberingPreview,
  NumberingPreviewRequest,
  NumberingTemplate,
  ResetPeriod,
  UpdateNumbering,
} from '../../../shared/schemas/numbering.js';
import {
  checkConsistency,
  formatNumber,
  localDate,
  parseTemplate,
  periodKey,
  type ParsedTemplate,
  type TemplateProblem,
} from './template.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The access document type of each numbered type (the journals book names them in the singular). */
const ACCESS_TYPE: Record<NumberedDocType, JournalledDocType> = {
  event: 'events',
  task: 'tasks',
  project: 'projects',
};

/** A journal as numbering sees it. */
export interface NumberingJournal {
  id: number;
  code: string;
}

/**
 * What a number needs from other modules, resolved by `prepare()` before the document's
 * transaction opens: on SQLite that transaction holds the only connection, so the enterprise
 * time zone and the journal cannot be read from inside it.
 */
export interface PreparedNumbering {
  docType: NumberedDocType;
  journal: NumberingJournal | null;
  date: Date;
  timeZone: string;
}

type Settings = {
  template: string;
  resetPeriod: ResetPeriod;
  startValue: number;
  isPerJournal: boolean;
};

/**
 * Настройка → Нумерация: numbering templates and gap-free counters for events, tasks, projects.
 *
 * A counter is one row per document type × scope (the journal id when numbering is per journal,
 * else '') × period (the key of the reset period the document date falls in). Numbers are taken
 * by an atomic upsert inside the document's own transaction, so a rolled-back insert gives its
 * number back and concurrent inserts queue on the counter row. A template change keeps every
 * counter: the next document continues the sequence in the new format. Changing the reset
 * period or the per-journal switch moves numbering to other counter rows (new periods or
 * scopes start at the start value; returning to an earlier setting continues its old rows).
 */
export class NumberingService {
  private readonly db: Kysely<DB>;
  private readonly parsed = new Map<string, ParsedTemplate>();
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  async list(): Promise<NumberingTemplate[]> {
    const rows = await this.db.selectFrom('numbering_templates').selectAll().orderBy('doc_type').execute();
    return rows.map(present);
  }

  async get(docType: NumberedDocType): Promise<NumberingTemplate> {
    return present(await this.row(this.db, docType));
  }

  /** Replaces a document type's numbering. Existing documents keep their numbers. */
  async update(docType: NumberedDocType, input: UpdateNumbering, userId: number): Promise<NumberingTemplate> {
    const next: Settings = {
      template: input.template,
      resetPeriod: input.resetPeriod,
      startValue: input.startValue,
      isPerJournal: input.isPerJournal,
    };
    this.validated(next);
    await this.db.transaction().execute(async (trx) => {
      const before = present(await this.row(trx, docType));
      await trx
        .updateTable('numbering_templates')
        .set({
          template: next.template,
          reset_period: next.resetPeriod,
          start_value: next.startValue,
          is_per_journal: next.isPerJournal,
          updated_at: new Date().toISOString(),
        })
        .where('doc_type', '=', docType)
        .execute();
      await this.services.settingsChanges.record(trx, {
        area: 'numbering',
        entity: 'numbering_template',
        entityId: docType,
        before: settingsOf(before),
        after: { ...next },
        userId,
      });
    });
    return this.get(docType);
  }

  /**
   * The number the next document would get, without taking it: for the saved settings, or for
   * the ones in the request (the page previews before saving). A journal's counter tells how many
   * documents it got, so it is shown only to those with a read grant on the journal.
   */
  async preview(input: NumberingPreviewRequest, viewer: Viewer): Promise<NumberingPreview> {
    if (
      input.journalId &&
      !viewer.unrestricted &&
      !inJournalSet(viewer.journals[ACCESS_TYPE[input.docType]].read, input.journalId)
    )
      throw forbidden();
    const saved = settingsOf(await this.get(input.docType));
    const settings: Settings = {
      template: input.template ?? saved.template,
      resetPeriod: input.resetPeriod ?? saved.resetPeriod,
      startValue: input.startValue ?? saved.startValue,
      isPerJournal: input.isPerJournal ?? saved.isPerJournal,
    };
    const parsed = this.validated(settings);
    const journal = input.journalId ? await this.journal(input.docType, input.journalId) : null;
    const date = input.date ? new Date(input.date) : new Date();
    const local = localDate(date, await this.services.enterprise.timeZone());
    const period = periodKey(settings.resetPeriod, local);
    // A journal not chosen yet numbers like any journal without documents: from the start value.
    const scope = settings.isPerJournal ? (journal ? String(journal.id) : null) : '';
    const current =
      scope === null
        ? undefined
        : await this.db
            .selectFrom('numbering_counters')
            .select('value')
            .where('doc_type', '=', input.docType)
            .where('scope', '=', scope)
            .where('period', '=', period)
            .executeTakeFirst();
    const value = current ? Number(current.value) + 1 : settings.startValue;
    return {
      number: formatNumber(parsed, value, local, journal?.code ?? null),
      value,
      period,
      journalCode: journal?.code ?? null,
    };
  }

  /**
   * Resolves, outside any transaction, what `nextNumber` needs: the enterprise time zone and the
   * journal (checked to exist and to belong to this document type).
   */
  async prepare(
    docType: NumberedDocType,
    opts: { journalId?: number | null; date?: Date } = {},
  ): Promise<PreparedNumbering> {
    const [timeZone, journal] = await Promise.all([
      this.services.enterprise.timeZone(),
      opts.journalId ? this.journal(docType, opts.journalId) : null,
    ]);
    return { docType, journal, date: opts.date ?? new Date(), timeZone };
  }

  /**
   * Takes the next number. Call it inside the transaction that inserts the document, with what
   * `prepare()` resolved before that transaction: the counter moves only if the insert commits.
   * Throws `numbering_journal_required` when the template holds {JOURNAL} or numbering is per
   * journal and no journal was given.
   */
  async nextNumber(trx: Transaction<DB>, p: PreparedNumbering): Promise<string> {
    return (await this.nextNumbers(trx, [p]))[0]!;
  }

  /**
   * The next numbers of several documents of one type saved in one transaction (letters stored
   * by a mailbox sync), in their order: one counter update per numbering period instead of one
   * per document.
   */
  async nextNumbers(trx: Transaction<DB>, list: PreparedNumbering[]): Promise<string[]> {
    if (!list.length) return [];
    const docType = list[0]!.docType;
    if (list.some((p) => p.docType !== docType)) throw new Error('nextNumbers: one document type at a time');
    const settings = settingsOf(present(await this.row(trx, docType)));
    const parsed = this.storedTemplate(settings.template);
    if ('code' in parsed) throw new Error(`Stored ${docType} numbering template is invalid: ${parsed.code}`);
    const counters = new Map<string, { scope: string; period: string; items: number[] }>();
    const locals = list.map((p, i) => {
      if ((parsed.usesJournal || settings.isPerJournal) && !p.journal) {
        throw new AppError(
          400,
          'numbering_journal_required',
          {},
          { fields: [{ path: 'journalId', code: 'numbering_journal_required' }] },
        );
      }
      const local = localDate(p.date, p.timeZone);
      const scope = settings.isPerJournal ? String(p.journal!.id) : '';
      const period = periodKey(settings.resetPeriod, local);
      const key = `${scope}\u0000${period}`;
      const counter = counters.get(key) ?? { scope, period, items: [] };
      counter.items.push(i);
      counters.set(key, counter);
      return local;
    });
    const numbers: string[] = new Array<string>(list.length);
    for (const { scope, period, items } of counters.values()) {
      const { value } = await trx
        .insertInto('numbering_counters')
        .values({ doc_type: docType, scope, period, value: settings.startValue + items.length - 1 })
        .onConflict((oc) =>
          oc
            .columns(['doc_type', 'scope', 'period'])
            .doUpdateSet({ value: sql<number>`numbering_counters.value + ${items.length}` }),
        )
        .returning('value')
        .executeTakeFirstOrThrow();
      const first = Number(value) - items.length + 1;
      items.forEach((i, k) => {
        numbers[i] = formatNumber(parsed, first + k, locals[i]!, list[i]!.journal?.code ?? null);
      });
    }
    return numbers;
  }

  private async row(db: Db, docType: NumberedDocType): Promise<Selectable<NumberingTemplatesTable>> {
    return db
      .selectFrom('numbering_templates')
      .selectAll()
      .where('doc_type', '=', docType)
      .executeTakeFirstOrThrow();
  }

  private async journal(docType: NumberedDocType, id: number): Promise<NumberingJournal> {
    const ref = await this.services.referenceBooks.journalRef(id);
    if (!ref || ref.docType !== docType) {
      throw new AppError(
        400,
        'numbering_journal_invalid',
        { id },
        { fields: [{ path: 'journalId', code: 'numbering_journal_invalid' }] },
      );
    }
    return { id: ref.id, code: ref.code };
  }

  /** Saved templates are parsed once; only they are cached, so previews cannot grow the cache. */
  private storedTemplate(template: string): ParsedTemplate | TemplateProblem {
    const cached = this.parsed.get(template);
    if (cached) return cached;
    const parsed = parseTemplate(template);
    if ('code' in parsed) return parsed;
    if (this.parsed.size >= 50) this.parsed.clear();
    this.parsed.set(template, parsed);
    return parsed;
  }

  /** The parsed template, or a 400 naming the problem on the `template` field. */
  private validated(s: Settings): ParsedTemplate {
    const parsed = parseTemplate(s.template);
    if ('code' in parsed) throw templateError(parsed);
    const problem = checkConsistency(parsed, s.resetPeriod, s.isPerJournal);
    if (problem) throw templateError(problem);
    return parsed;
  }
}

function templateError(problem: TemplateProblem): AppError {
  return new AppError(
    400,
    'validation_failed',
    {},
    { in: 'body', fields: [{ path: 'template', code: problem.code, params: problem.params }] },
  );
}

function present(r: Selectable<NumberingTemplatesTable>): NumberingTemplate {
  return {
    docType: r.doc_type as NumberedDocType,
    template: r.template,
    resetPeriod: r.reset_period as ResetPeriod,
    startValue: r.start_value,
    isPerJournal: r.is_per_journal,
    updatedAt: r.updated_at,
  };
}

function settingsOf(t: NumberingTemplate): Settings {
  return {
    template: t.template,
    resetPeriod: t.resetPeriod,
    startValue: t.startValue,
    isPerJournal: t.isPerJournal,
  };
}
