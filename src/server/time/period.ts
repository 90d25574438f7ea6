/**
 * Day bounds of the period filters in the enterprise's time zone: a list filtered "from
 * 2025-03-10" starts at that day's local midnight, not at UTC midnight.
 */

import { zoneOffset } from './zone-offset.js';

const DAY = 86_400_000;

/**
 * The ISO moment a period bound stands for: a moment as is (as UTC ISO, which is how both
 * engines compare it); a day (YYYY-MM-DD) from its local
 * midnight (`from`) or through its end, i.e. up to the next local midnight (`to`, exclusive).
 */
export function periodMoment(value: string, side: 'from' | 'to', timeZone: string): string {
  if (value.length !== 10) return new Date(value).toISOString();
  const day = Date.parse(`${value}T00:00:00.000Z`) + (side === 'to' ? DAY : 0);
  return new Date(zonedMidnight(day, timeZone)).toISOString();
}

/**
 * The UTC moment of the local midnight that starts the day whose UTC midnight is `day` (ms).
 * The offset is taken again at the first guess: it may differ a few hours apart (DST).
 */
function zonedMidnight(day: number, timeZone: string): number {
  const guess = day - zoneOffset(day, timeZone);
  return day - zoneOffset(guess, timeZone);
}
