import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneSearchTerms } from '../../src/server/modules/clients/phones.js';

describe('phones', () => {
  it('normalises a number written in any format to E.164, keeping the text as typed', () => {
    for (const text of [
      '+380 44 123-45-67',
      '044 123 45 67',
      '380441234567',
      '(044) 123-45-67',
      ' 0441234567 ',
    ]) {
      expect(normalizePhone(text, 'UA'), text).toEqual({ e164: '+380441234567', original: text.trim() });
    }
  });

  it('reads numbers without a country code as the default country’s', () => {
    expect(normalizePhone('8 (495) 123-45-67', 'RU').e164).toBe('+74951234567');
    expect(normalizePhone('+7 495 123-45-67', 'UA').e164).toBe('+74951234567');
    expect(normalizePhone('(212) 555-0100', 'US').e164).toBe('+12125550100');
  });

  it('keeps a number that is not valid with e164 null', () => {
    expect(normalizePhone('123', 'UA')).toEqual({ e164: null, original: '123' });
    expect(normalizePhone('доб. 25', 'UA')).toEqual({ e164: null, original: 'доб. 25' });
    expect(normalizePhone('8 (495) 123-45-67', 'UA').e164).toBeNull();
  });

  it('gives every form a phone is searched by', () => {
    expect(phoneSearchTerms({ e164: '+380441234567', original: '044 123 45 67' })).toEqual([
      '044 123 45 67',
      '+380441234567',
      '380441234567',
      '441234567',
      '0441234567',
    ]);
    expect(phoneSearchTerms({ e164: null, original: 'доб. 25' })).toEqual(['доб. 25']);
  });
});
