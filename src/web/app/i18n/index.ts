import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from '../../../shared/locale.js';
import { setRequestLanguage } from '../../http/client.js';
import { en } from './en.js';
import { ru } from './ru.js';
import { uk } from './uk.js';

/** The last language chosen in this browser, so the login page speaks it before anyone signs in. */
const STORAGE_KEY = 'kartoteka.locale';

function storedLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return isLocale(saved) ? saved : DEFAULT_LOCALE;
}

function applyLocale(locale: string): void {
  if (!isLocale(locale)) return;
  localStorage.setItem(STORAGE_KEY, locale);
  setRequestLanguage(locale);
  document.documentElement.lang = locale;
}

i18n.on('languageChanged', applyLocale);

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, uk: { translation: uk }, en: { translation: en } },
  lng: storedLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
});
applyLocale(i18n.language);

export { i18n };
