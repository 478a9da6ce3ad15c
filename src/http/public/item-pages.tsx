// The pages a Digital Link resolves to for a product (/01/{gtin}, with its OCOP certificates) and
// for a lot (/01/{gtin}/10/{lot}, the batch as sealed, with any recall). Neither records a scan.
import type { Context } from 'hono';
import { firstRecordedBatchOfLot, modelsOfProduct, productPageProducer } from '../../db/public-pages-store';
import type { Product } from '../../db/products-store';
import { T, type Lang } from '../../pages/i18n';
import { BatchPage, MessagePage, ProductPage } from '../../pages/product';
import { mainPhotoOf } from '../../db/photos-store';
import { ratingInForce } from '../../domain/ocop';
import { ogImage, productOgDescription } from '../../pages/og';
import { photoAlt } from '../../pages/photo';
import { pagePolicy } from '../security-headers';
import type { AppEnv } from '../types';

/** Product and batch pages show the product's image, which may be on the cooperative's own shop. */
const PRODUCT_PAGE_POLICY = pagePolicy({ productImages: true });
import { html, type PublicContext } from './context';

export interface AddressedPage {
  lang: Lang;
  switchHref: string;
  /** Link, Vary (and CORS) headers of every answer about this item */
  headers: Record<string, string>;
}

/** 404: no product, lot or stamp on record under this address. */
export function notOnRecord(c: Context<AppEnv>, a: AddressedPage) {
  const t = T[a.lang];
  return html(
    c,
    <MessagePage lang={a.lang} switchHref={a.switchHref} title={t.notFoundTitle} message={t.verdict.unknownHint} />,
    404,
    a.headers,
  );
}

export async function productAnswer(c: Context<AppEnv>, pc: PublicContext, a: AddressedPage, product: Product) {
  const producer = await productPageProducer(pc.deps.sql, product.ownerId);
  const models = await modelsOfProduct(pc.deps.sql, product.id);
  const photo = await mainPhotoOf(pc.deps.sql, product.id);
  const name = a.lang === 'en' && product.nameEn ? product.nameEn : product.nameVi;
  const stars = ratingInForce(product.ratings, pc.today())?.stars ?? null;
  const og = {
    title: name,
    description: productOgDescription(a.lang, producer?.name ?? '—', stars),
    url: pc.base + new URL(c.req.url).pathname,
    type: 'product' as const,
    lang: a.lang,
    image: ogImage(pc.base, photo, photo ? photoAlt(photo, a.lang, name) : name),
  };
  const page = (
    <ProductPage
      lang={a.lang}
      switchHref={a.switchHref}
      product={product}
      producer={producer!}
      models={models}
      today={pc.today()}
      photo={photo}
      og={og}
    />
  );
  return html(c, page, 200, {
    ...a.headers,
    'Cache-Control': 'public, max-age=60',
    'Content-Security-Policy': PRODUCT_PAGE_POLICY,
  });
}

export async function batchAnswer(
  c: Context<AppEnv>,
  pc: PublicContext,
  a: AddressedPage,
  product: Product,
  lot: string,
) {
  const { deps, state, base } = pc;
  const batchId = await firstRecordedBatchOfLot(deps.sql, product.id, lot);
  const view = batchId ? await state.views.get(deps.sql, deps.keyring, batchId) : null;
  if (!view) return notOnRecord(c, a);
  const recall = await state.recalls.get(deps.sql, view.batchId);
  const page = (
    <BatchPage
      lang={a.lang}
      switchHref={a.switchHref}
      view={view}
      today={pc.today()}
      recordUrl={`${base}/api/v1/batches/${view.batchId}/record`}
      jwksUrl={`${base}/.well-known/jwks.json`}
      modelUrl={view.model ? `${base}/models/${view.model.slug}?lang=${a.lang}` : null}
      recall={recall}
    />
  );
  return html(c, page, 200, {
    ...a.headers,
    'Cache-Control': 'public, max-age=5',
    'Content-Security-Policy': PRODUCT_PAGE_POLICY,
  });
}
