// The print-run pages: the runs with their stamp counts, the order form (a sealed batch, a label
// template shown as a picture, a count), and one run with its downloads, the activate and void
// forms for the run or a serial range, and its serials a page at a time.
import type { Batch } from '../../db/batches-store';
import type { PrintRun } from '../../db/print-runs-store';
import type { OpAnswer } from '../../http/op';
import type { printRunOps } from '../../http/routes';
import type { Template } from '../../labels/template';
import { formatNumber, formatTime, type Lang } from '../../pages/i18n';
import type { PdfEstimate } from '../../print-runs/sheet';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { PrintRunTexts } from '../texts/print-runs';
import { ConfirmStep, Done, FormErrors, Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField } from '../ui/fields';
import { productName, qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';
import { LabelPicture, SheetPicture } from './template-picture';

export const RUN_FIELDS = ['batchId', 'templateId', 'count', 'note'] as const;

type Product = { id: string; gtin: string; nameVi: string; nameEn?: string | null };
/** A template as GET /templates lists it, with the full template to draw (when the catalogue has it). */
export type TemplateOffer = {
  info: OpAnswer<typeof printRunOps.templates>['items'][number];
  full: Template | undefined;
};

export function RunList(props: {
  t: PrintRunTexts;
  lang: Lang;
  runs: PrintRun[];
  products: Product[];
  templateName: (id: string) => string;
  next: string | null;
}) {
  const { t, lang } = props;
  const byGtin = new Map(props.products.map((p) => [p.gtin, p]));
  const states = [t.stampStates.active!, t.stampStates.issued!, t.stampStates.void!];
  const head = [t.orderedOn, t.product, t.lot, t.template, t.count, ...states];
  return (
    <>
      <CoopStyle />
      <h1>{t.printRuns}</h1>
      <p>
        <a href={`${CONSOLE_BASE}/print-runs/new`}>{t.newRun}</a>
      </p>
      {props.runs.length ? (
        <Table head={head}>
          {props.runs.map((x) => (
            <tr>
              <td>
                <a href={`${CONSOLE_BASE}/print-runs/${x.id}`}>{formatTime(lang, x.createdAt)}</a>
              </td>
              <td>{productName(byGtin.get(x.gtin), lang) || x.gtin}</td>
              <td>{x.lotCode}</td>
              <td>{props.templateName(x.templateId)}</td>
              <td class="num">{x.count}</td>
              <td class="num">{x.stamps.active}</td>
              <td class="num">{x.stamps.issued}</td>
              <td class="num">{x.stamps.void}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noRunsYet}</p>
      )}
      {props.next ? (
        <p>
          <a href={`${CONSOLE_BASE}/print-runs?cursor=${props.next}`}>{t.nextPage}</a>
        </p>
      ) : null}
    </>
  );
}

function TemplateChoice(props: {
  t: PrintRunTexts;
  lang: Lang;
  templates: TemplateOffer[];
  value: string | undefined;
  error: string | undefined;
}) {
  const { t, lang } = props;
  return (
    <fieldset aria-describedby={props.error ? 'f-templateId-err' : undefined}>
      <legend>{t.template}</legend>
      <div class="tpl">
        {props.templates.map(({ info: x, full }) => (
          <label for={`tpl-${x.id}`}>
            <input type="radio" id={`tpl-${x.id}`} name="templateId" value={x.id} checked={props.value === x.id} />{' '}
            <b>{x.name[lang]}</b>
            <br />
            {full ? <SheetPicture t={full} title={`${t.sheetPicture}: ${x.name[lang]}`} /> : null}
            {full ? (
              <LabelPicture t={full} lang={lang} title={`${t.labelPicture}: ${x.name[lang]}`} width={130} />
            ) : null}
            <br />
            <span class="muted">
              {t.labelSize(x.label.width, x.label.height)}
              {' · '}
              {x.layout.kind === 'grid' ? t.perSheet(x.layout.columns * x.layout.rows) : t.roll}
              <br />
              {x.activateOnPrint ? t.activateOnPrint : t.activateLater}
            </span>
          </label>
        ))}
      </div>
      {props.error ? (
        <p class="ferr" id="f-templateId-err">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function NewRunForm(props: {
  t: PrintRunTexts;
  lang: Lang;
  csrf: string | undefined;
  batches: Batch[];
  products: Product[];
  templates: TemplateOffer[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t, lang, values: v, errors } = props;
  const byId = new Map(props.products.map((p) => [p.id, p]));
  const batches = props.batches.map((b) => ({
    value: b.id,
    label: `${productName(byId.get(b.productId), lang)} · ${t.lot} ${b.lotCode} (${qty(lang, b.quantity, b.unit)})`,
  }));
  return (
    <>
      <CoopStyle />
      <p>
        <a href={`${CONSOLE_BASE}/print-runs`}>← {t.printRuns}</a>
      </p>
      <h1>{t.newRun}</h1>
      <FormErrors errors={errors} shown={(k) => RUN_FIELDS.includes(k as never)} title={t.fixBelowKept} />
      {batches.length ? (
        <form method="post" action={`${CONSOLE_BASE}/print-runs/new`} novalidate>
          <CsrfInput token={props.csrf} />
          <SelectField
            name="batchId"
            label={t.sealedBatch}
            value={v.batchId}
            error={errors.batchId}
            required
            options={[{ value: '', label: t.choose }, ...batches]}
          />
          <TemplateChoice
            t={t}
            lang={lang}
            templates={props.templates}
            value={v.templateId}
            error={errors.templateId}
          />
          <div class="narrow">
            <Field
              name="count"
              label={t.count}
              value={v.count}
              error={errors.count}
              hint={t.countHint}
              required
              inputmode="numeric"
            />
            <Field name="note" label={`${t.note} ${t.optional}`} value={v.note} error={errors.note} maxlength={1000} />
          </div>
          <button type="submit">{t.order}</button>
        </form>
      ) : (
        <p>
          {t.noSealed} <a href={`${CONSOLE_BASE}/batches`}>{t.batches}</a>
        </p>
      )}
    </>
  );
}

/** What was posted to the activate or void form, to show it again with the refusal. */
export type RangeState = { action: 'activate' | 'void'; values: Record<string, string>; errors: FieldErrors };

function RangeForm(props: {
  t: PrintRunTexts;
  csrf: string | undefined;
  base: string;
  count: number;
  action: 'activate' | 'void';
  range?: RangeState | undefined;
}) {
  const { t, action } = props;
  const mine = props.range?.action === action ? props.range : undefined;
  const v = mine?.values ?? {};
  const e = mine?.errors ?? {};
  // The fields of the two forms differ by id; the void form asks first (GET) and confirms on its own page.
  const id = (name: string) => (action === 'void' ? `f-void-${name}` : undefined);
  return (
    <section id={action}>
      <h2 class="mh">{action === 'activate' ? t.activate : t.voidStamps}</h2>
      <p class="hint">{action === 'activate' ? t.activateHint : t.voidHint}</p>
      {e._form ? (
        <p class="ferr" role="alert">
          {e._form}
        </p>
      ) : null}
      <form method={action === 'void' ? 'get' : 'post'} action={`${props.base}/${action}`} novalidate>
        {action === 'activate' ? <CsrfInput token={props.csrf} /> : null}
        <div class="row">
          <Field
            name="fromSerial"
            id={id('fromSerial')}
            label={`${t.fromSerial} ${t.optional}`}
            value={v.fromSerial}
            error={e.fromSerial}
            hint={t.rangeHint(props.count)}
            maxlength={14}
            autocomplete="off"
          />
          <Field
            name="toSerial"
            id={id('toSerial')}
            label={`${t.toSerial} ${t.optional}`}
            value={v.toSerial}
            error={e.toSerial}
            hint={t.rangeHint(props.count)}
            maxlength={14}
            autocomplete="off"
          />
        </div>
        {action === 'void' ? (
          <Field name="reason" label={t.reason} value={v.reason} error={e.reason} required maxlength={500} />
        ) : null}
        <button type="submit" class={action === 'void' ? 'danger' : undefined}>
          {action === 'activate' ? t.activate : `${t.voidStamps}…`}
        </button>
      </form>
    </section>
  );
}

/** The range to void as the confirmation step describes it. */
export type VoidRange = {
  values: { fromSerial: string; toSerial: string; reason: string };
  /** Positions, when both ends are known as positions (or empty). */
  from: number | null;
  to: number | null;
};

export function VoidConfirm(props: {
  t: PrintRunTexts;
  lang: Lang;
  csrf: string | undefined;
  run: PrintRun;
  product: Product | undefined;
  range: VoidRange;
  needsConfirm: boolean;
}) {
  const { t, lang, run, range } = props;
  const base = `${CONSOLE_BASE}/print-runs/${run.id}`;
  const v = range.values;
  const whole = !v.fromSerial && !v.toSerial;
  const which = whole
    ? t.voidWhole(run.count)
    : range.from !== null && range.to !== null
      ? t.voidPositions(range.from, range.to)
      : t.voidFromTo(v.fromSerial || t.firstStamp, v.toSerial || t.lastStamp);
  return (
    <>
      <CoopStyle />
      <p>
        <a href={base}>← {t.runOf(run.lotCode)}</a>
      </p>
      <ConfirmStep
        title={t.voidConfirmTitle}
        cannotUndoTitle={t.cannotUndoTitle}
        cannotUndo={t.voidCannotUndo}
        action={`${base}/void`}
        csrf={props.csrf}
        hidden={v}
        confirmLabel={t.voidConfirm}
        cancelHref={base}
        cancelLabel={t.cancelAction}
      >
        {props.needsConfirm ? (
          <Notice kind="error">
            <p>{t.voidNeedsConfirm}</p>
          </Notice>
        ) : null}
        <p>{t.voidIntro}</p>
        <dl>
          <dt>{t.run}</dt>
          <dd>
            {productName(props.product, lang)} · {t.lot} {run.lotCode} · {formatTime(lang, run.createdAt)}
          </dd>
          <dt>{t.whichStamps}</dt>
          <dd>
            <b>{which}</b>
          </dd>
          <dt>{t.reason}</dt>
          <dd>{v.reason}</dd>
        </dl>
      </ConfirmStep>
    </>
  );
}

export function RunView(props: {
  t: PrintRunTexts;
  lang: Lang;
  csrf: string | undefined;
  run: PrintRun;
  batch: Batch;
  product: Product | undefined;
  templateName: string;
  stamps: OpAnswer<typeof printRunOps.stamps>;
  paged: boolean;
  range?: RangeState | undefined;
  notice?: string | undefined;
  done?: string | undefined;
  publicHref: string;
  /** The PDF's pages and estimated size (GET /print-runs/{id}/pdf/estimate). */
  pdf?: PdfEstimate | undefined;
}) {
  const { t, run } = props;
  const base = `${CONSOLE_BASE}/print-runs/${run.id}`;
  const items = props.stamps.items;
  const first = items[0]?.position;
  const last = items[items.length - 1]?.position;
  return (
    <>
      <CoopStyle />
      <p>
        <a href={`${CONSOLE_BASE}/print-runs`}>← {t.printRuns}</a>
      </p>
      <h1>{t.runOf(run.lotCode)}</h1>
      <Done text={props.notice} />
      <RunFacts {...props} base={base} />
      <NextSteps
        t={t}
        base={base}
        batchId={props.batch.id}
        publicHref={props.publicHref}
        done={props.done}
        lang={props.lang}
        pdf={props.pdf}
      />
      <RangeForm t={t} csrf={props.csrf} base={base} count={run.count} action="activate" range={props.range} />
      <RangeForm t={t} csrf={props.csrf} base={base} count={run.count} action="void" range={props.range} />
      <h2 id="serials">{t.serials}</h2>
      {first !== undefined ? (
        <p class="muted">
          {t.stampsShown(first, last!)} / {run.count}
        </p>
      ) : null}
      <Table head={['#', t.serial, t.status, t.scanCount]}>
        {items.map((x) => (
          <tr>
            <td class="num">{x.position}</td>
            <td>
              <code>{x.serial}</code>
            </td>
            <td>{t.stampStates[x.state] ?? x.state}</td>
            <td class="num">{x.scanCount}</td>
          </tr>
        ))}
      </Table>
      <p class="actions">
        {props.paged ? <a href={`${base}#serials`}>{t.first}</a> : null}
        {props.stamps.nextCursor ? (
          <a href={`${base}?cursor=${props.stamps.nextCursor}#serials`}>{t.nextPage}</a>
        ) : null}
      </p>
    </>
  );
}

/** "about 1,250 pages, about 38 MB": a megabyte is 1,000,000 bytes, as phones and browsers count. */
export function pdfSizeText(t: PrintRunTexts, lang: Lang, pdf: PdfEstimate): string {
  const mb = pdf.estimatedBytes / 1e6;
  const size =
    mb >= 1
      ? `${formatNumber(lang, mb, mb >= 10 ? 0 : 1)} MB`
      : `${formatNumber(lang, Math.max(1, Math.round(pdf.estimatedBytes / 1e3)), 0)} KB`;
  return t.pdfSize(formatNumber(lang, pdf.pages, 0), size);
}

/** The PDF's page count and estimated size, beside its download link, before it starts. */
function PdfSize(props: { t: PrintRunTexts; lang: Lang; pdf: PdfEstimate | undefined }) {
  return props.pdf ? <span class="muted"> ({pdfSizeText(props.t, props.lang, props.pdf)})</span> : null;
}

function RunFacts(props: {
  t: PrintRunTexts;
  lang: Lang;
  pdf?: PdfEstimate | undefined;
  run: PrintRun;
  batch: Batch;
  product: Product | undefined;
  templateName: string;
  base: string;
}) {
  const { t, lang, run, base } = props;
  return (
    <section>
      <dl>
        <dt>{t.product}</dt>
        <dd>
          {productName(props.product, lang)} (GTIN {run.gtin})
        </dd>
        <dt>{t.lot}</dt>
        <dd>
          <a href={`${CONSOLE_BASE}/batches/${props.batch.id}`}>{run.lotCode}</a>
        </dd>
        <dt>{t.template}</dt>
        <dd>{props.templateName}</dd>
        <dt>{t.orderedOn}</dt>
        <dd>{formatTime(lang, run.createdAt)}</dd>
        <dt>{t.count}</dt>
        <dd>{run.count}</dd>
        <dt>{t.stampStates.active}</dt>
        <dd>{run.stamps.active}</dd>
        <dt>{t.stampStates.issued}</dt>
        <dd>{run.stamps.issued}</dd>
        <dt>{t.stampStates.void}</dt>
        <dd>{run.stamps.void}</dd>
        {run.note ? (
          <>
            <dt>{t.note}</dt>
            <dd>{run.note}</dd>
          </>
        ) : null}
      </dl>
      <p class="actions">
        <span>
          <a href={`${base}/pdf`}>{t.downloadPdf}</a>
          <PdfSize t={t} lang={lang} pdf={props.pdf} />
        </span>
        <a href={`${base}/pdf?preview=1`}>{t.previewPdf}</a>
        <a href={`${base}/serials.csv`}>{t.downloadCsv}</a>
      </p>
    </section>
  );
}

/** After a step on the run, the natural next one: print after ordering, activate after labelling, then see it live. */
function NextSteps(props: {
  t: PrintRunTexts;
  base: string;
  batchId: string;
  publicHref: string;
  done: string | undefined;
  lang: Lang;
  pdf: PdfEstimate | undefined;
}) {
  const { t, base } = props;
  if (props.done === 'created') {
    return (
      <p class="actions next">
        <span>
          <a href={`${base}/pdf`}>→ {t.nextPdf}</a>
          <PdfSize t={t} lang={props.lang} pdf={props.pdf} />
        </span>
        <a href="#activate">→ {t.nextActivate}</a>
      </p>
    );
  }
  if (props.done === 'activated') {
    return (
      <p class="actions next">
        <a href={props.publicHref} target="_blank" rel="noopener">
          → {t.nextPublic} ↗
        </a>
        <a href={`${CONSOLE_BASE}/batches/${props.batchId}`}>{t.nextBatch}</a>
      </p>
    );
  }
  return null;
}
