import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { CalculationsTable, CalculationVersionsTable, DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Locale } from '../../../shared/locale.js';
import type {
  CalcDocType,
  CalcErrorKind,
  CalcTrigger,
  Calculation,
  CalculationError,
  CalculationVersion,
  CreateCalculationRequest,
  UpdateCalculationRequest,
} from '../../../shared/schemas/calculations.js';
import { checkSyntax } from './calculation-syntax.js';
import { LINE_AT } from './calculations.messages.js';

type Db = Kysely<DB> | Transaction<DB>;
type Row = Selectable<CalculationsTable>;
type VersionRow = Selectable<CalculationVersionsTable>;

/** What a version holds (and a rollback brings back): everything but whether it is enabled. */
type Content = Pick<
  Row,
  'name' | 'doc_type' | 'trigger' | 'position' | 'time_limit_ms' | 'memory_limit_mb' | 'code'
>;

/** The list's error count covers this many days. */
const ERROR_WINDOW_MS = 7 * 24 * 3_600_000;
/** The errors shown for a calculation. */
const ERRORS_SHOWN = 50;

/**
 * Настройка → Справочники → Калькуляция: the calculations, each change a new version (who, when,
 * what) and a settings change log entry, rollback as a new version, and the last errors.
 */
export class CalculationRegistry {
  private readonly db: Kysely<DB>;

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** In running order: document type, trigger, position, id. */
  async list(): Promise<Calculation[]> {
    const rows = await this.db
      .selectFrom('calculations')
      .selectAll()
      .orderBy('doc_type')
      .orderBy('trigger')
      .orderBy('position')
      .orderBy('id')
      .execute();
    return this.present(rows);
  }

  async get(id: number): Promise<Calculation> {
    return (await this.present([await this.row(this.db, id)]))[0]!;
  }

  async create(input: CreateCalculationRequest, userId: number, locale: Locale): Promise<Calculation> {
    if (input.isEnabled) await assertCompiles(input.code, locale);
    const now = new Date().toISOString();
    const row = await this.db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('calculations')
        .values({
          name: input.name,
          doc_type: input.docType,
          trigger: input.trigger,
          position: input.position,
          is_enabled: input.isEnabled,
          time_limit_ms: input.timeLimitMs,
          memory_limit_mb: input.memoryLimitMb,
          code: input.code,
          version: 1,
          created_at: now,
          created_by: userId,
          updated_at: now,
          updated_by: userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.saveVersion(trx, created, 'created', null, userId, now);
      await this.services.settingsChanges.record(trx, {
        ...logEntry(created.id, userId),
        before: null,
        after: logged(created),
      });
      return created;
    });
    return (await this.present([row]))[0]!;
  }

  /**
   * Changes a calculation (a new version). With `expectedVersion`, another's save since then is a
   * 409. An enabled calculation must compile; a disabled one may hold anything (the dry run
   * shows what is wrong).
   */
  async update(
    id: number,
    changes: UpdateCalculationRequest,
    userId: number,
    locale: Locale,
  ): Promise<Calculation> {
    const { expectedVersion, ...fields } = changes;
    const row = await this.db.transaction().execute(async (trx) => {
      const old = await this.row(trx, id);
      if (expectedVersion !== undefined && expectedVersion !== old.version)
        throw new AppError(409, 'calculation_version_conflict', { version: old.version });
      const content: Content = {
        name: fields.name ?? old.name,
        doc_type: fields.docType ?? old.doc_type,
        trigger: fields.trigger ?? old.trigger,
        position: fields.position ?? old.position,
        time_limit_ms: fields.timeLimitMs ?? old.time_limit_ms,
        memory_limit_mb: fields.memoryLimitMb ?? old.memory_limit_mb,
        code: fields.code ?? old.code,
      };
      const isEnabled = fields.isEnabled ?? old.is_enabled;
      const same =
        isEnabled === old.is_enabled &&
        (Object.keys(content) as (keyof Content)[]).every((k) => content[k] === old[k]);
      if (same) return old;
      return this.write(trx, old, content, isEnabled, 'updated', null, userId, locale);
    });
    return (await this.present([row]))[0]!;
  }

