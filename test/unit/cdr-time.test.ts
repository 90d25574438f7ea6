import { describe, expect, it } from 'vitest';
import { localToUtc } from '../../src/server/modules/telephony/cdr-time.js';

describe('call-record times', () => {
  const kyiv = localToUtc('Europe/Kyiv');

  it('turns local wall-clock time into UTC by the zone’s offset of that day', () => {
    expect(kyiv('2025-01-15 10:00:00')).toBe('2025-01-15T08:00:00.000Z');
    expect(kyiv('2025-07-15 10:00:00')).toBe('2025-07-15T07:00:00.000Z');
    expect(kyiv('2025-07-15T10:00:00')).toBe('2025-07-15T07:00:00.000Z');
    expect(localToUtc('UTC')('2025-07-15 23:59:59')).toBe('2025-07-15T23:59:59.000Z');
    expect(localToUtc('America/New_York')('2025-12-31 22:30:00')).toBe('2026-01-01T03:30:00.000Z');
  });

  it('moves a time skipped when clocks go forward by the gap', () => {
    // 2025-03-30 03:00 EET → 04:00 EEST in Kyiv: 03:xx does not exist.
    expect(kyiv('2025-03-30 02:59:59')).toBe('2025-03-30T00:59:59.000Z');
    expect(kyiv('2025-03-30 03:30:00')).toBe('2025-03-30T01:30:00.000Z');
    expect(kyiv('2025-03-30 04:00:00')).toBe('2025-03-30T01:00:00.000Z');
    expect(kyiv('2025-03-30 04:30:00')).toBe('2025-03-30T01:30:00.000Z');
  });

  it('takes the first of a time that happens twice when clocks go back', () => {
    // 2025-10-26 04:00 EEST → 03:00 EET: 03:xx happens twice.
    expect(kyiv('2025-10-26 02:59:59')).toBe('2025-10-25T23:59:59.000Z');
    expect(kyiv('2025-10-26 03:30:00')).toBe('2025-10-26T00:30:00.000Z');
    expect(kyiv('2025-10-26 04:00:00')).toBe('2025-10-26T02:00:00.000Z');
  });

  it('is right in a zone that changes by half an hour at a half hour', () => {
    const lordHowe = localToUtc('Australia/Lord_Howe');
    // 2025-04-06 02:00 (+11) → 01:30 (+10:30); 2025-10-05 02:00 (+10:30) → 02:30 (+11).
    expect(lordHowe('2025-04-06 01:45:00')).toBe('2025-04-05T14:45:00.000Z');
    expect(lordHowe('2025-04-06 02:10:00')).toBe('2025-04-05T15:40:00.000Z');
    expect(lordHowe('2025-10-05 01:59:00')).toBe('2025-10-04T15:29:00.000Z');
    expect(lordHowe('2025-10-05 02:15:00')).toBe('2025-10-04T15:45:00.000Z');
  });

  it('gives the same answers in any order (the per-hour memory changes nothing)', () => {
    const fresh = () => localToUtc('Europe/Kyiv');
    const times = [
      '2025-10-26 03:59:59',
      '2025-10-26 03:00:00',
      '2025-03-30 03:59:59',
      '2025-03-30 02:00:00',
    ];
    const once = times.map((t) => fresh()(t));
    const shared = fresh();
    expect([...times].reverse().map(shared).reverse()).toEqual(once);
    expect(times.map(shared)).toEqual(once);
  });

  it('refuses what is not a valid time', () => {
    for (const t of [
      '2025-02-29 10:00:00',
      '2025-13-01 10:00:00',
      '2025-01-01 24:00:00',
      '10.03.2025 10:00',
      '',
      'x',
    ])
      expect(kyiv(t), t).toBeNull();
    expect(kyiv('2024-02-29 10:00:00')).toBe('2024-02-29T08:00:00.000Z');
  });
});
