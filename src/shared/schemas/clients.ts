import { z } from 'zod';
import { isSupportedCountry } from 'libphonenumber-js';
import { clientKindSchema, idListQuery, pageOf, pageQuery, userBrief } from './card-files.js';
import { idSchema, requiredText, text, timestampSchema } from './common.js';
import { exportFormatQuery } from './exports.js';
import { calcIdFilter } from './calculations.js';

/** Картотека клиентов: organisations and persons with contact persons, phones and e-mails. */

export const PHONE_KINDS = ['work', 'mobile', 'home', 'fax', 'other'] as const;
export const phoneKindSchema = z.enum(PHONE_KINDS);
export type PhoneKind = z.infer<typeof phoneKindSchema>;

export const ADDRESS_KINDS = ['legal', 'actual', 'postal', 'other'] as const;
export const addressKindSchema = z.enum(ADDRESS_KINDS);
export type AddressKind = z.infer<typeof addressKindSchema>;

export const CLIENT_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export const clientSortSchema = z.enum(CLIENT_SORTS);
export type ClientSort = z.infer<typeof clientSortSchema>;

export const CLIENT_LIMITS = {
  name: 500,
  shortName: 200,
  taxId: 32,
  website: 500,
  notes: 100_000,
  contactNotes: 10_000,
  position: 200,
  address: 1000,
  tag: 50,
  tags: 50,
  contacts: 200,
  phones: 50,
  emails: 50,
  addresses: 20,
} as const;

/**
 * A phone as typed; the server keeps the text and adds E.164 when it is a valid number. Text
 * without a single digit is not a phone (an error); other unparseable text is kept (a warning).
 */
const phoneNumber = z.string().trim().min(1, 'required').max(100).regex(/\d/, 'phone_no_digit');
export const phoneInput = z.strictObject({
  number: phoneNumber,
  kind: phoneKindSchema.default('work'),
});
export type PhoneInput = z.input<typeof phoneInput>;

export const emailInput = z.string().trim().max(254).pipe(z.email('email_format'));

export const clientPhone = z.object({
  number: z.string().meta({ description: 'As typed' }),
  e164: z.string().nullable().meta({ description: 'E.164; null when the number could not be read' }),
  kind: phoneKindSchema,
});
export type ClientPhone = z.infer<typeof clientPhone>;

export const clientAddress = z.object({
  kind: addressKindSchema,
  text: requiredText(CLIENT_LIMITS.address),
});
export type ClientAddress = z.infer<typeof clientAddress>;

export const clientContact = z.object({
  id: z.number(),
  name: z.string(),
  position: z.string(),
  notes: z.string(),
  phones: z.array(clientPhone),
  emails: z.array(z.string()),
});
export type ClientContact = z.infer<typeof clientContact>;

export const TAX_ID_KINDS = ['edrpou', 'rnokpp', 'inn', 'rnokpp_or_inn'] as const;

