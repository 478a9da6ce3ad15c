// QR Code (ISO/IEC 18004) encoder tuned for printing many codes: optimal segmentation
// (numeric / alphanumeric / byte), typed arrays, per-(version, level) plans and reused
// scratch buffers. It reproduces the `qrcode` npm package bit for bit for the same segments
// (same mask choice and penalty rules), which the tests check. All eight masks are scored
// in one pass: each module is a byte whose bit p is its colour under mask p (bit-sliced),
// and the finished matrix is read off that byte for the chosen mask.
// Runtime-neutral: no Node or DOM APIs beyond TextEncoder.

export type EcLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrMatrix {
  /** modules per side (without quiet zone) */
  size: number;
  version: number;
  mask: number;
  /** row-major, 1 = dark */
  modules: Uint8Array;
}

export interface QrSegment {
  mode: 'numeric' | 'alphanumeric' | 'byte';
  /** the bytes of the segment (ASCII for numeric/alphanumeric, UTF-8 for byte) */
  bytes: Uint8Array;
}

// Tables from the `qrcode` package (lib/core/error-correction-code.js), index (v-1)*4 + [L,M,Q,H].
const EC_BLOCKS = [
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 2, 2, 4, 1, 2, 4, 4, 2, 4, 4, 4, 2, 4, 6, 5, 2, 4, 6, 6, 2, 5, 8, 8, 4, 5, 8,
  8, 4, 5, 8, 11, 4, 8, 10, 11, 4, 9, 12, 16, 4, 9, 16, 16, 6, 10, 12, 18, 6, 10, 17, 16, 6, 11, 16, 19, 6, 13, 18, 21,
  7, 14, 21, 25, 8, 16, 20, 25, 8, 17, 23, 25, 9, 17, 23, 34, 9, 18, 25, 30, 10, 20, 27, 32, 12, 21, 29, 35, 12, 23, 34,
  37, 12, 25, 34, 40, 13, 26, 35, 42, 14, 28, 38, 45, 15, 29, 40, 48, 16, 31, 43, 51, 17, 33, 45, 54, 18, 35, 48, 57,
  19, 37, 51, 60, 19, 38, 53, 63, 20, 40, 56, 66, 21, 43, 59, 70, 22, 45, 62, 74, 24, 47, 65, 77, 25, 49, 68, 81,
];
const EC_CODEWORDS = [
  7, 10, 13, 17, 10, 16, 22, 28, 15, 26, 36, 44, 20, 36, 52, 64, 26, 48, 72, 88, 36, 64, 96, 112, 40, 72, 108, 130, 48,
  88, 132, 156, 60, 110, 160, 192, 72, 130, 192, 224, 80, 150, 224, 264, 96, 176, 260, 308, 104, 198, 288, 352, 120,
  216, 320, 384, 132, 240, 360, 432, 144, 280, 408, 480, 168, 308, 448, 532, 180, 338, 504, 588, 196, 364, 546, 650,
  224, 416, 600, 700, 224, 442, 644, 750, 252, 476, 690, 816, 270, 504, 750, 900, 300, 560, 810, 960, 312, 588, 870,
  1050, 336, 644, 952, 1110, 360, 700, 1020, 1200, 390, 728, 1050, 1260, 420, 784, 1140, 1350, 450, 812, 1200, 1440,
  480, 868, 1290, 1530, 510, 924, 1350, 1620, 540, 980, 1440, 1710, 570, 1036, 1530, 1800, 570, 1064, 1590, 1890, 600,
  1120, 1680, 1980, 630, 1204, 1770, 2100, 660, 1260, 1860, 2220, 720, 1316, 1950, 2310, 750, 1372, 2040, 2430,
];
const TOTAL_CODEWORDS = [
  0, 26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085, 1156, 1258, 1364,
  1474, 1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706,
];
const LEVEL_INDEX: Record<EcLevel, number> = { L: 0, M: 1, Q: 2, H: 3 };
const LEVEL_BITS: Record<EcLevel, number> = { L: 1, M: 0, Q: 3, H: 2 };

export function dataCodewords(version: number, level: EcLevel): number {
  return TOTAL_CODEWORDS[version]! - EC_CODEWORDS[(version - 1) * 4 + LEVEL_INDEX[level]]!;
}

