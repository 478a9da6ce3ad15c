// What a file really is, from its first bytes (never from its name or declared type), and the
// picture's size from its header, read before any decoding so that a decompression bomb is
// refused without spending memory on it.
import type { PhotoType } from './codecs';

export type Sniffed =
  | { kind: 'image'; type: PhotoType }
  /** a known file type that is not an accepted picture (a PDF, an SVG, a GIF, HEIC…) */
  | { kind: 'other'; name: string }
  | { kind: 'unknown' };

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

export function sniff(b: Uint8Array): Sniffed {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'image', type: 'image/jpeg' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', type: 'image/png' };
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return { kind: 'image', type: 'image/webp' };
  if (ascii(b, 0, 5) === '%PDF-') return { kind: 'other', name: 'PDF' };
  if (ascii(b, 0, 4) === 'GIF8') return { kind: 'other', name: 'GIF' };
  if (ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    return { kind: 'other', name: /hei|mif|hev/.test(brand) ? 'HEIC' : /avi/.test(brand) ? 'AVIF' : 'MP4/QuickTime' };
  }
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'other', name: 'ZIP/Office' };
  if (startsWith(b, [0x42, 0x4d])) return { kind: 'other', name: 'BMP' };
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]))
    return { kind: 'other', name: 'TIFF' };
  // Text: an SVG or HTML file (possibly after a byte-order mark, spaces or an XML prolog).
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 512)).replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml|<!--|<!doctype|<svg|<html)/i.test(head))
    return { kind: 'other', name: /<svg/i.test(head) ? 'SVG' : 'XML/HTML' };
  return { kind: 'unknown' };
}

/** The picture's width and height from its header; null when the header is missing or broken. */
export function headerSize(
  type: PhotoType,
  b: Uint8Array,
): { width: number; height: number; animated?: boolean } | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    if (type === 'image/png') {
      if (ascii(b, 12, 16) !== 'IHDR') return null;
      return { width: v.getUint32(16), height: v.getUint32(20) };
    }
    if (type === 'image/webp') {
      const chunk = ascii(b, 12, 16);
      if (chunk === 'VP8 ') {
        // after the 3-byte frame tag and the start code 9d 01 2a
        if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return null;
        return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff };
      }
      if (chunk === 'VP8L') {
        if (b[20] !== 0x2f) return null;
        const bits = v.getUint32(21, true);
        return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
      }
      if (chunk === 'VP8X') {
        const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
        const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
        return { width: w, height: h, animated: (b[20]! & 0x02) !== 0 };
      }
      return null;
    }
    // JPEG: walk the segments to the first start-of-frame.
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        i += 2;
        continue;
      }
      const len = v.getUint16(i + 2);
      if (len < 2) return null;
      const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (sof) return { height: v.getUint16(i + 5), width: v.getUint16(i + 7) };
      if (marker === 0xd9 || marker === 0xda) return null;
      i += 2 + len;
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * Whether the file is whole: a JPEG has its end-of-image marker after the first scan (inside a
 * scan 0xFF is always followed by 0x00 or a restart marker, so FF D9 is the end), a PNG its IEND
 * chunk, a WebP as many bytes as its RIFF header says. A cut-short upload fails here, before a
 * decoder would quietly fill the missing part with grey.
 */
export function isComplete(type: PhotoType, b: Uint8Array): boolean {
  if (type === 'image/png') return ascii(b, b.length - 8, b.length - 4) === 'IEND';
  if (type === 'image/webp') {
    const size = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(4, true);
    return size + 8 <= b.length && size >= 12;
  }
  let sos = -1;
  for (let i = 2; i + 1 < b.length; i++) {
    if (b[i] === 0xff && b[i + 1] === 0xda) {
      sos = i;
      break;
    }
  }
  if (sos < 0) return false;
  for (let i = b.length - 2; i > sos; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  return false;
}
