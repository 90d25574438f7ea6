import type { Locale } from '../../../shared/locale.js';

/** Each language under its own name (not translated), as language pickers show them. */
export const LANGUAGES: Record<Locale, { code: string; name: string }> = {
  ru: { code: 'RU', name: 'Русский' },
  uk: { code: 'UA', name: 'Українська' },
  en: { code: 'EN', name: 'English' },
};
