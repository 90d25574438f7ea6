import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError, fieldErrors } from '../../http/errors.js';
import { errorMessages, format, type ErrorCode } from '../../http/messages.js';
import type { Locale } from '../../../shared/locale.js';
import { CALC_DOC_TYPES, type CalcDocType } from '../../../shared/schemas/calculations.js';
import { updateTaskRequest } from '../../../shared/schemas/tasks.js';
import { updateEventRequest } from '../../../shared/schemas/events.js';
import { updateProjectRequest } from '../../../shared/schemas/projects.js';
import type { CalcActor, CalcDocumentPort } from './calculation-port.js';
import type { Json, JsonObject } from './sandbox/sandbox-types.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * What calculations know of the documents they run on: which service serves a type, which of a
 * card's fields a script may change, where its status is, and the `find` of the script API.
 */

/** The card-file service of a document type a calculation may run on or update. */
export function documentPort(services: Services, docType: CalcDocType): CalcDocumentPort {
  switch (docType) {
    case 'task':
      return services.tasks;
    case 'event':
      return services.events;
    case 'project':
      return services.projects;
  }
}

export function isCalcDocType(type: string): type is CalcDocType {
  return (CALC_DOC_TYPES as readonly string[]).includes(type);
}

/** A card's fields an update takes: the only ones a script's changes to `doc` are applied to. */
const WRITABLE: Record<CalcDocType, ReadonlySet<string>> = {
  task: new Set(Object.keys(updateTaskRequest.shape)),
  event: new Set(Object.keys(updateEventRequest.shape)),
  project: new Set(Object.keys(updateProjectRequest.shape)),
};

/** Where a card keeps its status: tasks a status of the book, events and projects a code. */
const STATUS_FIELD: Record<CalcDocType, string> = { task: 'statusId', event: 'status', project: 'status' };

export function statusOf(docType: CalcDocType, card: JsonObject): Json {
  return card[STATUS_FIELD[docType]] ?? null;
}

/** The writable fields whose value differs between two versions of a card, with the new values. */
export function changedFields(docType: CalcDocType, before: JsonObject, after: JsonObject): JsonObject {
  const changed: JsonObject = {};
  for (const key of Object.keys(after)) {
    if (WRITABLE[docType].has(key) && !sameJson(before[key], after[key])) changed[key] = after[key]!;
  }
  return changed;
}

export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameJson(v, b[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && sameJson(a[k], b[k]));
}

/**
 * `user` of the script API: who acts (null: the system — mail, calls, imports). `isAdmin` is the
 * user's own role, not the rights the save runs with (the system's, for a sent letter's event).
 */
export async function userJson(services: Services, db: Db, actor: CalcActor): Promise<JsonObject | null> {
  const { userId } = actor;
  if (userId === null) return null;
  const names = await services.users.briefByIds([userId], db);
  return { id: userId, name: names.get(userId) ?? '', isAdmin: await services.users.isAdmin(userId, db) };
}

/**
 * `find(type, filter)` of the script API: what the acting user may read, read through `db` (the
 * saving transaction, when there is one). A refused filter reaches the script as an Error with
 * the reason in the actor's language.
 */
export function finder(
  services: Services,
  db: Db,
  actor: CalcActor,
): (type: string, filter: Json) => Promise<Json> {
  return async (type, filter) => {
    try {
      switch (type) {
        case 'tasks':
          return await services.tasks.calcFindWithin(db, actor.viewer, filter);
        case 'events':
          return await services.events.calcFindWithin(db, actor.viewer, filter);
        case 'projects':
          return await services.projects.calcFindWithin(db, actor.viewer, filter);
        case 'clients':
          return await services.clients.calcFindWithin(db, actor.viewer, filter);
        case 'taskComments':
          return await services.tasks.calcCommentsWithin(db, actor.viewer, filter);
      }
    } catch (err) {
      if (err instanceof AppError) throw new Error(describeError(err, actor.locale));
      throw err;
    }
    throw new Error(errorText('calculation_find_type', { type }, actor.locale));
  };
}

export function errorText(code: ErrorCode, params: Record<string, unknown>, locale: Locale): string {
  return format(errorMessages[code][locale], params);
}

/** An error as a sentence in `locale`: an AppError's message with its field problems, else its message. */
export function describeError(err: unknown, locale: Locale): string {
  if (!(err instanceof AppError)) return err instanceof Error ? err.message : String(err);
  const text = errorText(err.code, err.params, locale);
  const problems = fieldErrors(err.details, locale).map((f) => `${f.path}: ${f.message}`);
  return problems.length ? `${text}: ${problems.join('; ')}` : text;
}
