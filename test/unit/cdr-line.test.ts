import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCdrLine } from '../../src/server/modules/telephony/cdr-line.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/cdr/${name}`, import.meta.url), 'utf8').split('\n');

describe('call-record line', () => {
  it('reads quoted strings with commas and doubled quotes, bare numbers and empty bare fields', () => {
    expect(parseCdrLine('"","0501234567","""Иванов, Пётр"" <0501234567>",307,,"ANSWERED"')).toEqual([
      '',
      '0501234567',
      '"Иванов, Пётр" <0501234567>',
      '307',
      '',
      'ANSWERED',
    ]);
    expect(parseCdrLine('"""ТОВ """"Ромашка"""""" <0441234567>",x')).toEqual([
      '"ТОВ ""Ромашка""" <0441234567>',
      'x',
    ]);
  });

  it('keeps empty fields at both ends', () => {
    expect(parseCdrLine(',a,')).toEqual(['', 'a', '']);
    expect(parseCdrLine('')).toEqual(['']);
    expect(parseCdrLine('"a",""')).toEqual(['a', '']);
  });

  it('takes a quote inside a bare field as a character', () => {
    expect(parseCdrLine('5"5,b')).toEqual(['5"5', 'b']);
  });

  it('refuses unbalanced quotes and text after a closing quote', () => {
    expect(parseCdrLine('"abc,def')).toBeNull();
    expect(parseCdrLine('"a""b,c')).toBeNull();
    expect(parseCdrLine('"abc"d,e')).toBeNull();
  });

  it('splits on another delimiter when told', () => {
    expect(parseCdrLine('a;"b;c";d', ';')).toEqual(['a', 'b;c', 'd']);
    expect(parseCdrLine('a\tb', '\t')).toEqual(['a', 'b']);
  });

  it('reads the Master.csv fixture as 21-, 18- and 16-column rows', () => {
    const counts = fixture('master/Master.csv')
      .filter(Boolean)
      .map((l) => parseCdrLine(l)?.length);
    expect(counts).toEqual([21, 18, 18, 18, 18, 18, 21, 16]);
    expect(parseCdrLine(fixture('master/Master.csv')[0]!)?.[4]).toBe('"Иванов, Пётр" <0501234567>');
  });
});
