// The batch list (filtered by status) and the draft form: product and lot, dates and quantity,
// the harvest lots drawn on (each with what remains), test results and, for a new draft, the
// process steps.
import type { Child } from 'hono/jsx';
import type { Batch } from '../../db/batches-store';
import { EVENT_TYPES } from '../../db/batches-store';
import { EVENT_NAMES, formatDate, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { BatchTexts } from '../texts/batches';
import { BATCH_STATUS, UNIT_NAMES } from '../texts/common';
import { Done, FormErrors, Notice, Table } from '../ui/blocks';
import {
  CellInput,
  CellSelect,
  CheckBox,
  CsrfInput,
  Field,
  QuantityWithUnit,
  SelectField,
  type Option,
} from '../ui/fields';
import { productName, qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';
import {
  EVENT_ROWS,
  FLAT,
  placeOptions,
  TEST_FIELDS,
  TEST_ROWS,
  type BatchChoices,
  type ProductRow,
  type Values,
} from './form';

const STATUSES = ['draft', 'sealed', 'superseded'] as const;
/** Harvest lots listed at first on the batch form (the newest); the rest one link away. */
const LOTS_SHOWN = 30;

export function BatchList(props: {
  t: BatchTexts;
  lang: Lang;
  status: string | undefined;
  batches: Batch[];
  products: ProductRow[];
  next: string | null;
  done: string | undefined;
}) {
  const { t, lang, status } = props;
  const byId = new Map(props.products.map((p) => [p.id, p]));
  const filter = (s: string | undefined, label: string) =>
    s === status ? <b>{label}</b> : <a href={`${CONSOLE_BASE}/batches${s ? `?status=${s}` : ''}`}>{label}</a>;
  return (
    <>
      <CoopStyle />
      <h1>{t.batches}</h1>
      <Done text={props.done === 'deleted' ? t.deleted : undefined} />
      <p>
        <a href={`${CONSOLE_BASE}/batches/new`}>{t.newBatch}</a>
      </p>
      <p class="actions">
        {filter(undefined, t.all)}{' '}
        {STATUSES.map((s, i) => (
          <>
            {i ? ' ' : ''}
            {filter(s, BATCH_STATUS[lang][s]!)}
          </>
        ))}
      </p>
      {props.batches.length ? (
        <Table head={[t.product, t.lotCode, t.productionDate, t.batchQuantity, t.status]}>
          {props.batches.map((b) => (
            <tr>
              <td>{productName(byId.get(b.productId), lang)}</td>
              <td>
                <a href={`${CONSOLE_BASE}/batches/${b.id}`}>{b.lotCode}</a>
              </td>
              <td>{formatDate(lang, b.productionDate)}</td>
              <td class="num">{qty(lang, b.quantity, b.unit)}</td>
              <td>
                {BATCH_STATUS[lang][b.status] ?? b.status}
                {b.recalled ? ' ⚠' : ''}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noBatches}</p>
      )}
      {props.next ? (
        <p>
          <a href={`${CONSOLE_BASE}/batches?${status ? `status=${status}&` : ''}cursor=${props.next}`}>{t.nextPage}</a>
        </p>
      ) : null}
    </>
  );
}

/** One process step as a table row; fields named `${prefix}type`, `${prefix}occurredAt`… */
export function EventRow(props: {
  t: BatchTexts;
  lang: Lang;
  prefix: string;
  n: number;
  v: Values;
  e: FieldErrors;
  places: Option[];
}) {
  const { t, prefix: p, v, e, n } = props;
  const types = [
    { value: '', label: t.none },
    ...EVENT_TYPES.map((x) => ({ value: x, label: EVENT_NAMES[props.lang][x] ?? x })),
  ];
  return (
    <tr>
      <td>
        <CellSelect
          name={`${p}type`}
          label={`${t.eventType} ${n}`}
          value={v[`${p}type`]}
          error={e[`${p}type`]}
          options={types}
        />
      </td>
      <td>
        <CellInput
          type="datetime-local"
          name={`${p}occurredAt`}
          label={`${t.occurredAt} ${n}`}
          value={v[`${p}occurredAt`]}
          error={e[`${p}occurredAt`]}
        />
      </td>
      <td>
        <CellSelect
          name={`${p}place`}
          label={`${t.place} ${n}`}
          value={v[`${p}place`]}
          error={e[`${p}place`]}
          options={props.places}
        />
      </td>
      <td>
        <CellInput
          name={`${p}details`}
          label={`${t.details} ${n}`}
          value={v[`${p}details`]}
          error={e[`${p}details`]}
          maxlength={2000}
        />
      </td>
    </tr>
  );
}

type FormProps = { t: BatchTexts; lang: Lang; d: BatchChoices; v: Values; e: FieldErrors };

const productOptions = (t: BatchTexts, lang: Lang, d: BatchChoices) => [
  { value: '', label: t.choose },
  ...d.products.map((p) => ({ value: p.id, label: `${productName(p, lang)} (GTIN ${p.gtin})` })),
];

/** Step 1 of a new draft (a GET form, no script): the product, so step 2 offers only its cooperative's lots. */
export function ProductStep(props: FormProps) {
  const { t, lang, d, v, e } = props;
  return (
    <>
      <CoopStyle />
      <p>
        <a href={`${CONSOLE_BASE}/batches`}>← {t.cancel}</a>
      </p>
      <h1>{t.newBatch}</h1>
      <FormErrors errors={e} shown={(k) => k === 'productId'} title={t.fixBelowKept} />
      <form method="get" action={`${CONSOLE_BASE}/batches/new`} class="narrow">
        {v.harvestLotId ? <input type="hidden" name="harvestLotId" value={v.harvestLotId} /> : null}
        <SelectField
          name="productId"
          label={t.product}
          value={v.productId}
          error={e.productId}
          hint={t.chooseProductFirst}
          required
          options={productOptions(t, lang, d)}
        />
        <button type="submit">{t.continue}</button>
      </form>
    </>
  );
}

export function BatchForm(
  props: FormProps & {
    mode: 'new' | 'edit';
    csrf: string | undefined;
    action: string;
    back: string;
    title: string;
  },
) {
  const { t, d, v, e, mode } = props;
  const shown = (k: string) =>
    (FLAT as readonly string[]).includes(k) ||
    k === 'inputs' ||
    (k.startsWith('use.') && d.lots.some((l) => `use.${l.id}` === k)) ||
    /^testResults\.\d+\.\w+$/.test(k) ||
    (mode === 'new' && /^events\.\d+\.\w+$/.test(k));
  return (
    <>
      <CoopStyle />
      <p>
        <a href={props.back}>← {t.cancel}</a>
      </p>
      <h1>{props.title}</h1>
      <FormErrors errors={e} shown={shown} title={t.fixBelowKept} />
      {d.from ? <Notice kind="ok">{t.fromHarvest(d.from.code)}</Notice> : null}
      <form method="post" action={props.action} novalidate>
        <CsrfInput token={props.csrf} />
        <BatchFields {...props} />
        <InputLots
          {...props}
          moreHref={
            mode === 'edit'
              ? `${props.action}?allLots=1`
              : `${CONSOLE_BASE}/batches/new?productId=${d.product?.id ?? ''}&allLots=1${d.from ? `&harvestLotId=${d.from.id}` : ''}`
          }
        />
        <p class="hint" id="save-hint">
          {t.saveHint}
        </p>
        <button type="submit" aria-describedby="save-hint">
          {t.saveDraft}
        </button>
        <Optional open={rowsUsed(v, e, /^testResults\./)} summary={`${t.testResults} ${t.optional}`}>
          <TestRows {...props} />
        </Optional>
        {mode === 'new' ? (
          <Optional
            open={rowsUsed(v, e, /^events\.\d+\.(type|occurredAt|details)$/)}
            summary={`${t.events} ${t.optional}`}
          >
            <fieldset>
              <legend>{t.events}</legend>
              <p class="hint">{t.eventsHint}</p>
              <Table head={[t.eventType, t.occurredAt, t.place, t.details]}>
                {Array.from({ length: EVENT_ROWS }, (_, i) => (
                  <EventRow
                    t={t}
                    lang={props.lang}
                    prefix={`events.${i}.`}
                    n={i + 1}
                    v={v}
                    e={e}
                    places={placeOptions(d)}
                  />
                ))}
              </Table>
            </fieldset>
          </Optional>
        ) : null}
        <button type="submit">{t.saveDraft}</button>
      </form>
    </>
  );
}

function BatchFields(props: FormProps & { mode: 'new' | 'edit' }) {
  const { t, lang, d, v, e } = props;
  return (
    <section>
      {props.mode === 'new' && d.product ? (
        <p>
          <input type="hidden" name="productId" value={d.product.id} />
          {t.product}: <b>{productName(d.product, lang)}</b> (GTIN {d.product.gtin}){' '}
          {d.products.length > 1 ? (
            <a href={`${CONSOLE_BASE}/batches/new${d.from ? `?harvestLotId=${d.from.id}` : ''}`}>{t.changeProduct}</a>
          ) : null}
          {e.productId ? <span class="ferr"> {e.productId}</span> : null}
        </p>
      ) : props.mode === 'new' ? (
        <SelectField
          name="productId"
          label={t.product}
          value={v.productId}
          error={e.productId}
          required
          options={productOptions(t, lang, d)}
        />
      ) : null}
      <div class="row">
        <Field
          name="lotCode"
          label={t.lotCode}
          value={v.lotCode}
          error={e.lotCode}
          hint={t.lotCodeHint}
          required
          maxlength={20}
        />
        <Field
          name="productionDate"
          type="date"
          label={t.productionDate}
          value={v.productionDate}
          error={e.productionDate}
          required
        />
      </div>
      <div class="row">
        <Field
          name="packingDate"
          type="date"
          label={`${t.packingDate} ${t.optional}`}
          value={v.packingDate}
          error={e.packingDate}
        />
        <Field
          name="expiryDate"
          type="date"
          label={`${t.expiryDate} ${t.optional}`}
          value={v.expiryDate}
          error={e.expiryDate}
          hint={props.mode === 'new' ? t.expiryHint : undefined}
        />
      </div>
      <QuantityWithUnit lang={lang} label={t.batchQuantity} unitLabel={t.unit} values={v} errors={e} />
      <Field
        name="standards"
        label={`${t.standards} ${t.optional}`}
        value={v.standards}
        error={e.standards}
        hint={t.standardsHint}
      />
      <CheckBox name="carriesOcop" label={t.carriesOcop} checked={v.carriesOcop === 'true'} error={e.carriesOcop} />
    </section>
  );
}

/** The harvest lots on offer, each with what remains for this batch and a field for what it draws. */
function InputLots(props: FormProps & { moreHref: string }) {
  const { t, lang, d, v, e } = props;
  const areaName = new Map(d.areas.map((a) => [a.id, a.name]));
  // The newest lots (and any already drawn on): the save button stays within reach of a phone.
  const all = v.allLots === '1';
  const shown = all ? d.lots : d.lots.filter((l, i) => i < LOTS_SHOWN || (v[`use.${l.id}`] ?? '').trim());
  const more = d.lots.length - shown.length;
  return (
    <fieldset>
      <legend>{t.inputs}</legend>
      <p class="hint">{t.inputsHint}</p>
      {e.inputs ? <p class="ferr">{e.inputs}</p> : null}
      {d.lots.length ? (
        <Table head={[t.harvestLot, t.remaining, t.use, t.harvestArea, t.harvestedOn]}>
          {shown.map((l) => (
            <tr>
              <td>{l.code}</td>
              <td class="num">
                <b>{qty(lang, l.remaining, l.unit)}</b>
              </td>
              <td>
                <CellInput
                  name={`use.${l.id}`}
                  label={`${t.use} (${UNIT_NAMES[lang][l.unit] ?? l.unit}) — ${l.code}`}
                  value={v[`use.${l.id}`]}
                  error={e[`use.${l.id}`]}
                  inputmode="decimal"
                />
                <span class="muted">{UNIT_NAMES[lang][l.unit] ?? l.unit}</span>
              </td>
              <td>{areaName.get(l.areaId) ?? t.none}</td>
              <td>{formatDate(lang, l.harvestedOn)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
      {more > 0 ? (
        <p>
          <a href={props.moreHref}>{t.moreLots(more)}</a>
        </p>
      ) : null}
      {d.lots.length ? null : (
        <p>
          {t.noLots} <a href={`${CONSOLE_BASE}/harvests/new`}>{t.newHarvest}</a>
        </p>
      )}
    </fieldset>
  );
}

/** Test results as numbered rows (at least TEST_ROWS; the posted count comes back as testRows). */
function TestRows(props: FormProps) {
  const { t, v, e } = props;
  const testRows = Math.max(TEST_ROWS, Number(v.testRows) || 0);
  const labels = { name: t.testName, value: t.testValue, unit: t.unit, lab: t.lab, date: t.date };
  return (
    <fieldset>
      <legend>{t.testResults}</legend>
      <input type="hidden" name="testRows" value={String(testRows)} />
      <Table head={[t.testName, t.testValue, t.unit, t.lab, t.date]}>
        {Array.from({ length: testRows }, (_, i) => (
          <tr>
            {TEST_FIELDS.map((f) => {
              const name = `testResults.${i}.${f}`;
              return (
                <td>
                  <CellInput
                    name={name}
                    type={f === 'date' ? 'date' : 'text'}
                    label={`${labels[f]} ${i + 1}`}
                    value={v[name]}
                    error={e[name]}
                    maxlength={200}
                  />
                </td>
              );
            })}
          </tr>
        ))}
      </Table>
    </fieldset>
  );
}

/** Whether any of the numbered rows matching `pattern` holds a value or an error (an optional section then stays open). */
function rowsUsed(v: Values, e: FieldErrors, pattern: RegExp): boolean {
  return [...Object.keys(e), ...Object.keys(v).filter((k) => (v[k] ?? '').trim())].some((k) => pattern.test(k));
}

/** An optional part of a long form, folded away (details/summary, no script) unless it is in use. */
function Optional(props: { open: boolean; summary: string; children: Child }) {
  return (
    <details class="opt" open={props.open}>
      <summary>{props.summary}</summary>
      {props.children}
    </details>
  );
}
