// Tracing for association staff (/console/trace): backwards from a serial typed in, a stamp URL
// pasted or scanned (a barcode scanner types it), a GTIN with a lot code, or a batch; forwards
// from an area (optionally harvest dates from/to) or a harvest lot; each with its CSV export.
// Every answer comes from the /trace operations.
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { AppError } from '../../errors';
import { printRunOps, traceOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { fieldErrors, type FieldErrors } from '../form';
import { areaChoices, readStampInput } from '../lookups';
import { downloadOp, jsonAnswer, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { TRACE_TEXTS, type TraceTexts } from '../texts/trace';
import { qs } from '../ui/links';
import { StaffStyle } from '../ui/styles';
import { SearchView, type SearchState } from './search-views';
import { BackwardChain, ForwardChain, originOf, type BackwardAnswer, type ForwardAnswer } from './views';

const base = `${CONSOLE_BASE}/trace`;

async function searchPage(deps: AppDeps, c: ConsoleContext, s: { back?: SearchState; fwd?: SearchState } = {}) {
  const t = TRACE_TEXTS[c.get('lang')];
  const areas = await areaChoices(deps, c, s.fwd?.values?.aq);
  return page(c, {
    title: t.title,
    status: s.back?.status ?? s.fwd?.status,
    children: <SearchView t={t} back={s.back} fwd={s.fwd} areas={areas} />,
  });
}

/** The query of GET /trace/backward from the page's parameters, or what to say beside the field. */
function backwardQuery(c: ConsoleContext, t: TraceTexts): { query: Record<string, string> } | { errors: FieldErrors } {
  const batchId = c.req.query('batchId');
  const gtin = c.req.query('gtin')?.trim();
  const lot = c.req.query('lot')?.trim();
  if (batchId) return { query: { batchId } };
  if (gtin || lot) return { query: { gtin: gtin ?? '', lot: lot ?? '' } };
  const input = readStampInput(c.req.query('q') ?? '');
  switch (input.kind) {
    case 'serial':
      return { query: { serial: input.serial } };
    case 'lot':
      return { query: { gtin: input.gtin, lot: input.lot } };
    default: {
      const why = { empty: t.empty, mistyped: t.mistyped, unreadable: t.unreadable, product_only: t.productOnly };
      const msg = why[input.problem];
      return { errors: { q: input.detail ? `${msg} (${input.detail})` : msg } };
    }
  }
}

/** A chain page: the way back to the search, the title, the chain. */
function chainPage(c: ConsoleContext, t: TraceTexts, title: string, chain: Child) {
  return page(c, {
    title,
    children: (
      <>
        <StaffStyle />
        <p>
          <a href={base}>← {t.title}</a>
        </p>
        <h1>{title}</h1>
        {chain}
      </>
    ),
  });
}

async function backwardPage(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const t = TRACE_TEXTS[lang];
  const values: Record<string, string> = Object.fromEntries(['q', 'gtin', 'lot'].map((k) => [k, c.req.query(k) ?? '']));
  const parsed = backwardQuery(c, t);
  if ('errors' in parsed) return searchPage(deps, c, { back: { values, errors: parsed.errors, status: 400 } });
  let answer: BackwardAnswer;
  try {
    const res = await submitOp(deps, c, traceOps.backward, { query: { ...parsed.query, depth: 'all' } });
    if (!res.ok) {
      const errors = fieldErrors(res.error, lang);
      // a serial that fails the API's own check lands beside the box it was typed in
      if (errors.serial) errors.q = errors.serial;
      if (errors._form && !values.gtin && !values.lot) errors.q = errors._form;
      return searchPage(deps, c, { back: { values, errors, status: res.error.status } });
    }
    answer = jsonAnswer(res.body);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND' && !parsed.query.batchId) {
      const errors: FieldErrors = parsed.query.serial
        ? { q: t.stampUnknown }
        : values.q
          ? { q: t.batchUnknown }
          : { lot: t.batchUnknown };
      return searchPage(deps, c, { back: { values, errors, status: 404 } });
    }
    throw e;
  }
  const title = `${t.backTitle}: ${answer.stamp ? answer.stamp.serial : answer.batch.lotCode}`;
  const csv = `${base}/backward.csv${qs(parsed.query)}`;
  return chainPage(c, t, title, <BackwardChain lang={lang} t={t} a={answer} csv={csv} />);
}

async function forwardPage(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const t = TRACE_TEXTS[lang];
  const values: Record<string, string> = Object.fromEntries(
    ['areaId', 'harvestLotId', 'from', 'to', 'aq'].map((k) => [k, c.req.query(k) ?? '']),
  );
  if (!values.areaId && !values.harvestLotId) {
    return searchPage(deps, c, { fwd: { values, errors: { areaId: t.chooseArea }, status: 400 } });
  }
  const query = values.harvestLotId
    ? { harvestLotId: values.harvestLotId }
    : { areaId: values.areaId, from: values.from, to: values.to };
  // the batches come a page at a time; the cursor is the API's nextCursor, passed through
  const cursor = c.req.query('cursor') || undefined;
  let answer: ForwardAnswer;
  try {
    const res = await submitOp(deps, c, traceOps.forward, { query: { ...query, cursor } });
    if (!res.ok) {
      return searchPage(deps, c, { fwd: { values, errors: fieldErrors(res.error, lang), status: res.error.status } });
    }
    answer = jsonAnswer(res.body);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') {
      return searchPage(deps, c, { fwd: { values, errors: { areaId: t.areaUnknown }, status: 404 } });
    }
    throw e;
  }
  const o = originOf(answer);
  const title = `${t.fwdTitle}: ${o.kind === 'harvest_lot' && o.harvestLot ? o.harvestLot.code : o.area.code}`;
  const paging = {
    next: answer.nextCursor ? `${base}/forward${qs({ ...query, cursor: answer.nextCursor })}` : null,
    first: cursor ? `${base}/forward${qs(query)}` : null,
  };
  return chainPage(
    c,
    t,
    title,
    <ForwardChain lang={lang} t={t} a={answer} csv={`${base}/forward.csv${qs(query)}`} paging={paging} />,
  );
}

function traceRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));
  r.get('/', (c) => searchPage(deps, c, { fwd: { values: { aq: c.req.query('aq') ?? '' } } }));
  r.get('/backward', (c) => backwardPage(deps, c));
  r.get('/forward', (c) => forwardPage(deps, c));
  // The operations' own CSV answers, passed through as the download.
  r.get('/backward.csv', (c) => {
    const q = c.req.query();
    return downloadOp(deps, c, traceOps.backward, {
      query: { serial: q.serial, batchId: q.batchId, gtin: q.gtin, lot: q.lot, format: 'csv' },
    });
  });
  r.get('/forward.csv', (c) => {
    const q = c.req.query();
    return downloadOp(deps, c, traceOps.forward, {
      query: { areaId: q.areaId, harvestLotId: q.harvestLotId, from: q.from, to: q.to, format: 'csv' },
    });
  });
  r.get('/print-runs/:id/serials.csv', (c) =>
    downloadOp(deps, c, printRunOps.serialsCsv, { params: { id: c.req.param('id') } }),
  );
  return r;
}

export const traceModule: ConsoleModule = {
  path: '/trace',
  routes: traceRoutes,
  nav: [{ href: '/trace', label: inLanguages(TRACE_TEXTS, (t) => t.navLabel), roles: ['staff', 'admin'] }],
};
