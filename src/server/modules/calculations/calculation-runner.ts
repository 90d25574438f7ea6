import type { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { CalculationErrorsTable, CalculationsTable, DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { slot } from '../../db/precompiled.js';
import { AppError } from '../../http/errors.js';
import type { Locale } from '../../../shared/locale.js';
import type { CalcDocType, CalcTrigger } from '../../../shared/schemas/calculations.js';
import type { CalcActor } from './calculation-port.js';
import type { JsonObject, SandboxResult } from './sandbox/sandbox-types.js';
import { runInSandbox } from './sandbox/sandbox.js';
import {
  changedFields,
  describeError,
  documentPort,
  errorText,
  finder,
  sameJson,
  statusOf,
  userJson,
} from './calculation-documents.js';
import { LINE_AT } from './calculations.messages.js';
import type { DirectNotification } from '../notifications/notifications.service.js';

type Db = Kysely<DB> | Transaction<DB>;

/** An enabled calculation as a save runs it. */
export interface LoadedCalc {
  id: number;
  name: string;
  trigger: CalcTrigger;
  version: number;
  code: string;
  timeLimitMs: number;
  memoryLimitMb: number;
}

/** What a save hands from before its write to after it; null when no calculation is enabled. */
export interface CalcPending {
  docType: CalcDocType;
  /** The card before the save (null on create). */
  prev: JsonObject | null;
  /** The enabled calculations of the type, in running order. */
  calculations: LoadedCalc[];
}

/** What an after-save run gets from the save that queued it (calculation_runs.context). */
export interface RunContext {
  action: 'created' | 'updated';
  doc: JsonObject;
  prev: JsonObject | null;
  actorId: number | null;
  locale: Locale;
  depth: number;
}

/**
 * Saves made by after-save runs are this deep in a chain (the user's own save is 0); a save at
 * this depth queues no more after-save runs.
 */
export const MAX_DEPTH = 3;
/** The notifier channel that wakes every process's after-save job once runs are committed. */
export const RUNS_CHANNEL = 'kartoteka_calculation_runs';

/** The document type's place in the compiled query of enabled calculations. */
const DOC_TYPE = slot<string>('docType');

/** One run of a save (before-save or status-change), with what it shares with the others. */
interface SaveRun {
  trx: Transaction<DB>;
  pending: CalcPending;
  docId: number;
  action: 'created' | 'updated';
  actor: CalcActor;
  user: JsonObject | null;
  notes: DirectNotification[];
}

/**
 * The runs of a save, inside its transaction: before-save scripts (`doc` flowing from one to the
 * next), their changes applied once, then status-change scripts the same way, the notifications
 * they asked for, and the after-save runs queued for the job.
 */
export class CalculationRunner {
  private readonly db: Kysely<DB>;
  private log: FastifyBaseLogger | null = null;
  private enabledQuery: { sql: string; parameters: readonly unknown[] } | null = null;
  /** How deep each open transaction is in the savepoints of keptPhases. */
  private readonly savepoints = new WeakMap<Transaction<DB>, number>();

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
    /** How deep in a chain of after-save runs the current save is (unset: a user's own save). */
    private readonly depth: AsyncLocalStorage<number>,
  ) {
    this.db = ctx.database.db;
  }

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  /** One query, compiled once: every save of a card file makes it. */
  async enabledWithin(db: Db, docType: CalcDocType): Promise<LoadedCalc[]> {
    this.enabledQuery ??= this.db
      .selectFrom('calculations')
      .select(['id', 'name', 'trigger', 'version', 'code', 'time_limit_ms', 'memory_limit_mb'])
      .where('doc_type', '=', DOC_TYPE)
      .where('is_enabled', '=', true)
      .orderBy('position')
      .orderBy('id')
      .compile();
    const { sql, parameters } = this.enabledQuery;
    const params = parameters.map((p) => (p === DOC_TYPE ? docType : p));
    const { rows } = await db.executeQuery<
      Pick<
        Selectable<CalculationsTable>,
        'id' | 'name' | 'trigger' | 'version' | 'code' | 'time_limit_ms' | 'memory_limit_mb'
      >
    >(CompiledQuery.raw(sql, params));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      trigger: r.trigger as CalcTrigger,
      version: r.version,
      code: r.code,
      timeLimitMs: r.time_limit_ms,
      memoryLimitMb: r.memory_limit_mb,
    }));
  }

  async prepareWithin(db: Db, docType: CalcDocType, docId: number | null): Promise<CalcPending | null> {
    const calculations = await this.enabledWithin(db, docType);
    if (!calculations.length) return null;
    const prev = docId === null ? null : await documentPort(this.services, docType).calcCardWithin(db, docId);
    return { docType, prev, calculations };
  }

  /** prepareWithin for several documents saved at once: the enabled calculations loaded once. */
  async prepareManyWithin(db: Db, docType: CalcDocType, docIds: number[]): Promise<Map<number, CalcPending>> {
    const pending = new Map<number, CalcPending>();
    const calculations = await this.enabledWithin(db, docType);
    if (!calculations.length) return pending;
    const port = documentPort(this.services, docType);
    for (const id of docIds)
      pending.set(id, { docType, prev: await port.calcCardWithin(db, id), calculations });
    return pending;
  }

  async savingWithin(
    trx: Transaction<DB>,
    pending: CalcPending | null,
    docId: number,
    action: 'created' | 'updated',
    actor: CalcActor,
  ): Promise<void> {
    if (!pending) return;
    const { docType } = pending;
    let stored = await documentPort(this.services, docType).calcCardWithin(trx, docId);
    if (!stored) return;
    const run: SaveRun = {
      trx,
      pending,
      docId,
      action,
      actor,
      user: await userJson(this.services, trx, actor),
      notes: [],
    };
    stored = actor.system ? await this.keptPhases(run, stored) : await this.phases(run, stored);
    await this.queueAfterSave(run, stored);
  }

  /** Before-save, then status-change scripts, then the notifications they asked for. */
  private async phases(run: SaveRun, stored: JsonObject): Promise<JsonObject> {
    const { docType, prev } = run.pending;
    stored = await this.phase(run, 'before_save', stored);
    if (prev === null || !sameJson(statusOf(docType, prev), statusOf(docType, stored)))
      stored = await this.phase(run, 'status_change', stored);
    if (run.notes.length) await this.services.notifications.directWithin(run.trx, run.notes);
    return stored;
  }

  /**
   * The phases of a save the system records, in a savepoint: a calculation's refusal or failure
   * undoes only what the calculations wrote, is logged on the calculation with the save (the
   * document stays, so the log points at it), and the save goes on as the system wrote it — its
   * after-save runs included. (On SQLite a live message published by the undone writes still goes
   * out once the save commits: it only tells browsers to look again.)
   */
  private async keptPhases(run: SaveRun, stored: JsonObject): Promise<JsonObject> {
    const { trx } = run;
    // Savepoints nest per transaction; a name per level keeps the statements few (and cached).
    const level = (this.savepoints.get(trx) ?? 0) + 1;
    this.savepoints.set(trx, level);
    const name = sql.raw(`calc_save_${level}`);
    try {
      await sql`savepoint ${name}`.execute(trx);
      try {
        const after = await this.phases(run, stored);
        await sql`release savepoint ${name}`.execute(trx);
        return after;
      } catch (err) {
        if (!(err instanceof KeptSaveRefusal)) throw err;
        await sql`rollback to savepoint ${name}`.execute(trx);
        await sql`release savepoint ${name}`.execute(trx);
        await trx
          .insertInto('calculation_errors')
          .values(this.errorValues(run, err.calc, err.trigger, err.error, run.docId))
          .execute();
        return (
          (await documentPort(this.services, run.pending.docType).calcCardWithin(trx, run.docId)) ?? stored
        );
      }
    } finally {
      if (level === 1) this.savepoints.delete(trx);
      else this.savepoints.set(trx, level - 1);
    }
  }

  /**
   * Runs the scripts of one trigger in order and applies the writable fields they changed; answers
   * the card as stored after that.
   */
  private async phase(run: SaveRun, trigger: CalcTrigger, stored: JsonObject): Promise<JsonObject> {
    const calcs = run.pending.calculations.filter((c) => c.trigger === trigger);
    if (!calcs.length) return stored;
    const { docType } = run.pending;
    const find = finder(this.services, run.trx, run.actor);
    // Who changed each field last: a refused change is that calculation's failure.
    const changedBy = new Map<string, LoadedCalc>();
    let doc = stored;
    for (const calc of calcs) {
      const result = await runInSandbox({
        code: calc.code,
        trigger,
        action: run.action,
        doc,
        prev: run.pending.prev,
        user: run.user,
        timeLimitMs: calc.timeLimitMs,
        memoryLimitMb: calc.memoryLimitMb,
        find,
      });
      if (result.logs.length)
        this.log?.debug({ calculationId: calc.id, logs: result.logs }, 'calculation log');
      if (result.error)
        this.fail(run, calc, trigger, result.error, failure(calc, result.error, run.actor.locale));
      if (result.rejected) {
        const message = errorText(
          'calculation_system_save_reject',
          { message: result.rejected.message },
          run.actor.locale,
        );
        this.fail(run, calc, trigger, { kind: 'api', message, line: null }, rejection(calc, result.rejected));
      }
      for (const field of Object.keys(changedFields(docType, doc, result.doc))) changedBy.set(field, calc);
      doc = result.doc;
      for (const effect of result.effects) {
        if (effect.kind !== 'notify') continue;
        run.notes.push({
          userId: effect.userId,
          text: effect.text,
          docType,
          docId: run.docId,
          actorId: run.actor.userId,
          calculationName: calc.name,
        });
      }
    }
    const changed = changedFields(docType, stored, doc);
    const fields = Object.keys(changed);
    if (!fields.length) return stored;
    const port = documentPort(this.services, docType);
    const { editRights } = run.actor;
    try {
      await port.calcApplyWithin(
        run.trx,
        run.docId,
        changed,
        editRights ? { ...run.actor, viewer: editRights } : run.actor,
        'phase',
      );
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const calc = changedBy.get(fields.find((f) => changedBy.has(f)) ?? '') ?? calcs[0]!;
      const error = { kind: 'api' as const, message: describeError(err, run.actor.locale), line: null };
      this.fail(run, calc, trigger, error, failure(calc, error, run.actor.locale));
    }
    return (await port.calcCardWithin(run.trx, run.docId)) ?? stored;
  }

  /**
   * A calculation refused or failed the save: a user's save fails with `answer` (a failure, not a
   * refusal — the user reads that — logged on the calculation too); a save the system records
   * goes on (keptPhases logs `error`).
   */
  private fail(
    run: SaveRun,
    calc: LoadedCalc,
    trigger: CalcTrigger,
    error: CalcRunError,
    answer: AppError,
  ): never {
    if (run.actor.system) throw new KeptSaveRefusal(calc, trigger, error);
    if (answer.code !== 'calculation_rejected') this.recordLater(run, calc, trigger, error);
    throw answer;
  }

  /** After-save runs written with the save (the job takes them once it commits). */
  private async queueAfterSave(run: SaveRun, doc: JsonObject): Promise<void> {
    const calcs = run.pending.calculations.filter((c) => c.trigger === 'after_save');
    if (!calcs.length) return;
    const { trx, pending, docId, actor } = run;
    const depth = this.depth.getStore() ?? 0;
    const now = new Date().toISOString();
    if (depth >= MAX_DEPTH) {
      // The save goes on: the refusal is logged with it.
      await trx
        .insertInto('calculation_errors')
        .values(
          calcs.map((c) => ({
            ...errorRow(c, 'after_save', pending.docType, docId, actor.userId),
            kind: 'effect',
            message: errorText('calculation_chain_too_deep', { depth }, actor.locale),
            created_at: now,
          })),
        )
        .execute();
      return;
    }
    const context: RunContext = {
      action: run.action,
      doc,
      prev: pending.prev,
      actorId: actor.userId,
      locale: actor.locale,
      depth,
    };
    const json = JSON.stringify(context);
    await trx
      .insertInto('calculation_runs')
      .values(
        calcs.map((c) => ({
          calculation_id: c.id,
          doc_type: pending.docType,
          doc_id: docId,
          context: json,
          depth,
          created_at: now,
        })),
      )
      .execute();
    await this.ctx.database.notifier.publish(RUNS_CHANNEL, '', trx);
  }

  /**
   * Logs a failure that fails the save. Not in its transaction (that rolls back), and not awaited
   * in it: on PostgreSQL the insert goes through another connection at once; on SQLite it waits
   * for the single connection, which the transaction gives up once it has rolled back.
   */
  private recordLater(run: SaveRun, calc: LoadedCalc, trigger: CalcTrigger, error: CalcRunError): void {
    // A created document is rolled back with the save: there is nothing to point at.
    const docId = run.action === 'created' ? null : run.docId;
    this.db
      .insertInto('calculation_errors')
      .values(this.errorValues(run, calc, trigger, error, docId))
      .execute()
      .catch((err: unknown) =>
        this.log?.error({ err, calculationId: calc.id }, 'calculations: error not logged'),
      );
  }

  private errorValues(
    run: SaveRun,
    calc: LoadedCalc,
    trigger: CalcTrigger,
    error: CalcRunError,
    docId: number | null,
  ): Insertable<CalculationErrorsTable> {
    return {
      ...errorRow(calc, trigger, run.pending.docType, docId, run.actor.userId),
      kind: error.kind,
      message: error.message,
      line: error.line,
      created_at: new Date().toISOString(),
    };
  }
}

