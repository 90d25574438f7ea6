import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import type { CallImportReport } from '../../../shared/schemas/telephony.js';

/**
 * Loads call records (Asterisk Master.csv, FreePBX CSV, a configured layout) from files:
 * incrementally (file identity + offset) and idempotently (CallsService.store dedupes).
 * As a background job it polls the settings' path at their interval while loading is on.
 */
export class CallImportService implements BackgroundJob {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  useLogger(log: FastifyBaseLogger): void {
    void log;
  }
  start(): void {}
  async stop(): Promise<void> {}

  /** Imports the given files (or directories) now; `onProgress` gets bytes done and total. */
  async importPaths(
    paths: string[],
    opts: { onProgress?: (done: number, total: number) => void } = {},
  ): Promise<CallImportReport> {
    void paths;
    void opts;
    void this.ctx;
    void this.services;
    throw new Error('CallImportService.importPaths: not implemented yet (helper A)');
  }

  /** One run over the settings' path (the «Загрузить сейчас» button and the job); records the result. */
  async importNow(): Promise<CallImportReport> {
    throw new Error('CallImportService.importNow: not implemented yet (helper A)');
  }
}
