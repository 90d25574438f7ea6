import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { DOC_TYPES, type DocType } from '../../../shared/schemas/access.js';
import { DOC_RULES } from './doc-rules.js';

/** A share of a table at least this large counts as dense (a page is found within ~limit × 200 rows). */
const DENSE_SHARE = 1 / 200;
const TTL_MS = 60_000;

/**
 * SQLite only, a planner hint: for a user named on many documents of a type, a list is fastest
 * walking its sort index and filtering; for one named on few, through the owner-column indexes.
 * SQLite's planner cannot tell the two apart (it always picks the owner indexes and then sorts
 * every match), so the access condition hides those indexes (`+column`) when the user's documents
 * are dense. It never changes which rows match. Cached per process for a minute.
 */
export class OwnerDensity {
  private readonly cache = new Map<number, { at: number; dense: Partial<Record<DocType, boolean>> }>();
  constructor(private readonly db: Kysely<DB>) {}

  async of(userId: number): Promise<Partial<Record<DocType, boolean>>> {
    const hit = this.cache.get(userId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.dense;
    const dense: Partial<Record<DocType, boolean>> = {};
    for (const type of DOC_TYPES) {
      const rule = DOC_RULES[type];
      const table = sql.table(rule.table);
      const top = await sql<{ n: number | null }>`select max(id) as n from ${table}`.execute(this.db);
      const enough = Math.max(50, Math.ceil(Number(top.rows[0]?.n ?? 0) * DENSE_SHARE));
      for (const column of rule.own) {
        const found = await sql<{ n: number }>`select count(*) as n from
          (select 1 from ${table} where ${sql.ref(column)} = ${userId} limit ${enough}) s`.execute(this.db);
        if (Number(found.rows[0]?.n) >= enough) {
          dense[type] = true;
          break;
        }
      }
    }
    this.cache.set(userId, { at: Date.now(), dense });
    return dense;
  }
}
