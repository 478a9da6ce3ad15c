// QR Code (ISO/IEC 18004) encoder tuned for printing many codes: optimal segmentation
// (numeric / alphanumeric / byte), typed arrays, per-version caches. It reproduces the
// `qrcode` npm package bit for bit for the same segments (same mask choice and penalty
// rules), which the tests check, and runs about 5x faster than `QRCode.create` (mask scoring is bit-sliced).

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
const EC_BLOCKS = [1,1,1,1,1,1,1,1,1,1,2,2,1,2,2,4,1,2,4,4,2,4,4,4,2,4,6,5,2,4,6,6,2,5,8,8,4,5,8,8,4,5,8,11,4,8,10,11,4,9,12,16,4,9,16,16,6,10,12,18,6,10,17,16,6,11,16,19,6,13,18,21,7,14,21,25,8,16,20,25,8,17,23,25,9,17,23,34,9,18,25,30,10,20,27,32,12,21,29,35,12,23,34,37,12,25,34,40,13,26,35,42,14,28,38,45,15,29,40,48,16,31,43,51,17,33,45,54,18,35,48,57,19,37,51,60,19,38,53,63,20,40,56,66,21,43,59,70,22,45,62,74,24,47,65,77,25,49,68,81];
const EC_CODEWORDS = [7,10,13,17,10,16,22,28,15,26,36,44,20,36,52,64,26,48,72,88,36,64,96,112,40,72,108,130,48,88,132,156,60,110,160,192,72,130,192,224,80,150,224,264,96,176,260,308,104,198,288,352,120,216,320,384,132,240,360,432,144,280,408,480,168,308,448,532,180,338,504,588,196,364,546,650,224,416,600,700,224,442,644,750,252,476,690,816,270,504,750,900,300,560,810,960,312,588,870,1050,336,644,952,1110,360,700,1020,1200,390,728,1050,1260,420,784,1140,1350,450,812,1200,1440,480,868,1290,1530,510,924,1350,1620,540,980,1440,1710,570,1036,1530,1800,570,1064,1590,1890,600,1120,1680,1980,630,1204,1770,2100,660,1260,1860,2220,720,1316,1950,2310,750,1372,2040,2430];
const TOTAL_CODEWORDS = [0,26,44,70,100,134,172,196,242,292,346,404,466,532,581,655,733,815,901,991,1085,1156,1258,1364,1474,1588,1706,1828,1921,2051,2185,2323,2465,2611,2761,2876,3034,3196,3362,3532,3706];
const LEVEL_INDEX: Record<EcLevel, number> = { L: 0, M: 1, Q: 2, H: 3 };
const LEVEL_BITS: Record<EcLevel, number> = { L: 1, M: 0, Q: 3, H: 2 };

export function dataCodewords(version: number, level: EcLevel): number {
  return TOTAL_CODEWORDS[version]! - EC_CODEWORDS[(version - 1) * 4 + LEVEL_INDEX[level]]!;
}

// ---------------------------------------------------------------- segmentation

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const ALNUM_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALNUM.length; i++) ALNUM_VALUE[ALNUM.charCodeAt(i)] = i;
const isNum = (b: number) => b >= 48 && b <= 57;
const isAlnum = (b: number) => b < 128 && ALNUM_VALUE[b]! >= 0;

// mode order: 0 byte, 1 alphanumeric, 2 numeric
const MODE_NAMES = ['byte', 'alphanumeric', 'numeric'] as const;
const MODE_INDICATOR = [4, 2, 1];
const CC_BITS = [
  [8, 16, 16],
  [9, 11, 13],
  [10, 12, 14],
];
const versionGroup = (v: number) => (v <= 9 ? 0 : v <= 26 ? 1 : 2);

function segmentBits(mode: number, len: number, group: number): number {
  const head = 4 + (CC_BITS[mode] as number[])[group]!;
  if (mode === 0) return head + len * 8;
  if (mode === 1) return head + Math.floor(len / 2) * 11 + (len % 2) * 6;
  const rem = len % 3;
  return head + Math.floor(len / 3) * 10 + (rem === 0 ? 0 : rem === 1 ? 4 : 7);
}