// ---------------------------------------------------------------- segmentation

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const ALNUM_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALNUM.length; i++) ALNUM_VALUE[ALNUM.charCodeAt(i)] = i;

// mode order: 0 byte, 1 alphanumeric, 2 numeric
const MODE_NAMES = ['byte', 'alphanumeric', 'numeric'] as const;
const MODE_INDICATOR = [4, 2, 1];
const CC_BITS = [
  [8, 16, 16],
  [9, 11, 13],
  [10, 12, 14],
];
const versionGroup = (v: number) => (v <= 9 ? 0 : v <= 26 ? 1 : 2);
// character class: bit 0 alphanumeric, bit 1 numeric
const CHAR_CLASS = new Uint8Array(256);
for (let b = 0; b < 128; b++) CHAR_CLASS[b] = (ALNUM_VALUE[b]! >= 0 ? 1 : 0) | (b >= 48 && b <= 57 ? 2 : 0);

function segmentBits(mode: number, len: number, group: number): number {
  const head = 4 + (CC_BITS[mode] as number[])[group]!;
  if (mode === 0) return head + len * 8;
  if (mode === 1) return head + Math.floor(len / 2) * 11 + (len % 2) * 6;
  const rem = len % 3;
  return head + Math.floor(len / 3) * 10 + (rem === 0 ? 0 : rem === 1 ? 4 : 7);
}

interface RawSeg {
  mode: number;
  start: number;
  end: number;
}
let fromBuf = new Int8Array(3 * 256);
let modeBuf = new Int8Array(256);
const cur = new Int32Array(3);
const prevCost = new Int32Array(3);
const headCost = new Int32Array(3);
const NONE = 0x3fffffff;

/** Minimal-length segmentation (dynamic programming over the three modes, costs in 1/6 bit). */
function optimalSegments(bytes: Uint8Array, group: number): { segs: RawSeg[]; bits: number } {
  const n = bytes.length;
  if (n === 0) return { segs: [], bits: 0 };
  if (fromBuf.length < n * 3) {
    fromBuf = new Int8Array(n * 3);
    modeBuf = new Int8Array(n);
  }
  const from = fromBuf;
  for (let m = 0; m < 3; m++) {
    headCost[m] = (4 + (CC_BITS[m] as number[])[group]!) * 6;
    prevCost[m] = headCost[m]!;
  }
  for (let i = 0; i < n; i++) {
    const cls = CHAR_CLASS[bytes[i]!]!;
    const o = i * 3;
    cur[0] = prevCost[0]! + 48;
    from[o] = 0;
    if (cls & 1) {
      cur[1] = prevCost[1]! + 33;
      from[o + 1] = 1;
    } else {
      cur[1] = NONE;
      from[o + 1] = -1;
    }
    if (cls & 2) {
      cur[2] = prevCost[2]! + 20;
      from[o + 2] = 2;
    } else {
      cur[2] = NONE;
      from[o + 2] = -1;
    }
    for (let j = 0; j < 3; j++) {
      for (let k = 0; k < 3; k++) {
        if (from[o + k] === -1) continue;
        const c = (((cur[k]! + 5) / 6) | 0) * 6 + headCost[j]!;
        if (c < cur[j]!) {
          cur[j] = c;
          from[o + j] = from[o + k]!;
        }
      }
    }
    prevCost[0] = cur[0]!;
    prevCost[1] = cur[1]!;
    prevCost[2] = cur[2]!;
  }
  let mode = 0;
  for (let j = 1; j < 3; j++) if (prevCost[j]! < prevCost[mode]!) mode = j;
  const charMode = modeBuf;
  for (let i = n - 1; i >= 0; i--) {
    mode = from[i * 3 + mode]!;
    charMode[i] = mode;
  }
  const segs: RawSeg[] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || charMode[i] !== charMode[start]) {
      segs.push({ mode: charMode[start]!, start, end: i });
      start = i;
    }
  }
  let bits = 0;
  for (const s of segs) bits += segmentBits(s.mode, s.end - s.start, group);
  return { segs, bits };
}

