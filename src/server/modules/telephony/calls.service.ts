import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { Viewer } from '../access/viewer.js';
import type { CallInput, LiveCallInput, StoreResult } from './call-input.js';
import type {
  Call,
  CallPage,
  CallPopCard,
  LinkUnknownNumber,
  UnknownNumber,
} from '../../../shared/schemas/telephony.js';

/**
 * Calls: logging (every source goes through `store`), live calls, the employee's own calls, the
 * call of an event, the screen pop's card, unknown numbers. A logged call's event is of a system
 * call type; who sees the event sees the call.
 */
export class CallsService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /**
   * Logs finished calls: drops internal ones (external number shorter than N), skips calls
   * already logged (same key, or a webhook/AMI call with the record's uniqueid or linkedid),
   * finishes live calls of the same key, and writes each new call's event in one transaction
   * per batch. Inputs in order; at most a few thousand per call.
   */
  async store(inputs: CallInput[]): Promise<StoreResult> {
    void inputs;
    throw new Error('not implemented');
  }

  /**
   * A call starts ringing (webhook register, AMI): stores it live (no event) unless a call with
   * that id exists. `logged` false: internal, not kept. The call as the employee's pop shows it.
   */
  async register(input: LiveCallInput): Promise<{ call: Call | null; created: boolean }> {
    void input;
    throw new Error('not implemented');
  }

  /** A call by its row id, without access checks (for the PBX side and the pop). */
  async byId(id: number): Promise<Call | null> {
    void id;
    throw new Error('not implemented');
  }

  /** A call by the PBX's id (webhook/AMI), without access checks. */
  async byExternalId(externalId: string): Promise<Call | null> {
    void externalId;
    throw new Error('not implemented');
  }

  /** The caller's own calls (as the employee), newest first: the phone panel. */
  async mine(userId: number, query: { cursor?: string; limit: number }): Promise<CallPage> {
    void userId;
    void query;
    throw new Error('not implemented');
  }

  /** The call of a call event the viewer may read (null for other events). */
  async ofEvent(eventId: number, viewer: Viewer): Promise<Call | null> {
    void eventId;
    void viewer;
    throw new Error('not implemented');
  }

  /** The screen pop's card for the user's own call: the client and what the user may see of them. */
  async pop(callId: number, userId: number, viewer: Viewer): Promise<CallPopCard> {
    void callId;
    void userId;
    void viewer;
    throw new Error('not implemented');
  }

  /** External numbers of calls the viewer may see that matched no client. */
  async unknownNumbers(viewer: Viewer): Promise<UnknownNumber[]> {
    void viewer;
    throw new Error('not implemented');
  }

  /** Links the past calls of an unknown number to a client (and adds the number to its phones). */
  async linkUnknown(input: LinkUnknownNumber, userId: number, viewer: Viewer): Promise<number> {
    void input;
    void userId;
    void viewer;
    throw new Error('not implemented');
  }
}
