// Stamp serials (GS1 AI 21): 13 random characters from an alphabet without look-alikes
// (no 0/O, 1/I/L), 31^13 ≈ 2^64.4 possibilities, plus a check character. The check is a
// weighted sum modulo the prime 31, so any single mistyped character and any swap of two
// neighbours changes it: a typo is told apart from a fake without touching the database.

export const SERIAL_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BASE = SERIAL_ALPHABET.length; // 31, a prime
export const SERIAL_BODY_LENGTH = 13;
export const SERIAL_LENGTH = SERIAL_BODY_LENGTH + 1;

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE; i++) VALUE[SERIAL_ALPHABET.charCodeAt(i)] = i;

function checkValue(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * VALUE[body.charCodeAt(i)]!;
  return sum % BASE;
}

/** Draws `count` serials from the Web Crypto random source (rejection sampling keeps it uniform). */
export function generateSerials(count: number): string[] {
  const out: string[] = new Array(count);
  const limit = 256 - (256 % BASE); // 248: bytes at or above are redrawn
  const pool = new Uint8Array(Math.min(65536, Math.max(64, count * 16)));
  let p = pool.length;
  const next = () => {
    for (;;) {
      if (p === pool.length) {
        crypto.getRandomValues(pool);
        p = 0;
      }
      const b = pool[p++]!;
      if (b < limit) return b % BASE;
    }
  };
  for (let n = 0; n < count; n++) {
    let body = '';
    for (let i = 0; i < SERIAL_BODY_LENGTH; i++) body += SERIAL_ALPHABET[next()];
    out[n] = body + SERIAL_ALPHABET[checkValue(body)];
  }
  return out;
}

export type SerialVerdict = 'well_formed' | 'mistyped' | 'malformed';

/**
 * well_formed: shape and check character fine (it may still be unknown);
 * mistyped: the right shape but the check fails (or look-alike letters were typed);
 * malformed: not a serial of ours at all.
 */
export function checkSerial(input: string): SerialVerdict {
  if (input.length !== SERIAL_LENGTH) return 'malformed';
  const upper = input.toUpperCase();
  if (!/^[0-9A-Z]+$/.test(upper)) return 'malformed';
  if (/[01OIL]/.test(upper)) return 'mistyped';
  const body = upper.slice(0, SERIAL_BODY_LENGTH);
  return SERIAL_ALPHABET[checkValue(body)] === upper[SERIAL_BODY_LENGTH] ? 'well_formed' : 'mistyped';
}
