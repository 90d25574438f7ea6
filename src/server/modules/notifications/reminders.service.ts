import type { Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import type { DocumentChange } from '../document-changes/document-change.js';

/**
 * Durable reminders: deadline approaching, overdue, event start. The schedule is a table written
 * in the saving transaction (moved when the deadline or start moves, dropped when the document
 * closes or goes); the job fires each due row exactly once, also with several processes (the row
 * is claimed in the transaction that raises its notifications; on PostgreSQL pg-boss wakes a
 * worker at the due time).
 */
export class RemindersService implements BackgroundJob {
  private log: FastifyBaseLogger | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async onChangesWithin(trx: Transaction<DB>, changes: DocumentChange[]): Promise<void> {
    void trx;
    void changes;
    void this.ctx;
    void this.services;
    throw new Error('not implemented');
  }

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  start(): void {
    void this.log;
    throw new Error('not implemented');
  }

  async stop(): Promise<void> {
    throw new Error('not implemented');
  }
}
