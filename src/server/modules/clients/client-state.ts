import type { Insertable, Selectable } from 'kysely';
import type {
  ClientContactsTable,
  ClientEmailsTable,
  ClientPhonesTable,
  ClientsTable,
} from '../../db/schema.js';
import type { ClientKind } from '../../../shared/schemas/card-files.js';
import type { ClientAddress, PhoneKind } from '../../../shared/schemas/clients.js';
import type { SearchDocument } from '../search/search.service.js';
import { phoneSearchTerms } from './phones.js';

export interface PhoneState {
  number: string;
  e164: string | null;
  kind: PhoneKind;
  /** The search terms of the phone when already known (readPhone); else they are worked out. */
  terms?: string[];
}
export interface ContactState {
  /** null for a contact person that is being added. */
  id: number | null;
  name: string;
  position: string;
  notes: string;
  phones: PhoneState[];
  emails: string[];
}
/**
 * Everything a client card holds that a save can change, in the one shape the clients service and
 * the import's bulk writer save, compare, record in history and index.
 */
export interface ClientState {
  kind: ClientKind;
  name: string;
  shortName: string;
  taxId: string | null;
  website: string;
  addresses: ClientAddress[];
  tags: string[];
  notes: string;
  responsibleId: number | null;
  phones: PhoneState[];
  emails: string[];
  contacts: ContactState[];
}

/** An e-mail as compared and looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The state of a stored client from its rows: its contacts, phones and e-mails, each in order. */
export function storedState(
  row: Selectable<ClientsTable>,
  contacts: Selectable<ClientContactsTable>[],
  phones: Selectable<ClientPhonesTable>[],
  emails: Selectable<ClientEmailsTable>[],
): ClientState {
  const phonesOf = (contactId: number | null) =>
    phones
      .filter((p) => p.contact_id === contactId)
      .map((p) => ({ number: p.original, e164: p.e164, kind: p.kind as PhoneKind }));
  const emailsOf = (contactId: number | null) =>
    emails.filter((e) => e.contact_id === contactId).map((e) => e.original);
  return {
    kind: row.kind as ClientKind,
    name: row.name,
    shortName: row.short_name,
    taxId: row.tax_id,
    website: row.website,
    addresses: JSON.parse(row.addresses) as ClientAddress[],
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    responsibleId: row.responsible_id,
    phones: phonesOf(null),
    emails: emailsOf(null),
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      position: c.position,
      notes: c.notes,
      phones: phonesOf(c.id),
      emails: emailsOf(c.id),
    })),
  };
}

/** The `clients` columns a save writes. */
export function clientColumns(s: ClientState) {
  return {
    kind: s.kind,
    name: s.name,
    short_name: s.shortName,
    tax_id: s.taxId,
    website: s.website,
    addresses: JSON.stringify(s.addresses),
    tags: JSON.stringify(s.tags),
    notes: s.notes,
    responsible_id: s.responsibleId,
  };
}

/** The phone and e-mail rows of a client and its contacts (all of them have ids by now). */
export function channelRows(
  clientId: number,
  s: ClientState,
): { phones: Insertable<ClientPhonesTable>[]; emails: Insertable<ClientEmailsTable>[] } {
  const owners = [
    { contactId: null as number | null, phones: s.phones, emails: s.emails },
    ...s.contacts.map((c) => ({ contactId: c.id, phones: c.phones, emails: c.emails })),
  ];
  return {
    phones: owners.flatMap((o) =>
      o.phones.map((p, i) => ({
        client_id: clientId,
        contact_id: o.contactId,
        e164: p.e164,
        original: p.number,
        kind: p.kind,
        sort_order: i,
      })),
    ),
    emails: owners.flatMap((o) =>
      o.emails.map((e, i) => ({
        client_id: clientId,
        contact_id: o.contactId,
        email: normalizeEmail(e),
        original: e,
        sort_order: i,
      })),
    ),
  };
}

/** The fields history compares, named as in shared/history-fields.ts. */
export function historyView(s: ClientState): Record<string, unknown> {
  return {
    name: s.name,
    shortName: s.shortName,
    taxId: s.taxId,
    phones: s.phones.map((p) => p.number),
    emails: s.emails,
    addresses: s.addresses,
    website: s.website,
    responsibleId: s.responsibleId,
    tags: s.tags,
    notes: s.notes,
    contacts: s.contacts.map((c) => ({
      name: c.name,
      position: c.position,
      phones: c.phones.map((p) => p.number),
      emails: c.emails,
    })),
  };
}

/** The search entry of a client. */
export function searchDocument(id: number, s: ClientState): SearchDocument {
  const phoneTerms = (phones: PhoneState[]) =>
    phones.flatMap((p) => p.terms ?? phoneSearchTerms({ original: p.number, e164: p.e164 }));
  return {
    docType: 'client',
    docId: id,
    title: s.name,
    subtitle: [s.taxId, s.shortName].filter(Boolean).join(' · '),
    terms: [
      s.shortName,
      s.taxId,
      ...phoneTerms(s.phones),
      ...s.emails,
      ...s.contacts.flatMap((c) => [c.name, c.position, ...phoneTerms(c.phones), ...c.emails]),
      ...s.tags,
    ],
  };
}
