// The chains the trace pages show: backwards from a stamp or batch to its inputs, areas,
// operators and contracts; forwards from an area or harvest lot to every batch, print run, scan
// and value-chain model.
import type { BackwardInput, TraceHarvestLot } from '../../db/trace-store';
import type { OpAnswer } from '../../http/op';
import type { traceOps } from '../../http/routes';
import { formatDate, formatNumber, type Lang } from '../../pages/i18n';
import { SHIPMENTS_PER_PAGE, ShippedTo, shipmentAllowances } from '../buyers/shipment-tree';
import { CONSOLE_BASE } from '../env';
import { BUYER_TEXTS } from '../texts/buyers';
import { BATCH_STATUS, COMMON, ORG_KINDS } from '../texts/common';
import type { TraceTexts } from '../texts/trace';
import { Figures, Table } from '../ui/blocks';
import { batchPageHref, qs, stampPageHref, traceHref } from '../ui/links';

export type BackwardAnswer = Exclude<OpAnswer<typeof traceOps.backward>, Response>;
export type ForwardAnswer = Exclude<OpAnswer<typeof traceOps.forward>, Response>;

const num = (lang: Lang, n: number) => formatNumber(lang, n, 3);
const amount = (lang: Lang, n: number, unit: string) => `${num(lang, n)} ${unit}`;

// ---- backwards ------------------------------------------------------------------------------

type BatchSummary = {
  id: string;
  product: { gtin: string; nameVi: string };
  lotCode: string;
  version: number;
  status: string;
  productionDate: string;
  cooperative: { name: string };
  recalled: boolean;
};

function BatchLine(props: { lang: Lang; t: TraceTexts; b: BatchSummary }) {
  const { lang, t, b } = props;
  return (
    <>
      <b>{b.product.nameVi}</b> <span class="muted">(GTIN {b.product.gtin})</span> — {t.lotWord} <b>{b.lotCode}</b>{' '}
      <span class="muted">
        v{b.version}, {BATCH_STATUS[lang][b.status] ?? b.status}
      </span>
      {b.recalled ? (
        <>
          {' '}
          <span class="tag tag-bad">{t.recalledBadge}</span>
        </>
      ) : null}
      <br />
      {t.produced} {formatDate(lang, b.productionDate)} · {b.cooperative.name}
    </>
  );
}

function certList(certs: unknown[]): string {
  return certs
    .map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {}))
    .map((x) => [x.scheme, x.number].filter((v) => typeof v === 'string' && v).join(' '))
    .filter(Boolean)
    .join('; ');
}

/** One input of a batch: the harvest lot drawn on, its area, operator, contracts and certificates. */
function InputItem(props: { lang: Lang; t: TraceTexts; i: BackwardInput; cooperativeId: string }) {
  const { lang, t, i } = props;
  const lot = i.harvestLot;
  return (
    <li>
      {t.used}{' '}
      <b>
        {num(lang, i.quantityUsed)} {lot.unit}
      </b>{' '}
      {t.fromLot}{' '}
      <a href={traceHref.fromLot(lot.id)}>
        <b>{lot.code}</b>
      </a>
      , {t.harvested} {formatDate(lang, lot.harvestedOn)}{' '}
      <span class="muted">({t.lotDrawn(amount(lang, lot.quantity, lot.unit), amount(lang, lot.drawn, lot.unit))})</span>
      {' · '}
      <a href={`${CONSOLE_BASE}/recall${qs({ kind: 'harvest_lot', id: lot.id })}`}>{t.recall}</a>
      <ul>
        <li>
          {t.area}:{' '}
          <a href={traceHref.fromArea(i.area.id)}>
            <b>{i.area.code}</b> — {i.area.name}
          </a>
          {', '}
          {[i.area.commune, i.area.province].filter(Boolean).join(', ')} · {t.hectares(num(lang, i.area.areaHa))}
          {i.area.plantingAreaCode ? (
            <>
              {' '}
              · {t.plantingCode} {i.area.plantingAreaCode}
            </>
          ) : null}
        </li>
        <li>
          {t.operator}: <b>{i.operator.name}</b>{' '}
          <span class="muted">({ORG_KINDS[lang][i.operator.kind] ?? i.operator.kind})</span>
        </li>
        <li>
          {t.contracts}:{' '}
          {i.contracts.length ? (
            i.contracts.map((k, n) => (
              <>
                {n ? '; ' : ''}
                {k.number} ({formatDate(lang, k.startsOn)} – {formatDate(lang, k.endsOn)},{' '}
                <span class={k.coversHarvestDate ? undefined : 'ferr'}>
                  {k.coversHarvestDate ? t.covers : t.notCovers}
                </span>
                )
              </>
            ))
          ) : i.operator.id === props.cooperativeId ? (
            t.ownArea
          ) : (
            <span class="ferr">{t.noContract}</span>
          )}
        </li>
        <li>
          {t.certs}: {certList(lot.certifications) || t.noCerts}
        </li>
      </ul>
    </li>
  );
}

