import type { Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import type { DocumentChange } from '../document-changes/document-change.js';

/**
 * Outgoing webhooks: the registry (Администратор → Вебхуки), a delivery row per matching change
 * written in the saving transaction, and the background job that POSTs them signed (HMAC-SHA256),
 * with a timeout, retried with backoff, every attempt's outcome kept on the delivery.
 */
export class WebhooksService implements BackgroundJob {
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
