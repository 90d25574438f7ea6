import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
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

/**
 * The day rollover's rule: which waiting tickets stand in line today (`todayFrom`: the start of
 * the enterprise's day). A ticket numbered per day (its `day` a date) stands in line only on the
 * day its row was issued: one left waiting at midnight is not called, counted or listed as waiting
 * the next day, when its number is handed out again, and stays 'waiting' in the record. A redirect
 * writes a new row, so a visitor sent on after midnight stands in today's line. A ticket of a queue
 * without a daily reset (day '-') keeps its place from day to day, as its numbering goes on.
 * Call next, the waiting counts (kiosk, board, operator panel), a new ticket's «ahead» and the list
 * of today's tickets all follow it.
 */
export function inTodaysLine(todayFrom: string) {
  return (eb: ExpressionBuilder<DB, 'queue_tickets'>) =>
    eb.or([eb('queue_tickets.day', '=', '-'), eb('queue_tickets.issued_at', '>=', todayFrom)]);
}
