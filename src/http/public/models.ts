// GET /models and GET /models/{slug}: the public value-chain model pages (HTML, Vietnamese
// first, English on ?lang=en or Accept-Language). Three queries per model page (the model with
// its links, then its live figures and its charts' monthly counts side by side), one for the
// index. Cached publicly for a minute.
import { Hono, type Context } from 'hono';
import { vietnamCalendar } from '../../domain/calendar';
import { modelCharts, monthsUpTo } from '../../db/chart-figures-store';
import { getModelDetail, getModelFigures, listModelSummaries } from '../../db/model-figures-store';
import { pickLang, type Lang } from '../../pages/i18n';
import { switchLangHref } from '../../pages/layout';
import { ModelIndexPage, ModelNotFoundPage, ModelPage, type PageContext } from '../../pages/models';
import { modelOg } from '../../pages/og';
import type { AppDeps, AppEnv } from '../types';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function pageContext(c: Context<AppEnv>): PageContext {
  const q = c.req.query('lang');
  const lang: Lang = pickLang(q, c.req.header('accept-language'));
  return {
    lang,
    switchHref: switchLangHref(new URL(c.req.url), lang),
    langQuery: q === 'vi' || q === 'en' ? `?lang=${q}` : '',
  };
}

async function sendPage(c: Context<AppEnv>, lang: Lang, page: unknown, status: 200 | 404 = 200) {
  const body = String(await (page as Promise<string> | string));
  c.header('Cache-Control', 'public, max-age=60');
  c.header('Vary', 'Accept-Language');
  c.header('Content-Language', lang);
  return c.html(`<!doctype html>${body}`, status);
}

export function modelPageRoutes(deps: AppDeps) {
  const r = new Hono<AppEnv>();
  const base = deps.config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  // A product image is shown only when this site serves it: the page makes no third-party request.
  const ownImagePath = (url: string | null) => (url?.startsWith(`${base}/`) ? url.slice(base.length) : null);

  r.get('/models', async (c) => {
    const ctx = pageContext(c);
    const models = await listModelSummaries(deps.sql);
    return sendPage(c, ctx.lang, ModelIndexPage({ ctx, models }));
  });

  r.get('/models/', (c) => {
    const q = new URL(c.req.url).search;
    c.header('Cache-Control', 'public, max-age=60');
    return c.redirect(`/models${q}`, 301);
  });

  r.get('/models/:slug', async (c) => {
    const ctx = pageContext(c);
    const slug = c.req.param('slug');
    const cal = vietnamCalendar(deps.clock());
    const model = slug.length <= 80 && SLUG.test(slug) ? await getModelDetail(deps.sql, slug, cal.today) : null;
    if (!model) return sendPage(c, ctx.lang, ModelNotFoundPage({ ctx }), 404);
    const [figures, charts] = await Promise.all([
      getModelFigures(deps.sql, model.id, cal),
      modelCharts(deps.sql, model.id, monthsUpTo(deps.clock(), 12)),
    ]);
    const og = modelOg(base, ctx.lang, model, `${base}/models/${model.slug}`);
    return sendPage(
      c,
      ctx.lang,
      ModelPage({ ctx, model, figures, charts, year: cal.year, today: cal.today, ownImagePath, og }),
    );
  });

  return r;
}
