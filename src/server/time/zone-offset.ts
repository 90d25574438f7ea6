const QUARTER_HOUR = 900_000;
/** Quarters remembered per zone: ten years of them fit well below this. */
const MAX_CACHED = 400_000;
const perZone = new Map<string, (instant: number) => number>();

/**
 * How far `timeZone`'s wall clock is ahead of UTC (ms) at an instant. Zones change offset on whole
 * quarters of an hour, so the offset is worked out once per quarter and remembered: call-record
 * imports ask it for every line.
 */
export function zoneOffset(instant: number, timeZone: string): number {
  let offsetAt = perZone.get(timeZone);
  if (!offsetAt) {
    offsetAt = offsetsOf(timeZone);
    perZone.set(timeZone, offsetAt);
  }
  return offsetAt(instant);
}

function offsetsOf(timeZone: string): (instant: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const cache = new Map<number, number>();
  return (instant) => {
    const q = Math.floor(instant / QUARTER_HOUR);
    let offset = cache.get(q);
    if (offset === undefined) {
      const at = q * QUARTER_HOUR;
      const p: Record<string, number> = {};
      for (const part of format.formatToParts(at)) if (part.type !== 'literal') p[part.type] = +part.value;
      offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(q, offset);
    }
    return offset;
  };
}
