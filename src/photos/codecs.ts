// The image codecs the photo pipeline needs, as an interface: the entry points build them from
// @jsquash's WebAssembly codecs (src/photos/jsquash.ts), loading the .wasm files the way their
// runtime can (a file read on Node, a bundled module on Workers).

/** Decoded RGBA pixels, 4 bytes a pixel, row by row. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface ImageCodecs {
  /** Decodes a file of the given (sniffed) type; a JPEG comes out turned by its EXIF orientation. */
  decode(type: PhotoType, bytes: Uint8Array): Promise<Pixels>;
  /** A high-quality downscale (Lanczos) to exactly width × height. */
  resize(pixels: Pixels, width: number, height: number): Promise<Pixels>;
  /** Lossy WebP (alpha kept), without any metadata. */
  encodeWebp(pixels: Pixels, quality: number): Promise<Uint8Array>;
  /** Baseline JPEG (alpha dropped: flatten first), without any metadata. */
  encodeJpeg(pixels: Pixels, quality: number): Promise<Uint8Array>;
}

/** The compiled WebAssembly modules of the codecs (the runtime compiles or bundles them). */
export interface PhotoWasm {
  jpegDecode: WebAssembly.Module;
  pngDecode: WebAssembly.Module;
  webpDecode: WebAssembly.Module;
  webpEncode: WebAssembly.Module;
  jpegEncode: WebAssembly.Module;
  resize: WebAssembly.Module;
}
