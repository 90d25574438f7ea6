import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Notifier } from '../../db/notify.js';
import type { BoardMessage } from '../../../shared/schemas/queue.js';

/** The notifier channel of board messages (a BoardMessage as JSON). */
const CHANNEL = 'kartoteka_queue';

export type BoardListener = (message: BoardMessage) => void;

/**
 * What display boards are told, across processes: a ticket change publishes its message on the
 * notifier within its transaction (delivered when that commits), and each process subscribes
 * once, on its first open board stream, and hands every message to its streams.
 */
export class QueueBoardFeed {
  private readonly listeners = new Set<BoardListener>();
  private listening: Promise<void> | null = null;
  /**
   * How often an open board stream sends a heartbeat (proxies and browsers drop a silent
   * connection after a minute or two) and checks its device again. A test shortens it for the
   * streams it opens after; production never changes it.
   */
  heartbeatMs = 25_000;

  constructor(private readonly notifier: Notifier) {}

  async publish(message: BoardMessage, within: Kysely<DB>): Promise<void> {
    await this.notifier.publish(CHANNEL, JSON.stringify(message), within);
  }

  /** Adds a listener of this process; returns the function that removes it. */
  subscribe(listener: BoardListener): () => void {
    this.listeners.add(listener);
    void this.ready().catch(() => undefined);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once this process receives published messages; rejects while it cannot listen. */
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

  private readonly deliver = (payload: string): void => {
    const message = JSON.parse(payload) as BoardMessage;
    for (const listener of this.listeners) {
      // One broken stream must not keep the message from the other boards.
      try {
        listener(message);
      } catch {
        // The stream reports its own failure when it closes.
      }
    }
  };
}
