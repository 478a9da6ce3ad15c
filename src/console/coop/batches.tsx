// Production batches of the signed-in cooperative: the list, a draft built from harvest lots
// (each shown with what remains), test results and process steps, the review page, editing or
// deleting a draft, sealing with the signature result, and the batch's public page one click
// away. Every change is a /batches operation; the database keeps the mass balance.
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { Area } from '../../db/areas-store';
import { EVENT_TYPES, type Batch } from '../../db/batches-store';
import { UNITS, type HarvestLot, type Unit } from '../../db/harvests-store';
import { vietnamToday, withVietnamOffset } from '../../domain/calendar';
import { encodeAiValue } from '../../domain/digital-link';
import type { AppError } from '../../errors';
import type { OpAnswer } from '../../http/op';
import { areaOps, batchOps, harvestOps, printRunOps, productOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { EVENT_NAMES, formatDate, formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { operatorErrors, field, type FieldErrors, list, num, opt, readForm, renameErrors } from '../form';
import { callOp, fetchAll, submitOp, type BodyOf } from '../ops';
import { page } from '../render';
import type { ItemOf } from '../ops';

type ProductRow = ItemOf<typeof productOps.list>;
import { KT, kt, UNIT_NAMES, type CoopTexts } from './i18n';
import { coopOnly, ownOrg } from '../auth';
import { Done, FormErrors, Notice, Table } from '../ui/blocks';
import { CellInput, CellSelect, CheckBox, CsrfInput, Field, SelectField } from '../ui/fields';
import { qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';

const TEST_ROWS = 3;
const EVENT_ROWS = 4;
const MAX_LOTS = 100;
const TEST_FIELDS = ['name', 'value', 'unit', 'lab', 'date'] as const;
const FLAT = ['productId', 'lotCode', 'productionDate', 'packingDate', 'expiryDate', 'quantity', 'unit', 'standards', 'carriesOcop'] as const;

type Values = Record<string, string>;
type EventBody = BodyOf<typeof batchOps.addEvent>;

const productName = (p: ProductRow | undefined, lang: Lang) => (p ? (lang === 'en' && p.nameEn ? p.nameEn : p.nameVi) : '');

function eventBody(v: Values, prefix: string): EventBody {
  const place = v[`${prefix}place`] ?? '';
  const [kind, id] = place.split(':');
  return {
    // As chosen (or left empty): a step the API does not know is its schema's to refuse, beside the field.
    type: (v[`${prefix}type`] ?? '') as EventBody['type'],
    occurredAt: withVietnamOffset(v[`${prefix}occurredAt`] ?? ''),
    placeOrganizationId: kind === 'org' ? id : null,
    placeAreaId: kind === 'area' ? id : null,
    details: opt(v[`${prefix}details`] ?? '') ?? null,
  };
}

/** The string fields of a posted form, by name (the CSRF token left out). */
function formStrings(form: FormData): Values {
  const out: Values = {};
  for (const [k, x] of form.entries()) if (typeof x === 'string' && k !== '_csrf') out[k] = x;
  return out;
}

/** The batch form as the API's body, and how the API's error paths map back to the form's fields. */
function readBatchForm(v: Values, lang: Lang) {
  const t = KT[lang];
  const inputOrder: string[] = [];
  const inputs = Object.keys(v).filter((k) => k.startsWith('use.') && v[k]!.trim()).map((k) => {
    const id = k.slice(4);
    inputOrder.push(id);
    // A nonsense quantity (see num) is the API's schema to refuse, beside the lot's field.
    return { harvestLotId: id, quantity: num(v[k]!) as number };
  });
  const testRows = Math.min(100, Number(v.testRows) || TEST_ROWS);
  const testOf: number[] = [];
  const testResults = Array.from({ length: testRows }, (_, i) => i).flatMap((i) => {
    const row = Object.fromEntries(TEST_FIELDS.map((f) => [f, v[`testResults.${i}.${f}`] ?? ''])) as Record<(typeof TEST_FIELDS)[number], string>;
    if (!row.name.trim() && !row.value.trim()) return [];
    testOf.push(i);
    return [{ name: row.name, value: row.value, unit: opt(row.unit) ?? null, lab: opt(row.lab) ?? null, date: opt(row.date) ?? null }];
  });
  const eventOf: number[] = [];
  const events = Array.from({ length: EVENT_ROWS }, (_, i) => i).flatMap((i) => {
    const p = `events.${i}.`;
    if (!(v[`${p}type`] ?? '').trim() && !(v[`${p}occurredAt`] ?? '').trim() && !(v[`${p}details`] ?? '').trim()) return [];
    eventOf.push(i);
    return [eventBody(v, p)];
  });
  const body = {
    lotCode: (v.lotCode ?? '').trim(),
    productionDate: v.productionDate ?? '',
    packingDate: opt(v.packingDate ?? '') ?? null,
    expiryDate: opt(v.expiryDate ?? '') ?? null,
    // As typed and chosen: a missing or nonsense quantity (see num), an unknown unit, is the API's schema to refuse.
    quantity: num(v.quantity ?? '') as number,
    unit: v.unit as Unit,
    standards: list(v.standards ?? ''),
    carriesOcop: v.carriesOcop === 'true',
    testResults,
    inputs,
  };
  const rename = (k: string) => {
    let m = /^inputs\.(\d+)(\..*)?$/.exec(k);
    if (m) return inputOrder[Number(m[1])] ? `use.${inputOrder[Number(m[1])]}` : 'inputs';
    m = /^testResults\.(\d+)(\..*)?$/.exec(k);
    if (m) return `testResults.${testOf[Number(m[1])] ?? 0}${m[2] ?? ''}`;
    m = /^events\.(\d+)\.(\w+)$/.exec(k);
    if (m) return `events.${eventOf[Number(m[1])] ?? 0}.${m[2] === 'placeOrganizationId' || m[2] === 'placeAreaId' ? 'place' : m[2]}`;
    return undefined;
  };
  /** The refusal beside the form's fields; `lots` (as offered again) name the unit of an overdrawn lot. */
  const errors = (err: AppError, lots: readonly HarvestLot[]): FieldErrors => {
    if (err.code === 'DUPLICATE') return { lotCode: err.message };
    if (err.code === 'HARVEST_OVERDRAWN') {
      const d = (err.details ?? {}) as { harvestLotId?: string; remaining?: number | string };
      const lot = lots.find((l) => l.id === d.harvestLotId);
      const left = lot ? qty(lang, Number(d.remaining ?? 0), lot.unit) : String(d.remaining ?? '');
      return d.harvestLotId ? { [`use.${d.harvestLotId}`]: t.overdrawn(left) } : { _form: err.message };
    }
    return renameErrors(operatorErrors(err, lang), rename);
  };
  return { body, events, errors };
}

interface FormData_ {
  products: ProductRow[];
  /** Lots offered, with `remaining` as this batch may still draw (its own draws added back when editing). */
  lots: HarvestLot[];
  areas: Area[];
  orgName: string;
  orgId: string;
}

function placeOptions(d: Pick<FormData_, 'areas' | 'orgName' | 'orgId'>) {
  return [{ value: `org:${d.orgId}`, label: d.orgName }, ...d.areas.map((a) => ({ value: `area:${a.id}`, label: `${a.name} (${a.code})` }))];
}

function EventRow(props: { t: CoopTexts; lang: Lang; prefix: string; n: number; v: Values; e: FieldErrors; places: { value: string; label: string }[] }) {
  const { t, prefix: p, v, e, n } = props;
  return (
    <tr>
      <td><CellSelect name={`${p}type`} label={`${t.eventType} ${n}`} value={v[`${p}type`]} error={e[`${p}type`]}
        options={[{ value: '', label: t.none }, ...EVENT_TYPES.map((x) => ({ value: x, label: EVENT_NAMES[props.lang][x] ?? x }))]} /></td>
      <td><CellInput type="datetime-local" name={`${p}occurredAt`} label={`${t.occurredAt} ${n}`} value={v[`${p}occurredAt`]} error={e[`${p}occurredAt`]} /></td>
      <td><CellSelect name={`${p}place`} label={`${t.place} ${n}`} value={v[`${p}place`]} error={e[`${p}place`]} options={props.places} /></td>
      <td><CellInput name={`${p}details`} label={`${t.details} ${n}`} value={v[`${p}details`]} error={e[`${p}details`]} maxlength={2000} /></td>
    </tr>
  );
}

function BatchForm(props: { c: ConsoleContext; mode: 'new' | 'edit'; action: string; back: string; title: string; d: FormData_; v: Values; e: FieldErrors }) {
  const { c, d, v, e, mode } = props;
  const t = kt(c);
  const lang = c.get('lang');
  const areaName = new Map(d.areas.map((a) => [a.id, a.name]));
  const testRows = Math.max(TEST_ROWS, Number(v.testRows) || 0);
  const places = placeOptions(d);
  const shown = (k: string) =>
    (FLAT as readonly string[]).includes(k) || k === 'inputs' || (k.startsWith('use.') && d.lots.some((l) => `use.${l.id}` === k)) ||
    /^testResults\.\d+\.\w+$/.test(k) || (mode === 'new' && /^events\.\d+\.\w+$/.test(k));
  return (
    <>
      <CoopStyle />
      <p><a href={props.back}>← {t.cancel}</a></p>
      <h1>{props.title}</h1>
      <FormErrors errors={e} shown={shown} title={t.fixBelow} />
      <form method="post" action={props.action} novalidate>
        <CsrfInput token={c.get('session')?.csrfToken} />
        <section>
          {mode === 'new' ? (
            <SelectField name="productId" label={t.product} value={v.productId} error={e.productId} required
              options={[{ value: '', label: t.choose }, ...d.products.map((p) => ({ value: p.id, label: `${productName(p, lang)} (GTIN ${p.gtin})` }))]} />
          ) : null}
          <div class="row">
            <Field name="lotCode" label={t.lotCode} value={v.lotCode} error={e.lotCode} hint={t.lotCodeHint} required maxlength={20} />
            <Field name="productionDate" type="date" label={t.productionDate} value={v.productionDate} error={e.productionDate} required />
          </div>
          <div class="row">
            <Field name="packingDate" type="date" label={`${t.packingDate} ${t.optional}`} value={v.packingDate} error={e.packingDate} />
            <Field name="expiryDate" type="date" label={`${t.expiryDate} ${t.optional}`} value={v.expiryDate} error={e.expiryDate} hint={mode === 'new' ? t.expiryHint : undefined} />
          </div>
          <div class="row">
            <Field name="quantity" label={t.batchQuantity} value={v.quantity} error={e.quantity} required inputmode="decimal" />
            <SelectField name="unit" label={t.unit} value={v.unit || 'kg'} error={e.unit} options={UNITS.map((u) => ({ value: u, label: UNIT_NAMES[lang][u] ?? u }))} />
          </div>
          <Field name="standards" label={`${t.standards} ${t.optional}`} value={v.standards} error={e.standards} hint={t.standardsHint} />
          <CheckBox name="carriesOcop" label={t.carriesOcop} checked={v.carriesOcop === 'true'} error={e.carriesOcop} />
        </section>
        <fieldset>
          <legend>{t.inputs}</legend>
          <p class="hint">{t.inputsHint}</p>
          {e.inputs ? <p class="ferr">{e.inputs}</p> : null}
          {d.lots.length ? (
            <Table head={[t.harvestLot, t.remaining, t.use, t.harvestArea, t.harvestedOn]}>
              {d.lots.map((l) => (
                <tr>
                  <td>{l.code}</td>
                  <td class="num"><b>{qty(lang, l.remaining, l.unit)}</b></td>
                  <td>
                    <CellInput name={`use.${l.id}`} label={`${t.use} (${UNIT_NAMES[lang][l.unit] ?? l.unit}) — ${l.code}`} value={v[`use.${l.id}`]} error={e[`use.${l.id}`]} inputmode="decimal" />
                    <span class="muted">{UNIT_NAMES[lang][l.unit] ?? l.unit}</span>
                  </td>
                  <td>{areaName.get(l.areaId) ?? t.none}</td>
                  <td>{formatDate(lang, l.harvestedOn)}</td>
                </tr>
              ))}
            </Table>
          ) : <p>{t.noLots} <a href={`${CONSOLE_BASE}/harvests/new`}>{t.newHarvest}</a></p>}
        </fieldset>
        <fieldset>
          <legend>{t.testResults}</legend>
          <input type="hidden" name="testRows" value={String(testRows)} />
          <Table head={[t.testName, t.testValue, t.unit, t.lab, t.date]}>
            {Array.from({ length: testRows }, (_, i) => (
              <tr>
                {TEST_FIELDS.map((f) => {
                  const name = `testResults.${i}.${f}`;
                  const label = { name: t.testName, value: t.testValue, unit: t.unit, lab: t.lab, date: t.date }[f];
                  return <td><CellInput name={name} type={f === 'date' ? 'date' : 'text'} label={`${label} ${i + 1}`} value={v[name]} error={e[name]} maxlength={200} /></td>;
                })}
              </tr>
            ))}
          </Table>
        </fieldset>
        {mode === 'new' ? (
          <fieldset>
            <legend>{t.events}</legend>
            <p class="hint">{t.eventsHint}</p>
            <Table head={[t.eventType, t.occurredAt, t.place, t.details]}>
              {Array.from({ length: EVENT_ROWS }, (_, i) => <EventRow t={t} lang={lang} prefix={`events.${i}.`} n={i + 1} v={v} e={e} places={places} />)}
            </Table>
          </fieldset>
        ) : null}
        <button type="submit">{t.saveDraft}</button>
      </form>
    </>
  );
}

async function formData(deps: AppDeps, c: ConsoleContext, draft?: Batch): Promise<FormData_> {
  const [products, open, areas] = await Promise.all([
    fetchAll(deps, c, productOps.list, {}, 200),
    callOp(deps, c, harvestOps.list, { query: { withRemaining: 'true', order: 'newest', limit: String(MAX_LOTS) } }),
    fetchAll(deps, c, areaOps.list),
  ]);
  const lots = new Map(open.items.map((l) => [l.id, l]));
  if (draft) {
    // The draft's own draws count as available to it again.
    const used = await Promise.all(draft.inputs.map((i) => lots.get(i.harvestLotId) ?? callOp(deps, c, harvestOps.get, { params: { id: i.harvestLotId } })));
    for (const [n, lot] of used.entries()) lots.set(lot.id, { ...lot, remaining: lot.remaining + draft.inputs[n]!.quantity });
  }
  return { products, lots: [...lots.values()], areas, orgName: c.get('session')?.organizationName ?? '', orgId: ownOrg(c) };
}

function draftValues(b: Batch): Values {
  const v: Values = {
    lotCode: b.lotCode, productionDate: b.productionDate, packingDate: b.packingDate ?? '', expiryDate: b.expiryDate ?? '',
    quantity: String(b.quantity), unit: b.unit, standards: b.standards.join(', '), carriesOcop: b.carriesOcop ? 'true' : '',
    testRows: String(Math.max(TEST_ROWS, b.testResults.length + 1)),
  };
  for (const i of b.inputs) v[`use.${i.harvestLotId}`] = String(i.quantity);
  b.testResults.forEach((r, i) => {
    v[`testResults.${i}.name`] = r.name; v[`testResults.${i}.value`] = r.value; v[`testResults.${i}.unit`] = r.unit ?? '';
    v[`testResults.${i}.lab`] = r.lab ?? ''; v[`testResults.${i}.date`] = r.date ?? '';
  });
  return v;
}

function publicHref(gtin: string, lotCode: string) {
  return `/01/${gtin}/10/${encodeAiValue(lotCode)}`;
}

function SignatureResult(props: { t: CoopTexts; rec: OpAnswer<typeof batchOps.record>; batchId: string }) {
  const { t, rec } = props;
  const status = rec.verification?.status;
  const kind = status === 'valid' ? 'ok' : 'bad';
  return (
    <section class={`verdict ${kind}`} aria-labelledby="sig">
      <h2 id="sig" class="mh">{t.signature}</h2>
      <b>{status === 'valid' ? `✓ ${t.sigValid}` : status === 'tampered' ? t.sigTampered : t.sigInvalid}</b>
      <dl>
        <dt>{t.sigKey}</dt><dd><code>{rec.kid ?? t.none}</code></dd>
        <dt>{t.sigHash}</dt><dd><code>{rec.sha256 ?? t.none}</code></dd>
      </dl>
      <p><a href={`/api/v1/batches/${props.batchId}/record`}>{t.signedRecord}</a></p>
    </section>
  );
}

async function reviewPage(deps: AppDeps, c: ConsoleContext, id: string, s: { errors?: FieldErrors; values?: Values; status?: number; notice?: string | undefined } = {}) {
  const t = kt(c);
  const lang = c.get('lang');
  const b = await callOp(deps, c, batchOps.get, { params: { id } });
  const [product, areas, lots, rec, runs] = await Promise.all([
    callOp(deps, c, productOps.get, { params: { id: b.productId } }),
    fetchAll(deps, c, areaOps.list),
    Promise.all(b.inputs.map((i) => callOp(deps, c, harvestOps.get, { params: { id: i.harvestLotId } }))),
    b.status === 'draft' ? null : callOp(deps, c, batchOps.record, { params: { id } }),
    b.status === 'draft' ? null : callOp(deps, c, printRunOps.list, { query: { batchId: id, order: 'newest', limit: '20' } }),
  ]);
  const areaName = new Map(areas.map((a) => [a.id, a.name]));
  const lotOf = new Map(lots.map((l) => [l.id, l]));
  const csrf = c.get('session')?.csrfToken;
  const e = s.errors ?? {};
  const ev = s.values ?? { 'event.place': `org:${ownOrg(c)}` };
  const base = `${CONSOLE_BASE}/batches/${b.id}`;
  const draft = b.status === 'draft';
  const title = `${productName(product, lang)} · ${t.lot} ${b.lotCode}`;
  const placeName = (x: Batch['events'][number]) => (x.placeAreaId ? areaName.get(x.placeAreaId) : c.get('session')?.organizationName) ?? x.locationCode;
  return page(c, {
    title,
    status: s.status,
    children: (
      <>
        <CoopStyle />
        <p><a href={`${CONSOLE_BASE}/batches`}>← {t.batches}</a></p>
        <h1>{title}</h1>
        <Done text={s.notice} />
        {e._form ? <Notice kind="error"><p>{e._form}</p></Notice> : null}
        {b.recalled ? <Notice kind="error"><p>{t.recalled}</p></Notice> : null}
        <section>
          <dl>
            <dt>{t.status}</dt><dd><span class={`tag${draft ? ' warn' : ''}`}>{t.statusNames[b.status] ?? b.status}</span>{b.version > 1 ? ` · ${t.version} ${b.version}` : ''}</dd>
            <dt>{t.product}</dt><dd>{productName(product, lang)} (GTIN {product.gtin})</dd>
            <dt>{t.lotCode}</dt><dd>{b.lotCode}</dd>
            <dt>{t.productionDate}</dt><dd>{formatDate(lang, b.productionDate)}</dd>
            <dt>{t.packingDate}</dt><dd>{formatDate(lang, b.packingDate)}</dd>
            <dt>{t.expiryDate}</dt><dd>{formatDate(lang, b.expiryDate)}</dd>
            <dt>{t.batchQuantity}</dt><dd>{qty(lang, b.quantity, b.unit)}</dd>
            <dt>{t.standards}</dt><dd>{b.standards.join(', ') || t.none}</dd>
            <dt>OCOP</dt><dd>{b.carriesOcop ? t.yes : t.no}</dd>
            {b.sealedAt ? <><dt>{t.sealedAt}</dt><dd>{formatTime(lang, b.sealedAt)}</dd></> : null}
          </dl>
          {draft ? (
            <p class="actions"><a href={`${base}/edit`}>{t.edit}</a> <span class="muted">{t.publicAfterSeal}</span></p>
          ) : (
            <p class="actions">
              <a href={publicHref(product.gtin, b.lotCode)} target="_blank" rel="noopener">{t.publicPage} ↗</a>
              {b.status === 'sealed' && !b.recalled ? <a href={`${CONSOLE_BASE}/print-runs/new?batchId=${b.id}`}>{t.orderStamps}</a> : null}
            </p>
          )}
        </section>
        {rec ? <SignatureResult t={t} rec={rec} batchId={b.id} /> : null}
        <h2>{t.inputs}</h2>
        {b.inputs.length ? (
          <Table head={[t.harvestLot, t.harvestArea, t.harvestedOn, t.use]}>
            {b.inputs.map((i) => {
              const l = lotOf.get(i.harvestLotId);
              return (
                <tr>
                  <td>{l?.code ?? i.harvestLotId}</td>
                  <td>{l ? areaName.get(l.areaId) ?? t.none : t.none}</td>
                  <td>{l ? formatDate(lang, l.harvestedOn) : t.none}</td>
                  <td class="num">{qty(lang, i.quantity, l?.unit ?? b.unit)}</td>
                </tr>
              );
            })}
          </Table>
        ) : <p class="ferr">{t.sealIncomplete}</p>}
        <h2>{t.testResults}</h2>
        {b.testResults.length ? (
          <Table head={[t.testName, t.testValue, t.lab, t.date]}>
            {b.testResults.map((r) => <tr><td>{r.name}</td><td>{r.value}{r.unit ? ` ${r.unit}` : ''}</td><td>{r.lab ?? t.none}</td><td>{formatDate(lang, r.date)}</td></tr>)}
          </Table>
        ) : <p>{t.none}</p>}
        <h2>{t.events}</h2>
        {b.events.length ? (
          <ol class="timeline">
            {b.events.map((x) => (
              <li>
                <b>{EVENT_NAMES[lang][x.type] ?? x.type}</b> — {formatTime(lang, x.occurredAt)} · {placeName(x)}
                {x.details ? <><br />{x.details}</> : null}
                {draft ? (
                  <form method="post" action={`${base}/events/${x.id}/delete`}>
                    <CsrfInput token={csrf} />
                    <button type="submit" class="btn2">{t.removeEvent}</button>
                  </form>
                ) : null}
              </li>
            ))}
          </ol>
        ) : <p>{t.none}</p>}
        {draft ? (
          <>
            <section>
              <h2 class="mh">{t.addEvent}</h2>
              <form method="post" action={`${base}/events`} novalidate>
                <CsrfInput token={csrf} />
                <Table head={[t.eventType, t.occurredAt, t.place, t.details]}>
                  <EventRow t={t} lang={lang} prefix="event." n={1} v={ev} e={e} places={placeOptions({ areas, orgName: c.get('session')?.organizationName ?? '', orgId: ownOrg(c) })} />
                </Table>
                <button type="submit">{t.addEvent}</button>
              </form>
            </section>
            <section>
              <h2 class="mh">{t.seal}</h2>
              <p>{t.sealHint}</p>
              <form method="post" action={`${base}/seal`}>
                <CsrfInput token={csrf} />
                {e.seal ? <p class="ferr" role="alert">{e.seal}</p> : null}
                <button type="submit">{t.seal}</button>
              </form>
            </section>
            <section>
              <h2 class="mh">{t.deleteDraft}</h2>
              <form method="post" action={`${base}/delete`}>
                <CsrfInput token={csrf} />
                <CheckBox name="confirm" value="yes" label={t.deleteConfirm} checked={false} error={e.confirm} />
                <button type="submit" class="danger">{t.deleteDraft}</button>
              </form>
            </section>
          </>
        ) : null}
        {runs && runs.items.length ? (
          <>
            <h2>{t.printRunsOfBatch}</h2>
            <ul>{runs.items.map((r) => <li><a href={`${CONSOLE_BASE}/print-runs/${r.id}`}>{formatTime(lang, r.createdAt)}</a> — {r.count} ({t.stampStates.active}: {r.stamps.active})</li>)}</ul>
          </>
        ) : null}
      </>
    ),
  });
}

function batchesRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/', coopOnly, async (c) => {
    const t = kt(c);
    const lang = c.get('lang');
    const status = ['draft', 'sealed', 'superseded'].includes(c.req.query('status') ?? '') ? c.req.query('status') : undefined;
    const cursor = c.req.query('cursor');
    const [list_, products] = await Promise.all([
      callOp(deps, c, batchOps.list, { query: { status, order: 'newest', limit: '50', cursor } }),
      fetchAll(deps, c, productOps.list, {}, 200),
    ]);
    const byId = new Map(products.map((p) => [p.id, p]));
    const filter = (s: string | undefined, label: string): Child =>
      s === status ? <b>{label}</b> : <a href={`${CONSOLE_BASE}/batches${s ? `?status=${s}` : ''}`}>{label}</a>;
    return page(c, {
      title: t.batches,
      children: (
        <>
          <CoopStyle />
          <h1>{t.batches}</h1>
          <Done text={c.req.query('done') === 'deleted' ? t.deleted : undefined} />
          <p><a href={`${CONSOLE_BASE}/batches/new`}>{t.newBatch}</a></p>
          <p class="actions">{filter(undefined, t.all)} {filter('draft', t.statusNames.draft!)} {filter('sealed', t.statusNames.sealed!)} {filter('superseded', t.statusNames.superseded!)}</p>
          {list_.items.length ? (
            <Table head={[t.product, t.lotCode, t.productionDate, t.batchQuantity, t.status]}>
              {list_.items.map((b) => (
                <tr>
                  <td>{productName(byId.get(b.productId), lang)}</td>
                  <td><a href={`${CONSOLE_BASE}/batches/${b.id}`}>{b.lotCode}</a></td>
                  <td>{formatDate(lang, b.productionDate)}</td>
                  <td class="num">{qty(lang, b.quantity, b.unit)}</td>
                  <td>{t.statusNames[b.status] ?? b.status}{b.recalled ? ' ⚠' : ''}</td>
                </tr>
              ))}
            </Table>
          ) : <p>{t.noBatches}</p>}
          {list_.nextCursor ? <p><a href={`${CONSOLE_BASE}/batches?${status ? `status=${status}&` : ''}cursor=${list_.nextCursor}`}>{t.next}</a></p> : null}
        </>
      ),
    });
  });

  const newForm = async (c: ConsoleContext, v: Values, errors: FieldErrors = {}, status?: number, loaded?: FormData_) => {
    const t = kt(c);
    const d = loaded ?? (await formData(deps, c));
    if (!d.products.length) {
      return page(c, { title: t.newBatch, children: <><h1>{t.newBatch}</h1><p>{t.noProductsYet}</p></> });
    }
    return page(c, {
      title: t.newBatch,
      status,
      children: <BatchForm c={c} mode="new" action={`${CONSOLE_BASE}/batches/new`} back={`${CONSOLE_BASE}/batches`} title={t.newBatch} d={d} v={v} e={errors} />,
    });
  };

  r.get('/new', coopOnly, (c) => {
    const v: Values = { productId: c.req.query('productId') ?? '', productionDate: vietnamToday(deps.clock()), unit: 'kg', carriesOcop: 'true' };
    for (let i = 0; i < EVENT_ROWS; i++) v[`events.${i}.place`] = `org:${ownOrg(c)}`;
    return newForm(c, v);
  });

  r.post('/new', coopOnly, async (c) => {
    const v = formStrings(await readForm(c));
    const f = readBatchForm(v, c.get('lang'));
    const res = await submitOp(deps, c, batchOps.create, { body: { productId: v.productId ?? '', ...f.body, events: f.events } });
    if (!res.ok) {
      const d = await formData(deps, c);
      const errors = f.errors(res.error, d.lots);
      if (errors.productId && !v.productId) errors.productId = kt(c).required;
      return newForm(c, v, errors, res.error.status, d);
    }
    // The operation answers the draft it has just written: getBatch's null cannot happen here.
    return c.redirect(`${CONSOLE_BASE}/batches/${res.body!.id}?done=created`, 303);
  });

  r.get('/:id', coopOnly, (c) => {
    const t = kt(c);
    const notice = ({ created: t.created, updated: t.updated, sealed: t.sealed, event: t.eventAdded, removed: t.eventRemoved } as Record<string, string>)[c.req.query('done') ?? ''];
    return reviewPage(deps, c, c.req.param('id'), { notice });
  });

  /** The draft, read first so that another cooperative's id answers 404 before anything is tried. */
  async function ownDraft(c: ConsoleContext): Promise<Batch> {
    return callOp(deps, c, batchOps.get, { params: { id: c.req.param('id') ?? '' } });
  }

  const editForm = async (c: ConsoleContext, b: Batch, v: Values, errors: FieldErrors = {}, status?: number, loaded?: FormData_) => {
    const t = kt(c);
    const d = loaded ?? (await formData(deps, c, b));
    const p = d.products.find((x) => x.id === b.productId);
    return page(c, {
      title: t.editBatch,
      status,
      children: <BatchForm c={c} mode="edit" action={`${CONSOLE_BASE}/batches/${b.id}/edit`} back={`${CONSOLE_BASE}/batches/${b.id}`} title={`${t.editBatch}: ${productName(p, c.get('lang'))} · ${b.lotCode}`} d={d} v={v} e={errors} />,
    });
  };

  r.get('/:id/edit', coopOnly, async (c) => {
    const b = await ownDraft(c);
    if (b.status !== 'draft') return reviewPage(deps, c, b.id, { errors: { _form: kt(c).draftOnly }, status: 409 });
    return editForm(c, b, draftValues(b));
  });

  r.post('/:id/edit', coopOnly, async (c) => {
    const b = await ownDraft(c);
    const v = formStrings(await readForm(c));
    const f = readBatchForm(v, c.get('lang'));
    const res = await submitOp(deps, c, batchOps.update, { params: { id: b.id }, body: f.body });
    if (!res.ok) {
      if (res.error.code === 'BATCH_SEALED') return reviewPage(deps, c, b.id, { errors: { _form: kt(c).draftOnly }, status: 409 });
      // The draft as it stands (the refused change was rolled back) gives what each lot still holds for it.
      const d = await formData(deps, c, await ownDraft(c));
      return editForm(c, b, v, f.errors(res.error, d.lots), res.error.status, d);
    }
    return c.redirect(`${CONSOLE_BASE}/batches/${b.id}?done=updated`, 303);
  });

  r.post('/:id/events', coopOnly, async (c) => {
    const b = await ownDraft(c);
    const v = formStrings(await readForm(c));
    const res = await submitOp(deps, c, batchOps.addEvent, { params: { id: b.id }, body: eventBody(v, 'event.') });
    if (!res.ok) {
      const errors = renameErrors(operatorErrors(res.error, c.get('lang')), (k) =>
        k === 'placeOrganizationId' || k === 'placeAreaId' ? 'event.place' : /^\w+$/.test(k) && k !== '_form' ? `event.${k}` : undefined);
      if (res.error.code === 'BATCH_SEALED') errors._form = kt(c).draftOnly;
      return reviewPage(deps, c, b.id, { errors, values: v, status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/batches/${b.id}?done=event`, 303);
  });

  r.post('/:id/events/:eventId/delete', coopOnly, async (c) => {
    const b = await ownDraft(c);
    const res = await submitOp(deps, c, batchOps.removeEvent, { params: { id: b.id, eventId: c.req.param('eventId') } });
    if (!res.ok) return reviewPage(deps, c, b.id, { errors: { _form: kt(c).draftOnly }, status: res.error.status });
    return c.redirect(`${CONSOLE_BASE}/batches/${b.id}?done=removed`, 303);
  });

  r.post('/:id/seal', coopOnly, async (c) => {
    const t = kt(c);
    const b = await ownDraft(c);
    const res = await submitOp(deps, c, batchOps.seal, { params: { id: b.id } });
    if (!res.ok) {
      const seal = res.error.code === 'BATCH_INCOMPLETE' ? t.sealIncomplete : res.error.code === 'OCOP_RATING_INVALID' ? t.sealNoRating : res.error.code === 'BATCH_SEALED' ? t.draftOnly : res.error.message;
      return reviewPage(deps, c, b.id, { errors: { seal, _form: seal }, status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/batches/${b.id}?done=sealed`, 303);
  });

  r.post('/:id/delete', coopOnly, async (c) => {
    const t = kt(c);
    const b = await ownDraft(c);
    if (field(await readForm(c), 'confirm') !== 'yes') return reviewPage(deps, c, b.id, { errors: { confirm: t.deleteNeedsConfirm }, status: 400 });
    const res = await submitOp(deps, c, batchOps.remove, { params: { id: b.id } });
    if (!res.ok) return reviewPage(deps, c, b.id, { errors: { _form: res.error.code === 'BATCH_SEALED' ? t.draftOnly : res.error.message }, status: res.error.status });
    return c.redirect(`${CONSOLE_BASE}/batches?done=deleted`, 303);
  });
  return r;
}

export const batchesModule: ConsoleModule = {
  path: '/batches',
  routes: batchesRoutes,
  nav: [{ href: '/batches', label: { vi: KT.vi.navBatches, en: KT.en.navBatches }, roles: ['cooperative'] }],
};

export { publicHref };
