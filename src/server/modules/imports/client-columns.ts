import { fieldProblem } from '../../http/errors.js';
import { IMPORT_FIELDS, type ImportField, type ImportMapping } from '../../../shared/schemas/imports.js';

/** A column's header as compared: lower case, ё → е, punctuation as spaces. */
export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Headers each field is recognised by, in Russian, Ukrainian and English (already normalised). */
const SYNONYMS: Record<ImportField, string[]> = {
  externalId: [
    'код',
    'внешний код',
    'код клиента',
    'зовнішній код',
    'код клієнта',
    'code',
    'external id',
    'external code',
    'externalid',
    'client code',
  ],
  kind: [
    'вид',
    'тип',
    'вид клиента',
    'тип клиента',
    'вид клієнта',
    'тип клієнта',
    'kind',
    'type',
    'client type',
  ],
  name: [
    'наименование',
    'название',
    'наименование клиента',
    'клиент',
    'организация',
    'компания',
    'найменування',
    'назва',
    'клієнт',
    'організація',
    'компанія',
    'name',
    'client',
    'client name',
    'company',
    'organization',
    'organisation',
  ],
  shortName: [
    'краткое наименование',
    'краткое название',
    'коротке найменування',
    'коротка назва',
    'short name',
  ],
  taxId: [
    'инн',
    'едрпоу',
    'єдрпоу',
    'код едрпоу',
    'код єдрпоу',
    'рнокпп',
    'іпн',
    'ипн',
    'єдрпоу инн',
    'єдрпоу іпн',
    'едрпоу инн',
    'tax id',
    'taxid',
    'tin',
    'vat',
    'edrpou',
    'inn',
  ],
  phones: ['телефон', 'телефоны', 'тел', 'телефони', 'phone', 'phones', 'telephone', 'tel'],
  emails: [
    'e mail',
    'email',
    'e mails',
    'emails',
    'эл почта',
    'электронная почта',
    'ел пошта',
    'електронна пошта',
    'mail',
  ],
  address: [
    'адрес',
    'фактический адрес',
    'адреса',
    'фактична адреса',
    'address',
    'actual address',
    'postal address',
  ],
  legalAddress: ['юридический адрес', 'юр адрес', 'юридична адреса', 'юр адреса', 'legal address'],
  website: ['сайт', 'веб сайт', 'вебсайт', 'website', 'web site', 'web', 'www', 'url', 'site'],
  tags: ['теги', 'тег', 'метки', 'метка', 'мітки', 'мітка', 'tags', 'tag', 'labels'],
  notes: [
    'примечание',
    'примечания',
    'комментарий',
    'примітка',
    'примітки',
    'коментар',
    'notes',
    'note',
    'comment',
    'comments',
  ],
  contactName: [
    'контактное лицо',
    'контакт',
    'фио контакта',
    'контактна особа',
    'піб контакту',
    'contact',
    'contact person',
    'contact name',
  ],
  contactPosition: [
    'должность',
    'должность контакта',
    'посада',
    'посада контакту',
    'position',
    'job title',
    'contact position',
  ],
  contactPhones: [
    'телефон контакта',
    'телефон контактного лица',
    'телефон контакту',
    'телефон контактної особи',
    'contact phone',
    'contact phones',
  ],
  contactEmails: [
    'e mail контакта',
    'email контакта',
    'e mail контактного лица',
    'e mail контакту',
    'email контакту',
    'e mail контактної особи',
    'contact e mail',
    'contact email',
  ],
};

/** Synonyms this long may also start a longer header ("Телефон (основной)"); "код" may not. */
const PREFIX_MIN = 5;

/**
 * The mapping suggested for a file's headers: a header equal to a known name first, then one
 * starting with it; each column is used for one field at most.
 */
export function suggestMapping(header: string[]): Partial<Record<ImportField, number>> {
  const normalized = header.map(normalizeHeader);
  const used = new Set<number>();
  const mapping: Partial<Record<ImportField, number>> = {};
  const pass = (matches: (h: string, synonym: string) => boolean) => {
    for (const field of IMPORT_FIELDS) {
      if (mapping[field] !== undefined) continue;
      for (const synonym of SYNONYMS[field]) {
        const at = normalized.findIndex((h, i) => !used.has(i) && h !== '' && matches(h, synonym));
        if (at !== -1) {
          mapping[field] = at;
          used.add(at);
          break;
        }
      }
    }
  };
  pass((h, s) => h === s);
  pass((h, s) => s.length >= PREFIX_MIN && h.startsWith(`${s} `));
  return mapping;
}

/**
 * The column of each mapped field: a number is the column (from 0), text is a header (compared
 * like the suggestion). A column that does not exist is a field error on `mapping.<field>`.
 */
export function resolveMapping(
  mapping: ImportMapping,
  header: string[],
): Partial<Record<ImportField, number>> {
  const normalized = header.map(normalizeHeader);
  const resolved: Partial<Record<ImportField, number>> = {};
  for (const field of IMPORT_FIELDS) {
    const target = mapping[field];
    if (target === undefined) continue;
    const at = typeof target === 'number' ? target : normalized.indexOf(normalizeHeader(target));
    if (at < 0 || at >= header.length) {
      throw fieldProblem(`mapping.${field}`, 'import_column_unknown', { column: String(target) });
    }
    resolved[field] = at;
  }
  if (resolved.name === undefined) throw fieldProblem('mapping.name', 'import_name_unmapped');
  return resolved;
}
