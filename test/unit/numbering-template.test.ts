import { describe, expect, it } from 'vitest';
import { RESET_PERIODS } from '../../src/shared/schemas/numbering.js';
import {
  checkConsistency,
  formatNumber,
  localDate,
  parseTemplate,
  periodKey,
} from '../../src/server/modules/numbering/template.js';

const parsed = (template: string) => {
  const p = parseTemplate(template);
  if ('code' in p) throw new Error(`${template}: ${p.code}`);
  return p;
};

describe('numbering templates', () => {
  it('formats literal text and every token', () => {
    const d = { year: 2026, month: 3, day: 7 };
    expect(formatNumber(parsed('№ {YYYY}/{YY}/{MM}/{DD}-{N}'), 42, d, null)).toBe('№ 2026/26/03/07-42');
    expect(formatNumber(parsed('{N:1}|{N:6}|{N:12}'), 42, d, null)).toBe('42|000042|000000000042');
    expect(formatNumber(parsed('{JOURNAL}-{N}'), 1, d, 'SALES')).toBe('SALES-1');
    expect(formatNumber(parsed('{JOURNAL}-{N}'), 1, d, null)).toBe('{JOURNAL}-1');
    expect(formatNumber(parsed('{YY}-{N}'), 1, { year: 2005, month: 1, day: 1 }, null)).toBe('05-1');
  });

  it('names the first problem of a bad template', () => {
    expect(parseTemplate('{N}{Z}')).toEqual({ code: 'numbering_unknown_token', params: { token: '{Z}' } });
    expect(parseTemplate('{n}')).toEqual({ code: 'numbering_unknown_token', params: { token: '{n}' } });
    expect(parseTemplate('{N:}')).toEqual({ code: 'numbering_unknown_token', params: { token: '{N:}' } });
    expect(parseTemplate('{N:0}')).toEqual({ code: 'numbering_pad_width', params: { token: '{N:0}' } });
    expect(parseTemplate('{N:99}')).toEqual({ code: 'numbering_pad_width', params: { token: '{N:99}' } });
    for (const t of ['{N', 'N}', '{N}}', '{{N}', '{YY{N}}']) {
      expect(parseTemplate(t), t).toEqual({ code: 'numbering_unbalanced' });
    }
    expect(parseTemplate('{YYYY}-{MM}')).toEqual({ code: 'numbering_counter_missing' });
  });

  it('asks for the period tokens of the reset period and {JOURNAL} per journal', () => {
    expect(checkConsistency(parsed('{N}'), 'never', false)).toBeNull();
    expect(checkConsistency(parsed('{YY}-{N}'), 'yearly', false)).toBeNull();
    expect(checkConsistency(parsed('{N}'), 'yearly', false)).toMatchObject({
      params: { tokens: '{YYYY}/{YY}' },
    });
    expect(checkConsistency(parsed('{N}'), 'daily', false)).toMatchObject({
      params: { tokens: '{YYYY}/{YY}, {MM}, {DD}' },
    });
    expect(checkConsistency(parsed('{N}'), 'never', true)).toEqual({ code: 'numbering_journal_token' });
  });

  it('computes periods in the given time zone', () => {
    const newYearKyiv = new Date('2025-12-31T22:30:00Z');
    expect(localDate(newYearKyiv, 'Europe/Kyiv')).toEqual({ year: 2026, month: 1, day: 1 });
    expect(localDate(newYearKyiv, 'UTC')).toEqual({ year: 2025, month: 12, day: 31 });
    const d = { year: 2026, month: 11, day: 27 };
    expect(RESET_PERIODS.map((p) => periodKey(p, d))).toEqual(['', '2026', '2026-11', '2026-11-27']);
  });
});
