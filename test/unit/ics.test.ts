import { describe, expect, it } from 'vitest';
import {
  escapeText,
  foldLine,
  icsDateTime,
  serializeCalendar,
} from '../../src/server/modules/calendar/ics.js';

/** Unfolds RFC 5545 content lines (CRLF followed by one space continues the line). */
const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('ICS serialiser (RFC 5545)', () => {
  it('writes UTC date-times as YYYYMMDDTHHMMSSZ', () => {
    expect(icsDateTime('2025-03-01T09:30:05.123+02:00')).toBe('20250301T073005Z');
    expect(icsDateTime(new Date(Date.UTC(2024, 11, 31, 23, 59, 59)))).toBe('20241231T235959Z');
  });

  it('escapes backslash, semicolon, comma and line breaks in TEXT', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('Звонок: "ТОВ Ромашка"')).toBe('Звонок: "ТОВ Ромашка"');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    const ascii = foldLine(`SUMMARY:${'a'.repeat(200)}`);
    const parts = ascii.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
    expect(parts[0]).toHaveLength(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(unfold(ascii)).toBe(`SUMMARY:${'a'.repeat(200)}`);

    // Cyrillic letters take 2 octets: the fold never falls inside one.
    const line = `SUMMARY:${'Щ'.repeat(100)}`;
    const folded = foldLine(line);
    for (const p of folded.split('\r\n')) {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
      expect(p).not.toContain('\uFFFD');
    }
    expect(unfold(folded)).toBe(line);
  });

  it('writes a calendar with CRLF line endings, UIDs, stamps and optional end', () => {
    const text = serializeCalendar({
      name: 'Картотека — Иванов, И.',
      stamp: new Date('2025-01-10T08:00:00Z'),
      events: [
        {
          uid: 'event-7@kartoteka',
          start: '2025-01-15T10:00:00.000Z',
          end: '2025-01-15T11:00:00.000Z',
          summary: 'С-2025-000007 Встреча; обсуждение, итоги',
          description: 'Строка 1\nСтрока 2',
          url: 'https://crm.example.com/events/7',
          status: 'CONFIRMED',
        },
        {
          uid: 'task-3@kartoteka',
          start: '2025-01-16T15:00:00.000Z',
          summary: 'Срок: З-2025-000003 Отчёт',
          categories: ['Задача'],
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(text).split('\r\n').slice(0, -1);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('X-WR-CALNAME:Картотека — Иванов\\, И.');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines.filter((l) => l === 'DTSTAMP:20250110T080000Z')).toHaveLength(2);
    expect(lines).toContain('UID:event-7@kartoteka');
    expect(lines).toContain('DTSTART:20250115T100000Z');
    expect(lines).toContain('DTEND:20250115T110000Z');
    expect(lines).toContain('SUMMARY:С-2025-000007 Встреча\\; обсуждение\\, итоги');
    expect(lines).toContain('DESCRIPTION:Строка 1\\nСтрока 2');
    expect(lines).toContain('STATUS:CONFIRMED');
    // A deadline is a moment: no DTEND (RFC 5545 3.6.1).
    const task = lines.slice(lines.indexOf('UID:task-3@kartoteka'));
    expect(task.slice(0, task.indexOf('END:VEVENT')).some((l) => l.startsWith('DTEND'))).toBe(false);
    expect(lines).toContain('CATEGORIES:Задача');
  });
});
