// A product's photo on a public page: every WebP width in srcset (the phone picks the one its
// screen needs), width and height set so nothing moves when it arrives, lazy below the first screen.
import { heightAt, photoPath, photoSrcset, photoWidthFor, type PhotoRef } from '../photos/urls';
import type { Lang } from './i18n';

/** The photo's own alt text in the page's language, else the product's name. */
export const photoAlt = (photo: PhotoRef, lang: Lang, productName: string) =>
  (lang === 'en' ? photo.altEn : photo.altVi) ?? productName;

export function ProductPhoto(p: {
  photo: PhotoRef;
  alt: string;
  /** the width the page shows it at, in CSS pixels */
  width: number;
  /** the sizes attribute (defaults to the fixed width) */
  sizes?: string;
  class?: string;
  /** on the first screen: fetched at once (it is small) */
  eager?: boolean;
}) {
  const { photo } = p;
  const shown = Math.min(p.width, photo.width);
  return (
    <img
      class={p.class}
      src={photoPath(photo, photoWidthFor(photo, shown))}
      srcset={photoSrcset(photo)}
      sizes={p.sizes ?? `${shown}px`}
      width={String(shown)}
      height={String(heightAt(photo, shown))}
      alt={p.alt}
      loading={p.eager ? undefined : 'lazy'}
      decoding="async"
    />
  );
}
