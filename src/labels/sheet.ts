// PDF label sheets for a print run, written as a stream: pages go out as soon as their
// stamps are drawn, so 100,000 stamps never sit in memory. pdf-lib supplies the object
// model, the font subset and the shared label form; page content streams are raw
// operators (vector QR paths, serial text) compressed with the platform's deflate.
import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, type PDFFont, type PDFImage, type PDFObject } from 'pdf-lib';
import { dayVi } from '../domain/messages';
import { LabelError } from './errors';
import { encodeQr, type EcLevel, type QrMatrix } from './qr';
import { checkTemplate, MIN_MODULE_MM, pageGeometry, qrElementOf, type Template, type TextElement } from './template';
import { fitText, type FittedText } from './text';

export interface LabelFields {
  productName: string;
  cooperativeName?: string | null;
  lot?: string | null;
  productionDate?: string | null;
  expiryDate?: string | null;
  /** stars of a rating valid today; null when the batch has no valid OCOP rating (no mark is printed) */
  ocopStars: number | null;
}

export interface Stamp {
  /** exactly what the QR code must decode to */
  uri: string;
  serial: string;
  /** pre-encoded QR matrix (e.g. from worker threads); encoded here when absent */
  qr?: QrMatrix;
}

/**
 * zlib-format deflate of one page content stream. An async one (e.g. Node's zlib.deflate on
 * the libuv threadpool) overlaps with drawing: several pages are in flight at once. The
 * renderer hands over a buffer it never touches again.
 */
export type Deflate = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/**
 * Encodes QR codes in batches, typically off the main thread (see src/entry/labels-node-accel.ts on Node).
 * Must give the same matrices as `encodeQr(uri, { level })`; `null` for a URI that does not fit.
 */
export interface QrBatchEncoder {
  encodeBatch(uris: string[], level: EcLevel): Promise<Array<QrMatrix | null>>;
}

export interface LabelSheetOptions {
  template: Template;
  /** TrueType font bytes (labels/fonts/DejaVuSans.ttf); embedded as a subset */
  font: Uint8Array;
  fields: LabelFields;
  stamps: Iterable<Stamp> | AsyncIterable<Stamp>;
  /** only the first sheet (page) */
  preview?: boolean;
  /** image for the template's logo element; skipped when absent */
  logo?: { bytes: Uint8Array; format: 'png' | 'jpeg' };
  /** zlib-format deflate for page streams; default: CompressionStream('deflate'). On Node pass an async zlib.deflate (src/entry/labels-node-accel.ts). */
  deflate?: Deflate;
  /** batch QR encoder (worker threads on Node); default: encode on the calling thread */
  encoder?: QrBatchEncoder;
  /** stamps per encoder batch (default 480 = 20 A4 3×8 pages) and batches kept in flight (default 3) */
  encoderBatch?: number;
  encoderAhead?: number;
}

/** Page content streams being deflated at once (bounded: each holds one raw page). */
const PAGES_IN_FLIGHT = 6;

const PT_PER_MM = 72 / 25.4;
const pt = (mm: number) => mm * PT_PER_MM;
const DEFAULT_PROMPT = 'Quét để xác thực';
const STAR = '\u2605';

// ---------------------------------------------------------------- byte output

const ascii = new TextEncoder();

