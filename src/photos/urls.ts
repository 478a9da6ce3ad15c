// How pages name a photo: a content-addressed URL per width on the service's own origin
// (served with a year-long immutable cache), and the srcset of all widths.

/** What a page needs to show a photo (no bytes). */
export interface PhotoRef {
  id: string;
  /** SHA-256 of the upload, hex; its first 16 characters are in the URL */
  hash: string;
  /** the widest variant's size: the <img> width and height (no layout shift) */
  width: number;
  height: number;
  /** every variant's width, ascending */
  widths: number[];
  altVi: string | null;
  altEn: string | null;
}

export const photoTag = (hash: string) => hash.slice(0, 16);

export function photoPath(p: Pick<PhotoRef, 'id' | 'hash'>, width: number, ext: 'webp' | 'jpg' = 'webp'): string {
  return `/media/photos/${p.id}/${photoTag(p.hash)}-${width}.${ext}`;
}

export function photoSrcset(p: PhotoRef): string {
  return p.widths.map((w) => `${photoPath(p, w)} ${w}w`).join(', ');
}

/** The smallest variant at least `want` pixels wide (else the widest), for a fixed-size picture. */
export function photoWidthFor(p: PhotoRef, want: number): number {
  return p.widths.find((w) => w >= want) ?? p.widths[p.widths.length - 1]!;
}

/** The height at a given width, kept in proportion. */
export const heightAt = (p: Pick<PhotoRef, 'width' | 'height'>, width: number) =>
  Math.max(1, Math.round((p.height * width) / p.width));
