// Workers: the photo codecs' WebAssembly bundled by wrangler (a .wasm import is a compiled
// WebAssembly.Module on workerd).
import jpegDecode from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm?module';
import jpegEncode from '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm?module';
import pngDecode from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm?module';
import resize from '@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm?module';
import webpDecode from '@jsquash/webp/codec/dec/webp_dec.wasm?module';
import webpEncode from '@jsquash/webp/codec/enc/webp_enc.wasm?module';
import { type ImageCodecs, jsquashCodecs } from '../photos';

let codecs: ImageCodecs | undefined;

export function bundledPhotoCodecs(): ImageCodecs {
  codecs ??= jsquashCodecs({ jpegDecode, jpegEncode, pngDecode, webpDecode, webpEncode, resize });
  return codecs;
}