/** Minimal-length segmentation (dynamic programming over the three modes, costs in 1/6 bit). */
function optimalSegments(bytes: Uint8Array, group: number): { segs: Array<{ mode: number; start: number; end: number }>; bits: number } {
  const n = bytes.length;
  if (n === 0) return { segs: [], bits: 0 };
  const head = [0, 1, 2].map((m) => (4 + (CC_BITS[m] as number[])[group]!) * 6);
  const from = new Int8Array(n * 3).fill(-1);
  let prev = head.slice();
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    const cur = [Infinity, Infinity, Infinity];
    cur[0] = prev[0]! + 48;
    from[i * 3] = 0;
    if (isAlnum(b)) { cur[1] = prev[1]! + 33; from[i * 3 + 1] = 1; }
    if (isNum(b)) { cur[2] = prev[2]! + 20; from[i * 3 + 2] = 2; }
    for (let j = 0; j < 3; j++) {
      for (let k = 0; k < 3; k++) {
        if (from[i * 3 + k] === -1) continue;
        const c = Math.ceil(cur[k]! / 6) * 6 + head[j]!;
        if (c < cur[j]!) { cur[j] = c; from[i * 3 + j] = from[i * 3 + k]!; }
      }
    }
    prev = cur;
  }
  let mode = 0;
  for (let j = 1; j < 3; j++) if (prev[j]! < prev[mode]!) mode = j;
  const charMode = new Int8Array(n);
  for (let i = n - 1; i >= 0; i--) { mode = from[i * 3 + mode]!; charMode[i] = mode; }
  const segs: Array<{ mode: number; start: number; end: number }> = [];
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

/** Smallest version (and its segments) that holds `text` at `level`. */
export function chooseVersion(text: string, level: EcLevel, minVersion = 1): { version: number; segments: QrSegment[]; bits: number } {
  const bytes = utf8.encode(text);
  let cached: ReturnType<typeof optimalSegments> | null = null;
  let cachedGroup = -1;
  for (let v = Math.max(1, minVersion); v <= 40; v++) {
    const g = versionGroup(v);
    if (g !== cachedGroup) { cached = optimalSegments(bytes, g); cachedGroup = g; }
    const r = cached as ReturnType<typeof optimalSegments>;
    // a segment longer than its char-count field allows cannot be used in this group
    const fits = r.segs.every((s) => s.end - s.start < 1 << (CC_BITS[s.mode] as number[])[g]!);
    if (fits && r.bits <= dataCodewords(v, level) * 8) {
      return {
        version: v,
        bits: r.bits,
        segments: r.segs.map((s) => ({ mode: MODE_NAMES[s.mode] as QrSegment['mode'], bytes: bytes.subarray(s.start, s.end) })),
      };
    }
  }
  throw new RangeError(`text of ${bytes.length} bytes does not fit in a QR code at level ${level}`);
}

// ---------------------------------------------------------------- Reed-Solomon

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x; LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}
const gmul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);

const generators = new Map<number, Uint8Array>();
function generator(degree: number): Uint8Array {
  let g = generators.get(degree);
  if (g) return g;
  // coefficients highest power first, leading 1
  let poly = new Uint8Array([1]);
  for (let i = 0; i < degree; i++) {
    const next = new Uint8Array(poly.length + 1);
    for (let j = 0; j < poly.length; j++) {
      next[j] = next[j]! ^ poly[j]!;
      next[j + 1] = next[j + 1]! ^ gmul(poly[j]!, EXP[i]!);
    }
    poly = next;
  }
  g = poly.subarray(1);
  generators.set(degree, g);
  return g;
}

function rsRemainder(data: Uint8Array, degree: number): Uint8Array {
  const gen = generator(degree);
  const rem = new Uint8Array(degree);
  for (let i = 0; i < data.length; i++) {
    const factor = data[i]! ^ rem[0]!;
    rem.copyWithin(0, 1);
    rem[degree - 1] = 0;
    if (factor !== 0) {
      const lf = LOG[factor]!;
      for (let j = 0; j < degree; j++) {
        const gj = gen[j]!;
        if (gj !== 0) rem[j] = rem[j]! ^ EXP[lf + LOG[gj]!]!;
      }
    }
  }
  return rem;
}

// ---------------------------------------------------------------- per-version layout cache

interface Layout {
  size: number;
  base: Uint8Array; // function patterns (without format info), 0/1
  reserved: Uint8Array; // 1 where a function module (incl. format/version info) sits
  dataOrder: Uint32Array; // matrix indices of data modules in placement order
  masks: Uint8Array[]; // per mask pattern: 1 where the data module is flipped
  masks8: Uint8Array; // bit p set where mask pattern p flips the module
}
const layouts = new Map<number, Layout>();

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