class Bytes {
  buf = new Uint8Array(1 << 16);
  len = 0;
  /** make room for n more bytes (callers may then write `buf` directly) */
  ensure(n: number) {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  str(s: string): this {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
    return this;
  }
  /** non-negative integer followed by a space */
  int(n: number): this {
    this.ensure(16);
    const b = this.buf;
    if (n < 10) {
      b[this.len++] = 48 + n;
    } else if (n < 100) {
      const t = (n / 10) | 0;
      b[this.len++] = 48 + t;
      b[this.len++] = 48 + n - t * 10;
    } else {
      const s = String(n);
      for (let i = 0; i < s.length; i++) b[this.len++] = s.charCodeAt(i);
    }
    b[this.len++] = 32;
    return this;
  }
  num(n: number): this {
    return this.str(fmt(n)).str(' ');
  }
  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  take(): Uint8Array {
    const out = this.buf.slice(0, this.len);
    this.len = 0;
    return out;
  }
}

function fmt(n: number): string {
  const r = Math.round(n * 10000) / 10000;
  return Object.is(r, -0) ? '0' : String(r);
}

async function webDeflate(data: Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream('deflate');
  const writer = cs.writable.getWriter();
  void writer.write(data as Uint8Array<ArrayBuffer>);
  void writer.close();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = cs.readable.getReader();
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    chunks.push(r.value);
    total += r.value.length;
  }
  return concat(chunks, total);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

// ---------------------------------------------------------------- QR path

// scratch for appendQrRects: open rectangles (two lists of start, length, row) and one row's runs
let rectBuf = new Int32Array(0);
const curS = new Int32Array(100),
  curL = new Int32Array(100); // runs in one row: at most (177 + 1) / 2

// "n " for n < 1000 as up to four bytes per entry, and each entry's length: a number is
// written with four unconditional stores (the slack is overwritten by what follows)
const INT_TXT = new Uint8Array(4000),
  INT_LEN = new Uint8Array(1000);
for (let n = 0; n < 1000; n++) {
  const t = `${n} `;
  INT_LEN[n] = t.length;
  for (let i = 0; i < t.length; i++) INT_TXT[n * 4 + i] = t.charCodeAt(i);
}

/** Write "x y w h re\n" (non-negative integers below 1000) at b[p], with 3 bytes of slack after; returns the new end. */
function putRect(b: Uint8Array, p: number, x: number, y: number, w: number, h: number): number {
  p = putInt(b, p, x);
  p = putInt(b, p, y);
  p = putInt(b, p, w);
  p = putInt(b, p, h);
  b[p] = 114;
  b[p + 1] = 101;
  b[p + 2] = 10; // "re\n"
  return p + 3;
}

function putInt(b: Uint8Array, p: number, n: number): number {
  const i = n << 2;
  b[p] = INT_TXT[i]!;
  b[p + 1] = INT_TXT[i + 1]!;
  b[p + 2] = INT_TXT[i + 2]!;
  b[p + 3] = INT_TXT[i + 3]!;
  return p + INT_LEN[n]!;
}

export function appendQrRects(out: Bytes, m: QrMatrix): void {
  const n = m.size,
    mod = m.modules;
  if (rectBuf.length < 6 * n) rectBuf = new Int32Array(6 * n);
  // at most one rectangle per dark module, at most 19 bytes each ("177 177 177 177 re\n")
  out.ensure(n * n * 20 + 16);
  const b = out.buf;
  let p = out.len;
  // open rectangles (start column, length, start row) sorted by start, and this row's runs;
  // both lists are walked together: an open rectangle continues only under an identical run
  const R = rectBuf;
  let oS = 0,
    oL = n,
    oR = 2 * n,
    tS = 3 * n,
    tL = 4 * n,
    tR = 5 * n;
  let no = 0;
  const cS = curS,
    cL = curL;
  for (let r = 0; r <= n; r++) {
    let nc = 0;
    if (r < n) {
      const o = r * n;
      let c = 0;
      while (c < n) {
        if (mod[o + c] !== 0) {
          const st = c;
          c++;
          while (c < n && mod[o + c] !== 0) c++;
          cS[nc] = st;
          cL[nc] = c - st;
          nc++;
        } else c++;
      }
    }
    let i = 0,
      j = 0,
      nt = 0;
    while (i < no || j < nc) {
      const os = i < no ? R[oS + i]! : 0x7fffffff;
      const cs = j < nc ? cS[j]! : 0x7fffffff;
      if (os < cs || (os === cs && R[oL + i] !== cL[j])) {
        const r0 = R[oR + i]!;
        p = putRect(b, p, os, r0, R[oL + i]!, r - r0);
        i++;
        continue;
      }
      if (os === cs) {
        R[tS + nt] = os;
        R[tL + nt] = R[oL + i]!;
        R[tR + nt] = R[oR + i]!;
        i++;
      } else {
        R[tS + nt] = cs;
        R[tL + nt] = cL[j]!;
        R[tR + nt] = r;
      }
      nt++;
      j++;
    }
    let x = oS;
    oS = tS;
    tS = x;
    x = oL;
    oL = tL;
    tL = x;
    x = oR;
    oR = tR;
    tR = x;
    no = nt;
  }
  out.len = p;
}

// ---------------------------------------------------------------- fonts and text

interface FontKit {
  font: PDFFont;
  chars: Set<number>;
  ascent: number; // per unit size
  extent: number; // ascent + descent per unit size
  glyphHex: Map<string, string>;
  glyphWidth: Map<string, number>;
}

function checkGlyphs(fk: FontKit, text: string, where: string): void {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x20) continue;
    if (!fk.chars.has(cp)) {
      const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      throw new LabelError('LABEL_GLYPH_MISSING', `the label font has no glyph for "${ch}" (${hex}) in ${where}`, {
        character: ch,
        codePoint: hex,
        field: where,
      });
    }
  }
}

