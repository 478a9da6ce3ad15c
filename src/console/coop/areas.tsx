// Raw-material areas and supply contracts of the signed-in cooperative: list, view, add, edit
// (/console/areas, /console/contracts). Every read and write is the /areas or /contracts
// operation, so a cooperative sees and changes only its own, exactly as with its API key.
import { Hono } from 'hono';
import { vietnamToday } from '../../domain/calendar';
import type { Area, Certification, SupplyContract } from '../../db/areas-store';
import { CERTIFICATION_SCHEMES } from '../../db/areas-store';
import type { Organization } from '../../db/organizations-store';
import { AppError } from '../../errors';
import { areaOps, harvestOps, organizationOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatDate, formatNumber, SCHEME_NAMES, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { operatorErrors, field, type FieldErrors, list, num, opt, readForm, renameErrors, values as formValues } from '../form';
import { callOp, fetchAll, submitOp, type BodyOf } from '../ops';
import { page } from '../render';
import { coopHomePanel } from '../home/routes';
import { KT, kt, type CoopTexts } from './i18n';
import { coopOnly, ownOrg } from '../auth';
import { Done, FormErrors, Table } from '../ui/blocks';
import { CellInput, CellSelect, CsrfInput, Field, SelectField, TextArea } from '../ui/fields';
import { qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';

const AREA_FIELDS = ['code', 'name', 'province', 'commune', 'lat', 'lon', 'geojson', 'areaHa', 'crops', 'households', 'plantingAreaCode'] as const;
const CERT_FIELDS = ['scheme', 'number', 'issuer', 'validFrom', 'validTo'] as const;
const BLANK_CERT_ROWS = 2;
const MAX_CERT_ROWS = 50;

type Values = Record<string, string>;
type CertRow = Record<(typeof CERT_FIELDS)[number], string>;

const schemeName = (s: string, lang: Lang) => (s === 'other' ? (lang === 'vi' ? 'Khác' : 'Other') : SCHEME_NAMES[s] ?? s);

/** The form's values for an existing area (a Point as latitude/longitude, anything else as GeoJSON). */
function areaValues(a: Area): { values: Values; certs: CertRow[] } {
  const loc = a.location;
  const point = loc.type === 'Point' && loc.coordinates.length === 2 ? loc.coordinates : null;
  return {
    values: {
      code: a.code, name: a.name, province: a.province, commune: a.commune ?? '',
      lat: point ? String(point[1]) : '', lon: point ? String(point[0]) : '', geojson: point ? '' : JSON.stringify(loc),
      areaHa: String(a.areaHa), crops: a.crops.join(', '), households: String(a.households), plantingAreaCode: a.plantingAreaCode ?? '',
    },
    certs: a.certifications.map((c) => ({ scheme: c.scheme, number: c.number, issuer: c.issuer, validFrom: c.validFrom, validTo: c.validTo })),
  };
}

/** Reads the area form into the API body; problems only the page can see (unreadable GeoJSON) come back as errors. */
function readAreaForm(form: FormData, lang: Lang) {
  const t = KT[lang];
  const v = formValues(form, AREA_FIELDS);
  const rows = Math.min(MAX_CERT_ROWS, Math.max(0, Number(field(form, 'certRows')) || 0));
  const certs: CertRow[] = [];
  for (let i = 0; i < rows; i++) certs.push(Object.fromEntries(CERT_FIELDS.map((f) => [f, field(form, `certifications.${i}.${f}`)])) as CertRow);
  const rowOf: number[] = [];
  const certifications = certs.flatMap((row, i) => {
    if (!CERT_FIELDS.some((f) => row[f].trim())) return [];
    rowOf.push(i);
    // The scheme as posted: one the API does not know is its schema's to refuse, beside the field.
    const scheme = row.scheme as Certification['scheme'];
    return [{ scheme, number: row.number, issuer: row.issuer, validFrom: row.validFrom, validTo: row.validTo }];
  });
  const pre: FieldErrors = {};
  let location: unknown;
  if (v.geojson.trim()) {
    try {
      location = JSON.parse(v.geojson);
    } catch {
      pre.geojson = t.geojsonBad;
    }
  } else if (v.lat.trim() || v.lon.trim()) {
    location = { type: 'Point', coordinates: [num(v.lon), num(v.lat)] };
  }
  const body: Omit<BodyOf<typeof areaOps.create>, 'operatorId'> = {
    code: v.code, name: v.name, province: v.province, commune: opt(v.commune) ?? null,
    // Parsed from what was typed but not checked (or absent): the API's schema refuses it beside the field.
    location: location as BodyOf<typeof areaOps.create>['location'],
    // '' is undefined and nonsense NaN (see num): the API's schema refuses either beside the field.
    areaHa: num(v.areaHa) as number,
    crops: list(v.crops), households: num(v.households) ?? 0,
    plantingAreaCode: opt(v.plantingAreaCode) ?? null, certifications,
  };
  const rename = (k: string) => {
    if (k.startsWith('location')) {
      if (v.geojson.trim()) return 'geojson';
      if (k === 'location.coordinates.0') return 'lon';
      if (k === 'location.coordinates.1') return 'lat';
      return 'location';
    }
    const m = /^certifications\.(\d+)(\..*)?$/.exec(k);
    if (m) return `certifications.${rowOf[Number(m[1])] ?? 0}${m[2] ?? ''}`;
    return undefined;
  };
  const noLocation = location === undefined && !pre.geojson;
  /** The operation's refusal as messages beside this form's fields. */
  const errors = (err: AppError): FieldErrors => {
    if (err.code === 'DUPLICATE') return { code: err.message };
    const e = renameErrors(operatorErrors(err, lang), rename);
    if (noLocation && e.location) e.location = t.locationMissing;
    return e;
  };
  return { v, certs, body, pre, errors };
}

function AreaForm(props: { c: ConsoleContext; action: string; title: string; values: Values; certs: CertRow[]; errors: FieldErrors; back: string }) {
  const { c, values: v, errors: e } = props;
  const t = kt(c);
  const lang = c.get('lang');
  const certs = [...props.certs, ...Array.from({ length: BLANK_CERT_ROWS }, () => ({ scheme: '', number: '', issuer: '', validFrom: '', validTo: '' }))];
  const shown = (k: string) => AREA_FIELDS.includes(k as never) || k === 'location' || /^certifications\.\d+\.\w+$/.test(k);
  return (
    <>
      <CoopStyle />
      <p><a href={props.back}>← {t.cancel}</a></p>
      <h1>{props.title}</h1>
      <FormErrors errors={e} shown={shown} title={t.fixBelow} />
      <form method="post" action={props.action} novalidate>
        <CsrfInput token={c.get('session')?.csrfToken} />
        <section>
          <div class="row">
            <Field name="code" label={t.areaCode} value={v.code} error={e.code} hint={t.areaCodeHint} required maxlength={40} />
            <Field name="name" label={t.areaName} value={v.name} error={e.name} required maxlength={300} />
          </div>
          <div class="row">
            <Field name="province" label={t.province} value={v.province} error={e.province} required maxlength={100} />
            <Field name="commune" label={`${t.commune} ${t.optional}`} value={v.commune} error={e.commune} maxlength={100} />
          </div>
          <div class="row">
            <Field name="areaHa" label={t.areaHa} value={v.areaHa} error={e.areaHa} required inputmode="decimal" />
            <Field name="households" label={t.households} value={v.households} error={e.households} inputmode="numeric" />
            <Field name="plantingAreaCode" label={`${t.plantingAreaCode} ${t.optional}`} value={v.plantingAreaCode} error={e.plantingAreaCode} maxlength={50} />
          </div>
          <Field name="crops" label={t.crops} value={v.crops} error={e.crops} hint={t.cropsHint} />
        </section>
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
            <TextArea name="geojson" label={t.geojson} value={v.geojson} error={e.geojson} hint={t.geojsonHint} rows={4} maxlength={200_000} />
          </details>
        </fieldset>
        <fieldset>
          <legend>{t.certifications}</legend>
          <p class="hint">{t.certHint}</p>
          <input type="hidden" name="certRows" value={String(certs.length)} />
          <Table head={[t.scheme, t.certNumber, t.issuer, t.validFrom, t.validTo]}>
            {certs.map((r, i) => (
              <tr>
                <td><CellSelect name={`certifications.${i}.scheme`} label={`${t.scheme} ${i + 1}`} value={r.scheme} error={e[`certifications.${i}.scheme`]}
                  options={[{ value: '', label: t.none }, ...CERTIFICATION_SCHEMES.map((s) => ({ value: s, label: schemeName(s, lang) }))]} /></td>
                <td><CellInput name={`certifications.${i}.number`} label={`${t.certNumber} ${i + 1}`} value={r.number} error={e[`certifications.${i}.number`]} maxlength={100} /></td>
                <td><CellInput name={`certifications.${i}.issuer`} label={`${t.issuer} ${i + 1}`} value={r.issuer} error={e[`certifications.${i}.issuer`]} maxlength={300} /></td>
                <td><CellInput type="date" name={`certifications.${i}.validFrom`} label={`${t.validFrom} ${i + 1}`} value={r.validFrom} error={e[`certifications.${i}.validFrom`]} /></td>
                <td><CellInput type="date" name={`certifications.${i}.validTo`} label={`${t.validTo} ${i + 1}`} value={r.validTo} error={e[`certifications.${i}.validTo`]} /></td>
              </tr>
            ))}
          </Table>
        </fieldset>
        <button type="submit">{t.save}</button>
      </form>
    </>
  );
}

function locationText(a: Area, t: CoopTexts, lang: Lang) {
  if (a.location.type === 'Point') return `${formatNumber(lang, a.location.coordinates[1], 6)}, ${formatNumber(lang, a.location.coordinates[0], 6)}`;
  return t.polygon(a.location.coordinates[0]?.length ?? 0);
}

const inForce = (k: SupplyContract, day: string) => k.startsOn <= day && day <= k.endsOn;

async function ownOrganization(deps: AppDeps, c: ConsoleContext): Promise<Organization | null> {
  try {
    return await callOp(deps, c, organizationOps.get, { params: { id: ownOrg(c) } });
  } catch {
    return null;
  }
}

function areasRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/', coopOnly, async (c) => {
    const t = kt(c);
    const lang = c.get('lang');
    const org = ownOrg(c);
    const [areas, contracts] = await Promise.all([fetchAll(deps, c, areaOps.list), fetchAll(deps, c, areaOps.listContracts)]);
    const areaName = new Map(areas.map((a) => [a.id, `${a.name} (${a.code})`]));
    const day = vietnamToday(deps.clock());
    return page(c, {
      title: t.areas,
      children: (
        <>
          <CoopStyle />
          <h1>{t.areas}</h1>
          <p><a href={`${CONSOLE_BASE}/areas/new`}>{t.newArea}</a></p>
          {areas.length ? (
            <Table head={[t.areaCode, t.areaName, t.commune, t.areaHa, t.crops, t.certifications, t.howHeld]}>
              {areas.map((a) => (
                <tr>
                  <td><a href={`${CONSOLE_BASE}/areas/${a.id}`}>{a.code}</a></td>
                  <td>{a.name}</td>
                  <td>{a.commune ?? t.none}, {a.province}</td>
                  <td class="num">{formatNumber(lang, a.areaHa)}</td>
                  <td>{a.crops.join(', ') || t.none}</td>
                  <td>{a.certifications.map((x) => schemeName(x.scheme, lang)).join(', ') || t.none}</td>
                  <td>{a.operatorId === org ? t.operatedByUs : t.underContract}</td>
                </tr>
              ))}
            </Table>
          ) : <p>{t.noAreas}</p>}
          <h2 id="contracts">{t.contracts}</h2>
          <p><a href={`${CONSOLE_BASE}/contracts/new`}>{t.newContract}</a></p>
          {contracts.length ? (
            <Table head={[t.contractNumber, t.contractArea, t.startsOn, t.endsOn, t.status]}>
              {contracts.map((k) => (
                <tr>
                  <td><a href={`${CONSOLE_BASE}/contracts/${k.id}`}>{k.number}</a></td>
                  <td>{areaName.get(k.areaId) ?? k.areaId}</td>
                  <td>{formatDate(lang, k.startsOn)}</td>
                  <td>{formatDate(lang, k.endsOn)}</td>
                  <td>{inForce(k, day) ? t.inForce : t.notInForce}</td>
                </tr>
              ))}
            </Table>
          ) : <p>{t.noContracts}</p>}
        </>
      ),
    });
  });

  const newForm = (c: ConsoleContext, s: { values: Values; certs: CertRow[]; errors?: FieldErrors; status?: number }) =>
    page(c, {
      title: kt(c).newArea,
      status: s.status,
      children: <AreaForm c={c} action={`${CONSOLE_BASE}/areas/new`} title={kt(c).newArea} values={s.values} certs={s.certs} errors={s.errors ?? {}} back={`${CONSOLE_BASE}/areas`} />,
    });

  r.get('/new', coopOnly, async (c) => {
    const org = await ownOrganization(deps, c);
    return newForm(c, { values: { province: org?.province ?? '', commune: org?.commune ?? '', households: '0' }, certs: [] });
  });

  r.post('/new', coopOnly, async (c) => {
    const f = readAreaForm(await readForm(c), c.get('lang'));
    if (Object.keys(f.pre).length) return newForm(c, { values: f.v, certs: f.certs, errors: f.pre, status: 400 });
    const res = await submitOp(deps, c, areaOps.create, { body: { ...f.body, operatorId: ownOrg(c) } });
    if (!res.ok) return newForm(c, { values: f.v, certs: f.certs, errors: f.errors(res.error), status: res.error.status });
    return c.redirect(`${CONSOLE_BASE}/areas/${res.body.id}?done=created`, 303);
  });

  r.get('/:id', coopOnly, async (c) => {
    const t = kt(c);
    const lang = c.get('lang');
    const id = c.req.param('id');
    const a = await callOp(deps, c, areaOps.get, { params: { id } });
    const [contracts, lots] = await Promise.all([
      fetchAll(deps, c, areaOps.listContracts, { areaId: a.id }, 200),
      callOp(deps, c, harvestOps.list, { query: { areaId: a.id, order: 'newest', limit: '10' } }),
    ]);
    const mine = a.operatorId === ownOrg(c);
    const day = vietnamToday(deps.clock());
    const done = c.req.query('done');
    return page(c, {
      title: a.name,
      children: (
        <>
          <CoopStyle />
          <p><a href={`${CONSOLE_BASE}/areas`}>← {t.areas}</a></p>
          <h1>{a.name}</h1>
          <Done text={done === 'created' ? t.created : done === 'updated' ? t.updated : undefined} />
          <section>
            <dl>
              <dt>{t.areaCode}</dt><dd>{a.code}</dd>
              <dt>{t.howHeld}</dt><dd>{mine ? t.operatedByUs : t.underContract}</dd>
              <dt>{t.commune}</dt><dd>{a.commune ?? t.none}, {a.province}</dd>
              <dt>{t.areaHa}</dt><dd>{formatNumber(lang, a.areaHa)}</dd>
              <dt>{t.households}</dt><dd>{a.households}</dd>
              <dt>{t.crops}</dt><dd>{a.crops.join(', ') || t.none}</dd>
              <dt>{t.plantingAreaCode}</dt><dd>{a.plantingAreaCode ?? t.none}</dd>
              <dt>{t.location}</dt><dd>{locationText(a, t, lang)}</dd>
            </dl>
            {mine ? <p><a href={`${CONSOLE_BASE}/areas/${a.id}/edit`}>{t.edit}</a></p> : <p class="muted">{t.onlyOperatorEdits}</p>}
          </section>
          <h2>{t.certifications}</h2>
          {a.certifications.length ? (
            <Table head={[t.scheme, t.certNumber, t.issuer, t.validFrom, t.validTo]}>
              {a.certifications.map((x: Certification) => (
                <tr><td>{schemeName(x.scheme, lang)}</td><td>{x.number}</td><td>{x.issuer}</td><td>{formatDate(lang, x.validFrom)}</td><td>{formatDate(lang, x.validTo)}</td></tr>
              ))}
            </Table>
          ) : <p>{t.noCerts}</p>}
          <h2>{t.contracts}</h2>
          {contracts.length ? (
            <ul>{contracts.map((k) => <li><a href={`${CONSOLE_BASE}/contracts/${k.id}`}>{k.number}</a> — {formatDate(lang, k.startsOn)} → {formatDate(lang, k.endsOn)} ({inForce(k, day) ? t.inForce : t.notInForce})</li>)}</ul>
          ) : <p>{t.noContracts}</p>}
          <h2>{t.harvests}</h2>
          {lots.items.length ? (
            <ul>{lots.items.map((l) => <li>{l.code} — {formatDate(lang, l.harvestedOn)}, {qty(lang, l.quantity, l.unit)} ({t.remaining}: {qty(lang, l.remaining, l.unit)})</li>)}</ul>
          ) : <p>{t.noHarvests}</p>}
        </>
      ),
    });
  });

  const editForm = (c: ConsoleContext, a: Area, s: { values: Values; certs: CertRow[]; errors?: FieldErrors; status?: number }) =>
    page(c, {
      title: kt(c).editArea,
      status: s.status,
      children: <AreaForm c={c} action={`${CONSOLE_BASE}/areas/${a.id}/edit`} title={`${kt(c).editArea}: ${a.name}`} values={s.values} certs={s.certs} errors={s.errors ?? {}} back={`${CONSOLE_BASE}/areas/${a.id}`} />,
    });

  /** The area when the operator may edit it: another's answers 404 (the read), a contracted one 403. */
  async function editable(c: ConsoleContext): Promise<Area> {
    const a = await callOp(deps, c, areaOps.get, { params: { id: c.req.param('id') ?? '' } });
    if (a.operatorId !== ownOrg(c)) throw new AppError('FORBIDDEN', 'Only the operator of an area may change it');
    return a;
  }

  r.get('/:id/edit', coopOnly, async (c) => {
    const a = await editable(c);
    return editForm(c, a, areaValues(a));
  });

  r.post('/:id/edit', coopOnly, async (c) => {
    const a = await editable(c);
    const f = readAreaForm(await readForm(c), c.get('lang'));
    if (Object.keys(f.pre).length) return editForm(c, a, { values: f.v, certs: f.certs, errors: f.pre, status: 400 });
    const res = await submitOp(deps, c, areaOps.update, { params: { id: a.id }, body: f.body });
    if (!res.ok) return editForm(c, a, { values: f.v, certs: f.certs, errors: f.errors(res.error), status: res.error.status });
    return c.redirect(`${CONSOLE_BASE}/areas/${a.id}?done=updated`, 303);
  });
  return r;
}

