import type { AppContext } from '../../context.js';
import type { LiveMessage } from '../../../shared/schemas/live.js';

export type LiveListener = (message: LiveMessage) => void;

/**
 * Live updates to signed-in browsers: per-user subscriptions served as SSE by live.routes.ts.
 * `publish` reaches the subscribers of every process (PostgreSQL LISTEN/NOTIFY through
 * db/notify.ts; SQLite has one process).
 */
export class LiveService {
  constructor(private readonly ctx: AppContext) {}

  /** Delivers a message to the users' open browsers (in this and every other process). */
  async publish(userIds: number[], message: LiveMessage): Promise<void> {
    void userIds;
    void message;
    void this.ctx;
    throw new Error('LiveService.publish: not implemented yet (helper B)');
  }

  /** Adds a listener for one user's messages; returns the function that removes it. */
  subscribe(userId: number, listener: LiveListener): () => void {
    void userId;
    void listener;
    throw new Error('LiveService.subscribe: not implemented yet (helper B)');
  }
}
