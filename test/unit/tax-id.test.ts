import { describe, expect, it } from 'vitest';
import { checkTaxId, normalizeTaxId } from '../../src/server/modules/clients/tax-id.js';

// Expected check digits were computed with an independent implementation of each algorithm.
describe('tax ids', () => {
  it('accepts real ЄДРПОУ codes (weights 1..7 and, between 30000000 and 60000000, 7,1..6)', () => {
    for (const code of ['14360570', '00032129', '21560045', '20077720', '31316718', '37193071']) {
      expect(checkTaxId(code), code).toEqual({ kind: 'edrpou', normalized: code, checksumOk: true });
    }
  });

  it('uses the second pass (weights + 2) when the remainder is 10, and 0 after a second 10', () => {
    for (const code of ['10000001', '10000356', '10010360', '30000057', '30000336', '30003970']) {
      expect(checkTaxId(code).checksumOk, code).toBe(true);
    }
    // The same codes with any other last digit fail.
    for (const code of ['10000355', '10010361', '30000337', '30003971', '14360571']) {
      expect(checkTaxId(code), code).toEqual({ kind: 'edrpou', normalized: code, checksumOk: false });
    }
  });

  it('tells РНОКПП from a Russian ИНН by whichever check digit passes', () => {
    expect(checkTaxId('2903815676')).toEqual({ kind: 'rnokpp', normalized: '2903815676', checksumOk: true });
    expect(checkTaxId('2543112407').kind).toBe('rnokpp');
    // Sberbank's ИНН passes only the Russian check.
    expect(checkTaxId('7707083893')).toEqual({ kind: 'inn', normalized: '7707083893', checksumOk: true });
    expect(checkTaxId('2903815671').kind).toBe('inn');
    // A negative weighted sum (-9) still gives a valid check digit.
    expect(checkTaxId('9000000002')).toMatchObject({ kind: 'rnokpp', checksumOk: true });
    expect(checkTaxId('2903815670')).toEqual({
      kind: 'rnokpp_or_inn',
      normalized: '2903815670',
      checksumOk: false,
    });
  });

  it('checks both check digits of a 12-digit ИНН', () => {
    for (const code of ['500100732259', '772800098112', '366406939705']) {
      expect(checkTaxId(code), code).toEqual({ kind: 'inn', normalized: code, checksumOk: true });
    }
    expect(checkTaxId('500100732250').checksumOk).toBe(false);
    expect(checkTaxId('500100732269').checksumOk).toBe(false);
  });

  it('ignores spaces and rejects anything but 8, 10 or 12 digits', () => {
    expect(normalizeTaxId(' 1436 0570 ')).toBe('14360570');
    expect(checkTaxId('1436 0570')).toEqual({ kind: 'edrpou', normalized: '14360570', checksumOk: true });
    for (const bad of ['1436057', '143605701', '12345678901', '1234567890123', '1436-0570', 'ABCDEFGH', '']) {
      expect(checkTaxId(bad).kind, bad).toBe('malformed');
    }
  });
});
