// Node: the photo codecs' WebAssembly read from node_modules/@jsquash and compiled once.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type ImageCodecs, jsquashCodecs } from '../photos';

const require = createRequire(import.meta.url);
const compile = (path: string) => new WebAssembly.Module(readFileSync(require.resolve(`@jsquash/${path}`)));

let codecs: ImageCodecs | undefined;

/** The codecs, compiled on the first call (about 20 ms). */
export function nodePhotoCodecs(): ImageCodecs {
  codecs ??= jsquashCodecs({
    jpegDecode: compile('jpeg/codec/dec/mozjpeg_dec.wasm'),
    pngDecode: compile('png/codec/pkg/squoosh_png_bg.wasm'),
    webpDecode: compile('webp/codec/dec/webp_dec.wasm'),
    webpEncode: compile('webp/codec/enc/webp_enc.wasm'),
    jpegEncode: compile('jpeg/codec/enc/mozjpeg_enc.wasm'),
    resize: compile('resize/lib/resize/pkg/squoosh_resize_bg.wasm'),
  });
  return codecs;
}
