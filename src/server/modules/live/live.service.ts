import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { MAX_NOTIFY_BYTES, type Notifier } from '../../db/notify.js';
import type { LiveMessage } from '../../../shared/schemas/live.js';

export type LiveListener = (message: LiveMessage) => void;

/** The notifier channel of live messages: `{ u: userIds, m: message }` as JSON. */
const CHANNEL = 'kartoteka_live';

/** `u`: the users it is for; null = everyone connected (documents changed: filtered per reader by the stream). */
interface Envelope {
  u: number[] | null;
  m: LiveMessage;
}

/**
 * Live updates to signed-in browsers: per-user subscriptions served as SSE by live.routes.ts.
 * `publish` reaches the subscribers of every process (PostgreSQL LISTEN/NOTIFY through
 * db/notify.ts; SQLite has one process).
 */
export class LiveService {
  private readonly notifier: Notifier;
  private readonly listeners = new Map<number, Set<LiveListener>>();
  private listening: Promise<void> | null = null;

  constructor(ctx: AppContext) {
    this.notifier = ctx.database.notifier;
  }

  /**
   * Delivers a message to the users' open browsers (in this and every other process). Given the
   * saving transaction, it goes out only when that commits (see Notifier.publish).
   */
  async publish(userIds: number[], message: LiveMessage, within?: Kysely<DB>): Promise<void> {
    const users = [...new Set(userIds)];
    if (!users.length) return;
    // A notification has a size limit: many recipients go in several.
    const room = MAX_NOTIFY_BYTES - Buffer.byteLength(JSON.stringify({ u: [], m: message }));
    const perBatch = Math.max(1, Math.floor(room / 17));
    for (let i = 0; i < users.length; i += perBatch) {
      const envelope: Envelope = { u: users.slice(i, i + perBatch), m: message };
      await this.notifier.publish(CHANNEL, JSON.stringify(envelope), within);
    }
  }

  /** Delivers a message to every open browser; the stream decides what each reader may get. */
  async broadcast(message: LiveMessage, within?: Kysely<DB>): Promise<void> {
    const envelope: Envelope = { u: null, m: message };
    await this.notifier.publish(CHANNEL, JSON.stringify(envelope), within);
  }

  /** Adds a listener for one user's messages; returns the function that removes it. */
  subscribe(userId: number, listener: LiveListener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    void this.ready().catch(() => undefined);
    return () => {
      set.delete(listener);
      if (!set.size && this.listeners.get(userId) === set) this.listeners.delete(userId);
    };
  }

  /**
   * Resolves once this process receives published messages (PostgreSQL: its LISTEN is in
   * place); rejects while the database cannot be listened to.
   */
  ready(): Promise<void> {
    this.listening ??= this.notifier.subscribe(CHANNEL, this.deliver).then(
      () => undefined,
      (e: unknown) => {
        this.listening = null;
        throw e;
      },
    );
    return this.listening;
  }

  /** Open subscriptions in this process (of one user, or of everyone). */
  listenerCount(userId?: number): number {
    if (userId !== undefined) return this.listeners.get(userId)?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private readonly deliver = (payload: string): void => {
    const { u, m } = JSON.parse(payload) as Envelope;
    for (const userId of u ?? this.listeners.keys()) {
      for (const listener of this.listeners.get(userId) ?? []) {
        // A broken stream must not keep the message from the user's other browsers.
        try {
          listener(m);
        } catch {
          // The stream reports its own failure when it closes.
        }
      }
    }
  };
}