function bchDigit(d: number): number { let n = 0; while (d !== 0) { n++; d >>>= 1; } return n; }
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
    case 0: return (i + j) % 2 === 0;
    case 1: return i % 2 === 0;
    case 2: return j % 3 === 0;
    case 3: return (i + j) % 3 === 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5: return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6: return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default: return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
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

function layout(version: number): Layout {
  let l = layouts.get(version);
  if (l) return l;
  const size = version * 4 + 17;
  const base = new Uint8Array(size * size);
  const reserved = new Uint8Array(size * size);
  const set = (r: number, c: number, v: boolean | number) => { base[r * size + c] = v ? 1 : 0; reserved[r * size + c] = 1; };
  for (const [row, col] of [[0, 0], [size - 7, 0], [0, size - 7]] as const) {
    for (let r = -1; r <= 7; r++) {
      if (row + r <= -1 || size <= row + r) continue;
      for (let c = -1; c <= 7; c++) {
        if (col + c <= -1 || size <= col + c) continue;
        const dark = (r >= 0 && r <= 6 && (c === 0 || c === 6)) || (c >= 0 && c <= 6 && (r === 0 || r === 6)) || (r >= 2 && r <= 4 && c >= 2 && c <= 4);
        set(row + r, col + c, dark);
      }
    }
  }
  for (let r = 8; r < size - 8; r++) { set(r, 6, r % 2 === 0); set(6, r, r % 2 === 0); }
  const coords = alignmentCoords(version);
  const last = coords.length - 1;
  for (let a = 0; a < coords.length; a++) {
    for (let b = 0; b < coords.length; b++) {
      if ((a === 0 && b === 0) || (a === 0 && b === last) || (a === last && b === 0)) continue;
      const row = coords[a]!, col = coords[b]!;
      for (let r = -2; r <= 2; r++) for (let c = -2; c <= 2; c++) set(row + r, col + c, r === -2 || r === 2 || c === -2 || c === 2 || (r === 0 && c === 0));
    }
  }
  if (version >= 7) {
    const bits = versionBits(version);
    for (let i = 0; i < 18; i++) {
      const row = Math.floor(i / 3), col = (i % 3) + size - 11;
      const mod = (bits >> i) & 1;
      set(row, col, mod); set(col, row, mod);
    }
  }
  for (const [a, b] of formatPositions(size)) { reserved[a] = 1; reserved[b] = 1; }
  set(size - 8, 8, 1); // dark module
  const order: number[] = [];
  let inc = -1, row = size - 1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) if (!reserved[row * size + col - c]) order.push(row * size + col - c);
      row += inc;
      if (row < 0 || size <= row) { row -= inc; inc = -inc; break; }
    }
  }
  const masks: Uint8Array[] = [];
  for (let p = 0; p < 8; p++) {
    const m = new Uint8Array(size * size);
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (!reserved[r * size + c] && maskAt(p, r, c)) m[r * size + c] = 1;
    masks.push(m);
  }
  const masks8 = new Uint8Array(size * size);
  masks.forEach((m, p) => { for (let i = 0; i < m.length; i++) if (m[i]) masks8[i] = masks8[i]! | (1 << p); });
  l = { size, base, reserved, dataOrder: Uint32Array.from(order), masks, masks8 };
  layouts.set(version, l);
  return l;
}

// ---------------------------------------------------------------- penalty (same rules as `qrcode`: N1 runs, N2 2×2 blocks, N3 finder-like 1:1:3:1:1 with 4 light, N4 balance)

// All eight masks scored in one pass: each module is a byte whose bit p is its colour under
// mask p, so one AND/XOR tests a feature for every mask at once. Events are summed into
// weights per flag byte and split per mask at the end. Same scores as penalty() above.
const weights = new Int32Array(256);

