// ImageCodecs from Squoosh's WebAssembly codecs as packaged by @jsquash (MozJPEG, libpng via
// Rust, libwebp, and the Lanczos resizer). The .wasm modules are passed in, so this file runs the
// same on Node and on workerd; each codec is instantiated once, on first use.
import mozjpegDec from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import mozjpegEnc from '@jsquash/jpeg/codec/enc/mozjpeg_enc.js';
import { defaultOptions as jpegDefaults } from '@jsquash/jpeg/meta.js';
import { initEmscriptenModule } from '@jsquash/jpeg/utils.js';
import { initSync as initPng, decode as pngDecode } from '@jsquash/png/codec/pkg/squoosh_png.js';
import { initSync as initResize, resize as wasmResize } from '@jsquash/resize/lib/resize/pkg/squoosh_resize.js';
import webpDec from '@jsquash/webp/codec/dec/webp_dec.js';
import webpEnc from '@jsquash/webp/codec/enc/webp_enc.js';
import { defaultOptions as webpDefaults } from '@jsquash/webp/meta.js';
import type { ImageCodecs, Pixels, PhotoWasm } from './codecs';

// The codecs build their results with `new ImageData`, which Node and workerd lack.
if (typeof (globalThis as { ImageData?: unknown }).ImageData === 'undefined') {
  (globalThis as { ImageData?: unknown }).ImageData = class ImageData {
    readonly colorSpace = 'srgb';
    constructor(
      readonly data: Uint8ClampedArray,
      readonly width: number,
      readonly height: number,
    ) {}
  };
}

/** Lanczos3 in the resizer's method table. */
const LANCZOS3 = 3;

interface JpegDecoder {
  decode(data: ArrayBuffer | Uint8Array, preserveOrientation: boolean): Pixels | null;
}
interface WebpDecoder {
  decode(data: ArrayBuffer | Uint8Array): Pixels | null;
}
interface JpegEncoder {
  encode(data: Uint8ClampedArray, width: number, height: number, options: typeof jpegDefaults): Uint8Array | null;
}
interface WebpEncoder {
  encode(data: Uint8ClampedArray, width: number, height: number, options: typeof webpDefaults): Uint8Array | null;
}

export function jsquashCodecs(wasm: PhotoWasm): ImageCodecs {
  let jpeg: Promise<JpegDecoder> | undefined;
  let webpD: Promise<WebpDecoder> | undefined;
  let webpE: Promise<WebpEncoder> | undefined;
  let jpegE: Promise<JpegEncoder> | undefined;
  let png = false;
  let resizer = false;
  const fresh = (p: Pixels): Pixels => ({ data: p.data, width: p.width, height: p.height });

  return {
    async decode(type, bytes) {
      let out: Pixels | null | undefined;
      if (type === 'image/jpeg') {
        jpeg ??= initEmscriptenModule(mozjpegDec as never, wasm.jpegDecode) as Promise<JpegDecoder>;
        // preserveOrientation: turn the picture the way the camera's EXIF tag says
        out = (await jpeg).decode(bytes, true);
      } else if (type === 'image/png') {
        if (!png) initPng(wasm.pngDecode);
        png = true;
        out = pngDecode(bytes) as unknown as Pixels;
      } else {
        webpD ??= initEmscriptenModule(webpDec as never, wasm.webpDecode) as Promise<WebpDecoder>;
        out = (await webpD).decode(bytes);
      }
      if (!out?.width || !out.height) throw new Error('the codec could not decode the file');
      return fresh(out);
    },
    async resize(p, width, height) {
      if (!resizer) initResize(wasm.resize);
      resizer = true;
      const data = wasmResize(
        new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength),
        p.width,
        p.height,
        width,
        height,
        LANCZOS3,
        true,
        true,
      );
      return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, width * height * 4), width, height };
    },
    async encodeWebp(p, quality) {
      webpE ??= initEmscriptenModule(webpEnc as never, wasm.webpEncode) as Promise<WebpEncoder>;
      const out = (await webpE).encode(p.data, p.width, p.height, { ...webpDefaults, quality });
      if (!out) throw new Error('the WebP encoder failed');
      return new Uint8Array(out);
    },
    async encodeJpeg(p, quality) {
      jpegE ??= initEmscriptenModule(mozjpegEnc as never, wasm.jpegEncode) as Promise<JpegEncoder>;
      // baseline for old previewers' decoders
      const out = (await jpegE).encode(p.data, p.width, p.height, { ...jpegDefaults, quality, progressive: false });
      if (!out) throw new Error('the JPEG encoder failed');
      return new Uint8Array(out);
    },
  };
}