const utf8 = new TextEncoder();

function pickVersion(
  bytes: Uint8Array,
  level: EcLevel,
  minVersion: number,
): { version: number; segs: RawSeg[]; bits: number } {
  let cached: ReturnType<typeof optimalSegments> | null = null;
  let cachedGroup = -1;
  for (let v = Math.max(1, minVersion); v <= 40; v++) {
    const g = versionGroup(v);
    if (g !== cachedGroup) {
      cached = optimalSegments(bytes, g);
      cachedGroup = g;
    }
    const r = cached as ReturnType<typeof optimalSegments>;
    // a segment longer than its char-count field allows cannot be used in this group
    let fits = true;
    for (const s of r.segs)
      if (s.end - s.start >= 1 << (CC_BITS[s.mode] as number[])[g]!) {
        fits = false;
        break;
      }
    if (fits && r.bits <= dataCodewords(v, level) * 8) return { version: v, segs: r.segs, bits: r.bits };
  }
  throw new RangeError(`text of ${bytes.length} bytes does not fit in a QR code at level ${level}`);
}

/** Smallest version (and its segments) that holds `text` at `level`. */
export function chooseVersion(
  text: string,
  level: EcLevel,
  minVersion = 1,
): { version: number; segments: QrSegment[]; bits: number } {
  const bytes = utf8.encode(text);
  const r = pickVersion(bytes, level, minVersion);
  return {
    version: r.version,
    bits: r.bits,
    segments: r.segs.map((s) => ({
      mode: MODE_NAMES[s.mode] as QrSegment['mode'],
      bytes: bytes.subarray(s.start, s.end),
    })),
  };
}

// ---------------------------------------------------------------- Reed-Solomon

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}
const gmul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);

/** Generator polynomial of `degree` (highest power first, leading 1 dropped) times every factor: row f is g·f. */
function generatorTable(degree: number): Uint8Array {
  let poly = new Uint8Array([1]);
  for (let i = 0; i < degree; i++) {
    const next = new Uint8Array(poly.length + 1);
    for (let j = 0; j < poly.length; j++) {
      next[j] = next[j]! ^ poly[j]!;
      next[j + 1] = next[j + 1]! ^ gmul(poly[j]!, EXP[i]!);
    }
    poly = next;
  }
  const out = new Uint8Array(256 * degree);
  for (let f = 1; f < 256; f++) for (let j = 0; j < degree; j++) out[f * degree + j] = gmul(poly[j + 1]!, f);
  return out;
}

let rsTmp = new Uint8Array(512);

/** Remainder of data[off..off+len) · x^degree by the generator, written to out[outOff..outOff+degree). */
function rsRemainder(
  data: Uint8Array,
  off: number,
  len: number,
  gen: Uint8Array,
  degree: number,
  out: Uint8Array,
  outOff: number,
): void {
  if (rsTmp.length < len + degree) rsTmp = new Uint8Array(len + degree);
  const t = rsTmp;
  t.set(data.subarray(off, off + len));
  t.fill(0, len, len + degree);
  for (let i = 0; i < len; i++) {
    const f = t[i]!;
    if (f === 0) continue;
    for (let j = 0, row = f * degree; j < degree; j++) t[i + 1 + j] = t[i + 1 + j]! ^ gen[row + j]!;
  }
  out.set(t.subarray(len, len + degree), outOff);
}

// ---------------------------------------------------------------- per-(version, level) plan

function alignmentCoords(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const size = version * 4 + 17;
  const interval = size === 145 ? 26 : Math.ceil((size - 13) / (2 * count - 2)) * 2;
  const pos = [size - 7];
  for (let i = 1; i < count - 1; i++) pos[i] = pos[i - 1]! - interval;
  pos.push(6);
  return pos.reverse();
}

function bchDigit(d: number): number {
  let n = 0;
  while (d !== 0) {
    n++;
    d >>>= 1;
  }
  return n;
}
function versionBits(version: number): number {
  const G18 = 0x1f25;
  let d = version << 12;
  while (bchDigit(d) - bchDigit(G18) >= 0) d ^= G18 << (bchDigit(d) - bchDigit(G18));
  return (version << 12) | d;
}
function formatBits(level: EcLevel, mask: number): number {
  const G15 = 0x537;
  const data = (LEVEL_BITS[level] << 3) | mask;
  let d = data << 10;
  while (bchDigit(d) - bchDigit(G15) >= 0) d ^= G15 << (bchDigit(d) - bchDigit(G15));
  return ((data << 10) | d) ^ 0x5412;
}

