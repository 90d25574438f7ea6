import { Transaction, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { Viewer } from '../access/viewer.js';
import type { ClientKind } from '../../../shared/schemas/card-files.js';
import type { ClientAddress } from '../../../shared/schemas/clients.js';
import { normalizeSearchText } from '../search/search-text.js';
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
import { changedFields, clientSnapshot } from './clients.service.js';
import { updateChanges, wholeChanges } from '../document-changes/change-list.js';
import { groupBy } from '../../group-by.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface BulkContact {
  name: string;
  position: string;
  phones: PhoneState[];
  emails: string[];
}

/** How an imported client is recognised among the existing ones. */
export type BulkMatch =
  | { by: 'externalId'; value: string }
  | { by: 'taxId'; value: string }
  /**
   * The normalised name and the first phone (E.164, else as typed: `phoneIsE164` says which) or
   * e-mail (lower case), if any.
   */
  | { by: 'name'; name: string; phone: string | null; phoneIsE164: boolean; email: string | null };

/**
 * A client as an import file describes it (already validated like the clients API does). Fields
 * left `undefined` were not in the file and keep their stored value; lists add to what is stored.
 */
export interface BulkClient {
  match: BulkMatch;
  externalId: string | undefined;
  kind: ClientKind | undefined;
  name: string;
  shortName: string | undefined;
  taxId: string | undefined;
  website: string | undefined;
  notes: string | undefined;
  addresses: ClientAddress[];
  tags: string[];
  phones: PhoneState[];
  emails: string[];
  contacts: BulkContact[];
}

export interface BulkOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /**
   * Indexes (in the given list) of clients that match a stored client the viewer may read but not
   * change: left as they are, for the caller to report.
   */
  denied: number[];
}

/** The card as stored, with the external id that only the import sets. */
interface State extends ClientState {
  externalId: string | null;
}

/** Merges followed from a card to the live one it ended in. */
const MERGE_STEPS = 10;
/** Rows per multi-row statement and per `in (…)` list, under both engines' parameter limits. */
const CHUNK = 500;

const chunks = <T>(items: T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};

/**
 * Saves many clients at once for the import: finds which exist (by external id, tax id, or name and
 * first phone / e-mail), adds the new ones with multi-row inserts and updates the others, with their
 * contact persons, phones, e-mails, search entries and history, all in the caller's transaction.
 * The rows are written exactly as ClientsService writes them.
 */
export class ClientBulkWrite {
  constructor(private readonly services: Services) {}

  /**
   * With `dryRun` nothing is written: the outcome is what would happen. Clients the viewer may not
   * read are not matched (a new card is added, as if they did not exist: lookups and the duplicate
   * check hide them too). A client matching a readable one the viewer may not edit is not applied
   * (an import must not change what the card would not let them change), and is listed in `denied`.
   */
  async write(
    db: Db,
    clients: BulkClient[],
    opts: { userId: number | null; dryRun: boolean; viewer: Viewer },
  ): Promise<BulkOutcome> {
    const matched = await this.matchExisting(db, clients, opts.viewer);
    const editable = await this.editable(
      db,
      opts.viewer,
      matched.flatMap((m) => (m ? [m.id] : [])),
    );
    // Two file clients that are one stored client are applied to it one after the other.
    const byExisting = new Map<number, { client: BulkClient; merged: boolean }[]>();
    const fresh: BulkClient[] = [];
    const denied: number[] = [];
    clients.forEach((c, i) => {
      const match = matched[i];
      if (!match) fresh.push(c);
      else if (!editable.has(match.id)) denied.push(i);
      else
        byExisting.set(match.id, [...(byExisting.get(match.id) ?? []), { client: c, merged: match.merged }]);
    });
    const existing = await this.load(db, [...byExisting.keys()]);
    const changed: { id: number; before: State; after: State }[] = [];
    let unchanged = 0;
    for (const [id, list] of byExisting) {
      const before = existing.get(id)!;
      const after = list.reduce(
        (state, { client, merged }) => apply(state, merged ? additions(client, state) : client),
        before,
      );
      if (sameState(before, after)) unchanged++;
      else changed.push({ id, before, after });
    }
    const created = fresh.map((c) => apply(emptyState(), c));
    if (!opts.dryRun) {
      // The changes are reported in the saving transaction (the import opens one).
      if (!(db instanceof Transaction)) throw new Error('client import: writes need a transaction');
      await this.insert(db, created, opts.userId);
      await this.update(db, changed, opts.userId);
    }
    return { created: created.length, updated: changed.length, unchanged, denied };
  }

