import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Selectable } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { CalculationRunsTable, CalculationsTable, DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { PollingLoop } from '../../jobs.js';
import { AppError } from '../../http/errors.js';
import { SYSTEM_VIEWER } from '../access/viewer.js';
import type { CalcDocType, CalcErrorKind } from '../../../shared/schemas/calculations.js';
import type { CalcActor } from './calculation-port.js';
import type { SandboxEffect } from './sandbox/sandbox-types.js';
import { runInSandbox } from './sandbox/sandbox.js';
import {
  describeError,
  documentPort,
  errorText,
  finder,
  isCalcDocType,
  userJson,
} from './calculation-documents.js';
import { errorRow, RUNS_CHANNEL, type RunContext } from './calculation-runner.js';

type RunRow = Selectable<CalculationRunsTable>;
type CalcRow = Selectable<CalculationsTable>;

/** How often the job looks for runs besides being woken by new ones. */
const POLL_MS = 2_000;
/** Runs claimed at once by one process (run one after another). */
const CLAIM = 5;
/**
 * A run claimed this long ago and not done belongs to a process that died: it is taken again.
 * A run lasts at most its time limit (≤ 1 s) plus its effects, a claim of CLAIM runs far less.
 */
const STALE_CLAIM_MS = 5 * 60_000;
/** Done runs are kept this long (what ran, for whoever looks), then deleted. */
const KEEP_DONE_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * After-save calculations: runs written in the saving transaction (calculation-runner.ts) and
 * run here after commit, once each across processes, as the user who saved (their `find` sees
 * what they may read). Their effects — created tasks and events, updates, notifications — are
 * made one by one; any failure is logged on the calculation with the document and never touches
 * the saved document. Saves made by the effects are one deeper in the chain (`depth`).
 */
export class CalculationAfterSave {
  private readonly db: Kysely<DB>;
  private log: FastifyBaseLogger | null = null;
  private unsubscribe: (() => void) | null = null;
  private prunedAt = 0;
  private readonly loop = new PollingLoop(
    POLL_MS,
    (goOn) => this.pass(goOn),
    (err) => this.log?.error({ err }, 'calculations: after-save pass failed'),
  );

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
    private readonly depth: AsyncLocalStorage<number>,
  ) {
    this.db = ctx.database.db;
  }

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  start(): void {
    if (this.loop.running) return;
    this.loop.start();
    this.ctx.database.notifier
      .subscribe(RUNS_CHANNEL, () => this.loop.kick())
      .then((remove) => {
        if (this.loop.running) this.unsubscribe = remove;
        else remove();
      })
      // The poll still finds the runs; the listening connection keeps retrying.
      .catch((err: unknown) =>
        this.log?.warn({ err }, 'calculations: after-save runs are found by polling only'),
      );
  }

  /** Stops taking runs and waits for the one in hand. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.loop.stop();
  }

  private async pass(goOn: () => boolean): Promise<void> {
    await this.prune();
    while (goOn()) {
      const runs = await this.claim(new Date());
      if (!runs.length) return;
      for (const run of runs) {
        try {
          await this.runOne(run);
        } catch (err) {
          // Not the script's doing (the database, most likely): the run stays claimed and is
          // taken again once its claim is stale; the others go on.
          this.log?.error({ err, runId: run.id }, 'calculations: after-save run failed');
          continue;
        }
        await this.db
          .updateTable('calculation_runs')
          .set({ done_at: new Date().toISOString() })
          .where('id', '=', run.id)
          .execute();
      }
    }
  }

  /**
   * Takes up to CLAIM runs not done and not claimed (or claimed by a process that died), oldest
   * first. One conditional UPDATE: a run another process took meanwhile no longer qualifies.
   */
  private async claim(now: Date): Promise<RunRow[]> {
    const at = now.toISOString();
    const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
    const postgres = this.ctx.database.engine === 'postgres';
    const rows = await this.db
      .updateTable('calculation_runs')
      .set({ claimed_at: at })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('calculation_runs')
          .select('id')
          .where('done_at', 'is', null)
          .where((w) => w.or([w('claimed_at', 'is', null), w('claimed_at', '<', stale)]))
          .orderBy('id')
          .limit(CLAIM)
          // Another process's claim in progress is passed over, not waited for.
          .$if(postgres, (q) => q.forUpdate().skipLocked()),
      )
      .where('done_at', 'is', null)
      .where((w) => w.or([w('claimed_at', 'is', null), w('claimed_at', '<', stale)]))
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.id - b.id);
  }

  private async prune(): Promise<void> {
    if (Date.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = Date.now();
    await this.db
      .deleteFrom('calculation_runs')
      .where('done_at', '<', new Date(Date.now() - KEEP_DONE_MS).toISOString())
      .execute();
  }

  private async runOne(run: RunRow): Promise<void> {
    const calc = await this.db
      .selectFrom('calculations')
      .selectAll()
      .where('id', '=', run.calculation_id)
      .executeTakeFirst();
    // Turned off (or made another trigger) since the save: the administrator stopped it.
    if (!calc || !calc.is_enabled || calc.trigger !== 'after_save') return;
    const context = JSON.parse(run.context) as RunContext;
    const actor: CalcActor = {
      userId: context.actorId,
      viewer:
        context.actorId === null ? SYSTEM_VIEWER : await this.services.access.viewerOfUser(context.actorId),
      locale: context.locale,
    };
    const logError = (kind: CalcErrorKind, message: string, line: number | null = null) =>
      this.db
        .insertInto('calculation_errors')
        .values({
          ...errorRow(calc, 'after_save', run.doc_type as CalcDocType, run.doc_id, actor.userId),
          kind,
          message,
          line,
          created_at: new Date().toISOString(),
        })
        .execute();
    const result = await runInSandbox({
      code: calc.code,
      trigger: 'after_save',
      action: context.action,
      doc: context.doc,
      prev: context.prev,
      user: await userJson(this.services, this.db, actor),
      timeLimitMs: calc.time_limit_ms,
      memoryLimitMb: calc.memory_limit_mb,
      find: finder(this.services, this.db, actor),
    });
    // A script that failed asked for nothing: none of its effects are made.
    if (result.error)
      return void (await logError(result.error.kind, result.error.message, result.error.line));
    if (result.rejected) {
      const message = errorText(
        'calculation_after_save_reject',
        { message: result.rejected.message },
        actor.locale,
      );
      return void (await logError('api', message));
    }
    for (const effect of result.effects) {
      try {
        await this.depth.run(context.depth + 1, () => this.perform(effect, run, calc, actor));
      } catch (err) {
        // One refused effect does not keep the others from being made.
        if (!(err instanceof AppError))
          this.log?.error({ err, calculationId: calc.id }, 'calculations: effect failed');
        await logError('effect', describeError(err, actor.locale));
      }
    }
  }

  private async perform(effect: SandboxEffect, run: RunRow, calc: CalcRow, actor: CalcActor): Promise<void> {
    switch (effect.kind) {
      case 'createTask':
        await this.services.tasks.calcCreate(effect.input, actor);
        return;
      case 'createEvent':
        await this.services.events.calcCreate(effect.input, actor);
        return;
      case 'update': {
        const { docType } = effect;
        if (!isCalcDocType(docType))
          throw new Error(errorText('calculation_update_type', { type: docType }, actor.locale));
        // Like createTask: what the code changes is the administrator's decision, made in the
        // acting user's name, not limited by their rights (only `find` is). It is a change of its
        // own, not part of the save that ran the script: a closed task refuses it as it would a PATCH.
        const asSystem: CalcActor = { ...actor, viewer: SYSTEM_VIEWER };
        await this.db
          .transaction()
          .execute((trx) =>
            documentPort(this.services, docType).calcApplyWithin(
              trx,
              effect.id,
              effect.fields,
              asSystem,
              'change',
            ),
          );
        return;
      }
      case 'notify':
        await this.db.transaction().execute((trx) =>
          this.services.notifications.directWithin(trx, [
            {
              userId: effect.userId,
              text: effect.text,
              docType: run.doc_type as CalcDocType,
              docId: run.doc_id,
              actorId: actor.userId,
              calculationName: calc.name,
            },
          ]),
        );
        return;
    }
  }
}
