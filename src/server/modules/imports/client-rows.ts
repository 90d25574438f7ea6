import type { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import type { Locale } from '../../../shared/locale.js';
import type { ClientKind } from '../../../shared/schemas/card-files.js';
import { createClientRequest, type CreateClient } from '../../../shared/schemas/clients.js';
import type { ImportField, ImportProblem } from '../../../shared/schemas/imports.js';
import { translateIssue } from '../../http/errors.js';
import { fieldMessages, format, type FieldMessageKey } from '../../http/messages.js';
import { checkTaxId } from '../clients/tax-id.js';
import { readPhone } from '../clients/phones.js';
import { normalizeEmail } from '../clients/client-state.js';
import type { BulkClient, BulkMatch } from '../clients/client-bulk-write.js';
import { normalizeSearchText } from '../search/search-text.js';
import type { TableRow } from './table-file.js';

export type Columns = Partial<Record<ImportField, number>>;

export interface RowContext {
  columns: Columns;
  header: string[];
  country: CountryCode;
  locale: Locale;
}

export type ParsedRow =
  | { line: number; client: BulkClient; warnings: ImportProblem[] }
  | { line: number; client: null; problems: ImportProblem[] };

/** Values that name a kind of client, by how they begin (any case). */
const PERSON = ['физ', 'фіз', 'фоп', 'чл', 'ип', 'pers', 'indiv', 'private'];
const ORGANIZATION = ['орг', 'юр', 'ооо', 'тов', 'org', 'comp', 'legal', 'firm'];

function parseKind(value: string): ClientKind | null {
  const v = value.toLowerCase();
  if (PERSON.some((p) => v.startsWith(p)) || v === 'person') return 'person';
  if (ORGANIZATION.some((p) => v.startsWith(p))) return 'organization';
  return null;
}

const splitList = (value: string, separators: RegExp) =>
  value
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
const phonesOf = (v: string) => splitList(v, /[,;\n]/);
const emailsOf = (v: string) => splitList(v, /[,;\s]+/);
const tagsOf = (v: string) => splitList(v, /[,;\n]/);

/**
 * ЄДРПОУ codes begin with zeros that spreadsheets drop from numbers ("32129" for 00032129):
 * five to seven digits are padded back to eight.
 */
function restoreTaxId(value: string): string {
  const digits = value.replace(/\s+/g, '');
  return /^\d{5,7}$/.test(digits) ? digits.padStart(8, '0') : value;
}

/**
 * Reads one row into a client, checked exactly as POST /api/v1/clients checks it. Problems name the
 * import field and its column; a tax id with a wrong check digit is imported with a warning (the
 * API saves it when the user confirms; a file cannot ask), a malformed one rejects the row.
 */
export function parseRow(row: TableRow, ctx: RowContext): ParsedRow {
  const get = (field: ImportField): string => {
    const at = ctx.columns[field];
    return at === undefined ? '' : (row.cells[at] ?? '');
  };
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const problem = (field: ImportField, code: string, message: string) => ({
    field,
    column: ctx.columns[field] === undefined ? null : (ctx.header[ctx.columns[field]] ?? null),
    code,
    message,
  });
  const fieldMessage = (code: FieldMessageKey, params?: Record<string, unknown>) =>
    format(fieldMessages[code][ctx.locale], params);

  let kind: ClientKind | undefined;
  if (get('kind')) {
    const parsed = parseKind(get('kind'));
    if (parsed) kind = parsed;
    else
      problems.push(
        problem('kind', 'import_kind_unknown', fieldMessage('import_kind_unknown', { value: get('kind') })),
      );
  }
  const taxIdText = get('taxId') ? restoreTaxId(get('taxId')) : '';
  const contactGiven = ['contactName', 'contactPosition', 'contactPhones', 'contactEmails'].some(
    (f) => get(f as ImportField) !== '',
  );
  if (contactGiven && !get('contactName')) {
    problems.push(
      problem('contactName', 'import_contact_name_required', fieldMessage('import_contact_name_required')),
    );
  }
  const addresses = [
    ...(get('legalAddress') ? [{ kind: 'legal' as const, text: get('legalAddress') }] : []),
    ...(get('address') ? [{ kind: 'actual' as const, text: get('address') }] : []),
  ];
  const input: CreateClient = {
    kind: kind ?? 'organization',
    name: get('name'),
    shortName: get('shortName'),
    taxId: taxIdText || null,
    phones: phonesOf(get('phones')).map((number) => ({ number, kind: 'work' as const })),
    emails: emailsOf(get('emails')),
    addresses,
    website: get('website'),
    tags: tagsOf(get('tags')),
    notes: get('notes'),
    contacts:
      contactGiven && get('contactName')
        ? [
            {
              name: get('contactName'),
              position: get('contactPosition'),
              phones: phonesOf(get('contactPhones')).map((number) => ({ number, kind: 'work' as const })),
              emails: emailsOf(get('contactEmails')),
            },
          ]
        : [],
    confirmTaxId: true,
  };
  const parsed = createClientRequest.safeParse(input);
  if (!parsed.success) {
    // Parsed again for the messages: reporting inputs takes Zod off its fast path for every row.
    const issues = createClientRequest.safeParse(input, { reportInput: true }).error?.issues ?? [];
    for (const issue of issues) {
      const field = fieldOfPath(issue.path, addresses);
      for (const e of translateIssue(issue, ctx.locale)) problems.push(problem(field, e.code, e.message));
    }
  }
  let taxId: string | undefined;
  if (taxIdText) {
    const check = checkTaxId(taxIdText);
    if (check.kind === 'malformed') {
      problems.push(problem('taxId', 'tax_id_malformed', fieldMessage('tax_id_malformed')));
    } else {
      taxId = check.normalized;
      if (!check.checksumOk)
        warnings.push(problem('taxId', 'tax_id_checksum', fieldMessage('tax_id_checksum')));
    }
  }
  if (problems.length || !parsed.success) {
    // In the order of the file's columns, as the user reads the row.
    const at = (p: ImportProblem) => (p.field === null ? Infinity : (ctx.columns[p.field] ?? Infinity));
    return { line: row.line, client: null, problems: problems.sort((a, b) => at(a) - at(b)) };
  }

  const c = parsed.data;
  const phones = c.phones.map((p) => readPhone(p, ctx.country));
  const optional = (field: ImportField, value: string) => (get(field) ? value : undefined);
  const client: BulkClient = {
    match: matchOf(get('externalId'), taxId, c.name, phones, c.emails),
    externalId: get('externalId') || undefined,
    kind,
    name: c.name,
    shortName: optional('shortName', c.shortName),
    taxId,
    website: optional('website', c.website),
    notes: optional('notes', c.notes),
    addresses: c.addresses,
    tags: c.tags,
    phones,
    emails: c.emails,
    contacts: c.contacts.map((x) => ({
      name: x.name,
      position: x.position,
      phones: x.phones.map((p) => readPhone(p, ctx.country)),
      emails: x.emails,
    })),
  };
  return { line: row.line, client, warnings };
}

/** External id, else tax id, else the name with the first phone or e-mail. */
function matchOf(
  externalId: string,
  taxId: string | undefined,
  name: string,
  phones: { number: string; e164: string | null }[],
  emails: string[],
): BulkMatch {
  if (externalId) return { by: 'externalId', value: externalId };
  if (taxId) return { by: 'taxId', value: taxId };
  const phone = phones[0] ? (phones[0].e164 ?? phones[0].number) : null;
  const email = phone === null && emails[0] ? normalizeEmail(emails[0]) : null;
  return { by: 'name', name: normalizeSearchText(name), phone, phoneIsE164: !!phones[0]?.e164, email };
}

/** Which import field a Zod issue of the client request is about. */
function fieldOfPath(path: z.core.$ZodIssue['path'], addresses: { kind: string }[]): ImportField {
  const [head, index, sub] = path;
  switch (head) {
    case 'addresses':
      return addresses[Number(index)]?.kind === 'legal' ? 'legalAddress' : 'address';
    case 'contacts':
      if (sub === 'phones') return 'contactPhones';
      if (sub === 'emails') return 'contactEmails';
      if (sub === 'position') return 'contactPosition';
      return 'contactName';
    case 'kind':
    case 'name':
    case 'shortName':
    case 'taxId':
    case 'phones':
    case 'emails':
    case 'website':
    case 'tags':
    case 'notes':
      return head;
    default:
      return 'name';
  }
}

/** The key rows of one client share within a file (several rows = several contact persons). */
export function groupKey(m: BulkMatch): string {
  if (m.by === 'externalId') return `e:${m.value}`;
  if (m.by === 'taxId') return `t:${m.value}`;
  return `n:${m.name}|${m.phone ?? m.email ?? ''}`;
}