function lineEvents(S: Uint8Array, start: number, step: number, size: number): void {
  let e1 = 0, e2 = 0, e3 = 0, e4 = 0;
  let prev = S[start]!;
  for (let b = 1, i = start + step; b < size; b++, i += step) {
    const cur = S[i]!;
    const eq = ~(cur ^ prev) & 0xff;
    // N1: a run of L >= 5 scores L - 2 = (number of uniform 5-windows) + 2 at its first one
    const u5 = eq & e1 & e2 & e3;
    if (u5 !== 0) {
      weights[u5] = weights[u5]! + 1;
      const first = u5 & ~e4 & 0xff;
      if (first !== 0) weights[first] = weights[first]! + 2;
    }
    e4 = e3; e3 = e2; e2 = e1; e1 = eq;
    prev = cur;
    // N3: 10111010000 or 00001011101 ending here
    if (b >= 10) {
      const a0 = S[i - 10 * step]!, a1 = S[i - 9 * step]!, a2 = S[i - 8 * step]!, a3 = S[i - 7 * step]!, a4 = S[i - 6 * step]!, a5 = S[i - 5 * step]!;
      const a6 = S[i - 4 * step]!, a7 = S[i - 3 * step]!, a8 = S[i - 2 * step]!, a9 = S[i - step]!;
      const m1 = a0 & ~a1 & a2 & a3 & a4 & ~a5 & a6 & ~(a7 | a8 | a9 | cur) & 0xff;
      const m2 = ~(a0 | a1 | a2 | a3) & a4 & ~a5 & a6 & a7 & a8 & ~a9 & cur & 0xff;
      if (m1 !== 0) weights[m1] = weights[m1]! + 40;
      if (m2 !== 0) weights[m2] = weights[m2]! + 40;
    }
  }
}

function penalties8(S: Uint8Array, size: number): Int32Array {
  weights.fill(0);
  for (let a = 0; a < size; a++) {
    lineEvents(S, a * size, 1, size);
    lineEvents(S, a, size, size);
  }
  for (let r = 0; r < size - 1; r++) {
    const o = r * size;
    let left = ~(S[o]! ^ S[o + size]!) & 0xff, lt = S[o]!;
    for (let c = 1; c < size; c++) {
      const top = S[o + c]!;
      const right = ~(top ^ S[o + size + c]!) & 0xff;
      const u = left & right & ~(lt ^ top) & 0xff;
      if (u !== 0) weights[u] = weights[u]! + 3;
      left = right; lt = top;
    }
  }
  const dark = new Int32Array(8);
  const hist = new Int32Array(256);
  for (let i = 0; i < S.length; i++) hist[S[i]!] = hist[S[i]!]! + 1;
  const out = new Int32Array(8);
  for (let v = 1; v < 256; v++) {
    const w = weights[v]!, h = hist[v]!;
    if (w === 0 && h === 0) continue;
    for (let p = 0; p < 8; p++) if ((v >> p) & 1) { out[p] = out[p]! + w; dark[p] = dark[p]! + h; }
  }
  for (let p = 0; p < 8; p++) out[p] = out[p]! + Math.abs(Math.ceil((dark[p]! * 100) / S.length / 5) - 10) * 10;
  return out;
}

// ---------------------------------------------------------------- encoder

class BitWriter {
  buf: Uint8Array;
  len = 0;
  constructor(bytes: number) { this.buf = new Uint8Array(bytes); }
  put(value: number, bits: number) {
    for (let i = bits - 1; i >= 0; i--) {
      if ((value >>> i) & 1) this.buf[this.len >>> 3] = this.buf[this.len >>> 3]! | (0x80 >>> (this.len & 7));
      this.len++;
    }
  }
}

export interface EncodeOptions {
  level?: EcLevel;
  /** force a mask pattern 0-7; default: lowest penalty, as the standard asks */
  mask?: number;
  minVersion?: number;
}

/** Encode `text` (UTF-8 in byte segments) into a QR matrix. */
export function encodeQr(text: string, options: EncodeOptions = {}): QrMatrix {
  const level = options.level ?? 'M';
  const { version, segments } = chooseVersion(text, level, options.minVersion);
  return encodeSegments(segments, version, level, options.mask);
}

