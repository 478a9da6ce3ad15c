// Harvest lots of the signed-in cooperative: the list (newest first, with what remains of each)
// and the form that records one (POST /harvest-lots) from an area it operates or holds a
// supply contract for.
import { Hono } from 'hono';
import { vietnamToday } from '../../domain/calendar';
import { UNITS, type Unit } from '../../db/harvests-store';
import { areaOps, harvestOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatDate, SCHEME_NAMES } from '../../pages/i18n';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { operatorErrors, type FieldErrors, num, opt, readForm, values as formValues } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { KT, kt, UNIT_NAMES } from './i18n';
import { coopOnly, ownOrg } from '../auth';
import { Done, FormErrors, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField, TextArea } from '../ui/fields';
import { qty } from '../ui/format';
import { CoopStyle } from '../ui/styles';

const HARVEST_FIELDS = ['areaId', 'harvestedOn', 'quantity', 'unit', 'code', 'notes'] as const;

function harvestsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/', coopOnly, async (c) => {
    const t = kt(c);
    const lang = c.get('lang');
    const cursor = c.req.query('cursor');
    const [lots, areas] = await Promise.all([
      callOp(deps, c, harvestOps.list, { query: { order: 'newest', limit: '50', cursor } }),
      fetchAll(deps, c, areaOps.list),
    ]);
    const areaName = new Map(areas.map((a) => [a.id, a.name]));
    const done = /^[A-Za-z0-9._/-]{1,40}$/.exec(c.req.query('done') ?? '')?.[0];
    return page(c, {
      title: t.harvests,
      children: (
        <>
          <CoopStyle />
          <h1>{t.harvests}</h1>
          <Done text={done ? t.harvestCreated(done) : undefined} />
          <p><a href={`${CONSOLE_BASE}/harvests/new`}>{t.newHarvest}</a></p>
          {lots.items.length ? (
            <Table head={[t.harvestCode, t.harvestedOn, t.harvestArea, t.quantity, t.drawn, t.remaining, t.certSnapshot]}>
              {lots.items.map((l) => (
                <tr>
                  <td>{l.code}</td>
                  <td>{formatDate(lang, l.harvestedOn)}</td>
                  <td><a href={`${CONSOLE_BASE}/areas/${l.areaId}`}>{areaName.get(l.areaId) ?? l.areaId}</a></td>
                  <td class="num">{qty(lang, l.quantity, l.unit)}</td>
                  <td class="num">{qty(lang, l.drawn, l.unit)}</td>
                  <td class="num"><b>{qty(lang, l.remaining, l.unit)}</b></td>
                  <td>{l.certifications.map((x) => SCHEME_NAMES[x.scheme] || x.scheme).join(', ') || t.none}{l.notes ? <><br /><span class="muted">{l.notes}</span></> : null}</td>
                </tr>
              ))}
            </Table>
          ) : <p>{t.noHarvests}</p>}
          {lots.nextCursor ? <p><a href={`${CONSOLE_BASE}/harvests?cursor=${lots.nextCursor}`}>{t.next}</a></p> : null}
          {cursor ? <p><a href={`${CONSOLE_BASE}/harvests`}>{t.first}</a></p> : null}
        </>
      ),
    });
  });

  const form = async (c: ConsoleContext, s: { values: Record<string, string>; errors?: FieldErrors; status?: number }) => {
    const t = kt(c);
    const lang = c.get('lang');
    const areas = await fetchAll(deps, c, areaOps.list);
    const org = ownOrg(c);
    const v = s.values;
    const e = s.errors ?? {};
    return page(c, {
      title: t.newHarvest,
      status: s.status,
      children: (
        <section class="narrow">
          <p><a href={`${CONSOLE_BASE}/harvests`}>← {t.harvests}</a></p>
          <h1>{t.newHarvest}</h1>
          {areas.length ? null : <p class="card errsum">{t.noAreasYet} <a href={`${CONSOLE_BASE}/areas/new`}>{t.newArea}</a></p>}
          <FormErrors errors={e} shown={(k) => HARVEST_FIELDS.includes(k as never)} title={t.fixBelow} />
          <form method="post" action={`${CONSOLE_BASE}/harvests/new`} novalidate>
            <CsrfInput token={c.get('session')?.csrfToken} />
            <SelectField name="areaId" label={t.harvestArea} value={v.areaId} error={e.areaId} required
              options={[{ value: '', label: t.choose }, ...areas.map((a) => ({ value: a.id, label: `${a.name} (${a.code})${a.operatorId === org ? '' : ` — ${t.underContract}`}` }))]} />
            <Field name="harvestedOn" type="date" label={t.harvestedOn} value={v.harvestedOn} error={e.harvestedOn} required />
            <div class="row">
              <Field name="quantity" label={t.quantity} value={v.quantity} error={e.quantity} required inputmode="decimal" />
              <SelectField name="unit" label={t.unit} value={v.unit || 'kg'} error={e.unit} options={UNITS.map((u) => ({ value: u, label: UNIT_NAMES[lang][u] ?? u }))} />
            </div>
            <Field name="code" label={`${t.harvestCode} ${t.optional}`} value={v.code} error={e.code} hint={t.harvestCodeHint} maxlength={40} />
            <TextArea name="notes" label={`${t.notes} ${t.optional}`} value={v.notes} error={e.notes} maxlength={2000} />
            <button type="submit">{t.save}</button>
          </form>
        </section>
      ),
    });
  };

  r.get('/new', coopOnly, (c) => form(c, { values: { harvestedOn: vietnamToday(deps.clock()), unit: 'kg', areaId: c.req.query('areaId') ?? '' } }));

  r.post('/new', coopOnly, async (c) => {
    const t = kt(c);
    const v = formValues(await readForm(c), HARVEST_FIELDS);
    const res = await submitOp(deps, c, harvestOps.create, {
      body: {
        areaId: v.areaId, harvestedOn: v.harvestedOn, code: opt(v.code), notes: opt(v.notes) ?? null,
        // As typed and chosen: a missing or nonsense quantity (see num), an unknown unit, is the API's
        // schema to refuse, beside the field.
        quantity: num(v.quantity) as number, unit: v.unit as Unit,
      },
    });
    if (!res.ok) {
      const errors = res.error.code === 'AREA_NOT_LINKED' ? { areaId: t.areaNotLinked }
        : res.error.code === 'DUPLICATE' ? { code: res.error.message }
        : operatorErrors(res.error, c.get('lang'));
      if (errors.areaId && !v.areaId) errors.areaId = t.required;
      return form(c, { values: v, errors, status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/harvests?done=${encodeURIComponent(res.body.code)}`, 303);
  });
  return r;
}

export const harvestsModule: ConsoleModule = {
  path: '/harvests',
  routes: harvestsRoutes,
  nav: [{ href: '/harvests', label: { vi: KT.vi.navHarvests, en: KT.en.navHarvests }, roles: ['cooperative'] }],
};
