// The cooperative's raw-material area pages: the list (with its supply contracts), one area with
// its certifications, contracts and latest harvests, and the form that adds or edits one.
import type { Area, SupplyContract } from '../../db/areas-store';
import { CERTIFICATION_SCHEMES } from '../../db/areas-store';
import type { HarvestLot } from '../../db/harvests-store';
import { formatDate, formatNumber, SCHEME_NAMES, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { AreaTexts } from '../texts/areas';
import { Done, FormErrors, Table } from '../ui/blocks';
import { CellInput, CellSelect, CsrfInput, Field, TextArea } from '../ui/fields';
import { qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';
import { StandingTag } from '../contracts/views';
import { CONTRACT_TEXTS } from '../texts/contracts';
import { AREA_FIELDS, type AreaValues, type CertRow } from './form';

const BLANK_CERT_ROWS = 2;

const schemeName = (s: string, t: AreaTexts) => (s === 'other' ? t.otherScheme : (SCHEME_NAMES[s] ?? s));

function locationText(a: Area, t: AreaTexts, lang: Lang) {
  if (a.location.type === 'Point') {
    return `${formatNumber(lang, a.location.coordinates[1], 6)}, ${formatNumber(lang, a.location.coordinates[0], 6)}`;
  }
  return t.polygon(a.location.coordinates[0]?.length ?? 0);
}

export function AreaList(props: {
  t: AreaTexts;
  lang: Lang;
  org: string;
  areas: Area[];
  contracts: SupplyContract[];
  day: string;
}) {
  const { t, lang } = props;
  const ct = CONTRACT_TEXTS[lang];
  const areaName = new Map(props.areas.map((a) => [a.id, `${a.name} (${a.code})`]));
  return (
    <>
      <CoopStyle />
      <h1>{t.areas}</h1>
      <p>
        <a href={`${CONSOLE_BASE}/areas/new`}>{t.newArea}</a>
      </p>
      {props.areas.length ? (
        <Table head={[t.areaCode, t.areaName, t.commune, t.areaHa, t.crops, t.certifications, t.howHeld]}>
          {props.areas.map((a) => (
            <tr>
              <td>
                <a href={`${CONSOLE_BASE}/areas/${a.id}`}>{a.code}</a>
              </td>
              <td>{a.name}</td>
              <td>
                {a.commune ?? t.none}, {a.province}
              </td>
              <td class="num">{formatNumber(lang, a.areaHa)}</td>
              <td>{a.crops.join(', ') || t.none}</td>
              <td>{a.certifications.map((x) => schemeName(x.scheme, t)).join(', ') || t.none}</td>
              <td>{a.operatorId === props.org ? t.operatedByUs : t.underContract}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noAreas}</p>
      )}
      <h2 id="contracts">{t.contracts}</h2>
      <p>
        <a href={`${CONSOLE_BASE}/contracts/new`}>{t.newContract}</a>
      </p>
      {props.contracts.length ? (
        <Table head={[t.contractNumber, t.contractArea, t.startsOn, t.endsOn, t.status]}>
          {props.contracts.map((k) => (
            <tr>
              <td>
                <a href={`${CONSOLE_BASE}/contracts/${k.id}`}>{k.number}</a>
              </td>
              <td>{areaName.get(k.areaId) ?? k.areaId}</td>
              <td>{formatDate(lang, k.startsOn)}</td>
              <td>{formatDate(lang, k.endsOn)}</td>
              <td>
                <StandingTag ct={ct} k={k} day={props.day} />
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noContracts}</p>
      )}
    </>
  );
}

export function AreaView(props: {
  t: AreaTexts;
  lang: Lang;
  area: Area;
  mine: boolean;
  contracts: SupplyContract[];
  lots: HarvestLot[];
  day: string;
  done: string | undefined;
}) {
  const { t, lang, area: a } = props;
  return (
    <>
      <CoopStyle />
      <p>
        <a href={`${CONSOLE_BASE}/areas`}>← {t.areas}</a>
      </p>
      <h1>{a.name}</h1>
      <Done text={props.done === 'created' ? t.doneCreated : props.done === 'updated' ? t.doneUpdated : undefined} />
      <section>
        <dl>
          <dt>{t.areaCode}</dt>
          <dd>{a.code}</dd>
          <dt>{t.howHeld}</dt>
          <dd>{props.mine ? t.operatedByUs : t.underContract}</dd>
          <dt>{t.commune}</dt>
          <dd>
            {a.commune ?? t.none}, {a.province}
          </dd>
          <dt>{t.areaHa}</dt>
          <dd>{formatNumber(lang, a.areaHa)}</dd>
          <dt>{t.households}</dt>
          <dd>{a.households}</dd>
          <dt>{t.crops}</dt>
          <dd>{a.crops.join(', ') || t.none}</dd>
          <dt>{t.plantingAreaCode}</dt>
          <dd>{a.plantingAreaCode ?? t.none}</dd>
          <dt>{t.location}</dt>
          <dd>{locationText(a, t, lang)}</dd>
        </dl>
        {props.mine ? (
          <p>
            <a href={`${CONSOLE_BASE}/areas/${a.id}/edit`}>{t.edit}</a>
          </p>
        ) : (
          <p class="muted">{t.onlyOperatorEdits}</p>
        )}
      </section>
      <h2>{t.certifications}</h2>
      {a.certifications.length ? (
        <Table head={[t.scheme, t.certNumber, t.issuer, t.validFrom, t.validTo]}>
          {a.certifications.map((x) => (
            <tr>
              <td>{schemeName(x.scheme, t)}</td>
              <td>{x.number}</td>
              <td>{x.issuer}</td>
              <td>{formatDate(lang, x.validFrom)}</td>
              <td>{formatDate(lang, x.validTo)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noCerts}</p>
      )}
      <AreaRecords t={t} lang={lang} contracts={props.contracts} lots={props.lots} day={props.day} />
    </>
  );
}

/** An area's supply contracts and latest harvest lots. */
function AreaRecords(props: {
  t: AreaTexts;
  lang: Lang;
  contracts: SupplyContract[];
  lots: HarvestLot[];
  day: string;
}) {
  const { t, lang } = props;
  const ct = CONTRACT_TEXTS[lang];
  return (
    <>
      <h2>{t.contracts}</h2>
      {props.contracts.length ? (
        <ul>
          {props.contracts.map((k) => (
            <li>
              <a href={`${CONSOLE_BASE}/contracts/${k.id}`}>{k.number}</a>
              {' — '}
              {formatDate(lang, k.startsOn)} → {formatDate(lang, k.endsOn)}{' '}
              <StandingTag ct={ct} k={k} day={props.day} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t.noContracts}</p>
      )}
      <h2>{t.harvests}</h2>
      {props.lots.length ? (
        <ul>
          {props.lots.map((l) => (
            <li>
              {l.code} — {formatDate(lang, l.harvestedOn)}, {qty(lang, l.quantity, l.unit)} ({t.remaining}:{' '}
              {qty(lang, l.remaining, l.unit)})
            </li>
          ))}
        </ul>
      ) : (
        <p>{t.noHarvests}</p>
      )}
    </>
  );
}

export function AreaForm(props: {
  t: AreaTexts;
  lang: Lang;
  csrf: string | undefined;
  action: string;
  title: string;
  back: string;
  values: AreaValues;
  certs: CertRow[];
  errors: FieldErrors;
}) {
  const { t, values: v, errors: e } = props;
  const shown = (k: string) =>
    AREA_FIELDS.includes(k as never) || k === 'location' || /^certifications\.\d+\.\w+$/.test(k);
  return (
    <>
      <CoopStyle />
      <p>
        <a href={props.back}>← {t.cancel}</a>
      </p>
      <h1>{props.title}</h1>
      <FormErrors errors={e} shown={shown} title={t.fixBelowKept} />
      <form method="post" action={props.action} novalidate>
        <CsrfInput token={props.csrf} />
        <section>
          <div class="row">
            <Field
              name="code"
              label={t.areaCode}
              value={v.code}
              error={e.code}
              hint={t.areaCodeHint}
              required
              maxlength={40}
            />
            <Field name="name" label={t.areaName} value={v.name} error={e.name} required maxlength={300} />
          </div>
          <div class="row">
            <Field name="province" label={t.province} value={v.province} error={e.province} required maxlength={100} />
            <Field
              name="commune"
              label={`${t.commune} ${t.optional}`}
              value={v.commune}
              error={e.commune}
              maxlength={100}
            />
          </div>
          <div class="row">
            <Field name="areaHa" label={t.areaHa} value={v.areaHa} error={e.areaHa} required inputmode="decimal" />
            <Field
              name="households"
              label={t.households}
              value={v.households}
              error={e.households}
              inputmode="numeric"
            />
            <Field
              name="plantingAreaCode"
              label={`${t.plantingAreaCode} ${t.optional}`}
              value={v.plantingAreaCode}
              error={e.plantingAreaCode}
              maxlength={50}
            />
          </div>
          <Field name="crops" label={t.crops} value={v.crops} error={e.crops} hint={t.cropsHint} />
        </section>
        <LocationFields t={t} values={v} errors={e} />
        <CertificationRows t={t} certs={props.certs} errors={e} />
        <button type="submit">{t.save}</button>
      </form>
    </>
  );
}

function LocationFields(props: { t: AreaTexts; values: AreaValues; errors: FieldErrors }) {
  const { t, values: v, errors: e } = props;
  return (
    <fieldset>
      <legend>{t.location}</legend>
      <p class="hint">{t.locationHint}</p>
      <div class="row">
        <Field name="lat" label={t.lat} value={v.lat} error={e.lat} hint={t.latHint} inputmode="decimal" />
        <Field name="lon" label={t.lon} value={v.lon} error={e.lon} hint={t.lonHint} inputmode="decimal" />
      </div>
      {e.location ? <p class="ferr">{e.location}</p> : null}
      <details open={!!v.geojson || !!e.geojson}>
        <summary>{t.geojson}</summary>
        <TextArea
          name="geojson"
          label={t.geojson}
          value={v.geojson}
          error={e.geojson}
          hint={t.geojsonHint}
          rows={4}
          maxlength={200_000}
        />
      </details>
    </fieldset>
  );
}

/** The certifications as table rows, with two empty rows to add more; the posted row count comes back as certRows. */
function CertificationRows(props: { t: AreaTexts; certs: CertRow[]; errors: FieldErrors }) {
  const { t, errors: e } = props;
  const blank = { scheme: '', number: '', issuer: '', validFrom: '', validTo: '' };
  const certs = [...props.certs, ...Array.from({ length: BLANK_CERT_ROWS }, () => blank)];
  const schemes = [
    { value: '', label: t.none },
    ...CERTIFICATION_SCHEMES.map((s) => ({ value: s, label: schemeName(s, t) })),
  ];
  return (
    <fieldset>
      <legend>{t.certifications}</legend>
      <p class="hint">{t.certHint}</p>
      <input type="hidden" name="certRows" value={String(certs.length)} />
      <Table head={[t.scheme, t.certNumber, t.issuer, t.validFrom, t.validTo]}>
        {certs.map((r, i) => {
          const name = (f: keyof CertRow) => `certifications.${i}.${f}`;
          return (
            <tr>
              <td>
                <CellSelect
                  name={name('scheme')}
                  label={`${t.scheme} ${i + 1}`}
                  value={r.scheme}
                  error={e[name('scheme')]}
                  options={schemes}
                />
              </td>
              <td>
                <CellInput
                  name={name('number')}
                  label={`${t.certNumber} ${i + 1}`}
                  value={r.number}
                  error={e[name('number')]}
                  maxlength={100}
                />
              </td>
              <td>
                <CellInput
                  name={name('issuer')}
                  label={`${t.issuer} ${i + 1}`}
                  value={r.issuer}
                  error={e[name('issuer')]}
                  maxlength={300}
                />
              </td>
              <td>
                <CellInput
                  type="date"
                  name={name('validFrom')}
                  label={`${t.validFrom} ${i + 1}`}
                  value={r.validFrom}
                  error={e[name('validFrom')]}
                />
              </td>
              <td>
                <CellInput
                  type="date"
                  name={name('validTo')}
                  label={`${t.validTo} ${i + 1}`}
                  value={r.validTo}
                  error={e[name('validTo')]}
                />
              </td>
            </tr>
          );
        })}
      </Table>
    </fieldset>
  );
}