/** The inputs of a depth=all answer: each with its area, operator and contracts. */
const fullInputs = (a: BackwardAnswer) => a.inputs.filter((i): i is BackwardInput => 'area' in i);

export function BackwardChain(props: { lang: Lang; t: TraceTexts; a: BackwardAnswer; csv: string }) {
  const { lang, t, a } = props;
  const b = a.batch;
  const inputs = fullInputs(a);
  return (
    <>
      <ol class="chain">
        {a.stamp ? (
          <li>
            <b>{t.stamp}</b> <code>{a.stamp.serial}</code>
            {' — '}
            {t.stampStateWords[a.stamp.state] ?? a.stamp.state}, {t.scanned(a.stamp.scanCount)}
            {' · '}
            <a href={stampPageHref(b.product.gtin, b.lotCode, a.stamp.serial)}>{t.publicPage}</a>
          </li>
        ) : null}
        <li>
          <b>{t.batch}</b>: <BatchLine lang={lang} t={t} b={b} />
          <br />
          {t.quantity}: {num(lang, b.quantity)} {b.unit}
          {' · '}
          <a href={batchPageHref(b.product.gtin, b.lotCode)}>{t.publicPage}</a>
          {b.status !== 'draft' && !b.recalled ? (
            <>
              {' '}
              · <a href={`${CONSOLE_BASE}/recall${qs({ kind: 'batch', id: b.id })}`}>{t.recall}</a>
            </>
          ) : null}
          {b.recalled ? (
            <>
              {' '}
              · <a href={`${CONSOLE_BASE}/recall/view${qs({ kind: 'batch', id: b.id })}`}>{t.recall}</a>
            </>
          ) : null}
          <ShippedTo t={BUYER_TEXTS[lang]} lang={lang} items={a.shipments} max={SHIPMENTS_PER_PAGE} />
          {b.versions.length > 1 ? (
            <p class="muted">
              {t.versions}:{' '}
              {b.versions.map((v, i) => (
                <>
                  {i ? ', ' : ''}
                  {v.id === b.id ? <b>v{v.version}</b> : <a href={traceHref.backBatch(v.id)}>v{v.version}</a>} (
                  {BATCH_STATUS[lang][v.status] ?? v.status})
                </>
              ))}
            </p>
          ) : null}
        </li>
        <li>
          <b>{t.inputs(inputs.length)}</b>
          {inputs.length ? (
            <ul>
              {inputs.map((i) => (
                <InputItem lang={lang} t={t} i={i} cooperativeId={b.cooperative.id} />
              ))}
            </ul>
          ) : (
            <p class="muted">{t.noInputs}</p>
          )}
        </li>
      </ol>
      <p>
        <a href={props.csv}>{t.csv}</a>
      </p>
    </>
  );
}

// ---- forwards -------------------------------------------------------------------------------

/** The forward answer's origin in one shape: an area's date range, or the harvest lot. */
export function originOf(a: ForwardAnswer) {
  const o = a.origin;
  return 'harvestLot' in o ? { ...o, from: null, to: null } : { ...o, harvestLot: null };
}

function OriginSection(props: { lang: Lang; t: TraceTexts; a: ForwardAnswer; csv: string }) {
  const { lang, t } = props;
  const o = originOf(props.a);
  const lot: TraceHarvestLot | null = o.harvestLot;
  const recallHref =
    o.kind === 'area'
      ? `${CONSOLE_BASE}/recall${qs({ kind: 'area', id: o.area.id, from: o.from, to: o.to })}`
      : `${CONSOLE_BASE}/recall${qs({ kind: 'harvest_lot', id: lot?.id })}`;
  const areaName = (
    <>
      <b>{o.area.code}</b> — {o.area.name}
    </>
  );
  const day = (d: string | null) => (d ? formatDate(lang, d) : '…');
  return (
    <section>
      <h2>{t.origin}</h2>
      <dl>
        <dt>{t.area}</dt>
        <dd>
          {o.kind === 'harvest_lot' ? <a href={traceHref.fromArea(o.area.id)}>{areaName}</a> : areaName}
          {', '}
          {[o.area.commune, o.area.province].filter(Boolean).join(', ')} · {t.hectares(num(lang, o.area.areaHa))}
        </dd>
        <dt>{t.operator}</dt>
        <dd>
          {o.operator.name} <span class="muted">({ORG_KINDS[lang][o.operator.kind] ?? o.operator.kind})</span>
        </dd>
        {o.kind === 'area' ? (
          <>
            <dt>{t.range}</dt>
            <dd>{o.from || o.to ? `${day(o.from)} – ${day(o.to)}` : t.anyDate}</dd>
          </>
        ) : lot ? (
          <>
            <dt>{t.harvestLot}</dt>
            <dd>
              <b>{lot.code}</b>, {t.harvested} {formatDate(lang, lot.harvestedOn)}, {num(lang, lot.quantity)} {lot.unit}
            </dd>
          </>
        ) : null}
      </dl>
      <p class="actions">
        <a href={recallHref}>{t.recall}…</a>
        <a href={props.csv}>{t.csv}</a>
      </p>
    </section>
  );
}

