// Console pages past the cooperative: the buyer's page (/console/buyer: recall notices with their
// Acknowledge button, goods received and shipped, the webhook and its secret), the cooperative's
// sales to buyers (/console/sales), and the staff's list of recall notices not acknowledged within
// 24 hours (/console/recall-notices). Every action runs an API operation (buyerOps).
import { Hono } from 'hono';
import { batchOps, buyerOps, productOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatDate } from '../../pages/i18n';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { field, fieldErrors, num, readForm, values, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { BUYER_TEXTS } from '../texts/buyers';
import { BuyerHome, SalesPage, StaffNotices } from './views';

// ---- the buyer's page ----

async function buyerPage(
  deps: AppDeps,
  c: ConsoleContext,
  s: { secret?: string | null; errors?: FieldErrors; url?: string; status?: number } = {},
) {
  const lang = c.get('lang');
  const t = BUYER_TEXTS[lang];
  const [notices, receipts, shipments, webhook] = await Promise.all([
    callOp(deps, c, buyerOps.notices, { query: { limit: '50' } }),
    callOp(deps, c, buyerOps.receipts, { query: { limit: '50' } }),
    callOp(deps, c, buyerOps.shipments, { query: { direction: 'from', limit: '50' } }),
    submitOp(deps, c, buyerOps.webhook).catch(() => null),
  ]);
  const done = { ack: t.acknowledged, saved: t.webhookSaved, removed: t.webhookRemoved }[c.req.query('done') ?? ''];
  return page(c, {
    title: t.buyerHome,
    status: s.status,
    children: (
      <BuyerHome
        t={t}
        lang={lang}
        csrf={c.get('session')?.csrfToken}
        done={s.secret ? t.webhookSaved : done}
        notices={notices.items}
        receipts={receipts.items}
        shipments={shipments.items}
        webhook={webhook?.ok ? webhook.body : null}
        secret={s.secret ?? null}
        errors={s.errors ?? {}}
        url={s.url}
      />
    ),
  });
}

function buyerRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('buyer'));
  r.get('/', (c) => buyerPage(deps, c));
  r.post('/notices/:id/ack', async (c) => {
    await callOp(deps, c, buyerOps.acknowledge, { params: { id: c.req.param('id') } });
    return c.redirect(`${CONSOLE_BASE}/buyer?done=ack`, 303);
  });
  r.post('/webhook', async (c) => {
    const form = await readForm(c);
    const url = field(form, 'url').trim();
    const res = await submitOp(deps, c, buyerOps.setWebhook, {
      body: { url, rotateSecret: field(form, 'rotate') === 'yes' },
    });
    if (!res.ok)
      return buyerPage(deps, c, { errors: fieldErrors(res.error, c.get('lang')), url, status: res.error.status });
    const secret = (res.body as { secret?: string }).secret;
    // A new secret is shown on this answer only, never redirected to or kept.
    if (secret) return buyerPage(deps, c, { secret });
    return c.redirect(`${CONSOLE_BASE}/buyer?done=saved`, 303);
  });
  r.post('/webhook/delete', async (c) => {
    await callOp(deps, c, buyerOps.deleteWebhook);
    return c.redirect(`${CONSOLE_BASE}/buyer?done=removed`, 303);
  });
  return r;
}

export const buyerModule: ConsoleModule = {
  path: '/buyer',
  routes: buyerRoutes,
  nav: [{ href: '/buyer', label: inLanguages(BUYER_TEXTS, (t) => t.buyerHome), roles: ['buyer'] }],
};

// ---- the staff's list of notices not acknowledged in time ----

function noticeRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));
  r.get('/', async (c) => {
    const lang = c.get('lang');
    const t = BUYER_TEXTS[lang];
    const all = c.req.query('all') === 'yes';
    const cursor = c.req.query('cursor') || undefined;
    const p = await callOp(deps, c, buyerOps.notices, {
      query: { overdue: all ? 'false' : 'true', limit: '50', cursor },
    });
    const next = p.nextCursor
      ? `${CONSOLE_BASE}/recall-notices?${all ? 'all=yes&' : ''}cursor=${encodeURIComponent(p.nextCursor)}`
      : null;
    return page(c, {
      title: all ? t.allNotices : t.overdue,
      children: <StaffNotices t={t} lang={lang} overdueOnly={!all} items={p.items} next={next} />,
    });
  });
  return r;
}

export const recallNoticesModule: ConsoleModule = {
  path: '/recall-notices',
  routes: noticeRoutes,
  nav: [{ href: '/recall-notices', label: inLanguages(BUYER_TEXTS, (t) => t.overdue), roles: ['staff', 'admin'] }],
};

// ---- the cooperative's sales to buyers ----

const SALE_FIELDS = ['batchId', 'buyerId', 'quantity', 'unit', 'despatchAdvice', 'shippedOn'] as const;

async function salesPage(
  deps: AppDeps,
  c: ConsoleContext,
  s: { values?: Record<string, string>; errors?: FieldErrors; status?: number } = {},
) {
  const lang = c.get('lang');
  const t = BUYER_TEXTS[lang];
  const [batches, products, buyers, shipments] = await Promise.all([
    callOp(deps, c, batchOps.list, { query: { status: 'sealed', order: 'newest', limit: '200' } }),
    fetchAll(deps, c, productOps.list, {}, 200),
    callOp(deps, c, buyerOps.enterprises),
    callOp(deps, c, buyerOps.shipments, { query: { limit: '50' } }),
  ]);
  const names = new Map(products.map((p) => [p.id, p.nameVi]));
  const done = c.req.query('done') === 'sold' ? t.saleRecorded : undefined;
  return page(c, {
    title: t.sales,
    status: s.status,
    children: (
      <SalesPage
        t={t}
        lang={lang}
        csrf={c.get('session')?.csrfToken}
        done={done}
        batches={batches.items.map((b) => ({
          value: b.id,
          label: `${names.get(b.productId) ?? ''} · ${b.lotCode} (${formatDate(lang, b.productionDate)})`,
        }))}
        buyers={buyers.items.map((b) => ({ value: b.id, label: `${b.name} (${b.province})` }))}
        values={s.values ?? { shippedOn: '' }}
        errors={s.errors ?? {}}
        shipments={shipments.items}
      />
    ),
  });
}

function salesRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('cooperative'));
  r.get('/', (c) => salesPage(deps, c));
  r.post('/', async (c) => {
    const v = values(await readForm(c), SALE_FIELDS);
    const res = await submitOp(deps, c, buyerOps.recordSale, {
      params: { id: v.batchId },
      body: {
        buyerId: v.buyerId,
        quantity: num(v.quantity) as number,
        ...(v.unit ? { unit: v.unit as 'kg' } : {}),
        despatchAdvice: v.despatchAdvice,
        shippedOn: v.shippedOn,
      },
    });
    if (!res.ok)
      return salesPage(deps, c, { values: v, errors: fieldErrors(res.error, c.get('lang')), status: res.error.status });
    return c.redirect(`${CONSOLE_BASE}/sales?done=sold`, 303);
  });
  return r;
}

export const salesModule: ConsoleModule = {
  path: '/sales',
  routes: salesRoutes,
  nav: [{ href: '/sales', label: inLanguages(BUYER_TEXTS, (t) => t.sales), roles: ['cooperative'] }],
};
