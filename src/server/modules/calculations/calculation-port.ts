import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Viewer } from '../access/viewer.js';
import type { Locale } from '../../../shared/locale.js';
import type { Json, JsonObject } from './sandbox/sandbox-types.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Who a calculation runs for: the user whose save it is (null: the system — mail, calls, CLI). */
export interface CalcActor {
  userId: number | null;
  /** Whose rights `find` reads with, and the save's own changes are applied with (see editRights). */
  viewer: Viewer;
  locale: Locale;
  /**
   * The system records this save (a call, a received letter, a sent letter's event): a
   * calculation's refusal or failure is logged on the calculation and the save kept.
   */
  system?: boolean;
  /**
   * The rights the save's before-save and status-change changes are applied with when they are
   * not `viewer`'s: a document a calculation creates with the system's rights takes its own
   * calculations' changes with those rights too (`find` still reads what `viewer` may).
   */
  editRights?: Viewer;
}

/**
 * Fields a calculation changed, applied as
 * - `phase`: part of the save whose before-save or status-change scripts changed them, so a task
 *   that save moved into a final status still takes them;
 * - `change`: a change of its own (an after-save `update()`, the dry run's simulated edit),
 *   checked like a PATCH, a task's final-status lock included.
 */
export type CalcApplyMode = 'phase' | 'change';

/**
 * What a card-file service (tasks, events, projects) offers calculations. The document a script
 * sees is the card as `GET /api/v1/<type>s/:id` answers it, as JSON.
 */
export interface CalcDocumentPort {
  /** The card as the API shows it, read through `db` (the saving transaction); null when gone. */
  calcCardWithin(db: Db, id: number): Promise<JsonObject | null>;
  /**
   * Applies fields a before-save / status-change script changed, through the same validation and
   * rules as an update (Zod field errors, transitions, links), with history, search and document
   * changes, but without running calculations again.
   */
  calcApplyWithin(
    trx: Transaction<DB>,
    id: number,
    fields: JsonObject,
    actor: CalcActor,
    mode: CalcApplyMode,
  ): Promise<void>;
  /**
   * `find(type, filter)`: list items (as the list API shows them) the viewer may read, at most 500.
   * The filter is validated (AppError 400 with field details on a bad one).
   */
  calcFindWithin(db: Db, viewer: Viewer, filter: Json): Promise<JsonObject[]>;
}

/** Tasks and events: what `createTask` / `createEvent` of an after-save script call. */
export interface CalcCreatePort {
  /** Validated as the create API validates; runs its own transaction (and calculations). */
  calcCreate(input: JsonObject, actor: CalcActor): Promise<{ id: number; number: string }>;
}
