import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Engine } from '../../db/database.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { DOC_TYPES, type DocType } from '../../../shared/schemas/card-files.js';
import type { DocType as AccessDocType } from '../../../shared/schemas/access.js';
import type { SearchResult } from '../../../shared/schemas/search.js';
import { normalizePhone } from '../clients/phones.js';
import { normalizeSearchText } from './search-text.js';
import { compareResults, matchesPlan, planSearch, scoreTitle, SHORT_WORD } from './search-rank.js';
import type { Viewer } from '../access/viewer.js';
import { DOC_RULES } from '../access/doc-rules.js';

type Db = Kysely<DB> | Transaction<DB>;
/** The visibility part of a candidate query; `true` when the viewer sees every indexed type asked for. */
type Filter = RawBuilder<SqlBool> | true;

/** What a card-file module puts into the search index for one document. */
export interface SearchDocument {
  docType: DocType;
  docId: number;
  /** Shown as the result's first line (client name, task title…). */
  title: string;
  /** Shown under it (number, tax id, status…). */
  subtitle: string;
  /** Every text the document is found by (title included); phones in every form wanted. */
  terms: (string | null | undefined)[];
}

interface Candidate {
  id: number;
  doc_type: string;
  doc_id: number;
  title: string;
  subtitle: string;
  body: string;
}

/**
 * Candidates fetched per pass. The engines return a superset of the matches; with more matches
 * than this, the title-prefix pass still brings the best ones.
 */
const CANDIDATES = 200;
/** Rows per multi-row upsert (6 parameters each, well under both engines' limits). */
const INDEX_CHUNK = 500;

/** The access module's name of each indexed document type. */
const ACCESS_TYPE: Record<DocType, AccessDocType> = {
  client: 'clients',
  project: 'projects',
  event: 'events',
  task: 'tasks',
};

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (w: string) => `%${likeEscape(w)}%`;

/**
 * Global search over clients, projects, events and tasks. Modules call `index` / `remove` inside the
 * transaction that saves the document, so the index never disagrees with the data. The engines'
 * text indexes over `search_entries.body` are built by the migration (FTS5 trigram on SQLite,
 * pg_trgm on PostgreSQL).
 */
