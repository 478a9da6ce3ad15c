// The harvest pages: the lots (newest first, with what was drawn and what remains) and the form
// that records one from an area the cooperative operates or holds a supply contract for.
import type { Area } from '../../db/areas-store';
import type { HarvestLot } from '../../db/harvests-store';
import { formatDate, SCHEME_NAMES, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { HarvestTexts } from '../texts/harvests';
import { Done, FormErrors, Table } from '../ui/blocks';
import { CsrfInput, Field, QuantityWithUnit, SelectField, TextArea } from '../ui/fields';
import { qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';

export const HARVEST_FIELDS = ['areaId', 'harvestedOn', 'quantity', 'unit', 'code', 'notes'] as const;

export function HarvestList(props: {
  t: HarvestTexts;
  lang: Lang;
  lots: HarvestLot[];
  areas: Area[];
  next: string | null;
  paged: boolean;
  done: string | undefined;
  /** The id of the lot just recorded: the next step makes a batch from it. */
  doneLot?: string | undefined;
}) {
  const { t, lang } = props;
  const areaName = new Map(props.areas.map((a) => [a.id, a.name]));
  return (
    <>
      <CoopStyle />
      <h1>{t.harvests}</h1>
      <Done text={props.done ? t.harvestCreated(props.done) : undefined} />
      {props.doneLot ? (
        <p class="actions next">
          <a href={`${CONSOLE_BASE}/batches/new?harvestLotId=${props.doneLot}`}>→ {t.nextBatch}</a>
          <a href={`${CONSOLE_BASE}/harvests/new`}>{t.nextHarvest}</a>
        </p>
      ) : (
        <p>
          <a href={`${CONSOLE_BASE}/harvests/new`}>{t.newHarvest}</a>
        </p>
      )}
      {props.lots.length ? (
        <Table head={[t.harvestCode, t.harvestedOn, t.harvestArea, t.quantity, t.drawn, t.remaining, t.certSnapshot]}>
          {props.lots.map((l) => (
            <tr>
              <td>{l.code}</td>
              <td>{formatDate(lang, l.harvestedOn)}</td>
              <td>
                <a href={`${CONSOLE_BASE}/areas/${l.areaId}`}>{areaName.get(l.areaId) ?? l.areaId}</a>
              </td>
              <td class="num">{qty(lang, l.quantity, l.unit)}</td>
              <td class="num">{qty(lang, l.drawn, l.unit)}</td>
              <td class="num">
                <b>{qty(lang, l.remaining, l.unit)}</b>
              </td>
              <td>
                {l.certifications.map((x) => SCHEME_NAMES[x.scheme] || x.scheme).join(', ') || t.none}
                {l.notes ? (
                  <>
                    <br />
                    <span class="muted">{l.notes}</span>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noHarvests}</p>
      )}
      {props.next ? (
        <p>
          <a href={`${CONSOLE_BASE}/harvests?cursor=${props.next}`}>{t.nextPage}</a>
        </p>
      ) : null}
      {props.paged ? (
        <p>
          <a href={`${CONSOLE_BASE}/harvests`}>{t.first}</a>
        </p>
      ) : null}
    </>
  );
}

export function HarvestForm(props: {
  t: HarvestTexts;
  lang: Lang;
  csrf: string | undefined;
  org: string;
  areas: Area[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t, lang, values: v, errors: e } = props;
  const areas = props.areas.map((a) => ({
    value: a.id,
    label: `${a.name} (${a.code})${a.operatorId === props.org ? '' : ` — ${t.underContract}`}`,
  }));
  return (
    <section class="narrow">
      <p>
        <a href={`${CONSOLE_BASE}/harvests`}>← {t.harvests}</a>
      </p>
      <h1>{t.newHarvest}</h1>
      {props.areas.length ? null : (
        <p class="card errsum">
          {t.noAreasYet} <a href={`${CONSOLE_BASE}/areas/new`}>{t.newArea}</a>
        </p>
      )}
      <FormErrors errors={e} shown={(k) => HARVEST_FIELDS.includes(k as never)} title={t.fixBelowKept} />
      <form method="post" action={`${CONSOLE_BASE}/harvests/new`} novalidate>
        <CsrfInput token={props.csrf} />
        <SelectField
          name="areaId"
          label={t.harvestArea}
          value={v.areaId}
          error={e.areaId}
          required
          options={[{ value: '', label: t.choose }, ...areas]}
        />
        <Field
          name="harvestedOn"
          type="date"
          label={t.harvestedOn}
          value={v.harvestedOn}
          error={e.harvestedOn}
          required
        />
        <QuantityWithUnit lang={lang} label={t.quantity} unitLabel={t.unit} values={v} errors={e} />
        <Field
          name="code"
          label={`${t.harvestCode} ${t.optional}`}
          value={v.code}
          error={e.code}
          hint={t.harvestCodeHint}
          maxlength={40}
        />
        <TextArea name="notes" label={`${t.notes} ${t.optional}`} value={v.notes} error={e.notes} maxlength={2000} />
        <button type="submit">{t.save}</button>
      </form>
    </section>
  );
}
