/**
 * Tax ids of clients: Ukrainian ЄДРПОУ (8 digits, organisations) and РНОКПП (10 digits, persons),
 * Russian ИНН (10 digits for organisations, 12 for persons). Each has check digits; a wrong one
 * is only a warning (old registers hold such codes), a value of the wrong shape is an error.
 */
export type TaxIdKind =
  | 'edrpou'
  | 'rnokpp'
  | 'inn'
  /** Ten digits that pass neither the РНОКПП nor the ИНН check. */
  | 'rnokpp_or_inn';

export type TaxIdCheck =
  | { kind: TaxIdKind; normalized: string; checksumOk: boolean }
  | { kind: 'malformed'; normalized: string; checksumOk: false };

/** Spaces inside the code are how people write it ("1436 0570"); they are not part of it. */
export function normalizeTaxId(text: string): string {
  return text.replace(/\s+/g, '');
}

export function checkTaxId(text: string): TaxIdCheck {
  const normalized = normalizeTaxId(text);
  if (!/^\d+$/.test(normalized)) return { kind: 'malformed', normalized, checksumOk: false };
  const d = [...normalized].map(Number);
  switch (d.length) {
    case 8:
      return { kind: 'edrpou', normalized, checksumOk: edrpouOk(d) };
    case 10: {
      if (rnokppOk(d)) return { kind: 'rnokpp', normalized, checksumOk: true };
      if (inn10Ok(d)) return { kind: 'inn', normalized, checksumOk: true };
      return { kind: 'rnokpp_or_inn', normalized, checksumOk: false };
    }
    case 12:
      return { kind: 'inn', normalized, checksumOk: inn12Ok(d) };
    default:
      return { kind: 'malformed', normalized, checksumOk: false };
  }
}

const weighted = (d: number[], w: readonly number[]) => w.reduce((sum, wi, i) => sum + wi * d[i]!, 0);
const mod = (n: number, m: number) => ((n % m) + m) % m;

/**
 * ЄДРПОУ: weights 1..7 (7,1..6 for codes between 30000000 and 60000000); a remainder of 10 is
 * recomputed with every weight + 2, and a second 10 gives 0.
 */
function edrpouOk(d: number[]): boolean {
  const code = Number(d.join(''));
  const middle = code >= 30_000_000 && code <= 60_000_000;
  const first = middle ? [7, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
  let r = weighted(d, first) % 11;
  if (r === 10) {
    r =
      weighted(
        d,
        first.map((w) => w + 2),
      ) % 11;
    if (r === 10) r = 0;
  }
  return r === d[7];
}

const RNOKPP_WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const;
function rnokppOk(d: number[]): boolean {
  return mod(weighted(d, RNOKPP_WEIGHTS), 11) % 10 === d[9];
}

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
function inn10Ok(d: number[]): boolean {
  return (weighted(d, INN10_WEIGHTS) % 11) % 10 === d[9];
}

const INN12_WEIGHTS_1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const INN12_WEIGHTS_2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
function inn12Ok(d: number[]): boolean {
  return (
    (weighted(d, INN12_WEIGHTS_1) % 11) % 10 === d[10] && (weighted(d, INN12_WEIGHTS_2) % 11) % 10 === d[11]
  );
}