function maskAt(p: number, i: number, j: number): boolean {
  switch (p) {
    case 0:
      return (i + j) % 2 === 0;
    case 1:
      return i % 2 === 0;
    case 2:
      return j % 3 === 0;
    case 3:
      return (i + j) % 3 === 0;
    case 4:
      return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5:
      return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6:
      return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default:
      return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** Format-information module positions (vertical copy, horizontal copy) for bit i, as matrix indices. */
function formatPositions(size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < 15; i++) {
    const vr = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    const hc = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 15 - i - 1;
    out.push([vr * size + 8, 8 * size + hc]);
  }
  return out;
}

interface Plan {
  version: number;
  size: number;
  nData: number;
  total: number;
  nBlocks: number;
  g1: number; // blocks of d1 data codewords; the rest have d1 + 1
  d1: number;
  ecCount: number;
  /** generator · f for every factor f (row-major, ecCount per row) */
  gen: Uint8Array;
  /** codeword order: final position k takes work[src[k]] (work = data codewords, then EC blocks) */
  src: Uint16Array;
  /** row stride of the padded layouts (size rounded up to whole 32-bit words) */
  stride: number;
  /**
   * Bit-sliced templates, row-major (A) and transposed (T), rows padded to `stride` bytes
   * with 0: bit p of each module byte is its colour under mask p with all data bits 0.
   */
  baseA: Uint8Array;
  baseT: Uint8Array;
  /** padded index (in A and in T) of data bit i (only the total*8 bits that carry codewords) */
  orderA: Uint32Array;
  orderT: Uint32Array;
  /** per 32-bit word of a padded row: lanes (bytes) that hold a module, and those that have a right neighbour */
  laneMask: Int32Array;
  laneMask2: Int32Array;
}
const plans = new Map<number, Plan>();

function plan(version: number, level: EcLevel): Plan {
  const key = version * 4 + LEVEL_INDEX[level];
  let p = plans.get(key);
  if (p) return p;
  const size = version * 4 + 17;
  const n = size * size;
  const base = new Uint8Array(n);
  const reserved = new Uint8Array(n);
  const set = (r: number, c: number, v: boolean | number) => {
    base[r * size + c] = v ? 1 : 0;
    reserved[r * size + c] = 1;
  };
  for (const [row, col] of [
    [0, 0],
    [size - 7, 0],
    [0, size - 7],
  ] as const) {
    for (let r = -1; r <= 7; r++) {
      if (row + r <= -1 || size <= row + r) continue;
      for (let c = -1; c <= 7; c++) {
        if (col + c <= -1 || size <= col + c) continue;
        const dark =
          (r >= 0 && r <= 6 && (c === 0 || c === 6)) ||
          (c >= 0 && c <= 6 && (r === 0 || r === 6)) ||
          (r >= 2 && r <= 4 && c >= 2 && c <= 4);
        set(row + r, col + c, dark);
      }
    }
  }
  for (let r = 8; r < size - 8; r++) {
    set(r, 6, r % 2 === 0);
    set(6, r, r % 2 === 0);
  }
  const coords = alignmentCoords(version);
  const last = coords.length - 1;
  for (let a = 0; a < coords.length; a++) {
    for (let b = 0; b < coords.length; b++) {
      if ((a === 0 && b === 0) || (a === 0 && b === last) || (a === last && b === 0)) continue;
      const row = coords[a]!,
        col = coords[b]!;
      for (let r = -2; r <= 2; r++)
        for (let c = -2; c <= 2; c++)
          set(row + r, col + c, r === -2 || r === 2 || c === -2 || c === 2 || (r === 0 && c === 0));
    }
  }
  if (version >= 7) {
    const bits = versionBits(version);
    for (let i = 0; i < 18; i++) {
      const row = Math.floor(i / 3),
        col = (i % 3) + size - 11;
      const mod = (bits >> i) & 1;
      set(row, col, mod);
      set(col, row, mod);
    }
  }
  const fpos = formatPositions(size);
  for (const [a, b] of fpos) {
    reserved[a] = 1;
    reserved[b] = 1;
  }
  set(size - 8, 8, 1); // dark module

  const total = TOTAL_CODEWORDS[version]!;
  const order: number[] = [];
  let inc = -1,
    row = size - 1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) if (!reserved[row * size + col - c]) order.push(row * size + col - c);
      row += inc;
      if (row < 0 || size <= row) {
        row -= inc;
        inc = -inc;
        break;
      }
    }
  }
  order.length = Math.min(order.length, total * 8); // remainder bits stay light

  const base8 = new Uint8Array(n);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      if (reserved[i]) {
        base8[i] = base[i] ? 0xff : 0;
        continue;
      }
      let m = 0;
      for (let q = 0; q < 8; q++) if (maskAt(q, r, c)) m |= 1 << q;
      base8[i] = m;
    }
  }
  for (let i = 0; i < 15; i++) {
    let f = 0;
    for (let q = 0; q < 8; q++) f |= ((formatBits(level, q) >> i) & 1) << q;
    const [a, b] = fpos[i] as [number, number];
    base8[a] = f;
    base8[b] = f;
  }

  const nData = dataCodewords(version, level);
  const nBlocks = EC_BLOCKS[(version - 1) * 4 + LEVEL_INDEX[level]]!;
  const ecCount = Math.floor(total / nBlocks) - Math.floor(nData / nBlocks);
  const g1 = nBlocks - (total % nBlocks);
  const d1 = Math.floor(nData / nBlocks);
  const src = new Uint16Array(total);
  let k = 0;
  for (let i = 0; i <= d1; i++) {
    for (let b = 0, off = 0; b < nBlocks; b++) {
      const len = b < g1 ? d1 : d1 + 1;
      if (i < len) src[k++] = off + i;
      off += len;
    }
  }
  for (let i = 0; i < ecCount; i++) for (let b = 0; b < nBlocks; b++) src[k++] = nData + b * ecCount + i;

  const stride = (size + 3) & ~3,
    G = stride / 4;
  const baseA = new Uint8Array(size * stride),
    baseT = new Uint8Array(size * stride);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      baseA[r * stride + c] = base8[r * size + c]!;
      baseT[c * stride + r] = base8[r * size + c]!;
    }
  const orderA = Uint32Array.from(order, (i) => Math.floor(i / size) * stride + (i % size));
  const orderT = Uint32Array.from(order, (i) => (i % size) * stride + Math.floor(i / size));
  const lanes = new Uint8Array(stride),
    lanes2 = new Uint8Array(stride);
  for (let c = 0; c < stride; c++) {
    lanes[c] = c < size ? 0xff : 0;
    lanes2[c] = c < size - 1 ? 0xff : 0;
  }
  const laneMask = new Int32Array(lanes.buffer, 0, G),
    laneMask2 = new Int32Array(lanes2.buffer, 0, G);
  p = {
    version,
    size,
    nData,
    total,
    nBlocks,
    g1,
    d1,
    ecCount,
    gen: generatorTable(ecCount),
    src,
    stride,
    baseA,
    baseT,
    orderA,
    orderT,
    laneMask,
    laneMask2,
  };
  plans.set(key, p);
  return p;
}

