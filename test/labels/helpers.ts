// Node-only helpers for label tests and benches: shipped templates and font from disk, poppler/zbar wrappers.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageGeometry, parseTemplate, type Template } from '../../src/labels';

export const LABELS_DIR = join(import.meta.dirname, '../../labels');
export const FONT_PATH = join(LABELS_DIR, 'fonts/DejaVuSans.ttf');

export function loadFont(): Uint8Array {
  return new Uint8Array(readFileSync(FONT_PATH));
}

export function loadTemplate(id: string): Template {
  return parseTemplate(JSON.parse(readFileSync(join(LABELS_DIR, `${id}.json`), 'utf8')));
}

export function shippedTemplateIds(): string[] {
  return readdirSync(LABELS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

const SERIAL_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Deterministic 14-character serials without look-alikes. */
export function serialFor(i: number, length = 14): string {
  let x = ((i + 1) * 2654435761) % 4294967296;
  let s = '';
  for (let k = 0; k < length; k++) {
    x = (x * 1103515245 + 12345 + i) % 2147483648;
    s += SERIAL_ALPHABET[x % SERIAL_ALPHABET.length];
  }
  return s;
}

export function uriFor(serial: string, lot = 'LOT-2025-01'): string {
  return `https://trace.example.vn/01/08930000000017/10/${lot}/21/${serial}`;
}

export function makeStamps(n: number, offset = 0): Array<{ uri: string; serial: string }> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const serial = serialFor(i + offset);
    out.push({ uri: uriFor(serial), serial });
  }
  return out;
}

export const PRODUCT_NAME = 'Chè Shan tuyết cổ thụ Cao Bồ – HTX Nông nghiệp Thượng Sơn';
export const COOPERATIVE_NAME = 'HTX Nông nghiệp Thượng Sơn, Vị Xuyên';

export function run(cmd: string, args: string[], input?: Uint8Array): string {
  return execFileSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Rasterise one page as 8-bit grey (PGM) with pdftoppm. */
export function renderPage(
  pdfPath: string,
  page: number,
  dpi: number,
): { width: number; height: number; data: Uint8Array } {
  const out = execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', String(page), '-l', String(page), pdfPath], {
    maxBuffer: 256 << 20,
  });
  // header: P5\n<w> <h>\n255\n
  let pos = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (out[pos] === 0x20 || out[pos] === 0x0a || out[pos] === 0x0d) pos++;
    let f = '';
    while (out[pos] !== 0x20 && out[pos] !== 0x0a && out[pos] !== 0x0d) f += String.fromCharCode(out[pos++]!);
    fields.push(f);
  }
  pos++;
  if (fields[0] !== 'P5') throw new Error(`pdftoppm did not give a PGM: ${fields[0]}`);
  return {
    width: Number(fields[1]),
    height: Number(fields[2]),
    data: new Uint8Array(out.buffer, out.byteOffset + pos),
  };
}

/** Crop a region (mm) out of a page image rendered at `dpi` and encode it as PGM. */
export function cropPgm(
  img: { width: number; height: number; data: Uint8Array },
  dpi: number,
  xMm: number,
  yMm: number,
  wMm: number,
  hMm: number,
): Uint8Array {
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  const x0 = Math.max(0, px(xMm)),
    y0 = Math.max(0, px(yMm));
  const x1 = Math.min(img.width, px(xMm + wMm)),
    y1 = Math.min(img.height, px(yMm + hMm));
  const w = x1 - x0,
    h = y1 - y0;
  const head = new TextEncoder().encode(`P5\n${w} ${h}\n255\n`);
  const out = new Uint8Array(head.length + w * h);
  out.set(head);
  for (let y = 0; y < h; y++)
    out.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x1), head.length + y * w);
  return out;
}

/**
 * Decodes every stamp of a sheet, each QR cropped alone (its box plus 1 mm) from its page image
 * rendered at `dpi`, with one zbarimg per stamp: zbar reading a whole page may miss a code, and an
 * undecodable crop must not shift the others. Scratch images go to `dir`.
 */
export function decodeAll(t: Template, pdfPath: string, count: number, dpi: number, dir: string): string[] {
  const geo = pageGeometry(t);
  const qr = t.elements.find((e) => e.type === 'qr');
  if (qr?.type !== 'qr') throw new Error(`template ${t.id} has no QR element`);
  const files: string[] = [];
  const pages = Math.ceil(count / geo.slots.length);
  for (let p = 1; p <= pages; p++) {
    const img = renderPage(pdfPath, p, dpi);
    geo.slots.forEach((s, k) => {
      const i = (p - 1) * geo.slots.length + k;
      if (i >= count) return;
      const f = join(dir, `${t.id}-${dpi}-${i}.pgm`);
      writeFileSync(f, cropPgm(img, dpi, s.x + qr.x - 1, s.y + qr.y - 1, qr.size + 2, qr.size + 2));
      files.push(f);
    });
  }
  return files.map((f) => {
    try {
      return execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', f], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).replace(/\n$/, '');
    } catch {
      return '(undecoded)';
    }
  });
}
