import { SYSTEM_VIEWER, type Viewer } from '../access/viewer.js';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { ClientsTable, DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Engine } from '../../db/database.js';
import type { Services } from '../../services.js';
import { AppError, fieldProblem, notFound } from '../../http/errors.js';
import { afterCursor, cutPage } from '../../db/keyset.js';
import type { ClientKind } from '../../../shared/schemas/card-files.js';
import {
  clientCalcFilter,
  type Client,
  type ClientDuplicate,
  type ClientFilter,
  type ClientListItem,
  type ClientPage,
  type CreateClientParsed,
  type DuplicatesRequest,
  type PhoneKind,
  type UpdateClientParsed,
} from '../../../shared/schemas/clients.js';
import { CardFileSettingsService } from './card-file-settings.service.js';
import { checkTaxId, normalizeTaxId } from './tax-id.js';
import { normalizePhone } from './phones.js';
import {
  channelRows,
  clientColumns,
  historyView,
  normalizeEmail,
  searchDocument,
  storedState,
  type ClientState,
  type ContactState,
  type PhoneState,
} from './client-state.js';
import type { DocumentSnapshot } from '../document-changes/document-change.js';
import {
  actorOf,
  changedKeys,
  presentIds,
  readInChunks,
  updateChanges,
  wholeChanges,
} from '../document-changes/change-list.js';
import type { Json, JsonObject } from '../calculations/sandbox/sandbox-types.js';
import { parseCalcInput } from '../calculations/calculation-input.js';
import { CALC_FIND_MAX } from '../../../shared/schemas/calculations.js';

type Db = Kysely<DB> | Transaction<DB>;
type ClientRow = Selectable<ClientsTable>;

interface FieldIssue {
  path: string;
  code: string;
  params?: Record<string, unknown>;
}

/** A list row with all its phones and e-mails, for the export. */
export interface ClientExportRow extends ClientListItem {
  phones: string[];
  emails: string[];
}

const SORT_COLUMNS = {
  name: 'clients.name',
  createdAt: 'clients.created_at',
  updatedAt: 'clients.updated_at',
} as const;
const EXPORT_PAGE = 500;
const DUPLICATES_LIMIT = 20;
const LOOKUP_LIMIT = 50;
/** Rows per insert: well below both engines' limits on bound parameters. */
const INSERT_CHUNK = 500;

/** Clients and contact persons (id → client) read ahead for assertUsable. */
export interface UsableRows {
  clients: Map<number, { id: number; name: string; deleted_at: string | null }>;
  contacts: Map<number, number>;
}

