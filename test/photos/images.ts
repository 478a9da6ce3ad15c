// Test pictures made in code: JPEG (MozJPEG), PNG and WebP files of a given size, a JPEG with an
// EXIF orientation tag and a GPS position, and files that only pretend to be pictures.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import mozjpegEnc from '@jsquash/jpeg/codec/enc/mozjpeg_enc.js';
import { defaultOptions as jpegDefaults } from '@jsquash/jpeg/meta.js';
import { initEmscriptenModule } from '@jsquash/jpeg/utils.js';
import { encode as pngEncode, initSync as initPng } from '@jsquash/png/codec/pkg/squoosh_png.js';
import { nodePhotoCodecs } from '../../src/entry/photos-node';
import type { Pixels } from '../../src/photos';

const require = createRequire(import.meta.url);
const wasm = (p: string) => new WebAssembly.Module(readFileSync(require.resolve(`@jsquash/${p}`)));

let jpegEncoder: Promise<{ encode(d: Uint8ClampedArray, w: number, h: number, o: unknown): Uint8Array }> | undefined;
let pngReady = false;

/** A picture with a diagonal gradient and a dark square in its top-left corner (to see turns). */
export function pixels(width: number, height: number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const corner = x < width / 4 && y < height / 4;
      data[i] = corner ? 10 : 120 + (x * 100) / width;
      data[i + 1] = corner ? 10 : 160;
      data[i + 2] = corner ? 10 : 60 + (y * 120) / height;
      data[i + 3] = 255;
    }
  }
  return { data, width, height };
}

export async function jpeg(width: number, height: number): Promise<Uint8Array> {
  jpegEncoder ??= initEmscriptenModule(mozjpegEnc as never, wasm('jpeg/codec/enc/mozjpeg_enc.wasm')) as never;
  const p = pixels(width, height);
  return new Uint8Array((await jpegEncoder!).encode(p.data, width, height, { ...jpegDefaults, quality: 80 }));
}

export function png(width: number, height: number): Uint8Array {
  if (!pngReady) initPng(wasm('png/codec/pkg/squoosh_png_bg.wasm'));
  pngReady = true;
  const p = pixels(width, height);
  return pngEncode(new Uint8Array(p.data.buffer), width, height, 8);
}

export function webp(width: number, height: number): Promise<Uint8Array> {
  return nodePhotoCodecs().encodeWebp(pixels(width, height), 80);
}

/**
 * A JPEG with an APP1 EXIF segment: orientation 6 (the camera was turned: show it turned 90°
 * clockwise), a GPS latitude and a camera serial — none of which may reach the stored files.
 */
export async function jpegWithExif(width: number, height: number): Promise<Uint8Array> {
  const base = await jpeg(width, height);
  // TIFF header (big-endian), IFD0 with Orientation (0x0112) = 6, BodySerialNumber as ASCII, GPS IFD pointer
  const serial = 'SERIAL-GPS-0001\0';
  const ifd0Count = 3;
  const ifd0Start = 8;
  const ifd0Size = 2 + ifd0Count * 12 + 4;
  const serialAt = ifd0Start + ifd0Size;
  const gpsAt = serialAt + serial.length;
  const gpsSize = 2 + 1 * 12 + 4;
  const latAt = gpsAt + gpsSize;
  const tiff = new Uint8Array(latAt + 24);
  const v = new DataView(tiff.buffer);
  tiff.set([0x4d, 0x4d, 0x00, 0x2a]);
  v.setUint32(4, ifd0Start);
  v.setUint16(ifd0Start, ifd0Count);
  let e = ifd0Start + 2;
  const entry = (tag: number, type: number, count: number, value: number, short = false) => {
    v.setUint16(e, tag);
    v.setUint16(e + 2, type);
    v.setUint32(e + 4, count);
    if (short) v.setUint16(e + 8, value);
    else v.setUint32(e + 8, value);
    e += 12;
  };
  entry(0x0112, 3, 1, 6, true);
  entry(0xa431, 2, serial.length, serialAt);
  entry(0x8825, 4, 1, gpsAt);
  v.setUint32(e, 0);
  tiff.set(new TextEncoder().encode(serial), serialAt);
  e = gpsAt;
  v.setUint16(e, 1);
  e += 2;
  entry(0x0002, 5, 3, latAt);
  v.setUint32(e, 0);
  for (const [k, n] of [21, 1, 1, 1, 0, 1].entries()) v.setUint32(latAt + k * 4, n);
  const payload = new Uint8Array(6 + tiff.length);
  payload.set(new TextEncoder().encode('Exif\0\0'));
  payload.set(tiff, 6);
  const seg = new Uint8Array(4 + payload.length);
  seg.set([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  seg.set(payload, 4);
  const out = new Uint8Array(base.length + seg.length);
  out.set(base.subarray(0, 2));
  out.set(seg, 2);
  out.set(base.subarray(2), 2 + seg.length);
  return out;
}

/** A PNG header claiming a huge picture, with nothing behind it (a decompression bomb's start). */
export function pngBombHeader(width: number, height: number): Uint8Array {
  const b = png(8, 8);
  const out = b.slice();
  const v = new DataView(out.buffer);
  v.setUint32(16, width);
  v.setUint32(20, height);
  return out;
}

export const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
export const SVG = new TextEncoder().encode(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
);

export async function decodeWebp(bytes: Uint8Array): Promise<Pixels> {
  return nodePhotoCodecs().decode('image/webp', bytes);
}

/** Whether a byte string occurs in a file. */
export function contains(hay: Uint8Array, needle: string): boolean {
  return Buffer.from(hay).includes(Buffer.from(needle));
}
