// Compressed GS1 Digital Link URIs (the compression of the GS1 Digital Link standard, which
// ISO/IEC 18975 keeps): the whole path is one segment of URI-safe base64 holding a bit string.
// The bit string is a sequence of elements, each one of:
//   - two decimal digits (4 bits each) starting an AI, completed to its length by table P, then
//     its value in the AI's format (table F);
//   - two hex digits with a letter, naming a common sequence of AIs (the optimisation table),
//     then their values one after the other;
//   - F and a 7-bit key length: a non-GS1 key=value pair of the query string.
// Values: fixed-length numbers in as many bits as their largest value needs (no length);
// variable-length numbers with a length first; alphanumerics with a 3-bit encoding (digits,
// lower-case hex, upper-case hex, URI-safe base64, 7-bit ASCII), a length when variable, and the
// characters. Whatever is left once fewer than 9 bits remain is padding.
import { digitalLinkFromPairs, type DigitalLinkPath, type DigitalLinkProblem } from './digital-link-parse';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789ABCDEF';

/** Table P: the length of every AI by its first two digits. */
const AI_LENGTH: Record<string, number> = {};
for (const p of ['00', '01', '02', '10', '11', '12', '13', '15', '16', '17', '20', '21', '22', '30', '37'])
  AI_LENGTH[p] = 2;
for (let p = 90; p <= 99; p++) AI_LENGTH[String(p)] = 2;
for (const p of ['23', '24', '25', '40', '41', '42', '71']) AI_LENGTH[p] = 3;
for (const p of ['31', '32', '33', '34', '35', '36', '39', '70', '72', '80', '81', '82']) AI_LENGTH[p] = 4;

/** Table F: each AI's value as parts, N or X, fixed length (`N6`) or up to a maximum (`X..20`). */
const FORMAT: Record<string, string> = {
  '00': 'N18',
  '01': 'N14',
  '02': 'N14',
  '10': 'X..20',
  '11': 'N6',
  '12': 'N6',
  '13': 'N6',
  '15': 'N6',
  '16': 'N6',
  '17': 'N6',
  '20': 'N2',
  '21': 'X..20',
  '22': 'X..20',
  '240': 'X..30',
  '241': 'X..30',
  '242': 'N..6',
  '243': 'X..20',
  '250': 'X..30',
  '251': 'X..30',
  '253': 'N13+X..17',
  '254': 'X..20',
  '255': 'N13+N..12',
  '30': 'N..8',
  '37': 'N..8',
  '3940': 'N4',
  '3941': 'N4',
  '3942': 'N4',
  '3943': 'N4',
  '400': 'X..30',
  '401': 'X..30',
  '402': 'N17',
  '403': 'X..30',
  '420': 'X..20',
  '421': 'N3+X..9',
  '422': 'N3',
  '423': 'N3+N..12',
  '424': 'N3',
  '425': 'N3+N..12',
  '426': 'N3',
  '427': 'X..3',
  '7001': 'N13',
  '7002': 'X..30',
  '7003': 'N10',
  '7004': 'N..4',
  '7005': 'X..12',
  '7006': 'N6',
  '7007': 'N6+N..6',
  '7008': 'X..3',
  '7009': 'X..10',
  '7010': 'X..2',
  '7020': 'X..20',
  '7021': 'X..20',
  '7022': 'X..20',
  '7023': 'X..30',
  '8001': 'N14',
  '8002': 'X..20',
  '8003': 'N14+X..16',
  '8004': 'X..30',
  '8005': 'N6',
  '8006': 'N18',
  '8007': 'X..24',
  '8008': 'N8+N..4',
  '8009': 'X..50',
  '8010': 'X..30',
  '8011': 'N..12',
  '8012': 'X..20',
  '8013': 'X..30',
  '8017': 'N18',
  '8018': 'N18',
  '8019': 'N..10',
  '8020': 'X..25',
  '8026': 'N18',
  '8110': 'X..70',
  '8111': 'N4',
  '8112': 'X..70',
  '8200': 'X..70',
  '90': 'X..30',
};
// measures of variable-measure trade items: 310n–316n, 320n–329n, 330n–337n, 340n–349n,
// 350n–357n, 360n–369n with n the decimal point's position 0–5, all six digits
for (const [first, last] of [
  [310, 316],
  [320, 329],
  [330, 337],
  [340, 349],
  [350, 357],
  [360, 369],
])
  for (let p = first!; p <= last!; p++) for (let n = 0; n <= 5; n++) FORMAT[`${p}${n}`] = 'N6';
