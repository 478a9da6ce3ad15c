// Print runs of the signed-in cooperative: order stamps for a sealed batch on a label template
// shown as a picture, then download the PDF (streamed through the /print-runs/:id/pdf operation
// with the session's rights), page through the serials or take the CSV, and activate or void
// the whole run or a serial range.
import { Hono } from 'hono';
import type { OpAnswer } from '../../http/op';
import { batchOps, printRunOps, productOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { operatorErrors, type FieldErrors, num, opt, readForm, values as formValues } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import type { ItemOf } from '../ops';

type ProductRow = ItemOf<typeof productOps.list>;
import { KT, kt, type CoopTexts } from './i18n';
import { LabelPicture, SheetPicture } from './template-picture';
import { coopOnly } from '../auth';
import { Done, FormErrors, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField } from '../ui/fields';
import { qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';

type TemplateInfo = OpAnswer<typeof printRunOps.templates>['items'][number];

const RUN_FIELDS = ['batchId', 'templateId', 'count', 'note'] as const;
const SERIALS_PER_PAGE = 50;

const productName = (p: ProductRow | undefined, lang: Lang) => (p ? (lang === 'en' && p.nameEn ? p.nameEn : p.nameVi) : '');

function TemplateChoice(props: { deps: AppDeps; t: CoopTexts; lang: Lang; templates: TemplateInfo[]; value: string | undefined; error: string | undefined }) {
  const { t, lang } = props;
  return (
    <fieldset aria-describedby={props.error ? 'f-templateId-err' : undefined}>
      <legend>{t.template}</legend>
      <div class="tpl">
        {props.templates.map((x) => {
          const full = props.deps.labels.templates.get(x.id);
          return (
            <label for={`tpl-${x.id}`}>
              <input type="radio" id={`tpl-${x.id}`} name="templateId" value={x.id} checked={props.value === x.id} /> <b>{x.name[lang]}</b>
              <br />
              {full ? <SheetPicture t={full} title={`${t.sheetPicture}: ${x.name[lang]}`} /> : null}
              {full ? <LabelPicture t={full} lang={lang} title={`${t.labelPicture}: ${x.name[lang]}`} width={130} /> : null}
              <br />
              <span class="muted">
                {t.labelSize(x.label.width, x.label.height)} · {x.layout.kind === 'grid' ? t.perSheet(x.layout.columns * x.layout.rows) : t.roll}
                <br />{x.activateOnPrint ? t.activateOnPrint : t.activateLater}
              </span>
            </label>
          );
        })}
      </div>
      {props.error ? <p class="ferr" id="f-templateId-err">{props.error}</p> : null}
    </fieldset>
  );
}

function printRunsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/', coopOnly, async (c) => {
    const t = kt(c);
    const lang = c.get('lang');
    const cursor = c.req.query('cursor');
    const [runs, products] = await Promise.all([
      callOp(deps, c, printRunOps.list, { query: { order: 'newest', limit: '50', cursor } }),
      fetchAll(deps, c, productOps.list, {}, 200),
    ]);
    const byGtin = new Map(products.map((p) => [p.gtin, p]));
    return page(c, {
      title: t.printRuns,
      children: (
        <>
          <CoopStyle />
          <h1>{t.printRuns}</h1>
          <p><a href={`${CONSOLE_BASE}/print-runs/new`}>{t.newRun}</a></p>
          {runs.items.length ? (
            <Table head={[t.created_at, t.product, t.lot, t.template, t.count, t.stampStates.active!, t.stampStates.issued!, t.stampStates.void!]}>
              {runs.items.map((x) => (
                <tr>
                  <td><a href={`${CONSOLE_BASE}/print-runs/${x.id}`}>{formatTime(lang, x.createdAt)}</a></td>
                  <td>{productName(byGtin.get(x.gtin), lang) || x.gtin}</td>
                  <td>{x.lotCode}</td>
                  <td>{deps.labels.templates.get(x.templateId)?.name[lang] ?? x.templateId}</td>
                  <td class="num">{x.count}</td><td class="num">{x.stamps.active}</td><td class="num">{x.stamps.issued}</td><td class="num">{x.stamps.void}</td>
                </tr>
              ))}
            </Table>
          ) : <p>{t.noRunsYet}</p>}
          {runs.nextCursor ? <p><a href={`${CONSOLE_BASE}/print-runs?cursor=${runs.nextCursor}`}>{t.next}</a></p> : null}
        </>
      ),
    });
  });

  const newForm = async (c: ConsoleContext, v: Record<string, string>, errors: FieldErrors = {}, status?: number) => {
    const t = kt(c);
    const lang = c.get('lang');
    const [batches, products, templates] = await Promise.all([
      fetchAll(deps, c, batchOps.list, { status: 'sealed', order: 'newest' }, 200),
      fetchAll(deps, c, productOps.list, {}, 200),
      callOp(deps, c, printRunOps.templates),
    ]);
    const byId = new Map(products.map((p) => [p.id, p]));
    const open = batches.filter((b) => !b.recalled);
    return page(c, {
      title: t.newRun,
      status,
      children: (
        <>
          <CoopStyle />
          <p><a href={`${CONSOLE_BASE}/print-runs`}>← {t.printRuns}</a></p>
          <h1>{t.newRun}</h1>
          <FormErrors errors={errors} shown={(k) => RUN_FIELDS.includes(k as never)} title={t.fixBelow} />
          {open.length ? (
            <form method="post" action={`${CONSOLE_BASE}/print-runs/new`} novalidate>
              <CsrfInput token={c.get('session')?.csrfToken} />
              <SelectField name="batchId" label={t.sealedBatch} value={v.batchId} error={errors.batchId} required
                options={[{ value: '', label: t.choose }, ...open.map((b) => ({ value: b.id, label: `${productName(byId.get(b.productId), lang)} · ${t.lot} ${b.lotCode} (${qty(lang, b.quantity, b.unit)})` }))]} />
              <TemplateChoice deps={deps} t={t} lang={lang} templates={templates.items} value={v.templateId} error={errors.templateId} />
              <div class="narrow">
                <Field name="count" label={t.count} value={v.count} error={errors.count} hint={t.countHint} required inputmode="numeric" />
                <Field name="note" label={`${t.note} ${t.optional}`} value={v.note} error={errors.note} maxlength={1000} />
              </div>
              <button type="submit">{t.order}</button>
            </form>
          ) : <p>{t.noSealed} <a href={`${CONSOLE_BASE}/batches`}>{t.batches}</a></p>}
        </>
      ),
    });
  };

  r.get('/new', coopOnly, (c) => newForm(c, { batchId: c.req.query('batchId') ?? '', templateId: 'a4-3x8' }));

  r.post('/new', coopOnly, async (c) => {
    const t = kt(c);
    const v = formValues(await readForm(c), RUN_FIELDS);
    const res = await submitOp(deps, c, printRunOps.create, {
      // A missing or nonsense count (see num) is the API's schema to refuse, beside the field.
      body: { batchId: v.batchId, templateId: v.templateId, count: num(v.count) as number, note: opt(v.note) ?? null },
    });
    if (!res.ok) {
      const errors = operatorErrors(res.error, c.get('lang'));
      if (['BATCH_NOT_SEALED', 'BATCH_SUPERSEDED', 'BATCH_RECALLED'].includes(res.error.code)) {
        delete errors._form;
        errors.batchId = res.error.message;
      }
      if (res.error.code.startsWith('LABEL_')) {
        delete errors._form;
        errors.templateId = res.error.message;
      }
      if (errors.batchId && !v.batchId) errors.batchId = t.required;
      return newForm(c, v, errors, res.error.status);
    }
    return c.redirect(`${CONSOLE_BASE}/print-runs/${res.body.id}?done=created`, 303);
  });

  type RangeState = { action: 'activate' | 'void'; values: Record<string, string>; errors: FieldErrors };

  const runPage = async (c: ConsoleContext, id: string, s: { range?: RangeState; status?: number; notice?: string | undefined } = {}) => {
    const t = kt(c);
    const lang = c.get('lang');
    const run = await callOp(deps, c, printRunOps.get, { params: { id } });
    const cursor = c.req.query('cursor');
    const [batch, stamps, products] = await Promise.all([
      callOp(deps, c, batchOps.get, { params: { id: run.batchId } }),
      callOp(deps, c, printRunOps.stamps, {
        params: { id }, query: { limit: String(SERIALS_PER_PAGE), cursor: /^\d{1,9}$/.test(cursor ?? '') ? cursor : undefined },
      }),
      fetchAll(deps, c, productOps.list, {}, 200),
    ]);
    const product = products.find((p) => p.id === batch.productId);
    const template = deps.labels.templates.get(run.templateId);
    const base = `${CONSOLE_BASE}/print-runs/${run.id}`;
    const csrf = c.get('session')?.csrfToken;
    const rangeForm = (action: 'activate' | 'void') => {
      const mine = s.range?.action === action ? s.range : undefined;
      const v = mine?.values ?? {};
      const e = mine?.errors ?? {};
      return (
        <section>
          <h2 class="mh">{action === 'activate' ? t.activate : t.voidStamps}</h2>
          <p class="hint">{action === 'activate' ? t.activateHint : t.voidHint}</p>
          {e._form ? <p class="ferr" role="alert">{e._form}</p> : null}
          <form method="post" action={`${base}/${action}`} novalidate>
            <CsrfInput token={csrf} />
            <div class="row">
              <Field name="fromSerial" label={`${t.fromSerial} ${t.optional}`} value={v.fromSerial} error={e.fromSerial} maxlength={14} autocomplete="off" />
              <Field name="toSerial" label={`${t.toSerial} ${t.optional}`} value={v.toSerial} error={e.toSerial} maxlength={14} autocomplete="off" />
            </div>
            {action === 'void' ? <Field name="reason" label={t.reason} value={v.reason} error={e.reason} required maxlength={500} /> : null}
            <button type="submit" class={action === 'void' ? 'danger' : undefined}>{action === 'activate' ? t.activate : t.voidStamps}</button>
          </form>
        </section>
      );
    };
    const first = stamps.items[0]?.position;
    const last = stamps.items[stamps.items.length - 1]?.position;
    return page(c, {
      title: t.runOf(run.lotCode),
      status: s.status,
      children: (
        <>
          <CoopStyle />
          <p><a href={`${CONSOLE_BASE}/print-runs`}>← {t.printRuns}</a></p>
          <h1>{t.runOf(run.lotCode)}</h1>
          <Done text={s.notice} />
          <section>
            <dl>
              <dt>{t.product}</dt><dd>{productName(product, lang)} (GTIN {run.gtin})</dd>
              <dt>{t.lot}</dt><dd><a href={`${CONSOLE_BASE}/batches/${batch.id}`}>{run.lotCode}</a></dd>
              <dt>{t.template}</dt><dd>{template?.name[lang] ?? run.templateId}</dd>
              <dt>{t.created_at}</dt><dd>{formatTime(lang, run.createdAt)}</dd>
              <dt>{t.count}</dt><dd>{run.count}</dd>
              <dt>{t.stampStates.active}</dt><dd>{run.stamps.active}</dd>
              <dt>{t.stampStates.issued}</dt><dd>{run.stamps.issued}</dd>
              <dt>{t.stampStates.void}</dt><dd>{run.stamps.void}</dd>
              {run.note ? <><dt>{t.note}</dt><dd>{run.note}</dd></> : null}
            </dl>
            <p class="actions">
              <a href={`${base}/pdf`}>{t.downloadPdf}</a>
              <a href={`${base}/pdf?preview=1`}>{t.previewPdf}</a>
              <a href={`${base}/serials.csv`}>{t.downloadCsv}</a>
            </p>
          </section>
          {rangeForm('activate')}
          {rangeForm('void')}
          <h2 id="serials">{t.serials}</h2>
          {first !== undefined ? <p class="muted">{t.stampsShown(first, last!)} / {run.count}</p> : null}
          <Table head={['#', t.serial, t.status, t.scanCount]}>
            {stamps.items.map((x) => (
              <tr><td class="num">{x.position}</td><td><code>{x.serial}</code></td><td>{t.stampStates[x.state] ?? x.state}</td><td class="num">{x.scanCount}</td></tr>
            ))}
          </Table>
          <p class="actions">
            {cursor ? <a href={`${base}#serials`}>{t.first}</a> : null}
            {stamps.nextCursor ? <a href={`${base}?cursor=${stamps.nextCursor}#serials`}>{t.next}</a> : null}
          </p>
        </>
      ),
    });
  };

  r.get('/:id', coopOnly, (c) => {
    const t = kt(c);
    const done = c.req.query('done');
    const n = Number(c.req.query('n') ?? 0) || 0;
    const notice = done === 'created' ? t.runCreated : done === 'activated' ? t.activated(n) : done === 'voided' ? t.voided(n) : undefined;
    return runPage(c, c.req.param('id'), { notice });
  });

  // Streamed through the operations with the session's rights.
  r.get('/:id/pdf', coopOnly, (c) => {
    const preview = c.req.query('preview');
    return callOp(deps, c, printRunOps.pdf, {
      params: { id: c.req.param('id') },
      query: preview === '1' || preview === 'true' ? { preview: 'true' } : {},
    });
  });
  r.get('/:id/serials.csv', coopOnly, (c) => callOp(deps, c, printRunOps.serialsCsv, { params: { id: c.req.param('id') } }));

  for (const action of ['activate', 'void'] as const) {
    r.post(`/:id/${action}`, coopOnly, async (c) => {
      const id = c.req.param('id');
      // Read first: another cooperative's run answers 404, and nothing is attempted.
      await callOp(deps, c, printRunOps.get, { params: { id } });
      const v = formValues(await readForm(c), ['fromSerial', 'toSerial', 'reason']);
      const range = { fromSerial: opt(v.fromSerial), toSerial: opt(v.toSerial) };
      const res = action === 'activate'
        ? await submitOp(deps, c, printRunOps.activate, { params: { id }, body: range })
        : await submitOp(deps, c, printRunOps.voidStamps, { params: { id }, body: { ...range, reason: v.reason } });
      if (!res.ok) return runPage(c, id, { range: { action, values: v, errors: operatorErrors(res.error, c.get('lang')) }, status: res.error.status });
      return c.redirect(`${CONSOLE_BASE}/print-runs/${id}?done=${action === 'activate' ? 'activated' : 'voided'}&n=${res.body.changed}`, 303);
    });
  }
  return r;
}

export const printRunsModule: ConsoleModule = {
  path: '/print-runs',
  routes: printRunsRoutes,
  nav: [{ href: '/print-runs', label: { vi: KT.vi.navPrint, en: KT.en.navPrint }, roles: ['cooperative'] }],
};
