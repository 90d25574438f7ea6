import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import {
  HISTORY_DOC_TYPES,
  HISTORY_FIELDS,
  isHistoryField,
  type HistoryDocType,
} from '../../../shared/history-fields.js';
import type { HistoryMatrix, UpdateHistory } from '../../../shared/schemas/reference-books.js';
import type { Db } from './book.service.js';

/**
 * Ведение истории: per document type and field, whether changes are recorded. Every field is
 * recorded unless switched off; only the switched-off ones are stored (`history_settings`).
 */
export class HistorySettingsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly services: Services,
  ) {}

  async matrix(db: Db = this.db): Promise<HistoryMatrix> {
    const off = await this.switchedOff(db);
    return HISTORY_DOC_TYPES.map((docType) => ({
      docType,
      fields: HISTORY_FIELDS[docType].map((field) => ({
        field,
        isRecorded: !off.has(`${docType}.${field}`),
      })),
    }));
  }

  /** The fields of a document type whose changes the card files record. */
  async recordedFields(docType: HistoryDocType, db: Db = this.db): Promise<Set<string>> {
    const off = await this.switchedOff(db, docType);
    return new Set(HISTORY_FIELDS[docType].filter((f) => !off.has(`${docType}.${f}`)));
  }

  async update(input: UpdateHistory, userId: number): Promise<HistoryMatrix> {
    const unknown = input.changes
      .map((c, i) => ({ ...c, i }))
      .filter((c) => !isHistoryField(c.docType, c.field));
    if (unknown.length) {
      throw new AppError(
        400,
        'validation_failed',
        {},
        {
          fields: unknown.map((c) => ({
            path: `changes.${c.i}.field`,
            code: 'book_history_field',
            params: { field: `${c.docType}.${c.field}` },
          })),
        },
      );
    }
    return this.db.transaction().execute(async (trx) => {
      const off = await this.switchedOff(trx);
      for (const { docType, field, isRecorded } of input.changes) {
        const key = `${docType}.${field}`;
        const wasRecorded = !off.has(key);
        if (wasRecorded === isRecorded) continue;
        if (isRecorded) {
          await trx
            .deleteFrom('history_settings')
            .where('doc_type', '=', docType)
            .where('field', '=', field)
            .execute();
          off.delete(key);
        } else {
          await trx
            .insertInto('history_settings')
            .values({ doc_type: docType, field, is_recorded: false })
            .onConflict((oc) => oc.columns(['doc_type', 'field']).doUpdateSet({ is_recorded: false }))
            .execute();
          off.add(key);
        }
        await this.services.settingsChanges.record(trx, {
          area: 'books',
          entity: 'history_setting',
          entityId: key,
          before: { isRecorded: wasRecorded },
          after: { isRecorded },
          userId,
        });
      }
      return this.matrix(trx);
    });
  }

  /** `docType.field` of the fields not recorded. */
  private async switchedOff(db: Db, docType?: HistoryDocType): Promise<Set<string>> {
    let q = db.selectFrom('history_settings').select(['doc_type', 'field']).where('is_recorded', '=', false);
    if (docType) q = q.where('doc_type', '=', docType);
    return new Set((await q.execute()).map((r) => `${r.doc_type}.${r.field}`));
  }
}
