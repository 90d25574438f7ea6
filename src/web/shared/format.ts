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

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** «5 минут назад», «вчера»; under a minute it is `justNow`. */
export function useFormatRelativeTime(justNow: string): (iso: string) => string {
  const locale = useLocale();
  return useMemo(() => {
    const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    return (iso: string) => {
      const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
      const unit = RELATIVE_UNITS.find(([, size]) => Math.abs(seconds) >= size);
      return unit ? format.format(Math.trunc(seconds / unit[1]), unit[0]) : justNow;
    };
  }, [locale, justNow]);
}
