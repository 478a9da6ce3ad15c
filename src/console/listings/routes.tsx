// A cooperative's e-commerce listings in the console (/console/listings): the list with dates
// (GET /listings), adding one (POST /listings) and recording the day one ended (PATCH /listings/{id}).
import { Hono } from 'hono';
import { vietnamToday } from '../../domain/calendar';
import type { ListingPlatform } from '../../domain/listings';
import { listingOps, productOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { coopOnly } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { errorText, fieldErrors, opt, readForm, values, type FieldErrors } from '../form';
import { fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { LISTING_TEXTS } from '../texts/pipeline';
import { productName } from '../ui/format';
import { LISTING_FIELDS, ListingsPage } from './views';

const UUID = /^[0-9a-f-]{36}$/i;

function listingsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', coopOnly);

  const show = async (
    c: ConsoleContext,
    s: {
      values?: Record<string, string>;
      errors?: FieldErrors;
      endError?: { id: string; message: string };
      status?: number;
    } = {},
  ) => {
    const lang = c.get('lang');
    const t = LISTING_TEXTS[lang];
    const today = vietnamToday(deps.clock());
    const [listings, products] = await Promise.all([
      fetchAll(deps, c, listingOps.list),
      fetchAll(deps, c, productOps.list),
    ]);
    const done = { created: t.created, ended: t.ended }[c.req.query('done') ?? ''];
    return page(c, {
      title: t.title,
      status: s.status,
      children: (
        <ListingsPage
          t={t}
          lang={lang}
          csrf={c.get('session')?.csrfToken}
          listings={listings}
          products={products.map((p) => ({ value: p.id, label: productName(p, lang) }))}
          values={s.values ?? { wentLiveOn: today }}
          errors={s.errors ?? {}}
          endError={s.endError}
          today={today}
          done={done}
        />
      ),
    });
  };

  const datesOwn = (lang: 'vi' | 'en') => (name: string, code: string) =>
    name === 'endedOn' && code !== 'invalid_format' ? LISTING_TEXTS[lang].endedBefore : undefined;

  r.get('/', (c) => show(c));
  r.post('/new', async (c) => {
    const lang = c.get('lang');
    const v = values(await readForm(c), LISTING_FIELDS);
    const res = await submitOp(deps, c, listingOps.create, {
      body: {
        productId: v.productId,
        platform: v.platform as ListingPlatform,
        channel: opt(v.channel),
        url: v.url,
        wentLiveOn: v.wentLiveOn,
        endedOn: opt(v.endedOn) ?? null,
      },
    });
    if (!res.ok) {
      const errors =
        res.error.code === 'DUPLICATE'
          ? { url: errorText(res.error, lang) }
          : fieldErrors(res.error, lang, datesOwn(lang));
      return show(c, { values: v, errors, status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/listings?done=created`, 303);
  });
  r.post('/:id/end', async (c) => {
    const lang = c.get('lang');
    const id = c.req.param('id');
    const endedOn = (await readForm(c)).get('endedOn');
    const res = await submitOp(deps, c, listingOps.update, {
      params: { id: UUID.test(id) ? id : '' },
      body: { endedOn: typeof endedOn === 'string' ? endedOn : '' },
    });
    if (!res.ok) {
      const message = fieldErrors(res.error, lang, datesOwn(lang)).endedOn ?? errorText(res.error, lang);
      return show(c, { endError: { id, message }, status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/listings?done=ended`, 303);
  });
  return r;
}

export const listingsModule: ConsoleModule = {
  path: '/listings',
  routes: listingsRoutes,
  nav: [{ href: '/listings', label: inLanguages(LISTING_TEXTS, (t) => t.navLabel), roles: ['cooperative'] }],
};