/** Per-character glyph codes and widths, for text that changes on every label (serials). */
function charHex(fk: FontKit, ch: string, where: string): string {
  let h = fk.glyphHex.get(ch);
  if (h === undefined) {
    checkGlyphs(fk, ch, where);
    h = fk.font.encodeText(ch).asString();
    fk.glyphHex.set(ch, h);
    fk.glyphWidth.set(ch, fk.font.widthOfTextAtSize(ch, 1));
  }
  return h;
}

function measureByChar(fk: FontKit, where: string) {
  return (s: string) => {
    let w = 0;
    for (const ch of s) {
      charHex(fk, ch, where);
      w += fk.glyphWidth.get(ch)!;
    }
    return w;
  };
}

interface TextBox {
  x: number;
  y: number;
  width: number;
  height: number;
} // pt, y from label top

/** Text operators for `fitted` in `box`; `oy` is the label's top edge in page/form coordinates. */
function textOps(
  out: Bytes,
  fk: FontKit,
  fitted: FittedText,
  box: TextBox,
  align: TextElement['align'],
  ox: number,
  oy: number,
  measure: (s: string) => number,
  encode: (s: string) => string,
): void {
  const s = fitted.size;
  const lh = fitted.advance;
  const blockH = s * fk.extent + (fitted.lines.length - 1) * lh;
  const top = box.y + Math.max(0, (box.height - blockH) / 2);
  fitted.lines.forEach((line, i) => {
    const w = measure(line) * s;
    const dx = align === 'center' ? (box.width - w) / 2 : align === 'right' ? box.width - w : 0;
    const x = ox + box.x + Math.max(0, dx);
    const y = oy - (top + fk.ascent * s + i * lh);
    out.str('BT /F0 ').num(s).str('Tf ').num(x).num(y).str('Td <').str(encode(line)).str('> Tj ET\n');
  });
}

function fitFor(el: TextElement, text: string, fk: FontKit, measure: (s: string) => number, where: string): FittedText {
  const height = pt(el.height);
  const minSize = el.minFontSize ?? el.fontSize;
  if (minSize * fk.extent > height + 1e-6) {
    throw new LabelError(
      'LABEL_TEMPLATE_UNFIT',
      `${where}: a line at ${minSize} pt needs ${((minSize * fk.extent) / PT_PER_MM).toFixed(2)} mm, the box is ${el.height} mm high`,
      {
        element: where,
        byMm: Math.round(((minSize * fk.extent) / PT_PER_MM - el.height) * 100) / 100,
      },
    );
  }
  return fitText({
    text,
    width: pt(el.width),
    height,
    fontSize: el.fontSize,
    minFontSize: minSize,
    maxLines: el.maxLines,
    lineHeight: el.lineHeight,
    extent: fk.extent,
    measure,
  });
}

// ---------------------------------------------------------------- the shared label form

