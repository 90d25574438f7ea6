import type { Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';

export interface SystemLetter {
  toAddress: string;
  toName: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Letters from the system sender (Администратор → Рассылка: the enterprise SMTP server and the
 * notification mailbox): queued in the caller's transaction, sent by this job with the outbox's
 * SMTP transport, retries and backoff, their state visible to the administrator. They belong to
 * no event and no client.
 */
export class SystemLettersService implements BackgroundJob {
  private log: FastifyBaseLogger | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async queueWithin(trx: Transaction<DB>, letters: SystemLetter[]): Promise<void> {
    void trx;
    void letters;
    void this.ctx;
    void this.services;
    throw new Error('not implemented');
  }

  /** Letters waiting (queued, sending) and given up. */
  async counts(): Promise<{ queued: number; failed: number }> {
    throw new Error('not implemented');
  }

  /** Whether the system sender is set up (address and password, and the SMTP server). */
  async ready(): Promise<boolean> {
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