for (let n = 0; n <= 9; n++) {
  FORMAT[`390${n}`] = 'N..15';
  FORMAT[`391${n}`] = 'N3+N..15';
  FORMAT[`392${n}`] = 'N..15';
  FORMAT[`393${n}`] = 'N3+N..15';
  FORMAT[`703${n}`] = 'N3+X..27';
  FORMAT[`723${n}`] = 'X..30';
}
for (let p = 410; p <= 416; p++) FORMAT[String(p)] = 'N13';
for (let p = 710; p <= 714; p++) FORMAT[String(p)] = 'X..20';
for (let p = 91; p <= 99; p++) FORMAT[String(p)] = 'X..90';

/** The optimisation table: two hex digits, at least one a letter, for a common sequence of AIs. */
const SEQUENCES: Record<string, string[]> = {
  '0A': ['01', '22'],
  '0B': ['01', '10'],
  '0C': ['01', '21'],
  '0D': ['01', '17'],
  '0E': ['01', '7003'],
  '0F': ['01', '30'],
  '1A': ['01', '10', '21', '17'],
  '1B': ['01', '15'],
  '1C': ['01', '11'],
  '1D': ['01', '16'],
  '1E': ['01', '91'],
  '1F': ['01', '10', '15'],
  '9A': ['8010', '8011'],
  '9B': ['8017', '8019'],
  '9C': ['8018', '8019'],
  '9D': ['414', '254'],
};
for (let n = 0; n <= 5; n++) {
  SEQUENCES[`2${'ABCDEF'[n]}`] = ['01', `310${n}`];
  SEQUENCES[`3${'ABCDEF'[n]}`] = ['01', `320${n}`];
}
for (let n = 0; n <= 9; n++) {
  SEQUENCES[`A${n}`] = ['01', `392${n}`];
  SEQUENCES[`C${n}`] = ['255', `390${n}`];
}
for (let n = 0; n <= 3; n++) SEQUENCES[`C${'ABCD'[n]}`] = ['255', `394${n}`];

class NotCompressed extends Error {}

