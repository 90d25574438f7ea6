import { MAIL_PLACEHOLDERS } from '../../../shared/schemas/mail.js';

export type Placeholder = (typeof MAIL_PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

const KNOWN = new Set<string>(MAIL_PLACEHOLDERS);
/** `{{client.name}}`, blanks inside the braces allowed. */
const PLACEHOLDER = /\{\{\s*([a-z]+(?:\.[a-z]+)?)\s*\}\}/gi;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Fills a template's placeholders: a known one with its value ('' when the letter is not written
 * from such a document), an unknown one stays as written. `html`: values are escaped.
 */
export function fillPlaceholders(template: string, values: PlaceholderValues, html: boolean): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const key = name.toLowerCase();
    if (!KNOWN.has(key)) return whole;
    const value = values[key as Placeholder] ?? '';
    return html ? escapeHtml(value) : value;
  });
}

const DATE_LOCALES = { ru: 'ru-RU', uk: 'uk-UA', en: 'en-GB' } as const;

/** Today as the reader writes a date, in the enterprise's time zone. */
export function today(now: Date, timeZone: string, locale: keyof typeof DATE_LOCALES): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(now);
}