/** Where the batches' pages lead: the next page (keyset cursor), and back to the first. */
export interface ForwardPaging {
  next: string | null;
  first: string | null;
}

function BatchesMade(props: { lang: Lang; t: TraceTexts; a: ForwardAnswer; paging: ForwardPaging }) {
  const { lang, t, a, paging } = props;
  const units = [...new Set(a.harvestLots.map((l) => l.unit))];
  const unit = units.length === 1 ? units[0] : '';
  const shipmentsShown = shipmentAllowances(a.batches.map((b) => b.shipments.length));
  return (
    <section>
      <h2>{t.batchesMade}</h2>
      {a.batches.length ? (
        <ol class="chain">
          {a.batches.map((b, i) => (
            <li>
              <BatchLine lang={lang} t={t} b={b} />
              <br />
              {t.drew}{' '}
              <b>
                {num(lang, b.drawn)} {unit}
              </b>{' '}
              · {t.quantity} {num(lang, b.quantity)} {b.unit}
              {' · '}
              <a href={traceHref.backBatch(b.id)}>{t.traceBack}</a>
              {b.status !== 'draft' ? (
                <>
                  {' '}
                  · <a href={batchPageHref(b.product.gtin, b.lotCode)}>{t.publicPage}</a>
                </>
              ) : null}
              {b.printRuns.length ? (
                <ul>
                  {b.printRuns.map((r) => (
                    <li>
                      {t.runOf} {formatDate(lang, r.createdAt)}:{' '}
                      {t.runLine(
                        formatNumber(lang, r.count, 0),
                        r.stamps.issued,
                        r.stamps.active,
                        r.stamps.void,
                        r.scans,
                      )}
                      {' · '}
                      <a href={traceHref.serialsCsv(r.id)}>{t.serials}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
              <ShippedTo t={BUYER_TEXTS[lang]} lang={lang} items={b.shipments} max={shipmentsShown[i] ?? 0} />
            </li>
          ))}
        </ol>
      ) : (
        <p>{t.noBatches}</p>
      )}
      {paging.next || paging.first ? (
        <p class="actions">
          {paging.next ? <a href={paging.next}>{COMMON[lang].nextPage} →</a> : null}
          {paging.first ? <a href={paging.first}>{COMMON[lang].first}</a> : null}
        </p>
      ) : null}
    </section>
  );
}

export function ForwardChain(props: {
  lang: Lang;
  t: TraceTexts;
  a: ForwardAnswer;
  csv: string;
  paging: ForwardPaging;
}) {
  const { lang, t, a } = props;
  // the figures are the whole trace's, whichever page of batches is shown
  const totals = a.totals;
  return (
    <>
      <OriginSection {...props} />
      <Figures
        lang={lang}
        items={[
          { label: t.lots, value: totals.harvestLots },
          { label: t.batches, value: totals.batches },
          { label: t.printRuns, value: totals.printRuns },
          { label: t.stampsLive, value: totals.stamps.issued + totals.stamps.active },
          { label: t.scans, value: totals.scans },
          { label: t.buyers, value: totals.buyers },
        ]}
      />
      {originOf(a).kind === 'area' ? (
        <section>
          <h2>{t.lots}</h2>
          {a.harvestLots.length ? (
            <Table head={[t.harvestLot, t.date, t.quantity, t.drew]}>
              {a.harvestLots.map((l) => (
                <tr>
                  <td>
                    <a href={traceHref.fromLot(l.id)}>{l.code}</a>
                  </td>
                  <td>{formatDate(lang, l.harvestedOn)}</td>
                  <td>
                    {num(lang, l.quantity)} {l.unit}
                  </td>
                  <td>
                    {num(lang, l.drawn)} {l.unit}
                  </td>
                </tr>
              ))}
            </Table>
          ) : (
            <p>{t.noLots}</p>
          )}
        </section>
      ) : null}
      <BatchesMade lang={lang} t={t} a={a} paging={props.paging} />
      <section>
        <h2>{t.models}</h2>
        {a.models.length ? (
          <ul>
            {a.models.map((m) => (
              <li>
                <a href={`/models/${encodeURIComponent(m.slug)}`}>{m.name}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noModels}</p>
        )}
      </section>
    </>
  );
}