  async remove(id: number, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('calculations').where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw notFound();
      await this.services.settingsChanges.record(trx, {
        ...logEntry(id, userId),
        before: logged(row),
        after: null,
      });
    });
  }

  /** Newest first. */
  async versions(id: number): Promise<CalculationVersion[]> {
    await this.row(this.db, id);
    const rows = await this.db
      .selectFrom('calculation_versions')
      .selectAll()
      .where('calculation_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    const names = await this.services.users.briefByIds(rows.map((r) => r.changed_by));
    return rows.map((r) => ({
      version: r.version,
      ...settingsOf(r),
      action: r.action as CalculationVersion['action'],
      rolledBackTo: r.rolled_back_to,
      changedAt: r.changed_at,
      changedBy: brief(r.changed_by, names),
    }));
  }

  /**
   * Brings back an earlier version's content (name, type, trigger, order, limits, code) as a new
   * version; whether the calculation is enabled stays as it is now.
   */
  async rollback(id: number, version: number, userId: number, locale: Locale): Promise<Calculation> {
    const row = await this.db.transaction().execute(async (trx) => {
      const old = await this.row(trx, id);
      const target: VersionRow | undefined = await trx
        .selectFrom('calculation_versions')
        .selectAll()
        .where('calculation_id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!target) throw notFound();
      const content: Content = {
        name: target.name,
        doc_type: target.doc_type,
        trigger: target.trigger,
        position: target.position,
        time_limit_ms: target.time_limit_ms,
        memory_limit_mb: target.memory_limit_mb,
        code: target.code,
      };
      return this.write(trx, old, content, old.is_enabled, 'rolled_back', version, userId, locale);
    });
    return (await this.present([row]))[0]!;
  }

  /** The last errors, newest first, with the document's number while it exists. */
  async errors(id: number): Promise<CalculationError[]> {
    await this.row(this.db, id);
    const rows = await this.db
      .selectFrom('calculation_errors')
      .selectAll()
      .where('calculation_id', '=', id)
      .orderBy('id', 'desc')
      .limit(ERRORS_SHOWN)
      .execute();
    const numbers = new Map<string, string>();
    for (const docType of new Set(rows.map((r) => r.doc_type as CalcDocType))) {
      const ids = rows.flatMap((r) => (r.doc_type === docType && r.doc_id !== null ? [r.doc_id] : []));
      for (const s of await this.services.documentChanges.snapshots(this.db, docType, [...new Set(ids)]))
        numbers.set(`${docType}:${s.docId}`, s.number);
    }
    const names = await this.services.users.briefByIds(rows.map((r) => r.actor_id));
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      trigger: r.trigger as CalcTrigger,
      kind: r.kind as CalcErrorKind,
      message: r.message,
      line: r.line,
      docType: r.doc_type as CalcDocType,
      docId: r.doc_id,
      docNumber: r.doc_id === null ? null : (numbers.get(`${r.doc_type}:${r.doc_id}`) ?? null),
      actor: brief(r.actor_id, names),
      createdAt: r.created_at,
    }));
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * Saves `content` as the next version. The version only moves from the one read: a concurrent
   * change in between (PostgreSQL) is a 409 rather than a lost update.
   */
  private async write(
    trx: Transaction<DB>,
    old: Row,
    content: Content,
    isEnabled: boolean,
    action: 'updated' | 'rolled_back',
    rolledBackTo: number | null,
    userId: number,
    locale: Locale,
  ): Promise<Row> {
    if (isEnabled) await assertCompiles(content.code, locale);
    const now = new Date().toISOString();
    const updated = await trx
      .updateTable('calculations')
      .set({
        ...content,
        is_enabled: isEnabled,
        version: old.version + 1,
        updated_at: now,
        updated_by: userId,
      })
      .where('id', '=', old.id)
      .where('version', '=', old.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) {
      const current = await this.row(trx, old.id);
      throw new AppError(409, 'calculation_version_conflict', { version: current.version });
    }
    await this.saveVersion(trx, updated, action, rolledBackTo, userId, now);
    await this.services.settingsChanges.record(trx, {
      ...logEntry(old.id, userId),
      before: logged(old),
      after: {
        ...logged(updated),
        ...(updated.code !== old.code && { isCodeChanged: true }),
        ...(rolledBackTo !== null && { rolledBackTo }),
      },
    });
    return updated;
  }

  private async saveVersion(
    trx: Transaction<DB>,
    row: Row,
    action: CalculationVersion['action'],
    rolledBackTo: number | null,
    userId: number,
    at: string,
  ): Promise<void> {
    await trx
      .insertInto('calculation_versions')
      .values({
        calculation_id: row.id,
        version: row.version,
        name: row.name,
        doc_type: row.doc_type,
        trigger: row.trigger,
        position: row.position,
        is_enabled: row.is_enabled,
        time_limit_ms: row.time_limit_ms,
        memory_limit_mb: row.memory_limit_mb,
        code: row.code,
        action,
        rolled_back_to: rolledBackTo,
        changed_at: at,
        changed_by: userId,
      })
      .execute();
  }

  private async row(db: Db, id: number): Promise<Row> {
    const row = await db.selectFrom('calculations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  /** Rows as the API shows them, with who changed them last and their recent errors. */
  private async present(rows: Row[]): Promise<Calculation[]> {
    if (!rows.length) return [];
    const since = new Date(Date.now() - ERROR_WINDOW_MS).toISOString();
    const [counts, names] = await Promise.all([
      this.db
        .selectFrom('calculation_errors')
        .select((eb) => [
          'calculation_id',
          eb.fn.countAll<number>().filterWhere('created_at', '>=', since).as('n'),
          eb.fn.max('created_at').as('last'),
        ])
        .where(
          'calculation_id',
          'in',
          rows.map((r) => r.id),
        )
        .groupBy('calculation_id')
        .execute(),
      this.services.users.briefByIds(rows.map((r) => r.updated_by)),
    ]);
    const countOf = new Map(counts.map((c) => [c.calculation_id, c]));
    return rows.map((r) => ({
      id: r.id,
      ...settingsOf(r),
      version: r.version,
      exampleKey: r.example_key,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      updatedBy: brief(r.updated_by, names),
      errorCount: Number(countOf.get(r.id)?.n ?? 0),
      lastErrorAt: (countOf.get(r.id)?.last as string | null | undefined) ?? null,
    }));
  }
}

/** An enabled calculation runs on every save: it must at least compile. */
async function assertCompiles(code: string, locale: Locale): Promise<void> {
  const problem = await checkSyntax(code);
  if (!problem) return;
  throw new AppError(
    422,
    'calculation_syntax',
    {
      message: problem.message,
      line: problem.line,
      at: problem.line === null ? '' : LINE_AT[locale].replace('{line}', String(problem.line)),
    },
    {
      fields: [
        {
          path: 'code',
          code: 'calc_syntax',
          params: { line: problem.line ?? '?', message: problem.message },
        },
      ],
    },
  );
}

function brief(id: number | null, names: Map<number, string>): { id: number; name: string } | null {
  if (id === null) return null;
  const name = names.get(id);
  return name === undefined ? null : { id, name };
}

/** Who changed which calculation, for the settings change log. */
function logEntry(id: number, userId: number) {
  return { area: 'calculations', entity: 'calculation', entityId: id, userId } as const;
}

/**
 * A calculation as the settings change log keeps it. The code itself is in its versions (with
 * the diff between them); the log says which version it became and that the code changed.
 */
function logged(r: Row): Record<string, unknown> {
  return {
    name: r.name,
    docType: r.doc_type,
    trigger: r.trigger,
    position: r.position,
    isEnabled: r.is_enabled,
    timeLimitMs: r.time_limit_ms,
    memoryLimitMb: r.memory_limit_mb,
    version: r.version,
  };
}

/** What a calculation and each of its versions hold alike, as the API shows it. */
function settingsOf(r: {
  name: string;
  doc_type: string;
  trigger: string;
  position: number;
  is_enabled: boolean;
  time_limit_ms: number;
  memory_limit_mb: number;
  code: string;
}) {
  return {
    name: r.name,
    docType: r.doc_type as CalcDocType,
    trigger: r.trigger as CalcTrigger,
    position: r.position,
    isEnabled: r.is_enabled,
    timeLimitMs: r.time_limit_ms,
    memoryLimitMb: r.memory_limit_mb,
    code: r.code,
  };
}
