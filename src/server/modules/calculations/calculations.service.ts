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
import type { JsonObject } from './sandbox/sandbox-types.js';

type Db = Kysely<DB> | Transaction<DB>;

/** What a save hands from before its write to after it; null when no calculation is enabled. */
export interface CalcPending {
  docType: CalcDocType;
  /** The card before the save (null on create). */
  prev: JsonObject | null;
}

/**
 * Калькуляция: the registry (versions, rollback, errors), the dry run, and the runs of a save:
 * before-save and status-change scripts inside the saving transaction, after-save ones queued in
 * it and run by a job after commit.
 */
export class CalculationsService implements BackgroundJob {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  list(): Promise<Calculation[]> {
    throw new Error('being written');
  }
  get(id: number): Promise<Calculation> {
    void id;
    throw new Error('being written');
  }
  create(input: CreateCalculationRequest, userId: number): Promise<Calculation> {
    void [input, userId];
    throw new Error('being written');
  }
  update(id: number, input: UpdateCalculationRequest, userId: number): Promise<Calculation> {
    void [id, input, userId];
    throw new Error('being written');
  }
  remove(id: number, userId: number): Promise<void> {
    void [id, userId];
    throw new Error('being written');
  }
  versions(id: number): Promise<CalculationVersion[]> {
    void id;
    throw new Error('being written');
  }
  rollback(id: number, version: number, userId: number): Promise<Calculation> {
    void [id, version, userId];
    throw new Error('being written');
  }
  errors(id: number): Promise<CalculationError[]> {
    void id;
    throw new Error('being written');
  }
  dryRun(input: DryRunRequest, viewer: Viewer, userId: number, locale: Locale): Promise<DryRunResult> {
    void [input, viewer, userId, locale];
    throw new Error('being written');
  }

  /**
   * Called by a card-file service in its saving transaction before the write: null (and nothing
   * more to do) when no calculation of the type is enabled, else the card as it was.
   */
  async prepareWithin(db: Db, docType: CalcDocType, docId: number | null): Promise<CalcPending | null> {
    void [db, docId];
    return (await this.hasEnabledWithin(db, docType)) ? { docType, prev: null } : null;
  }

  /**
   * Called after the write, still in the transaction: runs before-save, then status-change
   * scripts (a reject or failure throws an AppError and the save rolls back), applies the fields
   * they changed, and queues the after-save runs.
   */
  async savingWithin(
    trx: Transaction<DB>,
    pending: CalcPending | null,
    docId: number,
    action: 'created' | 'updated',
    actor: CalcActor,
  ): Promise<void> {
    void [trx, pending, docId, action, actor];
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
    void log;
  }
  start(): void {}
  async stop(): Promise<void> {}
}