function circlePath(out: Bytes, cx: number, cy: number, r: number) {
  const k = 0.5523 * r;
  out
    .num(cx + r)
    .num(cy)
    .str('m ');
  out
    .num(cx + r)
    .num(cy + k)
    .num(cx + k)
    .num(cy + r)
    .num(cx)
    .num(cy + r)
    .str('c ');
  out
    .num(cx - k)
    .num(cy + r)
    .num(cx - r)
    .num(cy + k)
    .num(cx - r)
    .num(cy)
    .str('c ');
  out
    .num(cx - r)
    .num(cy - k)
    .num(cx - k)
    .num(cy - r)
    .num(cx)
    .num(cy - r)
    .str('c ');
  out
    .num(cx + k)
    .num(cy - r)
    .num(cx + r)
    .num(cy - k)
    .num(cx + r)
    .num(cy)
    .str('c h\n');
}

function roundedRect(out: Bytes, x: number, y: number, w: number, h: number, r: number) {
  if (r <= 0) {
    out.num(x).num(y).num(w).num(h).str('re\n');
    return;
  }
  r = Math.min(r, w / 2, h / 2);
  const k = 0.5523 * r;
  out
    .num(x + r)
    .num(y)
    .str('m ')
    .num(x + w - r)
    .num(y)
    .str('l ');
  out
    .num(x + w - r + k)
    .num(y)
    .num(x + w)
    .num(y + r - k)
    .num(x + w)
    .num(y + r)
    .str('c ');
  out
    .num(x + w)
    .num(y + h - r)
    .str('l ')
    .num(x + w)
    .num(y + h - r + k)
    .num(x + w - r + k)
    .num(y + h)
    .num(x + w - r)
    .num(y + h)
    .str('c ');
  out
    .num(x + r)
    .num(y + h)
    .str('l ')
    .num(x + r - k)
    .num(y + h)
    .num(x)
    .num(y + h - r + k)
    .num(x)
    .num(y + h - r)
    .str('c ');
  out
    .num(x)
    .num(y + r)
    .str('l ')
    .num(x)
    .num(y + r - k)
    .num(x + r - k)
    .num(y)
    .num(x + r)
    .num(y)
    .str('c h\n');
}

function fieldText(el: TextElement, fields: LabelFields): string | null {
  switch (el.field) {
    case 'productName':
      return fields.productName;
    case 'cooperativeName':
      return fields.cooperativeName ?? null;
    case 'lot':
      return fields.lot ?? null;
    // Stamps are read in Vietnam: a day given as YYYY-MM-DD prints dd/mm/yyyy ("NSX: 29/11/2026").
    case 'productionDate':
      return fields.productionDate ? dayVi(fields.productionDate) : null;
    case 'expiryDate':
      return fields.expiryDate ? dayVi(fields.expiryDate) : null;
    case 'prompt':
      return el.text ?? DEFAULT_PROMPT;
    case 'free':
      return el.text ?? null;
    case 'serial':
      return null; // per label
  }
}

