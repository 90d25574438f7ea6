import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js';
import type { PhoneKind } from '../../../shared/schemas/clients.js';

/** A phone as stored: the text the user typed, and E.164 when it is a valid number. */
export interface NormalizedPhone {
  e164: string | null;
  original: string;
}

/** The text trimmed, and the number it reads as when that is valid. */
function parseValid(text: string, defaultCountry: CountryCode): { original: string; valid?: PhoneNumber } {
  const original = text.trim();
  const parsed = parsePhoneNumberFromString(original, defaultCountry);
  return parsed?.isValid() ? { original, valid: parsed } : { original };
}

/**
 * Normalises a phone written in any form ('+380 44 123-45-67', '044 123 45 67', '380441234567');
 * numbers without a country code are read as `defaultCountry`'s. A number that is not valid keeps
 * e164 null: it is stored as typed and found only by that text.
 */
export function normalizePhone(text: string, defaultCountry: CountryCode): NormalizedPhone {
  const { original, valid } = parseValid(text, defaultCountry);
  return { e164: valid?.number ?? null, original };
}

/** The search terms of a phone, given the parsed form of its E.164 number. */
function searchTerms(phone: NormalizedPhone, parsed: PhoneNumber | undefined): string[] {
  const terms = [phone.original];
  if (phone.e164) {
    terms.push(phone.e164, phone.e164.slice(1));
    if (parsed) {
      terms.push(parsed.nationalNumber);
      const national = parsed.formatNational().replace(/\D/g, '');
      if (national !== parsed.nationalNumber) terms.push(national);
    }
  }
  return terms;
}

/**
 * Every form a phone is found by in the global search: as typed, E.164, its digits without '+'
 * and the national number (so '0441234567' and '441234567' find it too).
 */
export function phoneSearchTerms(phone: NormalizedPhone): string[] {
  return searchTerms(phone, phone.e164 ? parsePhoneNumberFromString(phone.e164) : undefined);
}

/**
 * A typed phone as normalizePhone stores it, with its search terms, read with one parse instead of
 * two: the import reads tens of thousands of them. The national forms come from the typed number's
 * parse rather than its E.164's, so for rare numbers (Belarusian '081234 56789') they differ from
 * phoneSearchTerms'; the clients API keeps phoneSearchTerms.
 */
export function readPhone(
  p: { number: string; kind: PhoneKind },
  defaultCountry: CountryCode,
): { number: string; e164: string | null; kind: PhoneKind; terms: string[] } {
  const { original, valid } = parseValid(p.number, defaultCountry);
  const e164 = valid?.number ?? null;
  return { number: original, e164, kind: p.kind, terms: searchTerms({ e164, original }, valid) };
}
