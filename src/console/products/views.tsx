// The product photo pages: the list of products, and one product's photos with the upload form
// (multipart, no script), a delete and a "make main" button per photo.
import type { Product } from '../../db/products-store';
import type { Lang } from '../../pages/i18n';
import { photoPath, type PhotoRef } from '../../photos/urls';
import type { ProductTexts } from '../texts/products';
import { Done, Notice, Table } from '../ui/blocks';
import { CheckBox, CsrfInput, Field } from '../ui/fields';
import { CONSOLE_BASE } from '../env';

export interface ConsolePhoto extends Pick<PhotoRef, 'id' | 'hash' | 'altVi' | 'altEn'> {
  isMain: boolean;
  width: number;
  height: number;
  variants: { width: number; height: number }[];
}

const nameOf = (p: Pick<Product, 'nameVi' | 'nameEn'>, lang: Lang) => (lang === 'en' && p.nameEn ? p.nameEn : p.nameVi);

export function ProductList(props: { t: ProductTexts; lang: Lang; products: Product[] }) {
  const { t } = props;
  return (
    <>
      <p>{t.intro}</p>
      {props.products.length ? (
        <Table head={[t.product, t.gtin, '']}>
          {props.products.map((p) => (
            <tr>
              <td>{nameOf(p, props.lang)}</td>
              <td>{p.gtin}</td>
              <td>
                <a href={`${CONSOLE_BASE}/products/${p.id}`}>{t.open}</a>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noProducts}</p>
      )}
    </>
  );
}

export function ProductPhotos(props: {
  t: ProductTexts;
  lang: Lang;
  csrf: string | undefined;
  product: Product;
  photos: ConsolePhoto[];
  done?: string | undefined;
  error?: string | undefined;
  values?: Record<string, string>;
}) {
  const { t, product } = props;
  const name = nameOf(product, props.lang);
  const base = `${CONSOLE_BASE}/products/${product.id}/photos`;
  return (
    <>
      <p>
        <a href={`${CONSOLE_BASE}/products`}>← {t.back}</a>
      </p>
      <Done text={props.done} />
      {props.photos.length ? (
        <ul class="photos">
          {props.photos.map((ph) => {
            const small = ph.variants[0]!;
            return (
              <li class="card">
                <img
                  src={photoPath(ph, small.width)}
                  width={String(Math.min(160, small.width))}
                  height={String(Math.round((small.height * Math.min(160, small.width)) / small.width))}
                  alt={(props.lang === 'en' ? ph.altEn : ph.altVi) ?? name}
                  loading="lazy"
                />
                <p>
                  {ph.isMain ? <b>{t.main}</b> : null} <span class="muted">{t.size(ph.width, ph.height)}</span>
                </p>
                {ph.isMain ? null : (
                  <form method="post" action={`${base}/${ph.id}/main`}>
                    <CsrfInput token={props.csrf} />
                    <button type="submit" class="secondary">
                      {t.makeMain}
                    </button>
                  </form>
                )}
                <form method="post" action={`${base}/${ph.id}/delete`}>
                  <CsrfInput token={props.csrf} />
                  <button type="submit" class="secondary">
                    {t.remove}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      ) : (
        <p>{t.noPhotos}</p>
      )}
      <h2>{t.upload}</h2>
      {props.error ? (
        <Notice kind="error">
          <b>{t.refused}:</b> {props.error}
        </Notice>
      ) : null}
      <form method="post" action={base} enctype="multipart/form-data">
        <CsrfInput token={props.csrf} />
        <div>
          <label for="f-photo">{t.file}</label>
          <input
            id="f-photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            required
            aria-describedby="f-photo-hint"
            aria-invalid={props.error ? 'true' : undefined}
          />
          <p class="hint" id="f-photo-hint">
            {t.fileHint}
          </p>
        </div>
        <Field name="altVi" label={t.altVi} value={props.values?.altVi} maxlength={300} hint={t.altHint} />
        <Field name="altEn" label={t.altEn} value={props.values?.altEn} maxlength={300} />
        <CheckBox name="main" label={t.asMain} checked={props.values?.main === 'true'} />
        <button type="submit">{t.send}</button>
      </form>
    </>
  );
}