function buildLabelForm(t: Template, fields: LabelFields, fk: FontKit, logo: PDFImage | null): Uint8Array {
  const out = new Bytes();
  const W = pt(t.label.width),
    H = pt(t.label.height);
  const staticMeasure = (s: string) => fk.font.widthOfTextAtSize(s, 1);
  const staticEncode = (s: string) => fk.font.encodeText(s).asString();
  out.str('0 g\n');
  t.elements.forEach((el, i) => {
    const where = `elements[${i}] (${el.type === 'text' ? el.field : el.type})`;
    if (el.type === 'text') {
      const value = fieldText(el, fields);
      if (value === null || value.trim() === '') return;
      const text = (el.prefix + value).normalize('NFC');
      checkGlyphs(fk, text, where);
      const f = fitFor(el, text, fk, staticMeasure, where);
      textOps(
        out,
        fk,
        f,
        { x: pt(el.x), y: pt(el.y), width: pt(el.width), height: pt(el.height) },
        el.align,
        0,
        H,
        staticMeasure,
        staticEncode,
      );
    } else if (el.type === 'ocopMark') {
      if (fields.ocopStars === null) return;
      const stars = STAR.repeat(fields.ocopStars);
      const box = { x: pt(el.x), y: pt(el.y), width: pt(el.width), height: pt(el.height) };
      const size = (box.height / fk.extent) * 0.98;
      const asText = (text: string, floor: number) =>
        fitFor(
          {
            type: 'text',
            field: 'free',
            x: el.x,
            y: el.y,
            width: el.width,
            height: el.height,
            fontSize: size,
            minFontSize: Math.min(floor, size),
            maxLines: 1,
            lineHeight: 1.15,
            align: 'left',
            prefix: '',
          },
          text,
          fk,
          staticMeasure,
          where,
        );
      // the stars must never be cut: shrink the words, then fall back to "OCOP ★★★★"
      let f = asText(`${el.text.normalize('NFC')} ${stars}`, 2.5);
      if (f.truncated) f = asText(`OCOP ${stars}`, 2.5);
      if (f.truncated)
        throw new LabelError(
          'LABEL_TEMPLATE_UNFIT',
          `${where}: the OCOP mark with ${fields.ocopStars} stars does not fit in ${el.width} mm`,
          { element: where },
        );
      checkGlyphs(fk, f.lines.join(' '), where);
      textOps(out, fk, f, box, 'left', 0, H, staticMeasure, staticEncode);
    } else if (el.type === 'logo' && logo) {
      const bw = pt(el.width),
        bh = pt(el.height);
      const scale = Math.min(bw / logo.width, bh / logo.height);
      const w = logo.width * scale,
        h = logo.height * scale;
      out
        .str('q ')
        .num(w)
        .str('0 0 ')
        .num(h)
        .num(pt(el.x) + (bw - w) / 2)
        .num(H - pt(el.y) - (bh + h) / 2)
        .str('cm /Logo Do Q\n');
    }
  });
  if (t.label.outline) {
    out.str('q 0.6 G 0.3 w\n');
    const inset = 0.15;
    if (t.label.shape === 'circle') circlePath(out, W / 2, H / 2, W / 2 - inset);
    else roundedRect(out, inset, inset, W - 2 * inset, H - 2 * inset, pt(t.label.cornerRadius));
    out.str('S Q\n');
  }
  return out.take();
}

function cropMarkOps(t: Template): Uint8Array {
  const out = new Bytes();
  if (!t.cropMarks) return out.take();
  const g = pageGeometry(t);
  const len = pt(t.cropMarks.length),
    off = pt(t.cropMarks.offset);
  const PH = pt(g.pageHeight),
    W = pt(t.label.width),
    H = pt(t.label.height);
  out.str('q 0 G 0.25 w\n');
  for (const s of g.slots) {
    const x0 = pt(s.x),
      y1 = PH - pt(s.y),
      x1 = x0 + W,
      y0 = y1 - H;
    for (const [x, y, dx, dy] of [
      [x0, y0, -1, -1],
      [x1, y0, 1, -1],
      [x0, y1, -1, 1],
      [x1, y1, 1, 1],
    ] as const) {
      out
        .num(x + dx * off)
        .num(y)
        .str('m ')
        .num(x + dx * (off + len))
        .num(y)
        .str('l ');
      out
        .num(x)
        .num(y + dy * off)
        .str('m ')
        .num(x)
        .num(y + dy * (off + len))
        .str('l\n');
    }
  }
  out.str('S Q\n');
  return out.take();
}

// ---------------------------------------------------------------- stream writer

async function* stampsOf(src: Iterable<Stamp> | AsyncIterable<Stamp>): AsyncGenerator<Stamp> {
  yield* src as AsyncIterable<Stamp>;
}

/** A stamp whose QR matrix came from a batch encoder; `qr: null` when its URI does not fit. */
type EncodedStamp = Omit<Stamp, 'qr'> & { qr?: QrMatrix | null };

/**
 * Stamps in order with `qr` filled in by `encoder`, reading `ahead` batches in advance so the
 * encoder works while the caller draws. Memory stays bounded by batch × (ahead + 1) stamps.
 */
