import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Locale } from '../../../shared/locale.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { cutPage, decodeCursor } from '../../db/keyset.js';
import type { HistoryDocType } from '../../../shared/history-fields.js';
import type { HistoryEntry } from '../../../shared/schemas/history.js';
import type { TimelineItem } from '../../../shared/schemas/timeline.js';
import { afterTimelineCursor, type TimelineScope, type TimelineSource } from '../timeline/timeline-source.js';
import type { Viewer } from '../access/viewer.js';

type Db = Kysely<DB> | Transaction<DB>;
/** A document's fields as compared for history: names from shared/history-fields.ts. */
export type HistoryFields = Record<string, unknown>;

/**
 * «История» of clients, projects, events and tasks. Card-file services call `record` inside the
 * transaction that saves the document, so a change and its history commit together. Only the
 * fields Настройка → Ведение истории leaves on are recorded; values are compared and stored as JSON.
 */
export class DocumentHistoryService implements TimelineSource {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /**
   * Records a save: `before` null means the document was created (one "create" line); otherwise
   * one "update" line per recorded field whose value changed.
   */
  async record(
    trx: Db,
    entry: {
      docType: HistoryDocType;
      docId: number;
      userId: number | null;
      before: HistoryFields | null;
      after: HistoryFields;
    },
  ): Promise<void> {
    if (!entry.before) {
      await this.recordCreated(trx, entry.docType, [entry.docId], entry.userId);
      return;
    }
    await this.recordChanged(trx, entry.docType, entry.userId, [
      { docId: entry.docId, before: entry.before, after: entry.after },
    ]);
  }

  /**
   * Saves of many documents of one type by one user (the client import): one "update" line per
   * recorded field whose value changed, the history settings read once, multi-row inserts.
   */
  async recordChanged(
    trx: Db,
    docType: HistoryDocType,
    userId: number | null,
    changes: { docId: number; before: HistoryFields; after: HistoryFields }[],
  ): Promise<void> {
    if (!changes.length) return;
    const recorded = await this.services.referenceBooks.history.recordedFields(docType, trx);
    const at = new Date().toISOString();
    const rows = [];
    for (const { docId, before, after } of changes) {
      for (const field of recorded) {
        const oldValue = json(before[field]);
        const newValue = json(after[field]);
        if (oldValue !== newValue && field in after) {
          rows.push({
            doc_type: docType,
            doc_id: docId,
            user_id: userId,
            created_at: at,
            action: 'update',
            field,
            old_value: oldValue,
            new_value: newValue,
          });
        }
      }
    }
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('document_history')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  /** Many documents created at once (the client import): one "create" line each, multi-row inserts. */
  async recordCreated(
    trx: Db,
    docType: HistoryDocType,
    docIds: number[],
    userId: number | null,
  ): Promise<void> {
    const at = new Date().toISOString();
    for (let i = 0; i < docIds.length; i += 500) {
      const rows = docIds.slice(i, i + 500).map((docId) => ({
        doc_type: docType,
        doc_id: docId,
        user_id: userId,
        created_at: at,
        action: 'create',
      }));
      await trx.insertInto('document_history').values(rows).execute();
    }
  }

  /**
   * One field of many documents changed together (the documents moved to another client by a
   * merge): one "update" line each, if history keeping records that field.
   */
  async recordMoved(
    trx: Db,
    change: {
      docType: HistoryDocType;
      docIds: number[];
      field: string;
      from: unknown;
      to: unknown;
      userId: number | null;
    },
  ): Promise<void> {
    if (!change.docIds.length) return;
    const recorded = await this.services.referenceBooks.history.recordedFields(change.docType, trx);
    if (!recorded.has(change.field)) return;
    const at = new Date().toISOString();
    const base = {
      doc_type: change.docType,
      action: 'update',
      field: change.field,
      old_value: json(change.from),
      new_value: json(change.to),
      user_id: change.userId,
      created_at: at,
    };
    for (let i = 0; i < change.docIds.length; i += 500) {
      await trx
        .insertInto('document_history')
        .values(change.docIds.slice(i, i + 500).map((docId) => ({ ...base, doc_id: docId })))
        .execute();
    }
  }

  /** Merging client `fromId` into `toId`: its history moves along, and the merge is a line of its own. */
  async mergeInto(
    trx: Db,
    docType: HistoryDocType,
    fromId: number,
    toId: number,
    userId: number | null,
    mergedName: string,
  ): Promise<void> {
    await trx
      .updateTable('document_history')
      .set({ doc_id: toId })
      .where('doc_type', '=', docType)
      .where('doc_id', '=', fromId)
      .execute();
    await trx
      .insertInto('document_history')
      .values({
        doc_type: docType,
        doc_id: toId,
        action: 'merge',
        field: null,
        old_value: JSON.stringify({ id: fromId, name: mergedName }),
        new_value: null,
        user_id: userId,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  /** The history of one document, newest first. */
  async list(
    docType: HistoryDocType,
    docId: number,
    page: { cursor?: string | undefined; limit: number },
  ): Promise<{ items: HistoryEntry[]; nextCursor: string | null }> {
    let q = this.db
      .selectFrom('document_history')
      .selectAll()
      .where('doc_type', '=', docType)
      .where('doc_id', '=', docId)
      .orderBy('id', 'desc')
      .limit(page.limit + 1);
    if (page.cursor) q = q.where('id', '<', decodeCursor(page.cursor)[1]);
    const { rows, nextCursor } = cutPage(await q.execute(), page.limit, (r) => [r.id, r.id]);
    const names = await this.services.users.briefByIds(rows.map((r) => r.user_id));
    return {
      items: rows.map((r) => ({
        id: r.id,
        action: r.action as HistoryEntry['action'],
        field: r.field,
        oldValue: parse(r.old_value),
        newValue: parse(r.new_value),
        userId: r.user_id,
        userName: r.user_id === null ? null : (names.get(r.user_id) ?? null),
        at: r.created_at,
      })),
      nextCursor,
    };
  }

  /** A client's changes on its timeline (projects show only their events and tasks). */
  async timeline(
    db: Db,
    scope: TimelineScope,
    viewer: Viewer,
    after: string | null,
    limit: number,
    _locale: Locale,
  ): Promise<TimelineItem[]> {
    if (scope.clientId === undefined) return [];
    let q = db
      .selectFrom('document_history')
      .selectAll()
      .where('doc_type', '=', 'client')
      .where('doc_id', '=', scope.clientId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (after) q = q.where(afterTimelineCursor('created_at', 'id', 'change', after));
    const visible = this.services.access.condition(viewer, 'clients', 'read', 'c');
    if (visible) {
      q = q.where(
        sql<SqlBool>`exists (select 1 from clients c where c.id = document_history.doc_id and ${visible})`,
      );
    }
    const rows = await q.execute();
    const names = await this.services.users.briefByIds(
      rows.map((r) => r.user_id),
      db,
    );
    return rows.map((r) => ({
      kind: 'change',
      id: r.id,
      at: r.created_at,
      docType: 'client',
      docId: r.doc_id,
      number: null,
      title: r.action,
      subtitle: r.field ?? '',
      status: null,
      userName: r.user_id === null ? null : (names.get(r.user_id) ?? null),
    }));
  }
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function parse(value: string | null): unknown {
  return value === null ? null : (JSON.parse(value) as unknown);
}