// ---- supply contracts ----

const CONTRACT_FIELDS = ['areaId', 'otherAreaId', 'number', 'startsOn', 'endsOn'] as const;

function ContractFields(props: { t: CoopTexts; v: Values; e: FieldErrors; areas?: Area[] }) {
  const { t, v, e } = props;
  return (
    <>
      {props.areas ? (
        <>
          <SelectField name="areaId" label={t.contractArea} value={v.areaId} error={e.areaId}
            options={[{ value: '', label: t.choose }, ...props.areas.map((a) => ({ value: a.id, label: `${a.name} (${a.code})` }))]} />
          <Field name="otherAreaId" label={t.otherAreaId} value={v.otherAreaId} error={e.otherAreaId} hint={t.otherAreaIdHint} maxlength={36} autocomplete="off" />
        </>
      ) : null}
      <Field name="number" label={t.contractNumber} value={v.number} error={e.number} required maxlength={100} />
      <div class="row">
        <Field name="startsOn" type="date" label={t.startsOn} value={v.startsOn} error={e.startsOn} required />
        <Field name="endsOn" type="date" label={t.endsOn} value={v.endsOn} error={e.endsOn} required />
      </div>
    </>
  );
}

function contractsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/', coopOnly, (c) => c.redirect(`${CONSOLE_BASE}/areas#contracts`, 303));

  const newForm = async (c: ConsoleContext, s: { values: Values; errors?: FieldErrors; status?: number }) => {
    const t = kt(c);
    const areas = await fetchAll(deps, c, areaOps.list);
    const e = s.errors ?? {};
    return page(c, {
      title: t.newContract,
      status: s.status,
      children: (
        <section class="narrow">
          <p><a href={`${CONSOLE_BASE}/areas#contracts`}>← {t.cancel}</a></p>
          <h1>{t.newContract}</h1>
          <FormErrors errors={e} shown={(k) => CONTRACT_FIELDS.includes(k as never)} title={t.fixBelow} />
          <form method="post" action={`${CONSOLE_BASE}/contracts/new`} novalidate>
            <CsrfInput token={c.get('session')?.csrfToken} />
            <ContractFields t={t} v={s.values} e={e} areas={areas} />
            <button type="submit">{t.save}</button>
          </form>
        </section>
      ),
    });
  };

  r.get('/new', coopOnly, (c) => newForm(c, { values: {} }));

  r.post('/new', coopOnly, async (c) => {
    const t = kt(c);
    const v = formValues(await readForm(c), CONTRACT_FIELDS);
    const other = v.otherAreaId.trim();
    const res = await submitOp(deps, c, areaOps.createContract, {
      body: { areaId: other || v.areaId, cooperativeId: ownOrg(c), number: v.number, startsOn: v.startsOn, endsOn: v.endsOn },
    });
    if (!res.ok) {
      const errors = renameErrors(operatorErrors(res.error, c.get('lang')), (k) => (k === 'areaId' && other ? 'otherAreaId' : k === 'cooperativeId' ? '_form' : undefined));
      if (errors.areaId && !v.areaId) errors.areaId = t.required;
      return newForm(c, { values: v, errors, status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/contracts/${res.body.id}?done=created`, 303);
  });

  const view = async (c: ConsoleContext, k: SupplyContract, s: { values?: Values; errors?: FieldErrors; status?: number; done?: string } = {}) => {
    const t = kt(c);
    const lang = c.get('lang');
    const area = await callOp(deps, c, areaOps.get, { params: { id: k.areaId } });
    const mine = k.cooperativeId === ownOrg(c);
    const e = s.errors ?? {};
    return page(c, {
      title: `${t.contract} ${k.number}`,
      status: s.status,
      children: (
        <>
          <p><a href={`${CONSOLE_BASE}/areas#contracts`}>← {t.contracts}</a></p>
          <h1>{t.contract} {k.number}</h1>
          <Done text={s.done === 'created' ? t.created : s.done === 'updated' ? t.updated : undefined} />
          <section>
            <dl>
              <dt>{t.contractArea}</dt><dd><a href={`${CONSOLE_BASE}/areas/${area.id}`}>{area.name} ({area.code})</a></dd>
              <dt>{t.startsOn}</dt><dd>{formatDate(lang, k.startsOn)}</dd>
              <dt>{t.endsOn}</dt><dd>{formatDate(lang, k.endsOn)}</dd>
              <dt>{t.status}</dt><dd>{inForce(k, vietnamToday(deps.clock())) ? t.inForce : t.notInForce}</dd>
            </dl>
          </section>
          {mine ? (
            <section class="narrow">
              <h2>{t.edit}</h2>
              <FormErrors errors={e} shown={(key) => CONTRACT_FIELDS.includes(key as never)} title={t.fixBelow} />
              <form method="post" action={`${CONSOLE_BASE}/contracts/${k.id}`} novalidate>
                <CsrfInput token={c.get('session')?.csrfToken} />
                <ContractFields t={t} v={s.values ?? { number: k.number, startsOn: k.startsOn, endsOn: k.endsOn }} e={e} />
                <button type="submit">{t.save}</button>
              </form>
            </section>
          ) : <p class="muted">{t.notOurContract}</p>}
        </>
      ),
    });
  };

  r.get('/:id', coopOnly, async (c) => {
    const k = await callOp(deps, c, areaOps.getContract, { params: { id: c.req.param('id') } });
    return view(c, k, { done: c.req.query('done') });
  });

  r.post('/:id', coopOnly, async (c) => {
    const k = await callOp(deps, c, areaOps.getContract, { params: { id: c.req.param('id') } });
    const v = formValues(await readForm(c), ['number', 'startsOn', 'endsOn']);
    const res = await submitOp(deps, c, areaOps.updateContract, { params: { id: k.id }, body: v });
    if (!res.ok) return view(c, k, { values: v, errors: operatorErrors(res.error, c.get('lang')), status: res.error.status });
    return c.redirect(`${CONSOLE_BASE}/contracts/${k.id}?done=updated`, 303);
  });
  return r;
}

export const areasModule: ConsoleModule = {
  path: '/areas',
  routes: areasRoutes,
  nav: [{ href: '/areas', label: { vi: KT.vi.navAreas, en: KT.en.navAreas }, roles: ['cooperative'] }],
  home: coopHomePanel,
};

export const contractsModule: ConsoleModule = {
  path: '/contracts',
  routes: contractsRoutes,
};
