import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { DocType } from '../../../shared/schemas/card-files.js';
import type { DocumentChange, DocumentSnapshot } from './document-change.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The one place a card-file change fans out: the card-file services call `recordWithin` in the
 * saving transaction (after history and search), and it hands the changes to notifications,
 * reminders, webhooks and the live list updates, in that transaction.
 */
export class DocumentChangesService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async recordWithin(trx: Transaction<DB>, changes: DocumentChange[]): Promise<void> {
    void this.ctx;
    void this.services;
    void trx;
    void changes;
    throw new Error('not implemented');
  }

  /** Documents as they are now (the reminders read them when they fire); missing ids are left out. */
  async snapshots(db: Db, docType: DocType, ids: readonly number[]): Promise<DocumentSnapshot[]> {
    void db;
    void docType;
    void ids;
    throw new Error('not implemented');
  }
}
