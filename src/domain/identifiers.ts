// GS1 identifiers: GTIN and GLN with their mod-10 check digit, lot/serial character set 82.
// Pure functions; callers turn a failed check into a typed error.

/** GS1 mod-10: weights 3,1,3,1… from the rightmost digit before the check digit. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function hasValidCheckDigit(digits: string): boolean {
  if (!/^[0-9]{2,}$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

export type GtinProblem = 'format' | 'check_digit';

/** GTIN-8/12/13/14 → GTIN-14 (left-padded with zeros), or the reason it is not a GTIN. */
export function normalizeGtin(input: string): { gtin14: string } | { problem: GtinProblem } {
  if (!/^(?:[0-9]{8}|[0-9]{12,14})$/.test(input)) return { problem: 'format' };
  if (!hasValidCheckDigit(input)) return { problem: 'check_digit' };
  return { gtin14: input.padStart(14, '0') };
}

/**
 * Why a well-formed GTIN-14 cannot name a trade item on a public stamp, or null. GS1 General
 * Specifications, GS1 prefixes: restricted circulation numbers (prefixes 02, 04 and 20–29; GTIN-8
 * prefixes 0 and 2) are unique only inside one company or country, and 05, 980 and 981–984, 99 are
 * for coupons and refund receipts. The all-zero GTIN passes the check digit but names nothing.
 */
export function gtinUseProblem(gtin14: string): string | null {
  if (/^0+$/.test(gtin14)) return 'an all-zero GTIN names no trade item';
  // The GTIN-13 form: a GTIN-8 is written in it after five zeros, a GTIN-12 after one.
  const g13 = gtin14.slice(1);
  const restricted = g13.startsWith('00000') ? /^[02]/.test(g13.slice(5)) : /^(?:0[24]|2)/.test(g13);
  if (restricted)
    return 'this is a restricted-circulation number (GS1 prefix 02, 04 or 2), valid only inside one company or country; use the trade item GTIN from GS1 Vietnam';
  if (/^(?:05|98[0-4]|99)/.test(g13))
    return 'GS1 prefixes 05, 980–984 and 99 are for coupons and refund receipts, not trade items';
  return null;
}

export function isValidGln(input: string): boolean {
  return /^[0-9]{13}$/.test(input) && hasValidCheckDigit(input);
}

/** GS1 AI 10 / AI 21 values: 1–20 characters of character set 82. */
export const CSET82 = /^[A-Za-z0-9!"%&'()*+,\-./:;<=>?_]{1,20}$/;