  /** The ids among `ids` (all readable) the viewer may edit. */
  private async editable(db: Db, viewer: Viewer, ids: number[]): Promise<Set<number>> {
    const condition = this.services.access.condition(viewer, 'clients', 'edit');
    if (!condition) return new Set(ids);
    const out = new Set<number>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await db
        .selectFrom('clients')
        .select('clients.id')
        .where('clients.id', 'in', part)
        .where(condition)
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  /**
   * The live client the viewer may read that each one matches, or null; `merged` when found by the
   * external id of a card since merged into that client.
   */
  private async matchExisting(
    db: Db,
    clients: BulkClient[],
    viewer: Viewer,
  ): Promise<({ id: number; merged: boolean } | null)[]> {
    const readable = this.services.access.condition(viewer, 'clients', 'read');
    const live = () => {
      const q = db.selectFrom('clients').where('clients.deleted_at', 'is', null);
      return readable ? q.where(readable) : q;
    };
    const first = (pairs: { key: string | null; id: number }[]) => {
      const map = new Map<string, number>();
      for (const p of pairs) if (p.key !== null && !map.has(p.key)) map.set(p.key, p.id);
      return map;
    };
    const values = (by: BulkMatch['by']) => [
      ...new Set(clients.flatMap((c) => (c.match.by === by && 'value' in c.match ? [c.match.value] : []))),
    ];

    const byExternal = new Map<string, number>();
    for (const part of chunks(values('externalId'))) {
      const rows = await live()
        .select(['id', 'external_id'])
        .where('external_id', 'in', part)
        .orderBy('id')
        .execute();
      for (const [k, v] of first(rows.map((r) => ({ key: r.external_id, id: r.id })))) byExternal.set(k, v);
    }
    const byMergedExternal = await this.mergedInto(
      db,
      values('externalId').filter((v) => !byExternal.has(v)),
    );
    if (readable) {
      const targets = await this.services.access.readableIds(
        viewer,
        'clients',
        [...byMergedExternal.values()],
        db,
      );
      for (const [key, id] of byMergedExternal) if (!targets.has(id)) byMergedExternal.delete(key);
    }
    const byTaxId = new Map<string, number>();
    for (const part of chunks(values('taxId'))) {
      const rows = await live().select(['id', 'tax_id']).where('tax_id', 'in', part).orderBy('id').execute();
      for (const [k, v] of first(rows.map((r) => ({ key: r.tax_id, id: r.id })))) byTaxId.set(k, v);
    }

    // By name: candidates share a phone, an e-mail or the exact name; the normalised names decide.
    const named = clients.flatMap((c) => (c.match.by === 'name' ? [c.match] : []));
    const candidates = new Map<number, { name: string; phones: Set<string>; emails: Set<string> }>();
    const addCandidates = async (ids: number[]) => {
      const missing = [...new Set(ids)].filter((id) => !candidates.has(id));
      for (const part of chunks(missing)) {
        const [rows, phones, emails] = await Promise.all([
          live().select(['id', 'name']).where('id', 'in', part).execute(),
          db
            .selectFrom('client_phones')
            .select(['client_id', 'e164', 'original'])
            .where('client_id', 'in', part)
            .where('contact_id', 'is', null)
            .execute(),
          db
            .selectFrom('client_emails')
            .select(['client_id', 'email'])
            .where('client_id', 'in', part)
            .where('contact_id', 'is', null)
            .execute(),
        ]);
        const phonesOf = groupBy(phones, (p) => p.client_id);
        const emailsOf = groupBy(emails, (e) => e.client_id);
        for (const r of rows) {
          candidates.set(r.id, {
            name: normalizeSearchText(r.name),
            phones: new Set((phonesOf.get(r.id) ?? []).map((p) => p.e164 ?? p.original)),
            emails: new Set((emailsOf.get(r.id) ?? []).map((e) => e.email)),
          });
        }
      }
    };
    // A stored phone is compared by its E.164 form, or as typed when it has none; so only keys
    // without an E.164 form are looked for as typed (one indexed `in` list per column, no `or`).
    for (const [column, isE164] of [
      ['e164', true],
      ['original', false],
    ] as const) {
      const keys = [...new Set(named.flatMap((m) => (m.phone && m.phoneIsE164 === isE164 ? [m.phone] : [])))];
      for (const part of chunks(keys)) {
        const rows = await db
          .selectFrom('client_phones')
          .select('client_id')
          .where(column, 'in', part)
          .where('contact_id', 'is', null)
          .execute();
        await addCandidates(rows.map((r) => r.client_id));
      }
    }
    const emailKeys = [...new Set(named.flatMap((m) => (m.email ? [m.email] : [])))];
    for (const part of chunks(emailKeys)) {
      const rows = await db
        .selectFrom('client_emails')
        .select('client_id')
        .where('email', 'in', part)
        .where('contact_id', 'is', null)
        .execute();
      await addCandidates(rows.map((r) => r.client_id));
    }
    const bare = clients.flatMap((c) =>
      c.match.by === 'name' && !c.match.phone && !c.match.email ? [c.name] : [],
    );
    for (const part of chunks([...new Set(bare)])) {
      const rows = await live().select('id').where('name', 'in', part).execute();
      await addCandidates(rows.map((r) => r.id));
    }
    const sortedCandidates = [...candidates.entries()].sort((a, b) => a[0] - b[0]);

    const found = (id: number | undefined, merged = false) => (id === undefined ? null : { id, merged });
    return clients.map((c) => {
      const m = c.match;
      if (m.by === 'externalId')
        return found(byExternal.get(m.value)) ?? found(byMergedExternal.get(m.value), true);
      if (m.by === 'taxId') return found(byTaxId.get(m.value));
      const hit = sortedCandidates.find(
        ([, cand]) =>
          cand.name === m.name &&
          (m.phone ? cand.phones.has(m.phone) : m.email ? cand.emails.has(m.email) : true),
      );
      return found(hit?.[0]);
    });
  }

  /**
   * External id → the live client that the deleted card carrying it was merged into (following
   * merges of merges), for the ids no live card carries.
   */
  private async mergedInto(db: Db, externalIds: string[]): Promise<Map<string, number>> {
    const pointsTo = new Map<string, number>();
    for (const part of chunks(externalIds)) {
      const rows = await db
        .selectFrom('clients')
        .select(['external_id', 'merged_into_id'])
        .where('external_id', 'in', part)
        .where('merged_into_id', 'is not', null)
        .orderBy('id')
        .execute();
      for (const r of rows)
        if (!pointsTo.has(r.external_id!)) pointsTo.set(r.external_id!, r.merged_into_id!);
    }
    const found = new Map<string, number>();
    // A merge chain is as long as the merges made one after another; a few steps end any real one.
    for (let step = 0; step < MERGE_STEPS && pointsTo.size; step++) {
      const next = new Map<number, { live: boolean; mergedInto: number | null }>();
      for (const part of chunks([...new Set(pointsTo.values())])) {
        const rows = await db
          .selectFrom('clients')
          .select(['id', 'deleted_at', 'merged_into_id'])
          .where('id', 'in', part)
          .execute();
        for (const r of rows) next.set(r.id, { live: r.deleted_at === null, mergedInto: r.merged_into_id });
      }
      for (const [key, id] of pointsTo) {
        const target = next.get(id);
        if (target?.live) found.set(key, id);
        if (target && !target.live && target.mergedInto !== null) pointsTo.set(key, target.mergedInto);
        else pointsTo.delete(key);
      }
    }
    return found;
  }

  private async load(db: Db, ids: number[]): Promise<Map<number, State>> {
    const states = new Map<number, State>();
    for (const part of chunks(ids)) {
      const [rows, contacts, phones, emails] = await Promise.all([
        db.selectFrom('clients').selectAll().where('id', 'in', part).execute(),
        db
          .selectFrom('client_contacts')
          .selectAll()
          .where('client_id', 'in', part)
          .orderBy('sort_order')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('client_phones')
          .selectAll()
          .where('client_id', 'in', part)
          .orderBy('sort_order')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('client_emails')
          .selectAll()
          .where('client_id', 'in', part)
          .orderBy('sort_order')
          .orderBy('id')
          .execute(),
      ]);
      const phonesOf = groupBy(phones, (p) => p.client_id);
      const emailsOf = groupBy(emails, (e) => e.client_id);
      const contactsOf = groupBy(contacts, (c) => c.client_id);
      for (const row of rows) {
        states.set(row.id, {
          ...storedState(
            row,
            contactsOf.get(row.id) ?? [],
            phonesOf.get(row.id) ?? [],
            emailsOf.get(row.id) ?? [],
          ),
          externalId: row.external_id,
        });
      }
    }
    return states;
  }

  private async insert(db: Transaction<DB>, states: State[], userId: number | null): Promise<void> {
    if (!states.length) return;
    const now = new Date().toISOString();
    const ids: number[] = [];
    for (const part of chunks(states)) {
      const rows = await db
        .insertInto('clients')
        .values(part.map((s) => ({ ...columns(s), created_by: userId, created_at: now, updated_at: now })))
        .returning('id')
        .execute();
      // Both engines number the rows of one insert in their order.
      ids.push(...rows.map((r) => r.id).sort((a, b) => a - b));
    }
    await this.insertContacts(
      db,
      states.flatMap((s, i) => s.contacts.map((c, order) => ({ clientId: ids[i]!, contact: c, order }))),
      now,
    );
    await this.insertChannels(
      db,
      states.map((s, i) => ({ id: ids[i]!, state: s })),
    );
    await this.services.history.recordCreated(db, 'client', ids, userId);
    await this.services.search.indexMany(
      db,
      states.map((s, i) => searchDocument(ids[i]!, s)),
    );
    await this.services.documentChanges.recordWithin(
      db,
      wholeChanges(
        'created',
        states.map((s, i) => clientSnapshot(ids[i]!, s.name, s.responsibleId, userId)),
        userId,
      ),
    );
  }

  private async update(
    db: Transaction<DB>,
    changed: { id: number; before: State; after: State }[],
    userId: number | null,
  ): Promise<void> {
    if (!changed.length) return;
    const snapshots = await this.services.clients.snapshotsWithin(
      db,
      changed.map((c) => c.id),
    );
    const now = new Date().toISOString();
    for (const { id, after } of changed) {
      await db
        .updateTable('clients')
        .set({ ...columns(after), updated_at: now })
        .where('id', '=', id)
        .execute();
      for (const [order, c] of after.contacts.entries()) {
        if (c.id !== null) {
          await db
            .updateTable('client_contacts')
            .set({ position: c.position, sort_order: order, updated_at: now })
            .where('id', '=', c.id)
            .execute();
        }
      }
    }
    await this.insertContacts(
      db,
      changed.flatMap(({ id, after }) =>
        after.contacts.flatMap((c, order) => (c.id === null ? [{ clientId: id, contact: c, order }] : [])),
      ),
      now,
    );
    const ids = changed.map((c) => c.id);
    for (const part of chunks(ids)) {
      await db.deleteFrom('client_phones').where('client_id', 'in', part).execute();
      await db.deleteFrom('client_emails').where('client_id', 'in', part).execute();
    }
    await this.insertChannels(
      db,
      changed.map(({ id, after }) => ({ id, state: after })),
    );
    await this.services.history.recordChanged(
      db,
      'client',
      userId,
      changed.map(({ id, before, after }) => ({
        docId: id,
        before: historyView(before),
        after: historyView(after),
      })),
    );
    await this.services.search.indexMany(
      db,
      changed.map(({ id, after }) => searchDocument(id, after)),
    );
    // The card after the save: the name and the responsible are all a snapshot takes from it.
    const byId = new Map(changed.map((c) => [c.id, c]));
    const after = snapshots.map((s) => {
      const { after: state } = byId.get(s.docId)!;
      return { ...s, title: state.name, people: { ...s.people, responsibleId: state.responsibleId } };
    });
    await this.services.documentChanges.recordWithin(
      db,
      updateChanges(snapshots, after, userId, (id) =>
        changedFields(byId.get(id)!.before, byId.get(id)!.after),
      ),
    );
  }

  /** Inserts contact persons and gives each its new id. */
  private async insertContacts(
    db: Db,
    items: { clientId: number; contact: ContactState; order: number }[],
    now: string,
  ): Promise<void> {
    for (const part of chunks(items)) {
      const rows = await db
        .insertInto('client_contacts')
        .values(
          part.map(({ clientId, contact, order }) => ({
            client_id: clientId,
            name: contact.name,
            position: contact.position,
            notes: contact.notes,
            sort_order: order,
            created_at: now,
            updated_at: now,
          })),
        )
        .returning('id')
        .execute();
      const ids = rows.map((r) => r.id).sort((a, b) => a - b);
      part.forEach((item, i) => (item.contact.id = ids[i]!));
    }
  }

  private async insertChannels(db: Db, clients: { id: number; state: State }[]): Promise<void> {
    const rows = clients.map(({ id, state }) => channelRows(id, state));
    const phones = rows.flatMap((r) => r.phones);
    const emails = rows.flatMap((r) => r.emails);
    for (const part of chunks(phones)) await db.insertInto('client_phones').values(part).execute();
    for (const part of chunks(emails)) await db.insertInto('client_emails').values(part).execute();
  }
}

function emptyState(): State {
  return {
    externalId: null,
    kind: 'organization',
    name: '',
    shortName: '',
    taxId: null,
    website: '',
    addresses: [],
    tags: [],
    notes: '',
    responsibleId: null,
    phones: [],
    emails: [],
    contacts: [],
  };
}

const phoneKey = (p: PhoneState) => p.e164 ?? p.number;
const contactKey = (name: string) => normalizeSearchText(name);

function addPhones(to: PhoneState[], from: PhoneState[]): PhoneState[] {
  const have = new Set(to.map(phoneKey));
  const out = [...to];
  for (const p of from) {
    if (have.has(phoneKey(p))) continue;
    have.add(phoneKey(p));
    out.push(p);
  }
  return out;
}

function addEmails(to: string[], from: string[]): string[] {
  const have = new Set(to.map(normalizeEmail));
  const out = [...to];
  for (const e of from) {
    if (have.has(normalizeEmail(e))) continue;
    have.add(normalizeEmail(e));
    out.push(e);
  }
  return out;
}

/**
 * The card after an import row: given values replace the stored ones, phones, e-mails, tags,
 * addresses and contact persons (same name = same person) are added when missing; nothing is
 * removed.
 */
function apply(state: State, c: BulkClient): State {
  const tags = [...state.tags];
  const tagKeys = new Set(tags.map((t) => t.toLowerCase()));
  for (const t of c.tags) {
    if (!tagKeys.has(t.toLowerCase())) {
      tagKeys.add(t.toLowerCase());
      tags.push(t);
    }
  }
  const contacts = state.contacts.map((x) => ({ ...x }));
  for (const contact of c.contacts) {
    const same = contacts.find((x) => contactKey(x.name) === contactKey(contact.name));
    if (!same) {
      contacts.push({ id: null, notes: '', ...contact });
      continue;
    }
    if (contact.position) same.position = contact.position;
    same.phones = addPhones(same.phones, contact.phones);
    same.emails = addEmails(same.emails, contact.emails);
  }
  return {
    ...state,
    externalId: c.externalId ?? state.externalId,
    kind: c.kind ?? state.kind,
    name: c.name,
    shortName: c.shortName ?? state.shortName,
    taxId: c.taxId ?? state.taxId,
    website: c.website ?? state.website,
    notes: c.notes ?? state.notes,
    addresses: [
      ...state.addresses,
      ...c.addresses.filter(
        (a, i) =>
          !state.addresses.some((b) => b.kind === a.kind && b.text === a.text) &&
          c.addresses.findIndex((b) => b.kind === a.kind && b.text === a.text) === i,
      ),
    ],
    tags,
    phones: addPhones(state.phones, c.phones),
    emails: addEmails(state.emails, c.emails),
    contacts,
  };
}

/**
 * What a row of a card merged into another adds to that card: its phones, e-mails, tags, addresses
 * and contact persons. The name, requisites and external id stay those the card has.
 */
function additions(c: BulkClient, state: State): BulkClient {
  return {
    ...c,
    name: state.name,
    externalId: undefined,
    kind: undefined,
    shortName: undefined,
    taxId: undefined,
    website: undefined,
    notes: undefined,
  };
}

function sameState(a: State, b: State): boolean {
  const phones = (list: PhoneState[]) => list.map((p) => [p.number, p.e164, p.kind]);
  const view = (s: State) =>
    JSON.stringify({
      ...s,
      phones: phones(s.phones),
      contacts: s.contacts.map((c) => ({ ...c, id: null, phones: phones(c.phones) })),
    });
  return view(a) === view(b);
}

function columns(s: State) {
  return { ...clientColumns(s), external_id: s.externalId };
}
