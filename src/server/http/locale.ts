import type { FastifyRequest } from 'fastify';
import { DEFAULT_LOCALE, localeFromAcceptLanguage, type Locale } from '../../shared/locale.js';

/** The signed-in user's language, else the browser's Accept-Language, else Russian. */
export function requestLocale(req: FastifyRequest): Locale {
  return req.auth?.user.locale ?? localeFromAcceptLanguage(req.headers['accept-language']) ?? DEFAULT_LOCALE;
}