// ---------------------------------------------------------------- penalty (same rules as `qrcode`: N1 runs, N2 2×2 blocks, N3 finder-like 1:1:3:1:1 with 4 light, N4 balance)

// SWAR over the bit-sliced matrix: a 32-bit word holds four neighbouring modules (one byte
// lane each) under all eight masks, so one bitwise operation tests a feature for 4 modules ×
// 8 masks. Lines are scanned down the columns of the row-major layout (vertical features)
// and of the transposed one (horizontal features). Events are tallied in bit-sliced binary
// counters (level k holds bit k of the count of each of the 32 lane×mask positions) and
// split per mask at the end. Weighted events enter at the levels of their weight's bits
// (a run's first window +2 at level 1, a finder pattern 40 = 32 + 8 at levels 5 and 3).
const LEVELS = 26; // penalty per lane×mask position stays below 2^26 even for version 40
const C_PENALTY = 0,
  C_DARK = LEVELS;
const counters = new Int32Array(2 * LEVELS);
const scores = new Int32Array(8);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function tally(base: number, e: number): void {
  const c = counters;
  for (let k = base; e !== 0; k++) {
    const v = c[k]!;
    c[k] = v ^ e;
    e = v & e;
  }
}

/** Per mask p, the sum over the four lanes of counter `base`, into out[p]. */
function countsOf(base: number, out: Int32Array): void {
  out.fill(0);
  for (let k = 0; k < LEVELS; k++) {
    const v = counters[base + k]!;
    if (v === 0) continue;
    const w = 2 ** k;
    // nibble-wise: bit q and bit q + 4 of all four bytes summed into the two lowest nibbles
    for (let q = 0; q < 4; q++) {
      let x = (v >>> q) & 0x11111111;
      x += x >>> 16;
      x += x >>> 8;
      out[q] = out[q]! + (x & 0xf) * w;
      out[q + 4] = out[q + 4]! + ((x >>> 4) & 0xf) * w;
    }
  }
}
const darks = new Int32Array(8);

