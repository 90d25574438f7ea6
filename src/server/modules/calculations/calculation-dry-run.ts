import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Viewer } from '../access/viewer.js';
import type { Locale } from '../../../shared/locale.js';
import type { DocType as AccessDocType } from '../../../shared/schemas/access.js';
import type { CalcDocType, DryRunRequest, DryRunResult } from '../../../shared/schemas/calculations.js';
import type { CalcActor } from './calculation-port.js';
import type { JsonObject } from './sandbox/sandbox-types.js';
import { runInSandbox } from './sandbox/sandbox.js';
import { changedFields, documentPort, finder, isCalcDocType, userJson } from './calculation-documents.js';

const ACCESS_TYPE: Record<CalcDocType, AccessDocType> = {
  task: 'tasks',
  event: 'events',
  project: 'projects',
};

/** Thrown at the end of a dry run's transaction so that it rolls back, carrying what it found. */
class RolledBack extends Error {
  constructor(readonly result: DryRunResult) {
    super('dry run rolled back');
  }
}

/**
 * «Проверить»: runs code against a stored document as the calling administrator would see it —
 * `doc` is the card after `changes` are applied as a save applies them (validated, status and
 * links resolved), `prev` the card as stored (none for `created`) — and shows what it would do.
 * All of it happens in a transaction that is rolled back: nothing is written (no fields,
 * documents, notifications, runs or errors) and nothing is published.
 */
export async function dryRun(
  ctx: AppContext,
  services: Services,
  input: DryRunRequest,
  viewer: Viewer,
  userId: number,
  locale: Locale,
): Promise<DryRunResult> {
  await services.access.assertCan(viewer, ACCESS_TYPE[input.docType], 'read', input.docId);
  const actor: CalcActor = { userId, viewer, locale };
  return ctx.database.db
    .transaction()
    .execute(async (trx) => {
      throw new RolledBack(await runWithin(trx, services, input, actor));
    })
    .catch((err: unknown) => {
      if (err instanceof RolledBack) return err.result;
      throw err;
    });
}

async function runWithin(
  trx: Transaction<DB>,
  services: Services,
  input: DryRunRequest,
  actor: CalcActor,
): Promise<DryRunResult> {
  const port = documentPort(services, input.docType);
  const card = await port.calcCardWithin(trx, input.docId);
  if (!card) throw notFound();
  let doc = card;
  if (Object.keys(input.changes).length) {
    try {
      // The simulated edit is the user's, checked as their PATCH would be (a closed task's lock too).
      await port.calcApplyWithin(trx, input.docId, input.changes as JsonObject, actor, 'change');
    } catch (err) {
      throw inChanges(err);
    }
    doc = (await port.calcCardWithin(trx, input.docId)) ?? card;
  }
  const result = await runInSandbox({
    code: input.code,
    trigger: input.trigger,
    action: input.action,
    doc,
    prev: input.action === 'created' ? null : card,
    user: await userJson(services, trx, actor),
    timeLimitMs: input.timeLimitMs,
    memoryLimitMb: input.memoryLimitMb,
    find: finder(services, trx, actor),
  });
  const changed = changedFields(input.docType, doc, result.doc);
  const out: DryRunResult = {
    rejected: result.rejected,
    error: result.error,
    fieldChanges: Object.entries(changed).map(([field, after]) => ({
      field,
      before: doc[field] ?? null,
      after,
    })),
    created: [],
    updates: [],
    notifications: [],
    logs: result.logs,
    durationMs: result.durationMs,
  };
  // A refused or failed run makes none of its effects: none are shown.
  const effects = result.rejected || result.error ? [] : result.effects;
  const notified: number[] = [];
  for (const effect of effects) {
    if (effect.kind === 'createTask') out.created.push({ docType: 'task', input: effect.input });
    else if (effect.kind === 'createEvent') out.created.push({ docType: 'event', input: effect.input });
    else if (effect.kind === 'update' && isCalcDocType(effect.docType))
      out.updates.push({ docType: effect.docType, id: effect.id, fields: effect.fields });
    else if (effect.kind === 'notify') notified.push(effect.userId);
  }
  const names = await services.users.briefByIds(notified, trx);
  for (const effect of effects) {
    if (effect.kind === 'notify')
      out.notifications.push({
        userId: effect.userId,
        userName: names.get(effect.userId) ?? null,
        text: effect.text,
      });
  }
  return out;
}

/** A refused change points at its place in the request: `changes.<field>`. */
function inChanges(err: unknown): unknown {
  if (!(err instanceof AppError) || !Array.isArray(err.details?.fields)) return err;
  const fields = (err.details.fields as { path: string }[]).map((f) => ({ ...f, path: `changes.${f.path}` }));
  return new AppError(err.status, err.code, err.params, { ...err.details, in: 'body', fields });
}