/** Картотека клиентов: clients with contact persons, phones, e-mails; duplicates and merge. */
export class ClientsService {
  private readonly db: Kysely<DB>;
  private readonly engine: Engine;
  readonly settings: CardFileSettingsService;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.engine = ctx.database.engine;
    this.settings = new CardFileSettingsService(this.db, services);
  }

  async list(
    query: ClientFilter & { cursor?: string | undefined; limit: number },
    viewer: Viewer,
  ): Promise<ClientPage> {
    const { rows, nextCursor } = await this.listRows(query, viewer, 'read', query.cursor, query.limit);
    return { items: await this.listItems(rows), nextCursor };
  }

  /**
   * The whole filtered list page by page, for the export (only clients the viewer may both read
   * and export): memory stays flat for any size.
   */
  async *exportPages(filter: ClientFilter, viewer: Viewer): AsyncGenerator<ClientExportRow[]> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.listRows(filter, viewer, 'export', cursor, EXPORT_PAGE);
      if (!page.rows.length) return;
      const items = await this.listItems(page.rows);
      const ids = page.rows.map((r) => r.id);
      const [phones, emails] = await Promise.all([
        this.db
          .selectFrom('client_phones')
          .select(['client_id', 'original'])
          .where('client_id', 'in', ids)
          .where('contact_id', 'is', null)
          .orderBy('sort_order')
          .orderBy('id')
          .execute(),
        this.db
          .selectFrom('client_emails')
          .select(['client_id', 'original'])
          .where('client_id', 'in', ids)
          .where('contact_id', 'is', null)
          .orderBy('sort_order')
          .orderBy('id')
          .execute(),
      ]);
      yield items.map((item) => ({
        ...item,
        phones: phones.filter((p) => p.client_id === item.id).map((p) => p.original),
        emails: emails.filter((e) => e.client_id === item.id).map((e) => e.original),
      }));
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /**
   * The client card; 404 (`notFound()`) when missing, deleted or not readable by the viewer (the
   * same answer, so hidden cards are not revealed). A card merged into another says which
   * (`details.mergedIntoId`), so old links can lead to it — when the viewer may read that one.
   */
  async get(id: number, viewer: Viewer): Promise<Client> {
    await this.services.access.assertCan(viewer, 'clients', 'read', id);
    return this.card(id, this.db, viewer);
  }

  /**
   * The card as stored, without access checks: what a write just saved is shown to its author.
   * `viewer` only decides whether a merged card may name the card it went into.
   */
  private async card(id: number, db: Db = this.db, viewer: Viewer = SYSTEM_VIEWER): Promise<Client> {
    const loaded = await this.load(db, id);
    if (!loaded) throw notFound();
    const mergedIntoId = loaded.row.merged_into_id;
    if (loaded.row.deleted_at !== null) {
      const shown =
        mergedIntoId !== null && (await this.services.access.canRead(viewer, 'clients', mergedIntoId, db));
      throw shown ? new AppError(404, 'not_found', {}, { mergedIntoId }) : notFound();
    }
    const { row, state } = loaded;
    const names = await this.services.users.briefByIds([row.responsible_id, row.created_by], db);
    const brief = (userId: number | null) =>
      userId === null ? null : { id: userId, name: names.get(userId) ?? '' };
    const check = row.tax_id === null ? null : checkTaxId(row.tax_id);
    return {
      id: row.id,
      kind: state.kind,
      name: state.name,
      shortName: state.shortName,
      taxId: state.taxId,
      taxIdKind: check && check.kind !== 'malformed' ? check.kind : null,
      taxIdChecksumOk: check ? check.checksumOk : null,
      website: state.website,
      addresses: state.addresses,
      tags: state.tags,
      notes: state.notes,
      responsible: brief(row.responsible_id),
      phones: state.phones,
      emails: state.emails,
      contacts: state.contacts.map((c) => ({ ...c, id: c.id! })),
      mergedIntoId,
      createdBy: brief(row.created_by),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async create(input: CreateClientParsed, userId: number | null, viewer: Viewer): Promise<Client> {
    this.services.access.assertCreate(viewer, 'clients', null);
    const country = await this.settings.phoneCountry();
    const issues: FieldIssue[] = [];
    const state: ClientState = {
      kind: input.kind,
      name: input.name,
      shortName: input.shortName,
      taxId: this.resolveTaxId(input.taxId, input.confirmTaxId, null, issues),
      website: input.website,
      addresses: input.addresses,
      tags: uniqueTags(input.tags),
      notes: input.notes,
      responsibleId: input.responsibleId,
      phones: input.phones.map((p) => phoneState(p, country)),
      emails: input.emails,
      contacts: input.contacts.map((c, i) => {
        if (c.id !== undefined) issues.push(contactUnknown(i, c.id));
        return contactState(c, null, country);
      }),
    };
    throwIssues(issues);
    const id = await this.db.transaction().execute(async (trx) => {
      await this.services.users.assertAssignable(trx, 'responsibleId', state.responsibleId);
      const now = new Date().toISOString();
      const { id } = await trx
        .insertInto('clients')
        .values({ ...clientColumns(state), created_by: userId, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.writeContacts(trx, id, [], state.contacts, now);
      await this.writeChannels(trx, id, state);
      await this.services.history.record(trx, {
        docType: 'client',
        docId: id,
        userId,
        before: null,
        after: historyView(state),
      });
      await this.services.search.index(trx, searchDocument(id, state));
      await this.services.documentChanges.recordWithin(
        trx,
        wholeChanges('created', await this.snapshotsWithin(trx, [id]), userId),
      );
      return id;
    });
    return this.card(id);
  }

  /** Omitted fields keep their value; `contacts`, when given, replaces the list (by id). */
  async update(
    id: number,
    changes: UpdateClientParsed,
    userId: number | null,
    viewer: Viewer,
  ): Promise<Client> {
    // Before the transaction: on SQLite it holds the only connection.
    await this.services.access.assertCan(viewer, 'clients', 'edit', id);
    const country = await this.settings.phoneCountry();
    await this.db.transaction().execute(async (trx) => {
      await this.lockRows(trx, [id]);
      const loaded = await this.load(trx, id);
      if (!loaded || loaded.row.deleted_at !== null) throw notFound();
      const before = loaded.state;
      const snapshotBefore = await this.snapshotsWithin(trx, [id]);
      const issues: FieldIssue[] = [];
      const known = new Set(before.contacts.map((c) => c.id));
      const seen = new Set<number>();
      const after: ClientState = {
        kind: changes.kind ?? before.kind,
        name: changes.name ?? before.name,
        shortName: changes.shortName ?? before.shortName,
        taxId:
          changes.taxId === undefined
            ? before.taxId
            : this.resolveTaxId(changes.taxId, changes.confirmTaxId ?? false, before.taxId, issues),
        website: changes.website ?? before.website,
        addresses: changes.addresses ?? before.addresses,
        tags: changes.tags ? uniqueTags(changes.tags) : before.tags,
        notes: changes.notes ?? before.notes,
        responsibleId: changes.responsibleId === undefined ? before.responsibleId : changes.responsibleId,
        phones: changes.phones ? changes.phones.map((p) => phoneState(p, country)) : before.phones,
        emails: changes.emails ?? before.emails,
        contacts: changes.contacts
          ? changes.contacts.map((c, i) => {
              if (c.id !== undefined && (!known.has(c.id) || seen.has(c.id)))
                issues.push(contactUnknown(i, c.id));
              if (c.id !== undefined) seen.add(c.id);
              return contactState(c, c.id ?? null, country);
            })
          : before.contacts,
      };
      throwIssues(issues);
      if (after.responsibleId !== before.responsibleId) {
        await this.services.users.assertAssignable(trx, 'responsibleId', after.responsibleId);
      }
      const now = new Date().toISOString();
      await trx
        .updateTable('clients')
        .set({ ...clientColumns(after), updated_at: now })
        .where('id', '=', id)
        .execute();
      if (changes.contacts) await this.writeContacts(trx, id, before.contacts, after.contacts, now);
      if (changes.contacts || changes.phones || changes.emails) await this.writeChannels(trx, id, after);
      await this.services.history.record(trx, {
        docType: 'client',
        docId: id,
        userId,
        before: historyView(before),
        after: historyView(after),
      });
      await this.services.search.index(trx, searchDocument(id, after));
      await this.reindexLinked(trx, id, before, after);
      const changed = changedFields(before, after);
      await this.services.documentChanges.recordWithin(
        trx,
        updateChanges(snapshotBefore, await this.snapshotsWithin(trx, [id]), userId, () => changed),
      );
    });
    return this.card(id);
  }

  /** Soft delete: the card disappears from lists and lookups; its links and history stay. */
  async remove(id: number, viewer: Viewer): Promise<void> {
    await this.services.access.assertCan(viewer, 'clients', 'delete', id);
    await this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      // Taken before: a deleted card is reported as it was.
      const gone = await this.snapshotsWithin(trx, [id]);
      const res = await trx
        .updateTable('clients')
        .set({ deleted_at: now, updated_at: now })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw notFound();
      await this.services.search.remove(trx, 'client', id);
      await this.services.documentChanges.recordWithin(trx, wholeChanges('deleted', gone, actorOf(viewer)));
    });
  }

  /** Exact lookups (a phone in any format, a tax id, an e-mail); every given one must match. */
  async lookup(
    q: { phone?: string | undefined; taxId?: string | undefined; email?: string | undefined },
    viewer: Viewer,
  ) {
    let query = this.db
      .selectFrom('clients')
      .selectAll('clients')
      .where('clients.deleted_at', 'is', null)
      .orderBy('clients.name')
      .orderBy('clients.id')
      .limit(LOOKUP_LIMIT);
    const visible = this.services.access.condition(viewer, 'clients');
    if (visible) query = query.where(visible);
    if (q.taxId) query = query.where('clients.tax_id', '=', normalizeTaxId(q.taxId));
    if (q.phone) {
      const phone = normalizePhone(q.phone, await this.settings.phoneCountry());
      const phones = this.db.selectFrom('client_phones').select('client_id');
      query = query.where(
        'clients.id',
        'in',
        phone.e164 ? phones.where('e164', '=', phone.e164) : phones.where('original', '=', phone.original),
      );
    }
    if (q.email) {
      query = query.where(
        'clients.id',
        'in',
        this.db.selectFrom('client_emails').select('client_id').where('email', '=', normalizeEmail(q.email)),
      );
    }
    return this.listItems(await query.execute());
  }

  /**
   * `find('clients', filter)` of a calculation: list items (deleted clients left out) the viewer
   * may read, by id, at most 500, read through `db`. Filter keys (all optional, together they
   * narrow): `ids` (an id or a list of ids), `name` (a part of the name or short name, any case),
   * `phone` (a phone in any format, of the client or a contact person), `email`, `taxId` (exact).
   */
  async calcFindWithin(db: Db, viewer: Viewer, filter: Json): Promise<JsonObject[]> {
    const f = parseCalcInput(clientCalcFilter, filter ?? {});
    let q = db
      .selectFrom('clients')
      .selectAll('clients')
      .where('clients.deleted_at', 'is', null)
      .orderBy('clients.id')
      .limit(CALC_FIND_MAX);
    const visible = this.services.access.condition(viewer, 'clients');
    if (visible) q = q.where(visible);
    if (f.ids) {
      if (!f.ids.length) return [];
      q = q.where('clients.id', 'in', f.ids);
    }
    if (f.name) {
      const like = `%${escapeLike(f.name.toLowerCase())}%`;
      q = q.where(
        sql<boolean>`(lower(clients.name) like ${like} escape '\\' or lower(clients.short_name) like ${like} escape '\\')`,
      );
    }
    if (f.taxId) q = q.where('clients.tax_id', '=', normalizeTaxId(f.taxId));
    if (f.phone) {
      const phone = normalizePhone(f.phone, await this.settings.phoneCountry(db));
      const phones = db.selectFrom('client_phones').select('client_id');
      q = q.where(
        'clients.id',
        'in',
        phone.e164 ? phones.where('e164', '=', phone.e164) : phones.where('original', '=', phone.original),
      );
    }
    if (f.email) {
      q = q.where(
        'clients.id',
        'in',
        db.selectFrom('client_emails').select('client_id').where('email', '=', normalizeEmail(f.email)),
      );
    }
    return this.listItems(await q.execute(), db);
  }

  /**
   * Clients that share the tax id, a phone or an e-mail with what a form holds (not yet saved);
   * only those the viewer may read.
   */
  async duplicates(req: DuplicatesRequest, viewer: Viewer): Promise<ClientDuplicate[]> {
    const country = await this.settings.phoneCountry();
    const taxId = req.taxId ? normalizeTaxId(req.taxId) : '';
    const phones = [
      ...new Set(
        (req.phones ?? []).map((p) => normalizePhone(p, country).e164).filter((e): e is string => e !== null),
      ),
    ];
    const emails = [...new Set((req.emails ?? []).map(normalizeEmail).filter((e) => e.includes('@')))];
    const found = new Map<number, Set<ClientDuplicate['matchedBy'][number]>>();
    const add = (ids: { id: number }[], by: ClientDuplicate['matchedBy'][number]) => {
      for (const { id } of ids) {
        if (id === req.excludeId) continue;
        found.set(id, (found.get(id) ?? new Set()).add(by));
      }
    };
    const visible = this.services.access.condition(viewer, 'clients');
    const live = () =>
      this.db
        .selectFrom('clients')
        .select('clients.id')
        .where('clients.deleted_at', 'is', null)
        .$if(visible !== null, (q) => q.where(visible!));
    if (/^\d{8,}$/.test(taxId)) add(await live().where('tax_id', '=', taxId).execute(), 'taxId');
    if (phones.length) {
      add(
        await live()
          .where(
            'clients.id',
            'in',
            this.db.selectFrom('client_phones').select('client_id').where('e164', 'in', phones),
          )
          .execute(),
        'phone',
      );
    }
    if (emails.length) {
      add(
        await live()
          .where(
            'clients.id',
            'in',
            this.db.selectFrom('client_emails').select('client_id').where('email', 'in', emails),
          )
          .execute(),
        'email',
      );
    }
    if (!found.size) return [];
    const rows = await this.db
      .selectFrom('clients')
      .select(['id', 'name', 'tax_id'])
      .where('id', 'in', [...found.keys()])
      .orderBy('name')
      .orderBy('id')
      .limit(DUPLICATES_LIMIT)
      .execute();
    const order = ['taxId', 'phone', 'email'] as const;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      taxId: r.tax_id,
      matchedBy: order.filter((by) => found.get(r.id)!.has(by)),
    }));
  }

  /**
   * Merges client `sourceId` into `targetId` in one transaction: contacts, phones, e-mails,
   * projects, events, tasks and history move to the target; blank requisites of the target take
   * the source's; the source is deleted with `merged_into_id` pointing at the target. The source
   * keeps its external id: the import follows `merged_into_id` from it to the target.
   * The viewer changes the target (edit) and removes the source (delete); a source they may not
   * read answers like an unknown one.
   */
  async merge(targetId: number, sourceId: number, userId: number | null, viewer: Viewer): Promise<Client> {
    if (sourceId === targetId) throw fieldProblem('sourceId', 'client_merge_self');
    await this.services.access.assertCan(viewer, 'clients', 'edit', targetId);
    if (!(await this.services.access.canRead(viewer, 'clients', sourceId)))
      throw fieldProblem('sourceId', 'client_unknown', { id: sourceId });
    await this.services.access.assertCan(viewer, 'clients', 'delete', sourceId);
    await this.db.transaction().execute(async (trx) => {
      await this.lockRows(trx, [targetId, sourceId]);
      const snapshotBefore = await this.snapshotsWithin(trx, [targetId, sourceId]);
      const now = new Date().toISOString();
      // Retired first and only if still live: of two merges of one source, the second fails here.
      const retired = await trx
        .updateTable('clients')
        .set({ deleted_at: now, updated_at: now, merged_into_id: targetId })
        .where('id', '=', sourceId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      const target = await this.load(trx, targetId);
      if (!target || target.row.deleted_at !== null) throw notFound();
      const source = await this.load(trx, sourceId);
      if (!source) throw fieldProblem('sourceId', 'client_unknown', { id: sourceId });
      if (Number(retired.numUpdatedRows) !== 1) {
        throw fieldProblem('sourceId', 'client_deleted', { id: sourceId, name: source.row.name });
      }
      const before = target.state;
      const from = source.state;
      const hasPhone = new Set(before.phones.flatMap((p) => [p.e164, p.number]).filter(Boolean));
      const hasEmail = new Set(before.emails.map(normalizeEmail));
      const after: ClientState = {
        ...before,
        shortName: before.shortName || from.shortName,
        taxId: before.taxId ?? from.taxId,
        website: before.website || from.website,
        responsibleId: before.responsibleId ?? from.responsibleId,
        notes: [before.notes, from.notes].filter(Boolean).join('\n\n'),
        tags: uniqueTags([...before.tags, ...from.tags]),
        addresses: [
          ...before.addresses,
          ...from.addresses.filter(
            (a) => !before.addresses.some((b) => b.kind === a.kind && b.text === a.text),
          ),
        ],
        phones: [...before.phones, ...from.phones.filter((p) => !hasPhone.has(p.e164 ?? p.number))],
        emails: [...before.emails, ...from.emails.filter((e) => !hasEmail.has(normalizeEmail(e)))],
        contacts: [...before.contacts, ...from.contacts],
      };
      await trx
        .updateTable('client_contacts')
        .set({
          client_id: targetId,
          sort_order: sql`sort_order + ${before.contacts.length}`,
          updated_at: now,
        })
        .where('client_id', '=', sourceId)
        .execute();
      await trx
        .updateTable('clients')
        .set({ ...clientColumns(after), updated_at: now })
        .where('id', '=', targetId)
        .execute();
      await this.writeChannels(trx, targetId, after);
      await trx.deleteFrom('client_phones').where('client_id', '=', sourceId).execute();
      await trx.deleteFrom('client_emails').where('client_id', '=', sourceId).execute();
      await this.services.projects.reassignClient(trx, sourceId, targetId, userId);
      await this.services.events.reassignClient(trx, sourceId, targetId, userId);
      await this.services.tasks.reassignClient(trx, sourceId, targetId, userId);
      await this.services.history.record(trx, {
        docType: 'client',
        docId: targetId,
        userId,
        before: historyView(before),
        after: historyView(after),
      });
      await this.services.history.mergeInto(trx, 'client', sourceId, targetId, userId, source.row.name);
      await this.services.search.remove(trx, 'client', sourceId);
      await this.services.search.index(trx, searchDocument(targetId, after));
      await this.reindexLinked(trx, targetId, before, after);
      const changed = changedFields(before, after);
      await this.services.documentChanges.recordWithin(trx, [
        ...updateChanges(snapshotBefore, await this.snapshotsWithin(trx, [targetId]), userId, () => changed),
        ...wholeChanges(
          'deleted',
          snapshotBefore.filter((s) => s.docId === sourceId),
          userId,
        ),
      ]);
    });
    return this.card(targetId);
  }

  /**
   * For documents that link a client: checks it exists and is not deleted (else a field error on
   * `path`: code `client_unknown` or `client_deleted`), and, when given, that `contactId` is one
   * of its contact persons (field error on `contactId`).
   */
  async assertUsable(
    db: Db,
    clientId: number,
    path = 'clientId',
    contactId?: number | null,
    viewer: Viewer | null = null,
    known?: UsableRows,
  ): Promise<{ id: number; name: string }> {
    const row = known
      ? known.clients.get(clientId)
      : await db
          .selectFrom('clients')
          .select(['id', 'name', 'deleted_at'])
          .where('id', '=', clientId)
          .executeTakeFirst();
    // A client the viewer may not read answers like one that does not exist.
    if (
      !row ||
      (viewer &&
        !viewer.unrestricted &&
        !(await this.services.access.canRead(viewer, 'clients', clientId, db)))
    )
      throw fieldProblem(path, 'client_unknown', { id: clientId });
    if (row.deleted_at !== null) throw fieldProblem(path, 'client_deleted', { id: clientId, name: row.name });
    if (contactId !== undefined && contactId !== null) {
      const contact = known
        ? known.contacts.get(contactId) === clientId
        : await db
            .selectFrom('client_contacts')
            .select('id')
            .where('id', '=', contactId)
            .where('client_id', '=', clientId)
            .executeTakeFirst();
      if (!contact) throw fieldProblem('contactId', 'contact_unknown', { id: contactId });
    }
    return { id: row.id, name: row.name };
  }

  /**
   * What assertUsable reads, for many clients and contact persons in one query each: a batch of
   * calls or letters links thousands of distinct clients, one query apiece would dominate it.
   */
  async usableRows(
    db: Db,
    clientIds: Iterable<number | null | undefined>,
    contactIds: Iterable<number | null | undefined>,
  ): Promise<UsableRows> {
    const ids = [...new Set([...clientIds].filter((id): id is number => typeof id === 'number'))];
    const contactList = [...new Set([...contactIds].filter((id): id is number => typeof id === 'number'))];
    const known: UsableRows = { clients: new Map(), contacts: new Map() };
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('clients')
        .select(['id', 'name', 'deleted_at'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) known.clients.set(r.id, r);
    }
    for (let i = 0; i < contactList.length; i += 500) {
      const rows = await db
        .selectFrom('client_contacts')
        .select(['id', 'client_id'])
        .where('id', 'in', contactList.slice(i, i + 500))
        .execute();
      for (const r of rows) known.contacts.set(r.id, r.client_id);
    }
    return known;
  }

  /**
   * Who owns each address (mail links letters by sender): the client, and the contact person when
   * the address is a contact's. Deleted clients are skipped; when several clients share an
   * address, the one changed last wins. No access filter: callers act for the system.
   */
  async ownersOfEmails(
    addresses: Iterable<string>,
    db: Db = this.db,
  ): Promise<Map<string, { clientId: number; contactId: number | null }>> {
    const wanted = [...new Set([...addresses].map(normalizeEmail).filter(Boolean))];
    if (!wanted.length) return new Map();
    const rows = await db
      .selectFrom('client_emails')
      .innerJoin('clients', 'clients.id', 'client_emails.client_id')
      .select(['client_emails.email', 'client_emails.client_id', 'client_emails.contact_id'])
      .where('client_emails.email', 'in', wanted)
      .where('clients.deleted_at', 'is', null)
      .orderBy('clients.updated_at', 'desc')
      .orderBy('clients.id', 'desc')
      .execute();
    const owners = new Map<string, { clientId: number; contactId: number | null }>();
    for (const r of rows) {
      if (!owners.has(r.email)) owners.set(r.email, { clientId: r.client_id, contactId: r.contact_id });
    }
    return owners;
  }

  /**
   * The client (and contact person) each E.164 number belongs to, for calls: a contact's phone
   * names the contact; of several clients with the number, the most recently changed one wins.
   */
  async ownersOfPhones(
    numbers: Iterable<string>,
    db: Db = this.db,
  ): Promise<Map<string, { clientId: number; contactId: number | null }>> {
    const wanted = [...new Set(numbers)];
    const owners = new Map<string, { clientId: number; contactId: number | null }>();
    for (let i = 0; i < wanted.length; i += 500) {
      const rows = await db
        .selectFrom('client_phones')
        .innerJoin('clients', 'clients.id', 'client_phones.client_id')
        .select(['client_phones.e164', 'client_phones.client_id', 'client_phones.contact_id'])
        .where('client_phones.e164', 'in', wanted.slice(i, i + 500))
        .where('clients.deleted_at', 'is', null)
        .orderBy('clients.updated_at', 'desc')
        .orderBy('clients.id', 'desc')
        .execute();
      for (const r of rows) {
        if (!owners.has(r.e164!)) owners.set(r.e164!, { clientId: r.client_id, contactId: r.contact_id });
      }
    }
    return owners;
  }

  /** Names and clients of contact persons (of deleted clients too), for documents that link them. */
  async contactBriefByIds(
    ids: Iterable<number | null | undefined>,
    db: Db = this.db,
  ): Promise<Map<number, { name: string; clientId: number }>> {
    const unique = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
    if (!unique.length) return new Map();
    const rows = await db
      .selectFrom('client_contacts')
      .select(['id', 'name', 'client_id'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, { name: r.name, clientId: r.client_id }]));
  }

  /**
   * Live clients as document changes report them (see document-change.ts), a few queries for the
   * lot; deleted ones are left out.
   */
  async snapshotsWithin(db: Db, ids: readonly number[]): Promise<DocumentSnapshot[]> {
    const rows = await readInChunks(ids, (part) =>
      db
        .selectFrom('clients')
        .select(['id', 'name', 'responsible_id', 'created_by'])
        .where('id', 'in', part)
        .where('deleted_at', 'is', null)
        .execute(),
    );
    return rows.map((r) => clientSnapshot(r.id, r.name, r.responsible_id, r.created_by));
  }

  /** The responsible of each client, deleted ones included (documents of a client name them). */
  async responsibleByIds(
    db: Db,
    ids: Iterable<number | null | undefined>,
  ): Promise<Map<number, number | null>> {
    const rows = await readInChunks(presentIds(ids), (part) =>
      db.selectFrom('clients').select(['id', 'responsible_id']).where('id', 'in', part).execute(),
    );
    return new Map(rows.map((r) => [r.id, r.responsible_id]));
  }

  /** Names of clients (deleted ones included) for lists that show them. */
  async briefByIds(ids: Iterable<number | null | undefined>, db: Db = this.db): Promise<Map<number, string>> {
    const unique = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
    if (!unique.length) return new Map();
    const rows = await db.selectFrom('clients').select(['id', 'name']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** A page of the list; for the export (`export`) the clients must be readable and exportable. */
  private async listRows(
    filter: ClientFilter,
    viewer: Viewer,
    purpose: 'read' | 'export',
    cursor: string | undefined,
    limit: number,
  ) {
    const column = SORT_COLUMNS[filter.sort];
    let q = this.db
      .selectFrom('clients')
      .selectAll('clients')
      .where('clients.deleted_at', 'is', null)
      .orderBy(column, filter.order)
      .orderBy('clients.id', filter.order)
      .limit(limit + 1);
    for (const action of purpose === 'export' ? (['read', 'export'] as const) : (['read'] as const)) {
      const c = this.services.access.condition(viewer, 'clients', action);
      if (c) q = q.where(c);
    }
    if (filter.kind) q = q.where('clients.kind', '=', filter.kind);
    if (filter.responsibleId?.length) q = q.where('clients.responsible_id', 'in', filter.responsibleId);
    if (filter.q) {
      const like = `%${escapeLike(filter.q.toLowerCase())}%`;
      const digits = normalizeTaxId(filter.q);
      // Text that reads as a phone number also finds the clients with that phone.
      const phone =
        filter.q.replace(/\D/g, '').length >= 5
          ? normalizePhone(filter.q, await this.settings.phoneCountry()).e164
          : null;
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`lower(clients.name) like ${like} escape '\\'`,
          sql<boolean>`lower(clients.short_name) like ${like} escape '\\'`,
          ...(/^\d+$/.test(digits) ? [eb('clients.tax_id', 'like', `${digits}%`)] : []),
          ...(phone
            ? [
                eb(
                  'clients.id',
                  'in',
                  eb.selectFrom('client_phones').select('client_id').where('e164', '=', phone),
                ),
              ]
            : []),
        ]),
      );
    }
    if (filter.tag) {
      // Tags are a JSON array of strings: match one whole element, in any case.
      const element = `%${escapeLike(JSON.stringify(filter.tag.toLowerCase()))}%`;
      q = q.where(sql<boolean>`lower(clients.tags) like ${element} escape '\\'`);
    }
    if (cursor) q = q.where(afterCursor(sql.ref(column), 'clients.id', filter.order, cursor));
    const sortKey = { name: 'name', createdAt: 'created_at', updatedAt: 'updated_at' } as const;
    return cutPage(await q.execute(), limit, (r) => [r[sortKey[filter.sort]], r.id]);
  }

  private async listItems(rows: ClientRow[], db: Db = this.db): Promise<ClientListItem[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [phones, emails, names] = await Promise.all([
      db
        .selectFrom('client_phones')
        .select(['client_id', 'original'])
        .where('client_id', 'in', ids)
        .where('contact_id', 'is', null)
        .orderBy('sort_order', 'desc')
        .orderBy('id', 'desc')
        .execute(),
      db
        .selectFrom('client_emails')
        .select(['client_id', 'original'])
        .where('client_id', 'in', ids)
        .where('contact_id', 'is', null)
        .orderBy('sort_order', 'desc')
        .orderBy('id', 'desc')
        .execute(),
      this.services.users.briefByIds(
        rows.map((r) => r.responsible_id),
        db,
      ),
    ]);
    // Read in reverse, so the last one set per client is its first.
    const firstPhone = new Map(phones.map((p) => [p.client_id, p.original]));
    const firstEmail = new Map(emails.map((e) => [e.client_id, e.original]));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as ClientKind,
      name: r.name,
      shortName: r.short_name,
      taxId: r.tax_id,
      phone: firstPhone.get(r.id) ?? null,
      email: firstEmail.get(r.id) ?? null,
      responsible:
        r.responsible_id === null ? null : { id: r.responsible_id, name: names.get(r.responsible_id) ?? '' },
      tags: JSON.parse(r.tags) as string[],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  /**
   * Locks client rows until the transaction ends, in id order (two transactions locking the same
   * rows cannot deadlock), so concurrent saves of one card wait instead of losing an update.
   * PostgreSQL only: a SQLite transaction already excludes every other write.
   */
  private async lockRows(trx: Transaction<DB>, ids: number[]): Promise<void> {
    if (this.engine !== 'postgres') return;
    await trx.selectFrom('clients').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
  }

  /** Projects and events carry their client's name in their search entries: renamed, they follow. */
  private async reindexLinked(trx: Db, id: number, before: ClientState, after: ClientState): Promise<void> {
    if (before.name === after.name && before.shortName === after.shortName) return;
    await this.services.projects.reindexForClient(trx, id);
    await this.services.events.reindexForClient(trx, id);
  }

  /** A client with its contacts, phones and e-mails, deleted or not; null when missing. */
  private async load(db: Db, id: number): Promise<{ row: ClientRow; state: ClientState } | null> {
    const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const [contacts, phones, emails] = await Promise.all([
      db
        .selectFrom('client_contacts')
        .selectAll()
        .where('client_id', '=', id)
        .orderBy('sort_order')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('client_phones')
        .selectAll()
        .where('client_id', '=', id)
        .orderBy('sort_order')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('client_emails')
        .selectAll()
        .where('client_id', '=', id)
        .orderBy('sort_order')
        .orderBy('id')
        .execute(),
    ]);
    return { row, state: storedState(row, contacts, phones, emails) };
  }

  /**
   * The tax id to store: digits only, or null when empty. A value of the wrong shape is an
   * error; a wrong check digit too, unless the user confirmed it or it is the stored one.
   */
  private resolveTaxId(
    text: string | null,
    confirmed: boolean,
    stored: string | null,
    issues: FieldIssue[],
  ): string | null {
    if (text === null || text.trim() === '') return null;
    const check = checkTaxId(text);
    if (check.kind === 'malformed') issues.push({ path: 'taxId', code: 'tax_id_malformed' });
    else if (!check.checksumOk && !confirmed && check.normalized !== stored) {
      issues.push({ path: 'taxId', code: 'tax_id_checksum', params: { kind: check.kind } });
    }
    return check.normalized;
  }

  /** Saves the contact persons: ids kept are updated, new ones inserted, missing ones deleted. */
  private async writeContacts(
    trx: Db,
    clientId: number,
    before: ContactState[],
    after: ContactState[],
    now: string,
  ): Promise<void> {
    const kept = new Set(after.map((c) => c.id).filter((id) => id !== null));
    const gone = before.map((c) => c.id!).filter((id) => !kept.has(id));
    if (gone.length) await trx.deleteFrom('client_contacts').where('id', 'in', gone).execute();
    for (const [i, c] of after.entries()) {
      const values = { name: c.name, position: c.position, notes: c.notes, sort_order: i, updated_at: now };
      if (c.id !== null) {
        await trx.updateTable('client_contacts').set(values).where('id', '=', c.id).execute();
      } else {
        // One at a time: the id of each new contact is needed for its phones and e-mails.
        const row = await trx
          .insertInto('client_contacts')
          .values({ ...values, client_id: clientId, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        c.id = row.id;
      }
    }
  }

  /** Rewrites the phone and e-mail rows of a client and its contacts (all have ids by now). */
  private async writeChannels(trx: Db, clientId: number, state: ClientState): Promise<void> {
    await trx.deleteFrom('client_phones').where('client_id', '=', clientId).execute();
    await trx.deleteFrom('client_emails').where('client_id', '=', clientId).execute();
    const { phones, emails } = channelRows(clientId, state);
    for (let i = 0; i < phones.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('client_phones')
        .values(phones.slice(i, i + INSERT_CHUNK))
        .execute();
    }
    for (let i = 0; i < emails.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('client_emails')
        .values(emails.slice(i, i + INSERT_CHUNK))
        .execute();
    }
  }
}

/** A client as document changes report it: no number or status, named by its responsible. */
export function clientSnapshot(
  id: number,
  name: string,
  responsibleId: number | null,
  createdBy: number | null,
): DocumentSnapshot {
  return {
    docType: 'client',
    docId: id,
    number: '',
    title: name,
    people: {
      performerId: null,
      authorId: createdBy,
      controllerId: null,
      projectManagerId: null,
      responsibleId,
      participantIds: [],
    },
    typeCode: null,
    statusId: null,
    statusCode: null,
    isClosed: false,
    deadline: null,
    startsAt: null,
    clientId: id,
    projectId: null,
  };
}

/** The fields of a card a save changed, in API terms. */
export function changedFields(before: ClientState, after: ClientState): string[] {
  const view = (s: ClientState) => ({ kind: s.kind, ...historyView(s) });
  return changedKeys(view(before), view(after));
}

function phoneState(p: { number: string; kind: PhoneKind }, country: CountryCode): PhoneState {
  return { number: p.number, e164: normalizePhone(p.number, country).e164, kind: p.kind };
}

function contactState(
  c: CreateClientParsed['contacts'][number],
  id: number | null,
  country: CountryCode,
): ContactState {
  return {
    id,
    name: c.name,
    position: c.position,
    notes: c.notes,
    phones: c.phones.map((p) => phoneState(p, country)),
    emails: c.emails,
  };
}

/** The same tag typed twice (in any case) is kept once, as first typed. */
function uniqueTags(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const key = t.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

function contactUnknown(index: number, id: number): FieldIssue {
  return { path: `contacts.${index}.id`, code: 'contact_unknown', params: { id } };
}

function throwIssues(issues: FieldIssue[]): void {
  if (issues.length) throw new AppError(400, 'validation_failed', {}, { in: 'body', fields: issues });
}
