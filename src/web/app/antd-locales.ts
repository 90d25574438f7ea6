import type { Locale as AntdLocale } from 'antd/es/locale/index.js';
import enUS from 'antd/locale/en_US.js';
import ruRU from 'antd/locale/ru_RU.js';
import ukUA from 'antd/locale/uk_UA.js';
import type { Locale } from '../../shared/locale.js';

/**
 * antd ships its locales as CommonJS: depending on the bundler's interop (dev server or build)
 * the default import is the locale itself or the module object holding it.
 */
function unwrap(m: AntdLocale | { default: AntdLocale }): AntdLocale {
  return 'default' in m ? m.default : m;
}

export const antdLocales: Record<Locale, AntdLocale> = {
  ru: unwrap(ruRU),
  uk: unwrap(ukUA),
  en: unwrap(enUS),
};
