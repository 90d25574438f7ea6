import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';

export type AmiState = 'off' | 'connecting' | 'connected' | 'error';

/**
 * The Asterisk Manager Interface adapter (optional, Настройка → Параметры → Телефония): one
 * connection per process while enabled; click-to-call (Originate), queue pause by user status
 * (QueuePause) and call events that drive the screen pop without the webhook.
 */
export class AmiService implements BackgroundJob {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  useLogger(log: FastifyBaseLogger): void {
    void log;
  }
  start(): void {}
  async stop(): Promise<void> {}

  /** This process's connection state, for the settings page. */
  status(): { state: AmiState; error: string | null } {
    return { state: 'off', error: null };
  }

  /** The settings changed: reconnect with them (or disconnect). */
  reconfigure(): void {}

  /** Click-to-call: Originate from the user's SIP extension to `number`. */
  async originate(userId: number, number: string): Promise<{ channel: string; number: string }> {
    void userId;
    void number;
    void this.ctx;
    void this.services;
    throw new Error('AmiService.originate: not implemented yet (helper B)');
  }

  /** A user's status changed: QueuePause per the status's flag when they use statuses for telephony. */
  async userStatusChanged(userId: number, statusId: number): Promise<void> {
    void userId;
    void statusId;
  }
}