/** N1 (runs of 5+ score length - 2) and N3 (1011101 with 4 light on one side: 40) down every column of W. */
function columnEvents(W: Int32Array, size: number, G: number, laneMask: Int32Array): void {
  for (let k = 0; k < G; k++) {
    const lm = laneMask[k]!;
    let e1 = 0,
      e2 = 0,
      e3 = 0,
      e4 = 0;
    // a1..a11: the words 0..10 places back (a1 = current after the shift)
    let a1 = W[k]!,
      a2 = 0,
      a3 = 0,
      a4 = 0,
      a5 = 0,
      a6 = 0,
      a7 = 0,
      a8 = 0,
      a9 = 0,
      a10 = 0,
      a11 = 0;
    for (let r = 1, i = G + k; r < size; r++, i += G) {
      const cur = W[i]!;
      const eq = ~(cur ^ a1);
      // a run of L >= 5 scores L - 2 = (number of uniform 5-windows) + 2 at its first one
      const u5 = eq & e1 & e2 & e3 & lm;
      if (u5 !== 0) {
        tally(C_PENALTY, u5);
        const first = u5 & ~e4;
        if (first !== 0) tally(C_PENALTY + 1, first);
      }
      e4 = e3;
      e3 = e2;
      e2 = e1;
      e1 = eq;
      a11 = a10;
      a10 = a9;
      a9 = a8;
      a8 = a7;
      a7 = a6;
      a6 = a5;
      a5 = a4;
      a4 = a3;
      a3 = a2;
      a2 = a1;
      a1 = cur;
      if (r >= 10) {
        const m1 = a11 & ~a10 & a9 & a8 & a7 & ~a6 & a5 & ~(a4 | a3 | a2 | a1) & lm; // 10111010000
        const m2 = ~(a11 | a10 | a9 | a8) & a7 & ~a6 & a5 & a4 & a3 & ~a2 & a1 & lm; // 00001011101
        if (m1 !== 0) {
          tally(C_PENALTY + 5, m1);
          tally(C_PENALTY + 3, m1);
        }
        if (m2 !== 0) {
          tally(C_PENALTY + 5, m2);
          tally(C_PENALTY + 3, m2);
        }
      }
    }
  }
}