type CalcRunError = NonNullable<SandboxResult['error']>;

/** A calculation refused or failed a save the system records: what keptPhases logs. */
class KeptSaveRefusal extends Error {
  constructor(
    readonly calc: LoadedCalc,
    readonly trigger: CalcTrigger,
    readonly error: CalcRunError,
  ) {
    super(error.message);
  }
}

export function errorRow(
  calc: Pick<LoadedCalc, 'id' | 'version'>,
  trigger: CalcTrigger,
  docType: CalcDocType,
  docId: number | null,
  actorId: number | null,
): Omit<Insertable<CalculationErrorsTable>, 'kind' | 'message' | 'created_at'> {
  return {
    calculation_id: calc.id,
    version: calc.version,
    trigger,
    doc_type: docType,
    doc_id: docId,
    actor_id: actorId,
  };
}

/** A script's failure as the saving user sees it: which calculation, what, where. */
export function failure(
  calc: Pick<LoadedCalc, 'id' | 'name' | 'timeLimitMs' | 'memoryLimitMb'>,
  error: NonNullable<SandboxResult['error']>,
  locale: Locale,
): AppError {
  const code =
    error.kind === 'timeout'
      ? 'calculation_timeout'
      : error.kind === 'memory'
        ? 'calculation_memory'
        : 'calculation_failed';
  const limit =
    error.kind === 'timeout' ? calc.timeLimitMs : error.kind === 'memory' ? calc.memoryLimitMb : null;
  const at = error.line === null ? '' : LINE_AT[locale].replace('{line}', String(error.line));
  return new AppError(
    422,
    code,
    { name: calc.name, message: error.message, line: error.line, limit, at },
    { calculationId: calc.id, kind: error.kind, line: error.line },
  );
}

/** `reject(message, field)`: the save fails with the script's words, next to the field when named. */
function rejection(calc: LoadedCalc, rejected: NonNullable<SandboxResult['rejected']>): AppError {
  const { message, field } = rejected;
  return new AppError(
    422,
    'calculation_rejected',
    { message, name: calc.name },
    {
      calculationId: calc.id,
      ...(field !== null && { fields: [{ path: field, code: 'calc_rejected', params: { message } }] }),
    },
  );
}
