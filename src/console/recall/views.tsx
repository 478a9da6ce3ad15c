// The staff's recall pages: step 1 names the origin with the reason, authority and date; step 2
// previews what the recall would reach, with a confirm button carrying the same values; and the
// origin's status page shows the recalls and lets staff lift them with a reason.
import type { Child } from 'hono/jsx';
import type { Batch } from '../../db/batches-store';
import type { HarvestLot } from '../../db/harvests-store';
import type { OpAnswer } from '../../http/op';
import type { traceOps } from '../../http/routes';
import { formatDate, formatNumber, formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import { areaLabel, type AreaChoice } from '../lookups';
import { BATCH_STATUS } from '../texts/common';
import type { RecallTexts } from '../texts/recall';
import { Figures, Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField, TextArea } from '../ui/fields';
import { batchPageHref, qs, traceHref } from '../ui/links';
import { StaffStyle } from '../ui/styles';
import { base, kindOf, type Kind, type RecallPreview } from './origin';

/**
 * Batches and buyers listed on a preview, so that the page stays under 60 KB on a phone; the rest
 * are counted, and the forward trace's CSV lists every batch with its buyers.
 */
const PREVIEW_BATCHES_MAX = 100;
const BUYERS_MAX = 40;

/** The values a confirm (or change) form carries again, as hidden fields. */
function Hidden(props: { v: Record<string, string> }) {
  return <>{Object.entries(props.v).map(([k, x]) => (x ? <input type="hidden" name={k} value={x} /> : null))}</>;
}

/** What step 1 offers: areas to pick, the chosen area's harvest lots, the batch named by a link. */
export interface StepOneChoices {
  areas: AreaChoice[];
  lots: HarvestLot[];
  batch: Exclude<OpAnswer<typeof traceOps.backward>, Response>['batch'] | null;
}

type StepOneProps = { t: RecallTexts; lang: Lang; v: Record<string, string>; e: FieldErrors; d: StepOneChoices };

/** The origin's three parts: an area and dates, one of its harvest lots, or a batch by stamp or link. */
function OriginFields(props: StepOneProps) {
  const { t, lang, v, e, d } = props;
  const kind = kindOf(v.kind);
  const radio = (k: Kind) => (
    <label>
      <input type="radio" name="kind" value={k} checked={kind === k} /> {t.kinds[k]}
    </label>
  );
  const lotOptions = d.lots.map((l) => ({
    value: l.id,
    label: `${l.code} — ${formatDate(lang, l.harvestedOn)}, ${formatNumber(lang, l.quantity, 3)} ${l.unit}`,
  }));
  return (
    <section>
      <h2>{t.step1}</h2>
      <fieldset>
        <legend>{t.kind}</legend>
        {radio('area')}
        {radio('harvest_lot')}
        {radio('batch')}
      </fieldset>
      <h3>{t.areaPart}</h3>
      <SelectField
        name="areaId"
        label={t.areaLabel}
        value={v.areaId}
        error={e.areaId}
        options={[{ value: '', label: t.pickArea }, ...d.areas.map((a) => ({ value: a.id, label: areaLabel(a) }))]}
      />
      <div class="grid">
        <Field name="from" label={t.from} type="date" value={v.from} error={e.from} hint={t.rangeHint} />
        <Field name="to" label={t.to} type="date" value={v.to} error={e.to} />
      </div>
      <h3>{t.lotPart}</h3>
      {d.lots.length ? (
        <SelectField
          name="harvestLotId"
          label={t.lotLabel}
          value={v.harvestLotId}
          error={e.harvestLotId}
          hint={t.lotHint}
          options={[{ value: '', label: t.pickLot }, ...lotOptions]}
        />
      ) : (
        <p class={e.harvestLotId ? 'ferr' : 'hint'} id="f-harvestLotId-err">
          {e.harvestLotId ?? t.lotNeedsArea}
        </p>
      )}
      <h3>{t.batchPart}</h3>
      {d.batch ? (
        <p>
          <input type="hidden" name="batchId" value={d.batch.id} />
          <b>{d.batch.product.nameVi}</b> — {d.batch.lotCode} v{d.batch.version} (
          {BATCH_STATUS[lang][d.batch.status] ?? d.batch.status}), {d.batch.cooperative.name}
          {e.batchRef ? (
            <span class="ferr" id="f-batchRef-err">
              <br />
              {e.batchRef}
            </span>
          ) : null}
        </p>
      ) : (
        <Field
          name="batchRef"
          label={t.batchRef}
          value={v.batchRef}
          error={e.batchRef}
          hint={t.batchRefHint}
          maxlength={500}
          autocomplete="off"
        />
      )}
    </section>
  );
}

export function StepOneView(props: StepOneProps & { csrf: string | undefined }) {
  const { t, v, e } = props;
  return (
    <>
      <StaffStyle />
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {Object.keys(e).length ? (
        <Notice kind="error">
          <p>{e._form ?? t.fixBelow}</p>
        </Notice>
      ) : null}
      <form method="post" action={`${base}/preview`} novalidate>
        <CsrfInput token={props.csrf} />
        <OriginFields {...props} />
        <section class="narrow">
          <TextArea
            name="reason"
            label={t.reason}
            value={v.reason}
            error={e.reason}
            hint={t.reasonHint}
            required
            maxlength={2000}
          />
          <Field
            name="authority"
            label={t.authority}
            value={v.authority}
            error={e.authority}
            hint={t.authorityHint}
            required
            maxlength={300}
          />
          <Field
            name="recalledOn"
            label={t.recalledOn}
            type="date"
            value={v.recalledOn}
            error={e.recalledOn}
            required
          />
          <button type="submit">{t.preview}</button>
        </section>
      </form>
    </>
  );
}

export function PreviewView(props: {
  t: RecallTexts;
  lang: Lang;
  csrf: string | undefined;
  label: string;
  v: Record<string, string>;
  carried: Record<string, string>;
  p: RecallPreview;
  /** A confirm came without the confirmation: nothing was recalled. */
  needsConfirm?: boolean;
}) {
  const { t, lang, v, p } = props;
  return (
    <>
      <StaffStyle />
      <p>
        <a href={base}>← {t.title}</a>
      </p>
      <h1>{t.previewTitle}</h1>
      <p>{t.previewIntro}</p>
      <section>
        <dl>
          <dt>{t.origin}</dt>
          <dd>{props.label}</dd>
          <dt>{t.reason}</dt>
          <dd>{v.reason}</dd>
          <dt>{t.authority}</dt>
          <dd>{v.authority}</dd>
          <dt>{t.recalledOn}</dt>
          <dd>{formatDate(lang, v.recalledOn)}</dd>
        </dl>
      </section>
      <Figures
        lang={lang}
        items={[
          { label: t.wouldRecall, value: p.batches, bad: true },
          { label: t.already, value: p.alreadyRecalled },
          { label: t.printRuns, value: p.printRuns },
          { label: t.stampsLive, value: p.stamps },
          { label: t.scanned, value: p.stampsScanned, bad: true },
          { label: t.buyersFigure, value: p.buyers.length, bad: true },
        ]}
      />
      <p class="hint">{t.scannedHint}</p>
      {p.batches === 0 ? <Notice kind="ok">{t.nothing}</Notice> : null}
      {props.needsConfirm ? (
        <Notice kind="error">
          <p>{t.confirmNeeded}</p>
        </Notice>
      ) : null}
      {p.batches > 0 ? (
        <section class="card irrev" aria-labelledby="irrev-h">
          <h2 id="irrev-h" class="mh">
            ⚠ {t.cannotUndoTitle}
          </h2>
          <ul>
            {t.cannotUndo.map((x) => (
              <li>{x}</li>
            ))}
            {p.buyers.length ? <li>{t.buyersWarn(p.buyers.length)}</li> : null}
          </ul>
        </section>
      ) : null}
      <div class="actions">
        <a class="cancel" href={base}>
          {t.cancelAction}
        </a>
        <form method="post" action={base}>
          <CsrfInput token={props.csrf} />
          <Hidden v={props.carried} />
          <button type="submit" class="btn2">
            {t.change}
          </button>
        </form>
      </div>
      {p.batches > 0 ? (
        <form method="post" action={`${base}/confirm`} class="confirm">
          <CsrfInput token={props.csrf} />
          <Hidden v={{ ...props.carried, confirm: 'yes' }} />
          <button type="submit" class="danger">
            {t.confirm(p.batches)}
          </button>
        </form>
      ) : null}
      {p.batches > 0 ? <BuyersReached t={t} p={p} /> : null}
      <PreviewBatches t={t} lang={lang} items={p.items} origin={p.origin} />
    </>
  );
}

/**
 * The buyers a recall would notify: those who bought from the cooperative first, then those
 * further down the way, each with how many of the batches it received and from whom.
 */
function BuyersReached(props: { t: RecallTexts; p: RecallPreview }) {
  const { t, p } = props;
  const via = new Map<string, { hop: number; from: Set<string> }>();
  for (const s of p.shipments) {
    if (!s.to) continue;
    const v = via.get(s.to.id) ?? { hop: s.hop, from: new Set<string>() };
    v.hop = Math.min(v.hop, s.hop);
    v.from.add(s.from.name);
    via.set(s.to.id, v);
  }
  const buyers = p.buyers
    .map((b) => ({ ...b, hop: via.get(b.id)?.hop ?? 1, from: [...(via.get(b.id)?.from ?? [])] }))
    .sort((a, b) => a.hop - b.hop || a.name.localeCompare(b.name, 'vi'));
  const shown = buyers.slice(0, BUYERS_MAX);
  return (
    <section>
      <h2>{t.buyersTitle}</h2>
      {shown.length ? (
        <>
          <p>{t.buyersIntro}</p>
          <Table head={[t.buyer, t.buyerBatches, t.receivedFrom]}>
            {shown.map((b) => (
              <tr>
                <td>
                  <b>{b.name}</b>
                </td>
                <td>{b.batches}</td>
                <td>{b.from.join('; ')}</td>
              </tr>
            ))}
          </Table>
          {buyers.length > shown.length ? <p>{t.buyersCut(buyers.length - shown.length)}</p> : null}
        </>
      ) : (
        <p class="muted">{t.noBuyers}</p>
      )}
    </section>
  );
}

function PreviewBatches(props: {
  t: RecallTexts;
  lang: Lang;
  items: RecallPreview['items'];
  origin: RecallPreview['origin'];
}) {
  const { t, lang, origin } = props;
  const shown = props.items.slice(0, PREVIEW_BATCHES_MAX);
  if (!shown.length) return null;
  const csv =
    origin.kind === 'batch'
      ? null
      : `${CONSOLE_BASE}/trace/forward.csv${qs(origin.kind === 'area' ? { areaId: origin.id, from: origin.from, to: origin.to } : { harvestLotId: origin.id })}`;
  return (
    <section>
      <h2>{t.batchList}</h2>
      <Table head={[t.product, t.batch, t.date, t.cooperative, t.status]}>
        {shown.map((b) => (
          <tr>
            <td>{b.productName}</td>
            <td>
              <a href={traceHref.backBatch(b.id)}>{b.lotCode}</a> v{b.version}
            </td>
            <td>{formatDate(lang, b.productionDate)}</td>
            <td>{b.cooperative}</td>
            <td>
              {b.recalled ? (
                <span class="tag">{t.alreadyRecalled}</span>
              ) : (
                <span class="tag tag-bad">{t.willRecall}</span>
              )}
            </td>
          </tr>
        ))}
      </Table>
      {props.items.length > shown.length ? (
        <p>
          {t.listCut(props.items.length - shown.length)} {csv ? <a href={csv}>{t.wholeList}</a> : null}
        </p>
      ) : null}
    </section>
  );
}

/** What the lift form posted, to show it again with its refusal. */
export type LiftState = {
  liftError?: string | undefined;
  liftReason?: string;
  recallId?: string | undefined;
  status?: number;
};

function LiftForm(props: {
  t: RecallTexts;
  csrf: string | undefined;
  hidden: Record<string, string>;
  id: string;
  s: LiftState;
}) {
  const { t, hidden, s } = props;
  const mine = s.recallId === hidden.recallId;
  return (
    <form method="post" action={`${base}/lift`} novalidate class="narrow">
      <CsrfInput token={props.csrf} />
      <Hidden v={hidden} />
      <TextArea
        name="reason"
        id={props.id}
        label={t.liftReason}
        hint={t.liftHint}
        required
        maxlength={2000}
        value={mine ? s.liftReason : ''}
        error={mine ? s.liftError : undefined}
      />
      <button type="submit">{t.lift}</button>
    </form>
  );
}

/** A batch's recalls, each open one with its lift form. */
export function BatchRecalls(props: {
  t: RecallTexts;
  lang: Lang;
  csrf: string | undefined;
  batch: Batch;
  gtin: string;
  s: LiftState;
}) {
  const { t, lang, batch } = props;
  return (
    <>
      <p>
        <a href={batchPageHref(props.gtin, batch.lotCode)}>{t.publicPage}</a>
        {' · '}
        <a href={traceHref.backBatch(batch.id)}>{t.traceBack}</a>
      </p>
      <p class="hint">{t.stampPages}</p>
      <section>
        <h2>{t.recalls}</h2>
        {batch.recalls.length ? (
          <ul class="fl">
            {batch.recalls.map((r) => (
              <li>
                <p>
                  {r.liftedAt ? (
                    <span class="tag">{t.lifted(formatTime(lang, r.liftedAt), r.liftReason ?? '')}</span>
                  ) : (
                    <span class="tag tag-bad">{t.open}</span>
                  )}{' '}
                  <b>{formatDate(lang, r.recalledOn)}</b> — {r.authority}
                </p>
                <p>{r.reason}</p>
                <p class="muted">
                  {t.origin}: {t.kinds[r.origin.kind] ?? r.origin.kind} · {t.byWhom} {r.recordedBy.name} (
                  {formatTime(lang, r.createdAt)})
                </p>
                {r.liftedAt ? null : (
                  <LiftForm
                    t={t}
                    csrf={props.csrf}
                    hidden={{ kind: 'batch', id: batch.id, recallId: r.id }}
                    id={`f-lift-${r.id}`}
                    s={props.s}
                  />
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noRecalls}</p>
        )}
      </section>
    </>
  );
}

type ForwardPage = Exclude<OpAnswer<typeof traceOps.forward>, Response>;
type ForwardBatches = ForwardPage['batches'];

/** The batches made from an area or harvest lot, with their recall state, and lifting every open recall from it. */
export function OriginBatches(props: {
  t: RecallTexts;
  lang: Lang;
  csrf: string | undefined;
  /** the first page of the origin's batches */
  batches: ForwardBatches;
  /** the whole trace's figures: every batch, and those under recall, whatever the page */
  totals: ForwardPage['totals'];
  /** the forward trace of the origin, where every batch is listed page by page */
  whole: string;
  lift: Record<string, string>;
  s: LiftState;
}) {
  const { t, lang, batches } = props;
  const recalled = props.totals.recalled;
  return (
    <>
      <p class="hint">{t.stampPages}</p>
      <section>
        <h2>{t.batchesNow}</h2>
        <p>{t.stillRecalled(recalled)}</p>
        {batches.length ? (
          <ul class="fl">
            {batches.map((b) => (
              <li>
                <p>
                  {b.recalled ? (
                    <span class="tag tag-bad">{t.recalledBadge}</span>
                  ) : (
                    <span class="tag">{BATCH_STATUS[lang][b.status] ?? b.status}</span>
                  )}{' '}
                  <b>{b.product.nameVi}</b> — <a href={traceHref.backBatch(b.id)}>{b.lotCode}</a> v{b.version} ·{' '}
                  {b.cooperative.name}
                </p>
                <p class="muted">
                  {b.status !== 'draft' ? <a href={batchPageHref(b.product.gtin, b.lotCode)}>{t.publicPage}</a> : null}
                  {b.printRuns.map((r) => (
                    <>
                      {' · '}
                      <a href={traceHref.serialsCsv(r.id)}>{t.serials}</a> (
                      {formatNumber(lang, r.stamps.issued + r.stamps.active, 0)} {t.stamps.toLowerCase()})
                    </>
                  ))}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noBatches}</p>
        )}
        {props.totals.batches > batches.length ? (
          <p>
            {t.listCut(props.totals.batches - batches.length)} <a href={props.whole}>{t.seeAll}</a>
          </p>
        ) : null}
      </section>
      {recalled ? (
        <section>
          <h2>{t.lift}</h2>
          <p>{t.liftAll}</p>
          <LiftForm t={t} csrf={props.csrf} hidden={props.lift} id="f-lift-reason" s={props.s} />
        </section>
      ) : null}
    </>
  );
}

/** The origin's status page: its name, the notice after a recall or a lift, the body for its kind, and the way on. */
export function RecallStatusView(props: {
  t: RecallTexts;
  label: string;
  notice: Child | null;
  s: LiftState;
  children: Child;
}) {
  const { t } = props;
  return (
    <>
      <StaffStyle />
      <p>
        <a href={base}>← {t.title}</a>
      </p>
      <h1>{t.viewTitle}</h1>
      <p>{props.label}</p>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.s.liftError ? (
        <Notice kind="error">
          <p>{t.fixBelow}</p>
        </Notice>
      ) : null}
      {props.children}
      <form method="get" action={`${CONSOLE_BASE}/trace/backward`} class="actions">
        <div>
          <Field name="q" label={t.checkStamp} maxlength={500} autocomplete="off" />
        </div>
        <button type="submit" class="btn2">
          {t.checkStamp}
        </button>
      </form>
      <p>
        <a href={base}>{t.newRecall}</a>
      </p>
    </>
  );
}