/** Penalty of each mask (same rules and totals as `qrcode`) for the matrix in A (row-major) and T (transposed). */
function scoreMasks(A: Int32Array, T: Int32Array, P: Plan): Int32Array {
  const size = P.size,
    G = P.stride >> 2;
  counters.fill(0);
  columnEvents(A, size, G, P.laneMask); // vertical runs and finder patterns
  columnEvents(T, size, G, P.laneMask); // horizontal ones
  // N2: uniform 2×2 blocks, 3 each; the right neighbours are the word shifted by one lane
  const lm2 = P.laneMask2;
  for (let r = 0; r < size - 1; r++) {
    const o = r * G;
    for (let k = 0; k < G; k++) {
      const a = A[o + k]!,
        b = A[o + G + k]!;
      const an = k + 1 < G ? A[o + k + 1]! : 0,
        bn = k + 1 < G ? A[o + G + k + 1]! : 0;
      const a1 = LITTLE_ENDIAN ? (a >>> 8) | (an << 24) : (a << 8) | (an >>> 24);
      const b1 = LITTLE_ENDIAN ? (b >>> 8) | (bn << 24) : (b << 8) | (bn >>> 24);
      const u = ~(a ^ b) & ~(a1 ^ b1) & ~(a ^ a1) & lm2[k]!;
      if (u !== 0) {
        tally(C_PENALTY, u);
        tally(C_PENALTY + 1, u);
      }
    }
  }
  // N4: dark modules (padding lanes are 0)
  for (let i = 0, end = size * G; i < end; i++) {
    const w = A[i]!;
    if (w !== 0) tally(C_DARK, w);
  }
  const n = size * size;
  countsOf(C_PENALTY, scores);
  countsOf(C_DARK, darks);
  for (let p = 0; p < 8; p++) scores[p] = scores[p]! + Math.abs(Math.ceil((darks[p]! * 100) / n / 5) - 10) * 10;
  return scores;
}

// ---------------------------------------------------------------- encoder

let work = new Uint8Array(4096); // data codewords then EC blocks
let bufA = new Int32Array(0),
  bufT = new Int32Array(0); // padded bit-sliced matrices (Int32 words)

export interface EncodeOptions {
  level?: EcLevel;
  /** force a mask pattern 0-7; default: lowest penalty, as the standard asks */
  mask?: number;
  minVersion?: number;
}

/** Encode `text` (UTF-8 in byte segments) into a QR matrix. */
export function encodeQr(text: string, options: EncodeOptions = {}): QrMatrix {
  const level = options.level ?? 'M';
  const bytes = utf8.encode(text);
  const { version, segs } = pickVersion(bytes, level, options.minVersion ?? 1);
  return encodeRaw(bytes, segs, version, level, options.mask);
}

export function encodeSegments(segments: QrSegment[], version: number, level: EcLevel, forcedMask?: number): QrMatrix {
  let total = 0;
  for (const s of segments) total += s.bytes.length;
  const bytes = new Uint8Array(total);
  const segs: RawSeg[] = [];
  let off = 0;
  for (const s of segments) {
    bytes.set(s.bytes, off);
    segs.push({ mode: MODE_NAMES.indexOf(s.mode), start: off, end: off + s.bytes.length });
    off += s.bytes.length;
  }
  return encodeRaw(bytes, segs, version, level, forcedMask);
}