export class SearchService {
  private readonly db: Kysely<DB>;
  private readonly engine: Engine;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.engine = ctx.database.engine;
  }

  async index(db: Db, doc: SearchDocument): Promise<void> {
    await this.indexMany(db, [doc]);
  }

  /** Indexes many documents with multi-row upserts (the client import). */
  async indexMany(db: Db, docs: SearchDocument[]): Promise<void> {
    const updatedAt = new Date().toISOString();
    for (let i = 0; i < docs.length; i += INDEX_CHUNK) {
      const rows = docs.slice(i, i + INDEX_CHUNK).map((doc) => ({
        doc_type: doc.docType,
        doc_id: doc.docId,
        title: doc.title,
        subtitle: doc.subtitle,
        body: normalizeSearchText(
          [doc.title, ...doc.terms].filter((t): t is string => typeof t === 'string' && t !== '').join('\n'),
        ),
        updated_at: updatedAt,
      }));
      await db
        .insertInto('search_entries')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['doc_type', 'doc_id']).doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            subtitle: eb.ref('excluded.subtitle'),
            body: eb.ref('excluded.body'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  async remove(db: Db, docType: DocType, docId: number): Promise<void> {
    await db
      .deleteFrom('search_entries')
      .where('doc_type', '=', docType)
      .where('doc_id', '=', docId)
      .execute();
  }

  /**
   * The documents matching `q` (see search-rank.ts for what matches and how it ranks), best first.
   * Phones match in any format: the query is also tried as digits and in E.164 read with the
   * default phone country. Only documents `viewer` may read are candidates at all, so a
   * restricted viewer still gets a full page and never a hint of the others.
   */
  async search(
    viewer: Viewer,
    q: string,
    opts: { types?: DocType[] | undefined; limit: number },
  ): Promise<SearchResult[]> {
    const country = await this.services.clients.settings.phoneCountry();
    const plan = planSearch(q, (text) => normalizePhone(text, country).e164?.slice(1) ?? null);
    if (!plan) return [];
    const filter = this.visibleTo(viewer, opts.types?.length ? opts.types : undefined);
    const found = new Map<number, Candidate>();
    for (const words of plan.alternatives) {
      // The title-prefix pass only for the query as typed: a phone is never a title.
      const prefix = words === plan.words ? plan.text : null;
      for (const row of await this.candidates(words, prefix, filter)) found.set(row.id, row);
    }
    return [...found.values()]
      .filter((row) => matchesPlan(row.body, plan))
      .map((row) => ({
        docType: row.doc_type as DocType,
        docId: row.doc_id,
        title: row.title,
        subtitle: row.subtitle,
        score: scoreTitle(row.title, plan),
      }))
      .sort(compareResults)
      .slice(0, opts.limit);
  }

  /**
   * Index rows that may contain every word: one pass whose text starts with `prefix` (titles lead
   * the indexed text, so these are the title-prefix matches) and one over all matches.
   */
  private async candidates(words: string[], prefix: string | null, filter: Filter): Promise<Candidate[]> {
    const rows = prefix === null ? [] : await this.fetchStartingWith(prefix, filter);
    return [...rows, ...(await this.fetchContaining(words, filter))];
  }

  /**
   * Which index rows the viewer may see among `types` (all when undefined): per type, the
   * document's access condition; `true` when nothing is filtered.
   */
  private visibleTo(viewer: Viewer, types: DocType[] | undefined): Filter {
    const parts: RawBuilder<SqlBool>[] = [];
    let filtered = types !== undefined;
    for (const type of types ?? DOC_TYPES) {
      const accessType = ACCESS_TYPE[type];
      const cond = this.services.access.condition(viewer, accessType, 'read', 'd');
      if (cond) filtered = true;
      parts.push(
        cond
          ? sql<SqlBool>`(e.doc_type = ${type} and exists (select 1 from ${sql.table(DOC_RULES[accessType].table)} d
              where d.id = e.doc_id and ${cond}))`
          : sql<SqlBool>`e.doc_type = ${type}`,
      );
    }
    return filtered ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : true;
  }

  /** Rows whose text starts with `text` (it holds every word of the query). */
  private fetchStartingWith(text: string, filter: Filter): Promise<Candidate[]> {
    if (this.engine === 'sqlite' && text.length >= SHORT_WORD) {
      // FTS5's ^ anchors the phrase at the start of the text, from the index alone.
      return this.select(true, [sql`search_fts match ${`^${phrase(text)}`}`], filter);
    }
    // PostgreSQL: pg_trgm serves an anchored LIKE too; a short SQLite text is a LIMITed scan.
    return this.select(false, [sql`e.body like ${`${likeEscape(text)}%`} escape '\\'`], filter);
  }

  private fetchContaining(words: string[], filter: Filter): Promise<Candidate[]> {
    const long = words.filter((w) => w.length >= SHORT_WORD);
    const like = (w: string) => sql`e.body like ${contains(w)} escape '\\'`;
    if (this.engine === 'sqlite' && long.length) {
      // FTS5 trigram finds substrings of 3+ characters; shorter words are checked with LIKE.
      const match = long.map(phrase).join(' AND ');
      const short = words.filter((w) => w.length < SHORT_WORD);
      return this.select(true, [sql`search_fts match ${match}`, ...short.map(like)], filter);
    }
    // PostgreSQL: LIKE '%word%' is served by the pg_trgm GIN index. Words under three
    // characters (and SQLite queries made only of them) are a LIMITed scan.
    return this.select(false, words.map(like), filter);
  }

  /** The access filter is part of the WHERE, before the LIMIT: invisible rows take no candidate slot. */
  private async select(fts: boolean, where: RawBuilder<unknown>[], filter: Filter) {
    const all = [...where, ...(filter === true ? [] : [filter])];
    const from = fts
      ? sql`search_fts join search_entries e on e.id = search_fts.rowid`
      : sql`search_entries e`;
    const query = sql<Candidate>`select e.id, e.doc_type, e.doc_id, e.title, e.subtitle, e.body
      from ${from} where ${sql.join(all, sql` and `)} limit ${CANDIDATES}`;
    return (await query.execute(this.db)).rows;
  }
}

/** An FTS5 phrase: the text in double quotes, its own quotes doubled. */
const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;
