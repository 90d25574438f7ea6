import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { EventTypesService } from './event-types.service.js';
import { TaskStatusesService } from './task-statuses.service.js';
import { UserStatusesService } from './user-statuses.service.js';
import { JournalsService } from './journals.service.js';
import { HistorySettingsService } from './history-settings.service.js';

export type DocType = 'project' | 'event' | 'task';

/**
 * Настройка → Справочники: event types, task statuses, user statuses (and each user's current
 * status), journals, history keeping — one sub-service per book.
 */
export class ReferenceBooksService {
  private readonly db: Kysely<DB>;
  readonly eventTypes: EventTypesService;
  readonly taskStatuses: TaskStatusesService;
  readonly userStatuses: UserStatusesService;
  readonly journals: JournalsService;
  readonly history: HistorySettingsService;

  constructor(
    ctx: AppContext,
    readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.eventTypes = new EventTypesService(this.db, services);
    this.taskStatuses = new TaskStatusesService(this.db, services);
    this.userStatuses = new UserStatusesService(this.db, services);
    this.journals = new JournalsService(this.db, services);
    this.history = new HistorySettingsService(this.db, services);
  }

  /** A journal's code and document type (numbering uses them), or null when there is none. */
  async journalRef(id: number): Promise<{ id: number; code: string; docType: DocType } | null> {
    const row = await this.db
      .selectFrom('journals')
      .select(['id', 'code', 'doc_type'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { id: row.id, code: row.code, docType: row.doc_type as DocType } : null;
  }
}