function encodeRaw(
  bytes: Uint8Array,
  segs: RawSeg[],
  version: number,
  level: EcLevel,
  forcedMask: number | undefined,
): QrMatrix {
  const P = plan(version, level);
  const g = versionGroup(version);
  const nData = P.nData;
  if (work.length < P.total) work = new Uint8Array(P.total * 2);
  const buf = work;
  buf.fill(0, 0, nData);
  // bit writer (inlined: a closure here costs a call per field): acc holds < 8 pending bits plus at most 16 new ones
  let acc = 0,
    nacc = 0,
    pos = 0;
  const capBits = nData * 8;
  let bitLen = 0;
  for (const s of segs) {
    const mode = s.mode;
    const len = s.end - s.start;
    bitLen += 4 + (CC_BITS[mode] as number[])[g]! + segmentBits(mode, len, g) - segmentBits(mode, 0, g);
    if (bitLen > capBits) throw new RangeError('segments do not fit the version');
    acc = (acc << 4) | MODE_INDICATOR[mode]!;
    nacc += 4;
    const cc = (CC_BITS[mode] as number[])[g]!;
    acc = (acc << cc) | len;
    nacc += cc;
    while (nacc >= 8) {
      nacc -= 8;
      buf[pos++] = (acc >>> nacc) & 0xff;
    }
    acc &= (1 << nacc) - 1;
    if (mode === 0) {
      for (let i = s.start; i < s.end; i++) {
        buf[pos++] = (((acc << 8) | bytes[i]!) >>> nacc) & 0xff;
        acc = bytes[i]! & ((1 << nacc) - 1);
      }
      continue;
    }
    let i = s.start;
    for (;;) {
      let v: number, bits: number;
      if (mode === 1) {
        if (i + 1 < s.end) {
          v = ALNUM_VALUE[bytes[i]!]! * 45 + ALNUM_VALUE[bytes[i + 1]!]!;
          bits = 11;
          i += 2;
        } else if (i < s.end) {
          v = ALNUM_VALUE[bytes[i]!]!;
          bits = 6;
          i++;
        } else break;
      } else {
        const rem = s.end - i;
        if (rem >= 3) {
          v = (bytes[i]! - 48) * 100 + (bytes[i + 1]! - 48) * 10 + (bytes[i + 2]! - 48);
          bits = 10;
          i += 3;
        } else if (rem === 2) {
          v = (bytes[i]! - 48) * 10 + (bytes[i + 1]! - 48);
          bits = 7;
          i += 2;
        } else if (rem === 1) {
          v = bytes[i]! - 48;
          bits = 4;
          i++;
        } else break;
      }
      acc = (acc << bits) | v;
      nacc += bits;
      while (nacc >= 8) {
        nacc -= 8;
        buf[pos++] = (acc >>> nacc) & 0xff;
      }
      acc &= (1 << nacc) - 1;
    }
  }
  // terminator (up to 4 zero bits), then pad to a byte boundary
  if (bitLen + 4 <= capBits) {
    acc <<= 4;
    nacc += 4;
    if (nacc >= 8) {
      nacc -= 8;
      buf[pos++] = (acc >>> nacc) & 0xff;
      acc &= (1 << nacc) - 1;
    }
  }
  if (nacc > 0) {
    buf[pos++] = (acc << (8 - nacc)) & 0xff;
    nacc = 0;
  }
  for (let k = 0; pos < nData; pos++, k++) buf[pos] = k % 2 ? 0x11 : 0xec;

  // error correction per block
  for (let b = 0, off = 0; b < P.nBlocks; b++) {
    const len = b < P.g1 ? P.d1 : P.d1 + 1;
    rsRemainder(buf, off, len, P.gen, P.ecCount, buf, nData + b * P.ecCount);
    off += len;
  }

  // place the bits into the bit-sliced templates: a dark data bit flips all eight colours
  const size = P.size,
    n = size * size,
    stride = P.stride,
    words = (size * stride) >> 2;
  if (bufA.length < words) {
    bufA = new Int32Array(words);
    bufT = new Int32Array(words);
  }
  const A = new Uint8Array(bufA.buffer, 0, size * stride),
    T = new Uint8Array(bufT.buffer, 0, size * stride);
  A.set(P.baseA);
  T.set(P.baseT);
  const orderA = P.orderA,
    orderT = P.orderT,
    src = P.src,
    nBits = orderA.length;
  for (let k = 0, i = 0; i < nBits; k++) {
    const cw = buf[src[k]!]!;
    for (let bit = 7; bit >= 0 && i < nBits; bit--, i++) {
      if ((cw >>> bit) & 1) {
        const x = orderA[i]!,
          y = orderT[i]!;
        A[x] = A[x]! ^ 0xff;
        T[y] = T[y]! ^ 0xff;
      }
    }
  }

  let best = 0;
  if (forcedMask !== undefined) best = forcedMask;
  else {
    const sc = scoreMasks(bufA, bufT, P);
    let bestScore = sc[0]!;
    for (let p = 1; p < 8; p++)
      if (sc[p]! < bestScore) {
        bestScore = sc[p]!;
        best = p;
      }
  }
  const modules = new Uint8Array(n);
  for (let r = 0, i = 0; r < size; r++)
    for (let c = 0, j = r * stride; c < size; c++, i++, j++) modules[i] = (A[j]! >>> best) & 1;
  return { size, version, mask: best, modules };
}

/** Number of modules per side for `text` at `level` (without quiet zone). */
export function qrModuleCount(text: string, level: EcLevel): { version: number; size: number } {
  const { version } = chooseVersion(text, level);
  return { version, size: version * 4 + 17 };
}
