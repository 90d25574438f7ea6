import { useEnterprise } from '../settings/parameters/parameters.api.js';
import { useNow } from './use-now.js';

/** How often «today» is looked at again: it moves on within a minute of the enterprise's midnight. */
const CHECK_MS = 60_000;

/** The calendar day (YYYY-MM-DD) of a moment in a time zone (undefined: the browser's). */
export function dayIn(ms: number, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Today in the enterprise's time zone (the one the server counts queue days in), YYYY-MM-DD;
 * undefined until the zone is known. When it cannot be read, the browser's day is the best guess left.
 */
export function useEnterpriseToday(): string | undefined {
  const enterprise = useEnterprise();
  const now = useNow(CHECK_MS);
  if (enterprise.data) return dayIn(now, enterprise.data.timeZone);
  return enterprise.isError ? dayIn(now, undefined) : undefined;
}
