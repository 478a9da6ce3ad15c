// Product photos in the console (/console/products): a cooperative's products (staff and admin
// see all), and one product's photos with an upload form. The file is checked and resized here
// (the same pipeline as the API's), then stored through the API's own operation.
import { Hono } from 'hono';
import { toAppError } from '../../http/error-response';
import { photoOps, productOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { preparePhoto } from '../../photos';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { field, readForm } from '../form';
import { callOp, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { PRODUCT_TEXTS } from '../texts/products';
import { ProductList, ProductPhotos } from './views';

async function photosPage(
  deps: AppDeps,
  c: ConsoleContext,
  id: string,
  s: { error?: string; status?: number; values?: Record<string, string> } = {},
) {
  const lang = c.get('lang');
  const t = PRODUCT_TEXTS[lang];
  const product = await callOp(deps, c, productOps.get, { params: { id } });
  const done = c.req.query('done');
  return page(c, {
    title: `${t.title}: ${lang === 'en' && product.nameEn ? product.nameEn : product.nameVi}`,
    status: s.status,
    children: (
      <ProductPhotos
        t={t}
        lang={lang}
        csrf={c.get('session')?.csrfToken}
        product={product}
        photos={product.photos}
        done={
          done === 'uploaded' ? t.uploaded : done === 'deleted' ? t.deleted : done === 'main' ? t.madeMain : undefined
        }
        error={s.error}
        values={s.values}
      />
    ),
  });
}

function productRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/', async (c) => {
    const lang = c.get('lang');
    const t = PRODUCT_TEXTS[lang];
    const list = await callOp(deps, c, productOps.list, { query: { limit: '200' } });
    return page(c, { title: t.title, children: <ProductList t={t} lang={lang} products={list.items} /> });
  });

  r.get('/:id', (c) => photosPage(deps, c, c.req.param('id')));

  r.post('/:id/photos', async (c) => {
    const id = c.req.param('id');
    // the product first: another cooperative's is not found, before any work on the file
    await callOp(deps, c, productOps.get, { params: { id } });
    const form = await readForm(c);
    const values = { altVi: field(form, 'altVi'), altEn: field(form, 'altEn'), main: field(form, 'main') };
    const file = form.get('photo');
    const t = PRODUCT_TEXTS[c.get('lang')];
    if (!file || typeof file === 'string' || file.size === 0) {
      return photosPage(deps, c, id, { error: t.fileHint, status: 400, values });
    }
    let prepared: Awaited<ReturnType<typeof preparePhoto>>;
    try {
      if (!deps.photos) throw new Error('no image codecs');
      prepared = await preparePhoto(deps.photos, new Uint8Array(await file.arrayBuffer()), file.type || null);
    } catch (e) {
      const known = toAppError(e);
      if (!known) throw e;
      const reason = (known.details as { reason?: string } | null)?.reason;
      const error = (reason && t.why[reason]) || known.message;
      return photosPage(deps, c, id, { error, status: known.status, values });
    }
    const res = await submitOp(deps, c, photoOps.upload, {
      params: { id },
      body: {
        photo: prepared,
        altVi: values.altVi || undefined,
        altEn: values.altEn || undefined,
        main: values.main === 'true',
      },
    });
    if (!res.ok) return photosPage(deps, c, id, { error: res.error.message, status: res.error.status, values });
    return c.redirect(`${CONSOLE_BASE}/products/${id}?done=uploaded`, 303);
  });

  r.post('/:id/photos/:photoId/delete', async (c) => {
    const id = c.req.param('id');
    await callOp(deps, c, photoOps.remove, { params: { id, photoId: c.req.param('photoId') } });
    return c.redirect(`${CONSOLE_BASE}/products/${id}?done=deleted`, 303);
  });

  r.post('/:id/photos/:photoId/main', async (c) => {
    const id = c.req.param('id');
    await callOp(deps, c, photoOps.setMain, { params: { id, photoId: c.req.param('photoId') } });
    return c.redirect(`${CONSOLE_BASE}/products/${id}?done=main`, 303);
  });
  return r;
}

export const productsModule: ConsoleModule = {
  path: '/products',
  routes: productRoutes,
  nav: [
    { href: '/products', label: inLanguages(PRODUCT_TEXTS, (t) => t.title), roles: ['cooperative', 'staff', 'admin'] },
  ],
};
