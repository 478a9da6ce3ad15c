import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, gtinUseProblem, isValidGln, normalizeGtin, CSET82 } from '../../src/domain/identifiers';

describe('GS1 identifiers', () => {
  it('computes the mod-10 check digit of known GTINs', () => {
    expect(gs1CheckDigit('893604369006')).toBe(4); // 8936043690064
    expect(gs1CheckDigit('400638133393')).toBe(1); // 4006381333931 (GS1's own example)
    expect(gs1CheckDigit('9638507')).toBe(4); // GTIN-8 96385074
  });
  it('normalises GTIN-8/12/13/14 to GTIN-14', () => {
    expect(normalizeGtin('96385074')).toEqual({ gtin14: '00000096385074' });
    expect(normalizeGtin('036000291452')).toEqual({ gtin14: '00036000291452' });
    expect(normalizeGtin('4006381333931')).toEqual({ gtin14: '04006381333931' });
    expect(normalizeGtin('04006381333931')).toEqual({ gtin14: '04006381333931' });
  });
  it('tells a wrong check digit apart from a wrong format', () => {
    expect(normalizeGtin('4006381333932')).toEqual({ problem: 'check_digit' });
    expect(normalizeGtin('40063813339')).toEqual({ problem: 'format' });
    expect(normalizeGtin('400638133393a')).toEqual({ problem: 'format' });
    expect(normalizeGtin('123456789')).toEqual({ problem: 'format' });
  });
  it('refuses GTINs that name no trade item and keeps every other prefix', () => {
    const use = (g: string) => {
      const n = normalizeGtin(g);
      if (!('gtin14' in n)) throw new Error(`not a GTIN: ${g}`);
      return gtinUseProblem(n.gtin14);
    };
    expect(use('00000000000000')).toMatch(/all-zero/);
    for (const rcn of ['2001234567893', '0212345678909', '0405000000003', '20123451', '04050001', '400000000008'])
      expect(use(rcn), rcn).toMatch(/restricted-circulation/);
    for (const coupon of ['9812345678902', '9912345678909', '9801234567892', '501234567890'])
      expect(use(coupon), coupon).toMatch(/coupons/);
    for (const ok of ['8930000000019', '96385074', '036000291452', '4006381333931', '9780306406157', '18930000000016'])
      expect(use(ok), ok).toBeNull();
  });
  it('validates GLNs', () => {
    expect(isValidGln('8930000000019')).toBe(true);
    expect(isValidGln('8930000000018')).toBe(false);
    expect(isValidGln('893000000001')).toBe(false);
  });
  it('accepts GS1 character set 82 for lots and refuses others', () => {
    expect(CSET82.test('LOT-2025/01_A')).toBe(true);
    expect(CSET82.test('lô-1')).toBe(false);
    expect(CSET82.test('A'.repeat(21))).toBe(false);
    expect(CSET82.test('')).toBe(false);
  });
});
