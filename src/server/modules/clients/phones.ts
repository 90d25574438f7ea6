import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A phone as stored: the text the user typed, and E.164 when it is a valid number. */
export interface NormalizedPhone {
  e164: string | null;
  original: string;
}

/**
 * Normalises a phone written in any form ('+380 44 123-45-67', '044 123 45 67', '380441234567');
 * numbers without a country code are read as `defaultCountry`'s. A number that is not valid keeps
 * e164 null: it is stored as typed and found only by that text.
 */
export function normalizePhone(text: string, defaultCountry: CountryCode): NormalizedPhone {
  const original = text.trim();
  const parsed = parsePhoneNumberFromString(original, defaultCountry);
  return { e164: parsed?.isValid() ? parsed.number : null, original };
}

/**
 * Every form a phone is found by in the global search: as typed, E.164, its digits without '+'
 * and the national number (so '0441234567' and '441234567' find it too).
 */
export function phoneSearchTerms(phone: NormalizedPhone): string[] {
  const terms = [phone.original];
  if (phone.e164) {
    terms.push(phone.e164, phone.e164.slice(1));
    const parsed = parsePhoneNumberFromString(phone.e164);
    if (parsed) {
      terms.push(parsed.nationalNumber);
      const national = parsed.formatNational().replace(/\D/g, '');
      if (national !== parsed.nationalNumber) terms.push(national);
    }
  }
  return terms;
}
