import { MAX_PAD_WIDTH, type ResetPeriod } from '../../../shared/schemas/numbering.js';
import { zoneOffset } from '../../time/zone-offset.js';

/** One piece of a parsed template. */
export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'year4' | 'year2' | 'month' | 'day' | 'journal' }
  | { kind: 'counter'; width: number };

/** A template problem, named by a field message key of numbering.messages.ts. */
export interface TemplateProblem {
  code:
    | 'numbering_unknown_token'
    | 'numbering_unbalanced'
    | 'numbering_pad_width'
    | 'numbering_counter_missing'
    | 'numbering_period_tokens'
    | 'numbering_journal_token';
  params?: Record<string, string>;
}

export interface ParsedTemplate {
  parts: Part[];
  usesJournal: boolean;
}

const SIMPLE_TOKENS: Record<string, Part> = {
  YYYY: { kind: 'year4' },
  YY: { kind: 'year2' },
  MM: { kind: 'month' },
  DD: { kind: 'day' },
  JOURNAL: { kind: 'journal' },
  N: { kind: 'counter', width: 0 },
};

/** Splits a template into literal text and tokens; the first problem found is returned instead. */
export function parseTemplate(template: string): ParsedTemplate | TemplateProblem {
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch === '}') return { code: 'numbering_unbalanced' };
    if (ch !== '{') {
      text += ch;
      i++;
      continue;
    }
    const end = template.indexOf('}', i + 1);
    const nextOpen = template.indexOf('{', i + 1);
    if (end === -1 || (nextOpen !== -1 && nextOpen < end)) return { code: 'numbering_unbalanced' };
    const name = template.slice(i + 1, end);
    const token = tokenPart(name);
    if ('code' in token) return token;
    if (text) parts.push({ kind: 'text', text });
    text = '';
    parts.push(token);
    i = end + 1;
  }
  if (text) parts.push({ kind: 'text', text });
  if (!parts.some((p) => p.kind === 'counter')) return { code: 'numbering_counter_missing' };
  return { parts, usesJournal: parts.some((p) => p.kind === 'journal') };
}

function tokenPart(name: string): Part | TemplateProblem {
  const simple = SIMPLE_TOKENS[name];
  if (simple) return simple;
  const padded = /^N:(\d{1,3})$/.exec(name);
  if (padded) {
    const width = Number(padded[1]);
    if (width < 1 || width > MAX_PAD_WIDTH)
      return { code: 'numbering_pad_width', params: { token: `{${name}}` } };
    return { kind: 'counter', width };
  }
  return { code: 'numbering_unknown_token', params: { token: `{${name}}` } };
}

/**
 * The rules that keep numbers unique within one configuration: a counter that restarts every
 * period needs that period in the number, and separate sequences per journal need the journal code.
 */
export function checkConsistency(
  parsed: ParsedTemplate,
  resetPeriod: ResetPeriod,
  isPerJournal: boolean,
): TemplateProblem | null {
  const has = (kind: Part['kind']) => parsed.parts.some((p) => p.kind === kind);
  const needs: string[] = [];
  if (resetPeriod !== 'never' && !has('year4') && !has('year2')) needs.push('{YYYY}/{YY}');
  if ((resetPeriod === 'monthly' || resetPeriod === 'daily') && !has('month')) needs.push('{MM}');
  if (resetPeriod === 'daily' && !has('day')) needs.push('{DD}');
  if (needs.length) return { code: 'numbering_period_tokens', params: { tokens: needs.join(', ') } };
  if (isPerJournal && !parsed.usesJournal) return { code: 'numbering_journal_token' };
  return null;
}

/** A calendar date as seen in some time zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The calendar day of a moment in a time zone (numbering per call of an import asks it per row). */
export function localDate(date: Date, timeZone: string): LocalDate {
  const local = new Date(date.getTime() + zoneOffset(date.getTime(), timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The key of the counter's period: '' (never reset), '2026', '2026-11' or '2026-11-27'. */
export function periodKey(resetPeriod: ResetPeriod, d: LocalDate): string {
  const y = pad(d.year, 4);
  switch (resetPeriod) {
    case 'never':
      return '';
    case 'yearly':
      return y;
    case 'monthly':
      return `${y}-${pad(d.month, 2)}`;
    case 'daily':
      return `${y}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
  }
}

/** The number itself. Without a journal code `{JOURNAL}` stays as written (previews only). */
export function formatNumber(
  parsed: ParsedTemplate,
  value: number,
  d: LocalDate,
  journalCode: string | null,
): string {
  return parsed.parts
    .map((p) => {
      switch (p.kind) {
        case 'text':
          return p.text;
        case 'year4':
          return pad(d.year, 4);
        case 'year2':
          return pad(d.year % 100, 2);
        case 'month':
          return pad(d.month, 2);
        case 'day':
          return pad(d.day, 2);
        case 'journal':
          return journalCode ?? '{JOURNAL}';
        case 'counter':
          return pad(value, p.width);
      }
    })
    .join('');
}