/** Reads the bit string front to back; running past its end means it was not what it seemed. */
class Bits {
  private at = 0;
  constructor(private readonly bits: string) {}
  get left() {
    return this.bits.length - this.at;
  }
  take(n: number): string {
    if (n > this.left) throw new NotCompressed();
    const out = this.bits.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  int(n: number): number {
    return n === 0 ? 0 : Number.parseInt(this.take(n), 2);
  }
  /** A number of `digits` decimal digits, leading zeros kept (BigInt: 18 digits exceed a double). */
  digits(digits: number): string {
    const bits = this.take(valueBits(digits));
    const n = bits ? BigInt(`0b${bits}`) : 0n;
    const s = n.toString();
    if (s.length > digits) throw new NotCompressed();
    return s.padStart(digits, '0');
  }
}

/** Bits for a value of n decimal digits, as the standard counts them. */
const valueBits = (n: number) => Math.ceil((n * Math.log(10)) / Math.log(2) + 0.01);
/** Bits for a length up to `max`. */
const lengthBits = (max: number) => Math.ceil(Math.log(max) / Math.log(2) + 0.01);

function characters(bits: Bits, encoding: number, count: number): string {
  switch (encoding) {
    case 0:
      return bits.digits(count);
    case 1:
    case 2: {
      let s = '';
      for (let i = 0; i < count; i++) s += HEX[bits.int(4)];
      return encoding === 1 ? s.toLowerCase() : s;
    }
    case 3: {
      let s = '';
      for (let i = 0; i < count; i++) s += BASE64[bits.int(6)];
      return s;
    }
    case 4: {
      let s = '';
      for (let i = 0; i < count; i++) s += String.fromCharCode(bits.int(7));
      return s;
    }
    default:
      throw new NotCompressed();
  }
}

function value(bits: Bits, ai: string): string {
  const format = FORMAT[ai];
  if (!format) throw new NotCompressed();
  let out = '';
  for (const part of format.split('+')) {
    const m = /^([NX])(\.\.)?(\d+)$/.exec(part)!;
    const numeric = m[1] === 'N';
    const n = Number(m[3]);
    if (numeric) out += bits.digits(m[2] ? bits.int(lengthBits(n)) : n);
    else {
      const encoding = bits.int(3);
      out += characters(bits, encoding, m[2] ? bits.int(lengthBits(n)) : n);
    }
  }
  return out;
}

export interface Decompressed {
  /** AIs and their values, in the order they were compressed */
  ais: [string, string][];
  /** non-GS1 key=value pairs of the query string that were compressed along */
  other: [string, string][];
}

/** The AIs and other pairs of one compressed path segment, or null when it is not one. */
export function decompressDigitalLink(segment: string): Decompressed | null {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  let s = '';
  for (const ch of segment) s += BASE64.indexOf(ch).toString(2).padStart(6, '0');
  const bits = new Bits(s);
  const out: Decompressed = { ais: [], other: [] };
  try {
    while (bits.left > 8) {
      const h1 = HEX[bits.int(4)]!;
      const h2 = HEX[bits.int(4)]!;
      const head = h1 + h2;
      if (/^\d\d$/.test(head)) {
        const length = AI_LENGTH[head];
        if (!length) throw new NotCompressed();
        let ai = head;
        for (let i = 2; i < length; i++) {
          const d = bits.int(4);
          if (d > 9) throw new NotCompressed();
          ai += d;
        }
        out.ais.push([ai, value(bits, ai)]);
      } else if (SEQUENCES[head]) {
        for (const ai of SEQUENCES[head]) out.ais.push([ai, value(bits, ai)]);
      } else if (h1 === 'F') {
        // the key's length is h2's four bits and three more
        const keyLength = HEX.indexOf(h2) * 8 + bits.int(3);
        const key = characters(bits, 3, keyLength);
        const encoding = bits.int(3);
        out.other.push([key, characters(bits, encoding, bits.int(7))]);
      } else throw new NotCompressed();
    }
  } catch (e) {
    if (e instanceof NotCompressed) return null;
    throw e;
  }
  return out.ais.length ? out : null;
}

const QUALIFIERS = ['22', '10', '21'];

/**
 * The resolver's view of a compressed Digital Link: the GTIN with its qualifiers in their order
 * (data attributes are left out, as the resolver ignores them in a query string), and the other
 * key=value pairs. Null when the segment is not a compressed GTIN Digital Link at all; a problem
 * when it is one that breaks the rules of an uncompressed one (a wrong check digit…).
 */
export function digitalLinkFromCompressed(
  segment: string,
): { link: DigitalLinkPath; other: [string, string][] } | DigitalLinkProblem | null {
  const d = decompressDigitalLink(segment);
  const gtins = d?.ais.filter(([ai]) => ai === '01') ?? [];
  if (!d || gtins.length !== 1) return null;
  const pairs: [string, string][] = [gtins[0]!];
  for (const q of QUALIFIERS) {
    const found = d.ais.filter(([ai]) => ai === q);
    if (found.length > 1) return { problem: `the qualifier /${q}/ appears more than once` };
    if (found[0]) pairs.push(found[0]);
  }
  const link = digitalLinkFromPairs(pairs);
  return 'problem' in link ? link : { link, other: d.other };
}
