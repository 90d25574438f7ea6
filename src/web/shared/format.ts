import { useMemo } from 'react';
import { useLocale } from '../app/i18n/use-locale.js';

/** Formats API timestamps (ISO 8601) as a short date and time in the UI language. */
export function useFormatDateTime(): (iso: string) => string {
  const locale = useLocale();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    return (iso: string) => format.format(new Date(iso));
  }, [locale]);
}
