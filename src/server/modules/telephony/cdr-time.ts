/**
 * Call records carry local wall-clock times ('2025-03-30 03:30:00') of the PBX's time zone.
 * `localToUtc` turns them into ISO UTC strings. Intl is slow (microseconds a call), so the
 * offset of every wall-clock hour that has one offset throughout is remembered: a million rows
 * cost a few thousand Intl calls. Hours at a daylight-saving change are resolved per row:
 * a time that happens twice (clocks back) is the first one, a time that does not exist (clocks
 * forward) is moved forward by the gap, as Temporal's 'compatible' does.
 */

import { zoneOffset } from '../../time/zone-offset.js';

const TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Per-hour offsets kept per converter; a year of hours is far below it. */
const MAX_CACHED_HOURS = 100_000;

export type LocalToUtc = (text: string) => string | null;

/** A converter for one IANA zone: wall-clock text → ISO UTC, or null when it is not a valid time. */
export function localToUtc(timeZone: string): LocalToUtc {
  const offsetAt = (instant: number) => zoneOffset(instant, timeZone);
  /** Wall-clock hour ('2025-03-30 03') → its offset, or NaN when the hour has a change in it. */
  const hours = new Map<string, number>();

  const resolve = (wall: number): number => {
    const before = offsetAt(wall - DAY);
    const after = offsetAt(wall + DAY);
    const earlier = wall - Math.max(before, after);
    const later = wall - Math.min(before, after);
    // The first instant whose local time is `wall`; none (a gap) → shifted by the offset before.
    if (wall - offsetAt(earlier) === earlier) return earlier;
    if (wall - offsetAt(later) === later) return later;
    return wall - before;
  };

  return (text) => {
    const m = TIME.exec(text);
    if (!m) return null;
    const year = +m[1]!;
    const month = +m[2]!;
    const day = +m[3]!;
    const hour = +m[4]!;
    const minute = +m[5]!;
    const second = +m[6]!;
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
    if (hour > 23 || minute > 59 || second > 59) return null;
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    const key = text.slice(0, 13);
    let offset = hours.get(key);
    if (offset === undefined) {
      const start = Date.UTC(year, month - 1, day, hour);
      const first = start - resolve(start);
      const last = start + HOUR - 1000 - resolve(start + HOUR - 1000);
      offset = first === last ? first : NaN;
      if (hours.size >= MAX_CACHED_HOURS) hours.clear();
      hours.set(key, offset);
    }
    const utc = Number.isNaN(offset) ? resolve(wall) : wall - offset;
    return new Date(utc).toISOString();
  };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