async function* encodedAhead(
  src: AsyncIterator<Stamp>,
  encoder: QrBatchEncoder,
  level: EcLevel,
  batch: number,
  ahead: number,
): AsyncGenerator<EncodedStamp> {
  const queue: Array<Promise<EncodedStamp[]>> = [];
  let done = false;
  const fill = async () => {
    while (!done && queue.length < ahead) {
      const b: Stamp[] = [];
      while (b.length < batch) {
        const r = await src.next();
        if (r.done) {
          done = true;
          break;
        }
        b.push(r.value);
      }
      if (b.length === 0) break;
      const need = b.filter((x) => !x.qr);
      const p: Promise<EncodedStamp[]> =
        need.length === 0
          ? Promise.resolve(b)
          : encoder
              .encodeBatch(
                need.map((x) => x.uri),
                level,
              )
              .then((qrs) => {
                let k = 0;
                return b.map((x) => (x.qr ? x : { uri: x.uri, serial: x.serial, qr: qrs[k++] ?? null }));
              });
      p.catch(() => undefined); // rejections surface when the batch is awaited below
      queue.push(p);
    }
  };
  try {
    await fill();
    while (queue.length) {
      const head = await queue.shift()!;
      await fill();
      yield* head;
    }
  } finally {
    await src.return?.(undefined);
  }
}

function objectBytes(num: number, obj: PDFObject): Uint8Array {
  const head = `${num} 0 obj\n`,
    tail = '\nendobj\n';
  const size = obj.sizeInBytes();
  const buf = new Uint8Array(head.length + size + tail.length);
  buf.set(ascii.encode(head), 0);
  obj.copyBytesInto(buf, head.length);
  buf.set(ascii.encode(tail), head.length + size);
  return buf;
}

function validateFields(fields: LabelFields): void {
  const s = fields.ocopStars;
  if (s !== null && !(Number.isInteger(s) && s >= 1 && s <= 5)) {
    throw new LabelError('LABEL_INPUT_INVALID', `ocopStars must be null or an integer from 1 to 5, got ${String(s)}`, {
      field: 'ocopStars',
    });
  }
  if (typeof fields.productName !== 'string' || fields.productName.trim() === '') {
    throw new LabelError('LABEL_INPUT_INVALID', 'productName is required', { field: 'productName' });
  }
}

/**
 * pdf-lib names its subsets "Name-1234"; PDF 32000 9.6.4 wants a six-letter tag ("ABCDEF+Name")
 * so that viewers and preflight tools know the font is a subset. The tag is derived from the glyphs used.
 */
function tagSubset(doc: PDFDocument, font: PDFFont, fk: FontKit): void {
  const type0 = doc.context.lookup(font.ref, PDFDict);
  const cid = doc.context.lookup(type0.lookup(PDFName.of('DescendantFonts'), PDFArray).get(0), PDFDict);
  const descriptor = doc.context.lookup(cid.get(PDFName.of('FontDescriptor')), PDFDict);
  let h = 2166136261;
  for (const k of [...fk.glyphHex.values(), font.name])
    for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 16777619) >>> 0;
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (h % 26));
    h = Math.floor(h / 26) + i * 7919;
  }
  const name = PDFName.of(`${tag}+${font.name.replace(/-\d+$/, '')}`);
  type0.set(PDFName.of('BaseFont'), name);
  cid.set(PDFName.of('BaseFont'), name);
  descriptor.set(PDFName.of('FontName'), name);
}