export const client = z
  .object({
    id: z.number(),
    kind: clientKindSchema,
    name: z.string(),
    shortName: z.string(),
    taxId: z.string().nullable().meta({ description: 'Digits only' }),
    taxIdKind: z.enum(TAX_ID_KINDS).nullable(),
    taxIdChecksumOk: z
      .boolean()
      .nullable()
      .meta({ description: 'false: saved although its check digit is wrong' }),
    website: z.string(),
    addresses: z.array(clientAddress),
    tags: z.array(z.string()),
    notes: z.string(),
    responsible: userBrief.nullable(),
    phones: z.array(clientPhone),
    emails: z.array(z.string()),
    contacts: z.array(clientContact),
    mergedIntoId: z.number().nullable(),
    createdBy: userBrief.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Client' });
export type Client = z.infer<typeof client>;

const contactFields = {
  name: requiredText(CLIENT_LIMITS.name),
  position: text(CLIENT_LIMITS.position),
  notes: text(CLIENT_LIMITS.contactNotes),
  phones: z.array(phoneInput).max(20),
  emails: z.array(emailInput).max(20),
};

/** A contact person in a save: with `id` it changes that one, without it adds a new one. */
export const contactInput = z.strictObject({
  id: z.number().int().positive().optional(),
  name: contactFields.name,
  position: contactFields.position.default(''),
  notes: contactFields.notes.default(''),
  phones: contactFields.phones.default([]),
  emails: contactFields.emails.default([]),
});
export type ContactInput = z.input<typeof contactInput>;

const clientFields = {
  kind: clientKindSchema,
  name: requiredText(CLIENT_LIMITS.name),
  shortName: text(CLIENT_LIMITS.shortName),
  taxId: text(CLIENT_LIMITS.taxId).nullable(),
  phones: z.array(phoneInput).max(CLIENT_LIMITS.phones),
  emails: z.array(emailInput).max(CLIENT_LIMITS.emails),
  addresses: z.array(z.strictObject(clientAddress.shape)).max(CLIENT_LIMITS.addresses),
  website: text(CLIENT_LIMITS.website),
  responsibleId: idSchema.nullable(),
  tags: z.array(requiredText(CLIENT_LIMITS.tag)).max(CLIENT_LIMITS.tags),
  notes: text(CLIENT_LIMITS.notes),
  contacts: z.array(contactInput).max(CLIENT_LIMITS.contacts),
  confirmTaxId: z
    .boolean()
    .meta({ description: 'Save a tax id whose check digit is wrong (the user confirmed it)' }),
};

export const createClientRequest = z.strictObject({
  kind: clientFields.kind.default('organization'),
  name: clientFields.name,
  shortName: clientFields.shortName.default(''),
  taxId: clientFields.taxId.default(null),
  phones: clientFields.phones.default([]),
  emails: clientFields.emails.default([]),
  addresses: clientFields.addresses.default([]),
  website: clientFields.website.default(''),
  responsibleId: clientFields.responsibleId.default(null),
  tags: clientFields.tags.default([]),
  notes: clientFields.notes.default(''),
  contacts: clientFields.contacts.default([]),
  confirmTaxId: clientFields.confirmTaxId.default(false),
});
export type CreateClient = z.input<typeof createClientRequest>;
export type CreateClientParsed = z.output<typeof createClientRequest>;

/** Omitted fields keep their value; `contacts`, when given, is the whole new list. */
export const updateClientRequest = z.strictObject({
  kind: clientFields.kind.optional(),
  name: clientFields.name.optional(),
  shortName: clientFields.shortName.optional(),
  taxId: clientFields.taxId.optional(),
  phones: clientFields.phones.optional(),
  emails: clientFields.emails.optional(),
  addresses: clientFields.addresses.optional(),
  website: clientFields.website.optional(),
  responsibleId: clientFields.responsibleId.optional(),
  tags: clientFields.tags.optional(),
  notes: clientFields.notes.optional(),
  contacts: clientFields.contacts.optional(),
  confirmTaxId: clientFields.confirmTaxId.optional(),
});
export type UpdateClient = z.input<typeof updateClientRequest>;
export type UpdateClientParsed = z.output<typeof updateClientRequest>;

export const clientListItem = z
  .object({
    id: z.number(),
    kind: clientKindSchema,
    name: z.string(),
    shortName: z.string(),
    taxId: z.string().nullable(),
    phone: z.string().nullable().meta({ description: 'The first phone, as typed' }),
    email: z.string().nullable().meta({ description: 'The first e-mail' }),
    responsible: userBrief.nullable(),
    tags: z.array(z.string()),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'ClientListItem' });
export type ClientListItem = z.infer<typeof clientListItem>;
export const clientPage = pageOf(clientListItem);
export type ClientPage = z.infer<typeof clientPage>;

const clientFilter = {
  q: text(200)
    .optional()
    .meta({ description: 'Part of the name or short name (any case), the start of the tax id, or a phone' }),
  kind: clientKindSchema.optional(),
  responsibleId: idListQuery,
  tag: text(CLIENT_LIMITS.tag).optional(),
  sort: clientSortSchema.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
};
export const clientListQuery = z.strictObject({ ...pageQuery, ...clientFilter });
export type ClientListQuery = z.input<typeof clientListQuery>;
export type ClientFilter = Omit<z.output<typeof clientListQuery>, 'cursor' | 'limit'>;
export const clientExportQuery = z.strictObject({ ...exportFormatQuery, ...clientFilter });

/** Exact lookups: a phone in any format, a tax id (spaces ignored), an e-mail (any case). */
export const clientLookupQuery = z
  .strictObject({
    phone: text(100).optional(),
    taxId: text(CLIENT_LIMITS.taxId).optional(),
    email: text(254).optional(),
  })
  .refine((q) => Boolean(q.phone || q.taxId || q.email), { message: 'lookup_empty', path: ['phone'] });

/** What the form has typed so far; everything optional and lenient (it is checked on save). */
export const duplicatesRequest = z.strictObject({
  taxId: z.string().max(100).nullable().optional(),
  phones: z.array(z.string().max(100)).max(250).optional(),
  emails: z.array(z.string().max(254)).max(250).optional(),
  excludeId: z.number().int().positive().optional(),
});
export type DuplicatesRequest = z.input<typeof duplicatesRequest>;

export const DUPLICATE_MATCHES = ['taxId', 'phone', 'email'] as const;
export const clientDuplicate = z.object({
  id: z.number(),
  name: z.string(),
  taxId: z.string().nullable(),
  matchedBy: z.array(z.enum(DUPLICATE_MATCHES)),
});
export type ClientDuplicate = z.infer<typeof clientDuplicate>;

export const mergeClientsRequest = z.strictObject({
  sourceId: z.number().int().positive().meta({ description: 'The client that is merged into this one' }),
});

/** Настройка of the card files: the country of phone numbers written without a country code. */
export const cardFileSettings = z
  .object({
    defaultPhoneCountry: z.string().meta({ description: 'ISO 3166 alpha-2, e.g. UA' }),
    updatedAt: timestampSchema,
  })
  .meta({ id: 'CardFileSettings' });
export type CardFileSettings = z.infer<typeof cardFileSettings>;

export const updateCardFileSettingsRequest = z.strictObject({
  defaultPhoneCountry: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'phone_country')
    .refine((c) => isSupportedCountry(c), 'phone_country'),
});
export type UpdateCardFileSettings = z.input<typeof updateCardFileSettingsRequest>;

/** `find('clients', filter)` of a calculation (see ClientsService.calcFindWithin). */
export const clientCalcFilter = z.strictObject({
  ids: calcIdFilter,
  name: text(200).min(1, 'required').optional(),
  phone: phoneNumber.optional(),
  email: text(254).min(1, 'required').optional(),
  taxId: text(CLIENT_LIMITS.taxId).min(1, 'required').optional(),
});
