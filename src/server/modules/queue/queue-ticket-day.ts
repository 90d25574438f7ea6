import { zoneOffset } from '../../time/zone-offset.js';
import { periodMoment } from '../../time/period.js';

/** The enterprise's calendar day of a moment, 'YYYY-MM-DD' (the day ticket numbers start again). */
export function localDay(now: Date, timeZone: string): string {
  const at = now.getTime();
  return new Date(at + zoneOffset(at, timeZone)).toISOString().slice(0, 10);
}

/** The UTC moments a local day runs between: [from, to). */
export function dayBounds(day: string, timeZone: string): { from: string; to: string } {
  return { from: periodMoment(day, 'from', timeZone), to: periodMoment(day, 'to', timeZone) };
}

/** A ticket's code: its queue's prefix and its number, at least three digits (A007, A1000). */
export function ticketCode(prefix: string, number: number): string {
  return prefix + String(number).padStart(3, '0');
}
