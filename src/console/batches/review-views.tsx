// The review page of one batch: its facts, the signature check once sealed, what it was made
// from, its tests and process steps; for a draft, adding or removing a step, sealing and
// deleting; for a sealed batch, its public page and its print runs.
import type { Area } from '../../db/areas-store';
import type { Batch } from '../../db/batches-store';
import type { HarvestLot } from '../../db/harvests-store';
import type { OpAnswer } from '../../http/op';
import type { batchOps, printRunOps, productOps } from '../../http/routes';
import { EVENT_NAMES, formatDate, formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { BatchTexts } from '../texts/batches';
import { BATCH_STATUS } from '../texts/common';
import { ConfirmStep, Done, Notice, Table } from '../ui/blocks';
import { CheckBox, CsrfInput } from '../ui/fields';
import { productName, qty } from '../ui/format';
import { batchPageHref } from '../ui/links';
import { CoopStyle } from '../ui/styles';
import { placeOptions, type Values } from './form';
import { EventRow } from './views';

/** What the review page shows, as the operations answered it. */
export interface BatchReview {
  batch: Batch;
  product: OpAnswer<typeof productOps.get>;
  areas: Area[];
  lots: HarvestLot[];
  /** The signed record and its check (sealed batches only). */
  record: OpAnswer<typeof batchOps.record> | null;
  runs: OpAnswer<typeof printRunOps.list>['items'] | null;
  /** The signed-in cooperative: the place of its own process steps. */
  orgName: string | null | undefined;
  orgId: string;
}

type Props = { t: BatchTexts; lang: Lang; csrf: string | undefined; r: BatchReview };

export function ReviewView(props: Props & { notice?: string | undefined; errors: FieldErrors; eventValues: Values }) {
  const { t, lang, r, errors: e } = props;
  const b = r.batch;
  const title = `${productName(r.product, lang)} · ${t.lot} ${b.lotCode}`;
  return (
    <>
      <CoopStyle />
      <p>
        <a href={`${CONSOLE_BASE}/batches`}>← {t.batches}</a>
      </p>
      <h1>{title}</h1>
      <Done text={props.notice} />
      <NextStep t={t} r={r} />
      {e._form ? (
        <Notice kind="error">
          <p>{e._form}</p>
        </Notice>
      ) : null}
      {b.recalled ? (
        <Notice kind="error">
          <p>{t.recalled}</p>
        </Notice>
      ) : null}
      <BatchFacts {...props} />
      {r.record ? <SignatureResult t={t} record={r.record} batchId={b.id} /> : null}
      <InputsMade {...props} />
      <h2>{t.testResults}</h2>
      {b.testResults.length ? (
        <Table head={[t.testName, t.testValue, t.lab, t.date]}>
          {b.testResults.map((x) => (
            <tr>
              <td>{x.name}</td>
              <td>
                {x.value}
                {x.unit ? ` ${x.unit}` : ''}
              </td>
              <td>{x.lab ?? t.none}</td>
              <td>{formatDate(lang, x.date)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.none}</p>
      )}
      <Timeline {...props} />
      {b.status === 'draft' ? <DraftActions {...props} errors={e} eventValues={props.eventValues} /> : null}
      {r.runs?.length ? (
        <>
          <h2>{t.printRunsOfBatch}</h2>
          <ul>
            {r.runs.map((x) => (
              <li>
                <a href={`${CONSOLE_BASE}/print-runs/${x.id}`}>{formatTime(lang, x.createdAt)}</a>
                {' — '}
                {x.count} ({t.stampStates.active}: {x.stamps.active})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function BatchFacts(props: Props) {
  const { t, lang, r } = props;
  const b = r.batch;
  const draft = b.status === 'draft';
  return (
    <section>
      <dl>
        <dt>{t.status}</dt>
        <dd>
          <span class={`tag${draft ? ' warn' : ''}`}>{BATCH_STATUS[lang][b.status] ?? b.status}</span>
          {b.version > 1 ? ` · ${t.version} ${b.version}` : ''}
        </dd>
        <dt>{t.product}</dt>
        <dd>
          {productName(r.product, lang)} (GTIN {r.product.gtin})
        </dd>
        <dt>{t.lotCode}</dt>
        <dd>{b.lotCode}</dd>
        <dt>{t.productionDate}</dt>
        <dd>{formatDate(lang, b.productionDate)}</dd>
        <dt>{t.packingDate}</dt>
        <dd>{formatDate(lang, b.packingDate)}</dd>
        <dt>{t.expiryDate}</dt>
        <dd>{formatDate(lang, b.expiryDate)}</dd>
        <dt>{t.batchQuantity}</dt>
        <dd>{qty(lang, b.quantity, b.unit)}</dd>
        <dt>{t.standards}</dt>
        <dd>{b.standards.join(', ') || t.none}</dd>
        <dt>OCOP</dt>
        <dd>{b.carriesOcop ? t.yes : t.no}</dd>
        {b.sealedAt ? (
          <>
            <dt>{t.sealedAt}</dt>
            <dd>{formatTime(lang, b.sealedAt)}</dd>
          </>
        ) : null}
      </dl>
      {draft ? (
        <p class="actions">
          <a href={`${CONSOLE_BASE}/batches/${b.id}/edit`}>{t.edit}</a> <span class="muted">{t.publicAfterSeal}</span>
        </p>
      ) : (
        <p class="actions">
          <a href={batchPageHref(r.product.gtin, b.lotCode)} target="_blank" rel="noopener">
            {t.openPublicPage} ↗
          </a>
          {b.status === 'sealed' && !b.recalled ? (
            <a href={`${CONSOLE_BASE}/print-runs/new?batchId=${b.id}`}>{t.orderStamps}</a>
          ) : null}
        </p>
      )}
    </section>
  );
}

function SignatureResult(props: { t: BatchTexts; record: OpAnswer<typeof batchOps.record>; batchId: string }) {
  const { t, record: rec } = props;
  const status = rec.verification?.status;
  return (
    <section class={`verdict ${status === 'valid' ? 'ok' : 'bad'}`} aria-labelledby="sig">
      <h2 id="sig" class="mh">
        {t.signature}
      </h2>
      <b>{status === 'valid' ? `✓ ${t.sigValid}` : status === 'tampered' ? t.sigTampered : t.sigInvalid}</b>
      <dl>
        <dt>{t.sigKey}</dt>
        <dd>
          <code>{rec.kid ?? t.none}</code>
        </dd>
        <dt>{t.sigHash}</dt>
        <dd>
          <code>{rec.sha256 ?? t.none}</code>
        </dd>
      </dl>
      <p>
        <a href={`/api/v1/batches/${props.batchId}/record`}>{t.signedRecord}</a>
      </p>
    </section>
  );
}

/** The harvest lots the batch draws on, with their areas and harvest dates. */
function InputsMade(props: Props) {
  const { t, lang, r } = props;
  const b = r.batch;
  const areaName = new Map(r.areas.map((a) => [a.id, a.name]));
  const lotOf = new Map(r.lots.map((l) => [l.id, l]));
  return (
    <>
      <h2>{t.inputs}</h2>
      {b.inputs.length ? (
        <Table head={[t.harvestLot, t.harvestArea, t.harvestedOn, t.use]}>
          {b.inputs.map((i) => {
            const l = lotOf.get(i.harvestLotId);
            return (
              <tr>
                <td>{l?.code ?? i.harvestLotId}</td>
                <td>{l ? (areaName.get(l.areaId) ?? t.none) : t.none}</td>
                <td>{l ? formatDate(lang, l.harvestedOn) : t.none}</td>
                <td class="num">{qty(lang, i.quantity, l?.unit ?? b.unit)}</td>
              </tr>
            );
          })}
        </Table>
      ) : (
        <p class="ferr">{t.sealIncomplete}</p>
      )}
    </>
  );
}

/** The process steps in order; on a draft each can be removed. */
function Timeline(props: Props) {
  const { t, lang, r } = props;
  const b = r.batch;
  const areaName = new Map(r.areas.map((a) => [a.id, a.name]));
  const placeName = (x: Batch['events'][number]) =>
    (x.placeAreaId ? areaName.get(x.placeAreaId) : r.orgName) ?? x.locationCode;
  return (
    <>
      <h2>{t.events}</h2>
      {b.events.length ? (
        <ol class="timeline">
          {b.events.map((x) => (
            <li>
              <b>{EVENT_NAMES[lang][x.type] ?? x.type}</b> — {formatTime(lang, x.occurredAt)} · {placeName(x)}
              {x.details ? (
                <>
                  <br />
                  {x.details}
                </>
              ) : null}
              {b.status === 'draft' ? (
                <form method="post" action={`${CONSOLE_BASE}/batches/${b.id}/events/${x.id}/delete`}>
                  <CsrfInput token={props.csrf} />
                  <button type="submit" class="btn2">
                    {t.removeEvent}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t.none}</p>
      )}
    </>
  );
}

/** A draft's forms: add a step, seal, delete (with a confirmation box). */
function DraftActions(props: Props & { errors: FieldErrors; eventValues: Values }) {
  const { t, lang, r, errors: e, csrf } = props;
  const base = `${CONSOLE_BASE}/batches/${r.batch.id}`;
  return (
    <>
      <section>
        <h2 class="mh">{t.addEvent}</h2>
        <form method="post" action={`${base}/events`} novalidate>
          <CsrfInput token={csrf} />
          <Table head={[t.eventType, t.occurredAt, t.place, t.details]}>
            <EventRow
              t={t}
              lang={lang}
              prefix="event."
              n={1}
              v={props.eventValues}
              e={e}
              places={placeOptions({ ...r, orgName: r.orgName ?? '' })}
            />
          </Table>
          <button type="submit">{t.addEvent}</button>
        </form>
      </section>
      <section>
        <h2 class="mh">{t.seal}</h2>
        <p>{t.sealHint}</p>
        <form method="get" action={`${base}/seal`}>
          {e.seal ? (
            <p class="ferr" role="alert">
              {e.seal}
            </p>
          ) : null}
          <button type="submit">{t.seal}</button>
        </form>
      </section>
      <section>
        <h2 class="mh">{t.deleteDraft}</h2>
        <form method="post" action={`${base}/delete`}>
          <CsrfInput token={csrf} />
          <CheckBox name="confirm" value="yes" label={t.deleteConfirm} checked={false} error={e.confirm} />
          <button type="submit" class="danger">
            {t.deleteDraft}
          </button>
        </form>
      </section>
    </>
  );
}

/** The natural next step from where the batch stands: seal a draft, order stamps for a sealed batch. */
function NextStep(props: { t: BatchTexts; r: BatchReview }) {
  const { t, r } = props;
  const b = r.batch;
  const base = `${CONSOLE_BASE}/batches/${b.id}`;
  if (b.status === 'draft' && b.inputs.length) {
    return (
      <p class="actions next">
        <a href={`${base}/seal`}>→ {t.nextSeal}</a>
        <a href={`${base}/edit`}>{t.nextEdit}</a>
      </p>
    );
  }
  if (b.status === 'sealed' && !b.recalled && !r.runs?.length) {
    return (
      <p class="actions next">
        <a href={`${CONSOLE_BASE}/print-runs/new?batchId=${b.id}`}>→ {t.nextOrderStamps}</a>
      </p>
    );
  }
  return null;
}

/** The confirmation step before sealing: the batch in brief, what cannot be undone, Hủy and the red button. */
export function SealConfirm(props: Props & { needsConfirm: boolean }) {
  const { t, lang, r } = props;
  const b = r.batch;
  const base = `${CONSOLE_BASE}/batches/${b.id}`;
  return (
    <>
      <CoopStyle />
      <p>
        <a href={base}>
          ← {productName(r.product, lang)} · {t.lot} {b.lotCode}
        </a>
      </p>
      <ConfirmStep
        title={t.sealConfirmTitle(b.lotCode)}
        cannotUndoTitle={t.cannotUndoTitle}
        cannotUndo={t.sealCannotUndo}
        action={`${base}/seal`}
        csrf={props.csrf}
        confirmLabel={t.sealConfirm}
        cancelHref={base}
        cancelLabel={t.cancelAction}
        blocked={b.status !== 'draft' ? t.draftOnly : b.inputs.length ? undefined : t.sealIncomplete}
      >
        {props.needsConfirm ? (
          <Notice kind="error">
            <p>{t.sealNeedsConfirm}</p>
          </Notice>
        ) : null}
        <p>{t.sealConfirmIntro}</p>
        <dl>
          <dt>{t.product}</dt>
          <dd>
            {productName(r.product, lang)} (GTIN {r.product.gtin})
          </dd>
          <dt>{t.lotCode}</dt>
          <dd>{b.lotCode}</dd>
          <dt>{t.productionDate}</dt>
          <dd>{formatDate(lang, b.productionDate)}</dd>
          <dt>{t.expiryDate}</dt>
          <dd>{formatDate(lang, b.expiryDate)}</dd>
          <dt>{t.batchQuantity}</dt>
          <dd>{qty(lang, b.quantity, b.unit)}</dd>
          <dt>{t.inputsCount}</dt>
          <dd>{b.inputs.length}</dd>
          <dt>{t.eventsCount}</dt>
          <dd>{b.events.length}</dd>
          <dt>OCOP</dt>
          <dd>{b.carriesOcop ? t.yes : t.no}</dd>
        </dl>
      </ConfirmStep>
    </>
  );
}
