// The limits of a product photo, in one place (the API, the console form and the README say them).

/** The largest upload accepted: a phone photo is 2–6 MB. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
/** The most pixels a picture may have, read from its header before decoding (a decompression bomb has many). */
export const MAX_PHOTO_PIXELS = 40_000_000;
/** Each side at most this long (a panorama strip is not a product photo). */
export const MAX_PHOTO_SIDE = 16_000;
/** Photos a product may have. */
export const MAX_PHOTOS_PER_PRODUCT = 6;
/** The widths served; never wider than the original (which is then served at its own width). */
export const PHOTO_WIDTHS = [160, 320, 640, 1024] as const;
/** WebP quality of the variants. */
export const PHOTO_QUALITY = 78;
