// From an uploaded file to the variants that are stored: the type sniffed from its bytes, the
// size read from its header and capped before decoding, the decode (a JPEG turned upright by its
// EXIF orientation), then one WebP per width, each made from the next wider one. The WebP files
// carry no metadata at all: no EXIF, no GPS position, no camera serial.
import { AppError } from '../errors';
import type { ImageCodecs, Pixels, PhotoType } from './codecs';
import { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE, PHOTO_QUALITY, PHOTO_WIDTHS } from './limits';
import { headerSize, isComplete, sniff } from './sniff';

export interface PhotoVariant {
  width: number;
  height: number;
  format: 'webp' | 'jpeg';
  mime: 'image/webp' | 'image/jpeg';
  bytes: Uint8Array;
  etag: string;
}

export interface PreparedPhoto {
  hash: string;
  sourceType: PhotoType;
  /** the picture upright, as decoded */
  width: number;
  height: number;
  /** WebP, narrowest first */
  variants: PhotoVariant[];
  /** one JPEG at the widest width, for link previews */
  preview: PhotoVariant;
}

const ACCEPTED = 'JPEG, PNG or WebP';

async function sha256Hex(b: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>));
  return [...d].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** Only what the file's bytes say; throws the API's errors (413, 415, 422), nothing stored yet. */
export function checkPhotoFile(bytes: Uint8Array, declaredType: string | null) {
  if (bytes.byteLength === 0) throw new AppError('VALIDATION_FAILED', 'The photo file is empty', { reason: 'empty' });
  if (bytes.byteLength > MAX_PHOTO_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The photo is larger than ${MAX_PHOTO_BYTES / 1048576} MB`, {
      reason: 'too_big',
      maxBytes: MAX_PHOTO_BYTES,
      bytes: bytes.byteLength,
    });
  }
  const s = sniff(bytes);
  const declared = (declaredType ?? '').split(';')[0]!.trim().toLowerCase() || null;
  if (s.kind !== 'image') {
    const disguised = declared ? /^image\/(jpe?g|png|webp|pjpeg)$/.test(declared) : false;
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      disguised
        ? `The file says it is ${declared} but it is ${s.kind === 'other' ? `a ${s.name} file` : 'not a picture'}: send a ${ACCEPTED} photo`
        : `Send a ${ACCEPTED} photo${s.kind === 'other' ? `, not a ${s.name} file` : ''}`,
      {
        reason: disguised ? 'disguised' : 'not_image',
        accepted: ['image/jpeg', 'image/png', 'image/webp'],
        declared,
        found: s.kind === 'other' ? s.name : null,
        disguised,
      },
    );
  }
  const size = headerSize(s.type, bytes);
  if (!size || size.width < 1 || size.height < 1) {
    throw new AppError('UNPROCESSABLE', 'The photo file is damaged: its header cannot be read', {
      reason: 'damaged',
      type: s.type,
    });
  }
  if (size.animated)
    throw new AppError('UNPROCESSABLE', 'Animated pictures are not accepted: send a still photo', {
      reason: 'animated',
    });
  if (size.width * size.height > MAX_PHOTO_PIXELS || size.width > MAX_PHOTO_SIDE || size.height > MAX_PHOTO_SIDE) {
    throw new AppError(
      'UNPROCESSABLE',
      `The picture is too large: ${size.width} × ${size.height} pixels (at most ${MAX_PHOTO_PIXELS / 1_000_000} megapixels and ${MAX_PHOTO_SIDE} pixels a side)`,
      {
        reason: 'too_many_pixels',
        width: size.width,
        height: size.height,
        maxPixels: MAX_PHOTO_PIXELS,
        maxSide: MAX_PHOTO_SIDE,
      },
    );
  }
  if (!isComplete(s.type, bytes)) {
    throw new AppError('UNPROCESSABLE', 'The photo file is damaged: it is cut short (send it again)', {
      reason: 'damaged',
      type: s.type,
    });
  }
  return { type: s.type, ...size };
}

/** The widths to make for a picture this wide: the standard ones below it, and its own when narrower than the widest. */
export function variantWidths(width: number): number[] {
  const widest = PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1]!;
  const below = PHOTO_WIDTHS.filter((w) => w < width);
  return width <= widest ? [...below, width] : [...below];
}

export async function preparePhoto(
  codecs: ImageCodecs,
  bytes: Uint8Array,
  declaredType: string | null,
): Promise<PreparedPhoto> {
  const file = checkPhotoFile(bytes, declaredType);
  let full: Pixels;
  try {
    full = await codecs.decode(file.type, bytes);
  } catch {
    throw new AppError('UNPROCESSABLE', 'The photo file is damaged and cannot be opened', {
      reason: 'damaged',
      type: file.type,
    });
  }
  if (full.width * full.height > MAX_PHOTO_PIXELS) {
    throw new AppError('UNPROCESSABLE', 'The picture is too large once opened', {
      reason: 'too_many_pixels',
      width: full.width,
      height: full.height,
    });
  }
  const hash = await sha256Hex(bytes);
  const widths = variantWidths(full.width);
  // Widest first, each from the one before it: fast, and Lanczos keeps the steps sharp.
  const variants: PhotoVariant[] = [];
  let from = full;
  let widest: Pixels | undefined;
  for (const width of [...widths].reverse()) {
    const height = Math.max(1, Math.round((full.height * width) / full.width));
    const px = width === from.width && height === from.height ? from : await codecs.resize(from, width, height);
    const webp = await codecs.encodeWebp(px, PHOTO_QUALITY);
    variants.unshift({
      width,
      height,
      format: 'webp',
      mime: 'image/webp',
      bytes: webp,
      etag: `"${hash.slice(0, 16)}-${width}"`,
    });
    widest ??= px;
    from = px;
  }
  const top = variants[variants.length - 1]!;
  const preview: PhotoVariant = {
    width: top.width,
    height: top.height,
    format: 'jpeg',
    mime: 'image/jpeg',
    bytes: await codecs.encodeJpeg(onWhite(widest!), PREVIEW_QUALITY),
    etag: `"${hash.slice(0, 16)}-${top.width}-jpg"`,
  };
  return { hash, sourceType: file.type, width: full.width, height: full.height, variants, preview };
}

const PREVIEW_QUALITY = 80;

/** Transparent parts laid on white (a JPEG has no alpha). */
function onWhite(p: Pixels): Pixels {
  const d = p.data;
  let opaque = true;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 255) opaque = false;
  if (opaque) return p;
  const out = new Uint8ClampedArray(d.length);
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3]! / 255;
    out[i] = d[i]! * a + 255 * (1 - a);
    out[i + 1] = d[i + 1]! * a + 255 * (1 - a);
    out[i + 2] = d[i + 2]! * a + 255 * (1 - a);
    out[i + 3] = 255;
  }
  return { data: out, width: p.width, height: p.height };
}
