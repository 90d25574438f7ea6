import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import type { Locale } from '../../../shared/locale.js';
import type {
  NotificationListQuery,
  NotificationPage,
  NotificationTrigger,
} from '../../../shared/schemas/notifications.js';
import type {
  DocumentChange,
  DocumentPeople,
  DocumentSnapshot,
} from '../document-changes/document-change.js';

type Db = Kysely<DB> | Transaction<DB>;

/** A notification to raise for a document (reminders and changes both come through here). */
export interface NotifyInput {
  trigger: NotificationTrigger;
  doc: DocumentSnapshot;
  actorId: number | null;
  /** Who fills each role when it is not the document's own people (e.g. only the newly added participants). */
  people?: Partial<DocumentPeople>;
  /** What the text is made of besides the document (old and new status, comment excerpt…). */
  params?: Record<string, string | number | null>;
  /** Makes the notification once per recipient (e.g. `reminder:<id>:<fire_at>`). */
  dedupeKey?: string;
}

/**
 * Notifications: evaluates the rules for each change (recipients, opt-outs, read access, never
 * the actor), stores one row per recipient, pushes it live, and (as a background job) sends the
 * e-mail channel through the outbox's system letters, one per notification or as a digest.
 */
export class NotificationsService implements BackgroundJob {
  private log: FastifyBaseLogger | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /** In the saving transaction: the triggers these changes set off. */
  async onChangesWithin(trx: Transaction<DB>, changes: DocumentChange[]): Promise<void> {
    void trx;
    void changes;
    void this.ctx;
    void this.services;
    throw new Error('not implemented');
  }

  /** Raises notifications in the caller's transaction; returns how many rows were stored. */
  async fireWithin(trx: Transaction<DB>, items: NotifyInput[]): Promise<number> {
    void trx;
    void items;
    throw new Error('not implemented');
  }

  async list(userId: number, query: NotificationListQuery, locale: Locale): Promise<NotificationPage> {
    void userId;
    void query;
    void locale;
    throw new Error('not implemented');
  }

  async unreadCount(userId: number, db: Db = this.ctx.database.db): Promise<number> {
    void userId;
    void db;
    throw new Error('not implemented');
  }

  /** Marks the caller's notifications read (some or all); answers the unread count left. */
  async markRead(
    userId: number,
    which: { ids?: number[] | undefined; all?: true | undefined },
  ): Promise<number> {
    void userId;
    void which;
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