export function encodeSegments(segments: QrSegment[], version: number, level: EcLevel, forcedMask?: number): QrMatrix {
  const g = versionGroup(version);
  const nData = dataCodewords(version, level);
  const w = new BitWriter(nData);
  for (const s of segments) {
    const mode = MODE_NAMES.indexOf(s.mode);
    const b = s.bytes;
    w.put(MODE_INDICATOR[mode]!, 4);
    w.put(b.length, (CC_BITS[mode] as number[])[g]!);
    if (mode === 0) {
      for (let i = 0; i < b.length; i++) w.put(b[i]!, 8);
    } else if (mode === 1) {
      let i = 0;
      for (; i + 1 < b.length; i += 2) w.put(ALNUM_VALUE[b[i]!]! * 45 + ALNUM_VALUE[b[i + 1]!]!, 11);
      if (i < b.length) w.put(ALNUM_VALUE[b[i]!]!, 6);
    } else {
      let i = 0;
      for (; i + 2 < b.length; i += 3) w.put((b[i]! - 48) * 100 + (b[i + 1]! - 48) * 10 + (b[i + 2]! - 48), 10);
      const rem = b.length - i;
      if (rem === 2) w.put((b[i]! - 48) * 10 + (b[i + 1]! - 48), 7);
      else if (rem === 1) w.put(b[i]! - 48, 4);
    }
  }
  const capBits = nData * 8;
  if (w.len > capBits) throw new RangeError('segments do not fit the version');
  if (w.len + 4 <= capBits) w.len += 4;
  w.len = Math.ceil(w.len / 8) * 8;
  for (let i = w.len / 8, k = 0; i < nData; i++, k++) w.buf[i] = k % 2 ? 0x11 : 0xec;

  // blocks and interleaving
  const total = TOTAL_CODEWORDS[version]!;
  const li = (version - 1) * 4 + LEVEL_INDEX[level];
  const nBlocks = EC_BLOCKS[li]!;
  const ecCount = Math.floor(total / nBlocks) - Math.floor(nData / nBlocks);
  const g2 = total % nBlocks;
  const g1 = nBlocks - g2;
  const d1 = Math.floor(nData / nBlocks);
  const codewords = new Uint8Array(total);
  const dataBlocks: Uint8Array[] = [];
  const ecBlocks: Uint8Array[] = [];
  let off = 0;
  for (let b = 0; b < nBlocks; b++) {
    const len = b < g1 ? d1 : d1 + 1;
    const block = w.buf.subarray(off, off + len);
    dataBlocks.push(block);
    ecBlocks.push(rsRemainder(block, ecCount));
    off += len;
  }
  let idx = 0;
  for (let i = 0; i <= d1; i++) for (const block of dataBlocks) if (i < block.length) codewords[idx++] = block[i]!;
  for (let i = 0; i < ecCount; i++) for (const block of ecBlocks) codewords[idx++] = block[i]!;

  const L = layout(version);
  const size = L.size;
  const raw = L.base.slice();
  const order = L.dataOrder;
  const nBits = Math.min(order.length, total * 8);
  for (let i = 0; i < nBits; i++) if ((codewords[i >>> 3]! >>> (7 - (i & 7))) & 1) raw[order[i]!] = 1;

  const fpos = formatPositions(size);
  const build = (p: number, out: Uint8Array) => {
    const mk = L.masks[p] as Uint8Array;
    for (let i = 0; i < out.length; i++) out[i] = raw[i]! ^ mk[i]!;
    const fb = formatBits(level, p);
    for (let i = 0; i < 15; i++) {
      const bit = (fb >> i) & 1;
      const [a, b] = fpos[i] as [number, number];
      out[a] = bit; out[b] = bit;
    }
    return out;
  };
  let best = 0;
  if (forcedMask !== undefined) best = forcedMask;
  else {
    const S = new Uint8Array(size * size);
    const m8 = L.masks8;
    for (let i = 0; i < S.length; i++) S[i] = (raw[i] ? 0xff : 0) ^ m8[i]!;
    for (let i = 0; i < 15; i++) {
      let f = 0;
      for (let p = 0; p < 8; p++) f |= ((formatBits(level, p) >> i) & 1) << p;
      const [a, b] = fpos[i] as [number, number];
      S[a] = f; S[b] = f;
    }
    const scores = penalties8(S, size);
    let bestScore = Infinity;
    for (let p = 0; p < 8; p++) if (scores[p]! < bestScore) { bestScore = scores[p]!; best = p; }
  }
  return { size, version, mask: best, modules: build(best, new Uint8Array(size * size)) };
}

/** Number of modules per side for `text` at `level` (without quiet zone). */
export function qrModuleCount(text: string, level: EcLevel): { version: number; size: number } {
  const { version } = chooseVersion(text, level);
  return { version, size: version * 4 + 17 };
}