/** The PDF as chunks (header, one chunk per page, then fonts, xref, trailer). */
export async function* renderLabelSheetChunks(opts: LabelSheetOptions): AsyncGenerator<Uint8Array> {
  const t = opts.template;
  validateFields(opts.fields);
  const deflate: Deflate = opts.deflate ?? webDeflate;
  const level = qrElementOf(t).errorCorrection;
  const stamps: AsyncIterator<EncodedStamp> = opts.encoder
    ? opts.preview
      ? encodedAhead(stampsOf(opts.stamps), opts.encoder, level, pageGeometry(t).slots.length, 1) // one sheet: read no further
      : encodedAhead(stampsOf(opts.stamps), opts.encoder, level, opts.encoderBatch ?? 480, opts.encoderAhead ?? 3)
    : stampsOf(opts.stamps);
  try {
    let first = await stamps.next();
    if (first.done) throw new LabelError('LABEL_INPUT_INVALID', 'no stamps to print', {});
    checkTemplate(t, first.value.uri);

    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(opts.font, { subset: true });
    const charSet = new Set(font.getCharacterSet());
    const unitsAscent = font.heightAtSize(1, { descender: false });
    const fk: FontKit = {
      font,
      chars: charSet,
      ascent: unitsAscent,
      extent: font.heightAtSize(1),
      glyphHex: new Map(),
      glyphWidth: new Map(),
    };
    const logo =
      opts.logo && t.elements.some((e) => e.type === 'logo')
        ? await (opts.logo.format === 'png' ? doc.embedPng(opts.logo.bytes) : doc.embedJpg(opts.logo.bytes))
        : null;

    const ctx = doc.context;
    const formBytes = buildLabelForm(t, opts.fields, fk, logo);
    const W = pt(t.label.width),
      H = pt(t.label.height);
    const formResources: { Font: { F0: PDFRef }; XObject?: { Logo: PDFRef } } = { Font: { F0: font.ref } };
    if (logo) formResources.XObject = { Logo: logo.ref };
    const formRef = ctx.register(
      ctx.flateStream(formBytes, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, W, H], Resources: formResources }),
    );
    const resourcesRef = ctx.register(ctx.obj({ Font: { F0: font.ref }, XObject: { L: formRef } }));
    const pagesRef = doc.catalog.get(PDFName.of('Pages'));
    if (!(pagesRef instanceof PDFRef)) throw new TypeError('pdf-lib catalog without a page tree ref');

    const geo = pageGeometry(t);
    const PW = pt(geo.pageWidth),
      PH = pt(geo.pageHeight);
    const mediaW = fmt(PW),
      mediaH = fmt(PH);
    const q = qrElementOf(t);
    const serialEls = t.elements
      .map((e, i) => ({ e, i }))
      .filter((x): x is { e: TextElement; i: number } => x.e.type === 'text' && x.e.field === 'serial');
    const crop = cropMarkOps(t);

    const offsets: number[] = [];
    const pageRefs: PDFRef[] = [];
    let pos = 0;
    const emit = (b: Uint8Array) => {
      pos += b.length;
      return b;
    };
    yield emit(new Bytes().str('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n').take());

    const page = new Bytes();
    let index = 0;
    // pages whose content is being deflated; written out in order, several at a time in flight
    const inflight: Array<{ content: Uint8Array | Promise<Uint8Array>; contentRef: PDFRef; pageRef: PDFRef }> = [];
    const pageChunk = async (e: (typeof inflight)[number]): Promise<Uint8Array> => {
      const content = await e.content;
      const { contentRef, pageRef } = e;
      pageRefs.push(pageRef);
      offsets[contentRef.objectNumber] = pos;
      const head = ascii.encode(
        `${contentRef.objectNumber} 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`,
      );
      const tail = ascii.encode('\nendstream\nendobj\n');
      const pageObj = ascii.encode(
        `${pageRef.objectNumber} 0 obj\n<< /Type /Page /Parent ${pagesRef.objectNumber} 0 R /MediaBox [0 0 ${mediaW} ${mediaH}] /Resources ${resourcesRef.objectNumber} 0 R /Contents ${contentRef.objectNumber} 0 R >>\nendobj\n`,
      );
      const chunk = new Uint8Array(head.length + content.length + tail.length + pageObj.length);
      chunk.set(head, 0);
      chunk.set(content, head.length);
      chunk.set(tail, head.length + content.length);
      offsets[pageRef.objectNumber] = pos + head.length + content.length + tail.length;
      chunk.set(pageObj, head.length + content.length + tail.length);
      return chunk;
    };
    while (!first.done) {
      // one page
      page.len = 0;
      for (const slot of geo.slots) {
        if (first.done) break;
        const stamp = first.value;
        const lx = pt(slot.x),
          ly = PH - pt(slot.y) - H; // label bottom-left
        page.str('q 1 0 0 1 ').num(lx).num(ly).str('cm /L Do Q\n');
        // QR
        let m = stamp.qr;
        if (m === undefined) {
          try {
            m = encodeQr(stamp.uri, { level: q.errorCorrection });
          } catch {
            m = null;
          }
        }
        if (m === null)
          throw new LabelError('LABEL_INPUT_INVALID', `stamp ${index}: URI does not fit in a QR code`, {
            index,
            uri: stamp.uri,
          });
        const across = m.size + 2 * q.quietZone;
        const moduleMm = q.size / across;
        if (moduleMm < MIN_MODULE_MM - 1e-9) {
          throw new LabelError(
            'LABEL_TEMPLATE_UNFIT',
            `stamp ${index}: QR modules would print at ${moduleMm.toFixed(3)} mm, below ${MIN_MODULE_MM} mm`,
            { index, uri: stamp.uri, moduleMm },
          );
        }
        const s = pt(moduleMm);
        page
          .str('q ')
          .num(s)
          .str('0 0 ')
          .num(-s)
          .num(lx + pt(q.x) + q.quietZone * s)
          .num(ly + H - pt(q.y) - q.quietZone * s)
          .str('cm\n');
        appendQrRects(page, m);
        page.str('f Q\n');
        // serial text
        for (const { e, i } of serialEls) {
          const where = `elements[${i}] (serial)`;
          const text = (e.prefix + stamp.serial).normalize('NFC');
          const measure = measureByChar(fk, where);
          const f = fitFor(e, text, fk, measure, where);
          textOps(
            page,
            fk,
            f,
            { x: pt(e.x), y: pt(e.y), width: pt(e.width), height: pt(e.height) },
            e.align,
            lx,
            ly + H,
            measure,
            (str) => {
              let h = '';
              for (const ch of str) h += charHex(fk, ch, where);
              return h;
            },
          );
        }
        index++;
        first = await stamps.next();
      }
      if (crop.length) page.bytes(crop);
      const content = deflate(page.take());
      if (content instanceof Promise) content.catch(() => undefined); // awaited in order below
      inflight.push({ content, contentRef: ctx.nextRef(), pageRef: ctx.nextRef() });
      while (inflight.length > (opts.preview ? 0 : PAGES_IN_FLIGHT)) yield emit(await pageChunk(inflight.shift()!));
      if (opts.preview) break;
    }
    while (inflight.length) yield emit(await pageChunk(inflight.shift()!));

    // page tree, fonts (subset now that every glyph is known), catalog
    const tree = doc.catalog.Pages();
    tree.set(PDFName.of('Kids'), ctx.obj(pageRefs));
    tree.set(PDFName.of('Count'), ctx.obj(pageRefs.length));
    await doc.flush();
    tagSubset(doc, font, fk);
    for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
      offsets[ref.objectNumber] = pos;
      yield emit(objectBytes(ref.objectNumber, obj));
    }
    const size = ctx.largestObjectNumber + 1;
    const xref = new Bytes();
    xref.str(`xref\n0 ${size}\n0000000000 65535 f \n`);
    for (let i = 1; i < size; i++) {
      const o = offsets[i];
      xref.str(o === undefined ? '0000000000 65535 f \n' : `${String(o).padStart(10, '0')} 00000 n \n`);
    }
    const root = ctx.trailerInfo.Root as PDFRef;
    xref.str(`trailer\n<< /Size ${size} /Root ${root.objectNumber} 0 R >>\nstartxref\n${pos}\n%%EOF\n`);
    yield emit(xref.take());
  } finally {
    // close the source (e.g. a database cursor) when the reader stops early or drawing fails
    await stamps.return?.(undefined);
  }
}

/** Label sheets as a byte stream (pull-based: a slow reader slows the renderer). */
export function renderLabelSheetStream(opts: LabelSheetOptions): ReadableStream<Uint8Array> {
  const it = renderLabelSheetChunks(opts);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const r = await it.next();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}

/** Label sheets as one PDF document. */
export async function renderLabelSheet(opts: LabelSheetOptions): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const c of renderLabelSheetChunks(opts)) {
    chunks.push(c);
    total += c.length;
  }
  return concat(chunks, total);
}
