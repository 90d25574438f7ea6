import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import type { Viewer } from '../access/viewer.js';
import type { Locale } from '../../../shared/locale.js';
import type {
  CalcDocType,
  Calculation,
  CalculationError,
  CalculationVersion,
  CreateCalculationRequest,
  DryRunRequest,
  DryRunResult,
  UpdateCalculationRequest,
} from '../../../shared/schemas/calculations.js';
import type { CalcActor } from './calculation-port.js';
import { CalculationRegistry } from './calculation-registry.js';
import { CalculationRunner, type CalcPending } from './calculation-runner.js';
import { CalculationAfterSave } from './calculation-after-save.js';
import { dryRun } from './calculation-dry-run.js';

export type { CalcPending } from './calculation-runner.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Калькуляция: the registry (versions, rollback, errors), the dry run, and the runs of a save:
 * before-save and status-change scripts inside the saving transaction, after-save ones queued in
 * it and run by a job after commit.
 */
export class CalculationsService implements BackgroundJob {
  private readonly registry: CalculationRegistry;
  private readonly runner: CalculationRunner;
  private readonly afterSave: CalculationAfterSave;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    // How deep in a chain of after-save runs a save is: set by the job around the effects it makes.
    const depth = new AsyncLocalStorage<number>();
    this.registry = new CalculationRegistry(ctx, services);
    this.runner = new CalculationRunner(ctx, services, depth);
    this.afterSave = new CalculationAfterSave(ctx, services, depth);
  }

  list(): Promise<Calculation[]> {
    return this.registry.list();
  }
  get(id: number): Promise<Calculation> {
    return this.registry.get(id);
  }
  create(input: CreateCalculationRequest, userId: number, locale: Locale): Promise<Calculation> {
    return this.registry.create(input, userId, locale);
  }
  update(id: number, input: UpdateCalculationRequest, userId: number, locale: Locale): Promise<Calculation> {
    return this.registry.update(id, input, userId, locale);
  }
  remove(id: number, userId: number): Promise<void> {
    return this.registry.remove(id, userId);
  }
  versions(id: number): Promise<CalculationVersion[]> {
    return this.registry.versions(id);
  }
  rollback(id: number, version: number, userId: number, locale: Locale): Promise<Calculation> {
    return this.registry.rollback(id, version, userId, locale);
  }
  errors(id: number): Promise<CalculationError[]> {
    return this.registry.errors(id);
  }
  dryRun(input: DryRunRequest, viewer: Viewer, userId: number, locale: Locale): Promise<DryRunResult> {
    return dryRun(this.ctx, this.services, input, viewer, userId, locale);
  }

  /**
   * Called by a card-file service in its saving transaction before the write: null (and nothing
   * more to do) when no calculation of the type is enabled, else the card as it was.
   */
  prepareWithin(db: Db, docType: CalcDocType, docId: number | null): Promise<CalcPending | null> {
    return this.runner.prepareWithin(db, docType, docId);
  }

  /** prepareWithin for documents saved together (their own pending each; none when none is enabled). */
  prepareManyWithin(db: Db, docType: CalcDocType, docIds: number[]): Promise<Map<number, CalcPending>> {
    return this.runner.prepareManyWithin(db, docType, docIds);
  }

  /**
   * Called after the write, still in the transaction: runs before-save, then status-change
   * scripts (a reject or failure throws an AppError and the save rolls back — unless the system
   * records the save, `actor.system`: then only the calculations' writes are undone and the error
   * logged), applies the fields they changed, and queues the after-save runs.
   */
  savingWithin(
    trx: Transaction<DB>,
    pending: CalcPending | null,
    docId: number,
    action: 'created' | 'updated',
    actor: CalcActor,
  ): Promise<void> {
    return this.runner.savingWithin(trx, pending, docId, action, actor);
  }

  /** Whether any calculation of the type is enabled (bulk paths fall back to one save at a time). */
  async hasEnabledWithin(db: Db, docType: CalcDocType): Promise<boolean> {
    const row = await db
      .selectFrom('calculations')
      .select('id')
      .where('doc_type', '=', docType)
      .where('is_enabled', '=', true)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  useLogger(log: FastifyBaseLogger): void {
    this.runner.useLogger(log);
    this.afterSave.useLogger(log);
  }
  start(): void {
    this.afterSave.start();
  }
  async stop(): Promise<void> {
    await this.afterSave.stop();
  }
}
