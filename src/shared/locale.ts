export const LOCALES = ['ru', 'uk', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ru';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Picks our best locale from an Accept-Language header ("uk-UA,uk;q=0.9,en;q=0.8"). */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) {
    const l = lang === 'ua' ? 'uk' : lang;
    if (isLocale(l)) return l;
  }
  return undefined;
}

/** A reference-book entry's name in the given language. */
export function localName(entry: { nameRu: string; nameUk: string; nameEn: string }, locale: Locale): string {
  return locale === 'uk' ? entry.nameUk : locale === 'en' ? entry.nameEn : entry.nameRu;
}
