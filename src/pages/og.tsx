// Link previews: the Open Graph and Twitter card tags that Zalo, Facebook, Messenger and the
// others read when someone shares a page. The image is absolute under PUBLIC_BASE_URL. A
// stamp's preview names the product and never says "genuine": the previewer is not the buyer
// holding the stamp, so only a scan can tell.
import { heightAt, photoPath, type PhotoRef } from '../photos/urls';
import type { ModelDetail } from '../db/model-figures-store';
import type { BatchView } from '../scanning/batch-view';
import type { Lang } from './i18n';

export interface OgMeta {
  title: string;
  description: string;
  /** the page's absolute URL */
  url: string;
  type?: 'website' | 'product' | 'article';
  lang: Lang;
  image: { url: string; width: number; height: number; alt: string; type: string } | null;
}

/**
 * The preview picture: the JPEG copy at the widest width (up to 1024 px), absolute. JPEG, not
 * WebP: some previewers still fetch only JPEG or PNG.
 */
export function ogImage(base: string, photo: PhotoRef | null, alt: string): OgMeta['image'] {
  if (!photo) return null;
  const width = photo.widths[photo.widths.length - 1]!;
  return { url: base + photoPath(photo, width, 'jpg'), width, height: heightAt(photo, width), alt, type: 'image/jpeg' };
}

const OG_TEXT = {
  vi: {
    scanToCheck: 'Quét mã QR trên tem để kiểm tra.',
    stars: (n: number) => `OCOP ${n} sao`,
    productOf: 'Sản phẩm của',
    model: 'Mô hình liên kết chuỗi giá trị',
  },
  en: {
    scanToCheck: 'Scan the QR code on the stamp to check it.',
    stars: (n: number) => `OCOP ${n}-star`,
    productOf: 'A product of',
    model: 'Value-chain model',
  },
};

/**
 * A stamp's one-line summary: cooperative, OCOP stars (only a rating in force), and "scan to
 * check" — never a verdict.
 */
export function stampOgDescription(lang: Lang, cooperative: string, stars: number | null): string {
  const t = OG_TEXT[lang];
  return [cooperative, stars ? t.stars(stars) : null, t.scanToCheck].filter(Boolean).join(' · ');
}

export function productOgDescription(lang: Lang, producer: string, stars: number | null): string {
  const t = OG_TEXT[lang];
  return [`${t.productOf} ${producer}`, stars ? t.stars(stars) : null].filter(Boolean).join(' · ');
}

export function modelOgDescription(lang: Lang, summary: string | null, products: number): string {
  const t = OG_TEXT[lang];
  const line = summary?.trim() || t.model;
  const short = line.length > 200 ? `${line.slice(0, 197)}…` : line;
  return products
    ? `${short} · ${lang === 'vi' ? `${products} sản phẩm OCOP` : `${products} OCOP product${products > 1 ? 's' : ''}`}`
    : short;
}

export function OgTags({ og }: { og: OgMeta }) {
  const locale = og.lang === 'vi' ? 'vi_VN' : 'en_US';
  return (
    <>
      <meta property="og:type" content={og.type ?? 'website'} />
      <meta property="og:site_name" content={og.lang === 'vi' ? 'Truy xuất nguồn gốc OCOP' : 'OCOP traceability'} />
      <meta property="og:title" content={og.title} />
      <meta property="og:description" content={og.description} />
      <meta property="og:url" content={og.url} />
      <meta property="og:locale" content={locale} />
      <meta property="og:locale:alternate" content={og.lang === 'vi' ? 'en_US' : 'vi_VN'} />
      {og.image ? (
        <>
          <meta property="og:image" content={og.image.url} />
          <meta property="og:image:type" content={og.image.type} />
          <meta property="og:image:width" content={String(og.image.width)} />
          <meta property="og:image:height" content={String(og.image.height)} />
          <meta property="og:image:alt" content={og.image.alt} />
        </>
      ) : null}
      <meta name="twitter:card" content={og.image ? 'summary_large_image' : 'summary'} />
    </>
  );
}

/** A stamp page's preview, from its batch view: the product's name and photo, the neutral line. */
export function stampOg(base: string, lang: Lang, view: BatchView, today: string, url: string): OgMeta {
  const name = lang === 'en' && view.product.nameEn ? view.product.nameEn : view.product.nameVi;
  const ocop = view.record.ocop;
  const stars = ocop.status === 'valid' && ocop.rating.validUntil >= today ? ocop.rating.stars : null;
  const photo = view.product.photo ?? null;
  return {
    title: name,
    description: stampOgDescription(lang, view.cooperative.name, stars),
    url,
    type: 'product',
    lang,
    image: ogImage(base, photo, photo ? photoAltText(photo, lang, name) : name),
  };
}

const photoAltText = (photo: PhotoRef, lang: Lang, name: string) => (lang === 'en' ? photo.altEn : photo.altVi) ?? name;

/** A model page's preview: its name, a line of its description, the first product photo it has. */
export function modelOg(base: string, lang: Lang, model: ModelDetail, url: string): OgMeta {
  const withPhoto = model.products.find((p) => p.photo);
  const name = withPhoto ? (lang === 'en' && withPhoto.nameEn ? withPhoto.nameEn : withPhoto.nameVi) : '';
  return {
    title: model.name,
    description: modelOgDescription(lang, model.description, model.products.length),
    url,
    type: 'website',
    lang,
    image: withPhoto?.photo ? ogImage(base, withPhoto.photo, photoAltText(withPhoto.photo, lang, name)) : null,
  };
}
