// Association activities (/console/activities), for association staff: the list by year and the
// form to record one. Recording is two steps without script: choose the unit, then the form,
// which offers the organizations directly below that unit as members that took part. Every read
// and write is an /activities operation, so a unit's staff reach their own area only.
import { Hono } from 'hono';
import type { Organization } from '../../db/organizations-store';
import { vietnamToday } from '../../domain/calendar';
import { ACTIVITY_KINDS, ACTIVITY_KIND_WORDS } from '../../domain/programme-people';
import { activityOps, organizationOps, programmePeopleRecordOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatDate, formatNumber } from '../../pages/i18n';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { num, operatorErrors, opt, readForm, values, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { PROGRAMME_TEXTS } from '../texts/programme';
import { ORGANIZATION_TEXTS } from '../texts/organizations';
import { Done, Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField, TextArea } from '../ui/fields';
import { StaffStyle } from '../ui/styles';

const base = `${CONSOLE_BASE}/activities`;

async function units(deps: AppDeps, c: ConsoleContext): Promise<Organization[]> {
  const all = await fetchAll(deps, c, organizationOps.list, { kind: 'association_unit' });
  return all.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

type FormState = { values: Record<string, string>; members: string[]; errors?: FieldErrors; status?: number };

async function formPage(deps: AppDeps, c: ConsoleContext, unitId: string | undefined, s: FormState) {
  const lang = c.get('lang');
  const t = PROGRAMME_TEXTS[lang];
  const all = await units(deps, c);
  const unit = unitId ? all.find((u) => u.id === unitId) : undefined;
  const below = unit
    ? (await fetchAll(deps, c, organizationOps.list, { parentId: unit.id })).filter(
        (o) => o.kind !== 'association_unit',
      )
    : [];
  const v = s.values;
  const e = s.errors ?? {};
  return page(c, {
    title: t.newActivity,
    status: s.status,
    children: (
      <>
        <StaffStyle />
        <p>
          <a href={base}>← {t.activities}</a>
        </p>
        <h1>{t.newActivity}</h1>
        <form method="get" action={`${base}/new`} class="narrow">
          <SelectField
            name="unitId"
            label={t.assocUnit}
            value={unit?.id}
            required
            options={[{ value: '', label: t.chooseUnit }, ...all.map((u) => ({ value: u.id, label: u.name }))]}
          />
          <button type="submit">{t.show}</button>
        </form>
        {unit ? (
          <>
            {Object.keys(e).length ? (
              <Notice kind="error">
                <p>{e._form ?? e.unitId ?? t.fixBelowKept}</p>
              </Notice>
            ) : null}
            <form method="post" action={`${base}/new`} novalidate class="narrow">
              <CsrfInput token={c.get('session')?.csrfToken} />
              <input type="hidden" name="unitId" value={unit.id} />
              <h2>{unit.name}</h2>
              <Field name="heldOn" type="date" label={t.heldOn} value={v.heldOn} error={e.heldOn} required />
              <SelectField
                name="kind"
                label={t.kind}
                value={v.kind}
                error={e.kind}
                required
                options={ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_WORDS[k][lang] }))}
              />
              <Field name="topic" label={t.topic} value={v.topic} error={e.topic} required maxlength={300} />
              <Field name="place" label={t.place} value={v.place} error={e.place} maxlength={300} />
              <Field
                name="participants"
                label={t.participants}
                value={v.participants}
                error={e.participants}
                inputmode="numeric"
                required
              />
              <TextArea name="note" label={t.note} value={v.note} error={e.note} maxlength={2000} />
              {below.length ? (
                <fieldset>
                  <legend>{t.members}</legend>
                  {below.map((o, i) => (
                    <div>
                      <label for={`m-${i}`}>
                        <input
                          id={`m-${i}`}
                          type="checkbox"
                          name="organizationIds"
                          value={o.id}
                          checked={s.members.includes(o.id)}
                        />{' '}
                        {o.name}
                      </label>
                    </div>
                  ))}
                  {e.organizationIds ? <p class="ferr">{e.organizationIds}</p> : null}
                </fieldset>
              ) : null}
              <button type="submit">{t.save}</button>
            </form>
          </>
        ) : null}
      </>
    ),
  });
}

function activitiesRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('admin', 'staff'));

  r.get('/', async (c) => {
    const lang = c.get('lang');
    const t = PROGRAMME_TEXTS[lang];
    const year = /^\d{4}$/.test(c.req.query('year') ?? '') ? c.req.query('year') : undefined;
    const cursor = c.req.query('cursor') || undefined;
    const p = await callOp(deps, c, activityOps.list, { query: { year, limit: '100', cursor } });
    const thisYear = Number(vietnamToday(deps.clock()).slice(0, 4));
    const years = Array.from({ length: Math.max(1, thisYear - 2021) }, (_, i) => String(thisYear - i));
    return page(c, {
      title: t.activities,
      children: (
        <>
          <StaffStyle />
          <h1>{t.activities}</h1>
          <p>{t.activitiesIntro}</p>
          <Done text={c.req.query('done') === 'saved' ? t.savedActivity : undefined} />
          <p class="actions">
            <a href={`${base}/new`}>{t.newActivity}</a>{' '}
            <a href={`${base}/without${year ? `?year=${year}` : ''}`}>{t.unitsWithout}</a>
          </p>
          <form method="get" action={base} class="narrow">
            <SelectField
              name="year"
              label={t.year}
              value={year ?? ''}
              options={[{ value: '', label: t.all }, ...years.map((y) => ({ value: y, label: y }))]}
            />
            <button type="submit">{t.show}</button>
          </form>
          {p.items.length ? (
            <Table head={[t.heldOn, t.assocUnit, t.kind, t.topic, t.participants]}>
              {p.items.map((a) => (
                <tr>
                  <td>{formatDate(lang, a.heldOn)}</td>
                  <td>{a.unitName}</td>
                  <td>{ACTIVITY_KIND_WORDS[a.kind][lang]}</td>
                  <td>{a.topic}</td>
                  <td>{formatNumber(lang, a.participants, 0)}</td>
                </tr>
              ))}
            </Table>
          ) : (
            <p>{t.noActivities}</p>
          )}
          {p.nextCursor ? (
            <p class="actions">
              <a href={`${base}?${new URLSearchParams({ ...(year ? { year } : {}), cursor: p.nextCursor })}`}>
                {t.nextPage} →
              </a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  // the drill-down of target (1): the units with no activity in a year (or in some year of the period)
  r.get('/without', async (c) => {
    const lang = c.get('lang');
    const t = PROGRAMME_TEXTS[lang];
    const year = /^\d{4}$/.test(c.req.query('year') ?? '') ? c.req.query('year') : undefined;
    const rec = await callOp(deps, c, programmePeopleRecordOps.unitsWithoutActivity, { query: { year } });
    const levels = ORGANIZATION_TEXTS[lang].levels;
    return page(c, {
      title: t.unitsWithout,
      children: (
        <>
          <StaffStyle />
          <p>
            <a href={base}>← {t.activities}</a>
          </p>
          <h1>
            {t.unitsWithout} ({rec.count})
          </h1>
          <p>{t.unitsWithoutIntro(year ?? `${t.wholePeriod} ${rec.from}–${rec.to}`)}</p>
          {rec.items.length ? (
            <Table head={[t.assocUnit, t.level, t.yearsWithout]}>
              {rec.items.map((u) => (
                <tr>
                  <td>
                    {u.name}
                    {u.parentName ? <span class="muted"> · {u.parentName}</span> : null}
                  </td>
                  <td>{levels[u.associationLevel] ?? u.associationLevel}</td>
                  <td>{u.yearsWithout.join(', ')}</td>
                </tr>
              ))}
            </Table>
          ) : (
            <p>{t.nobody}</p>
          )}
        </>
      ),
    });
  });

  r.get('/new', (c) => formPage(deps, c, c.req.query('unitId') || undefined, { values: {}, members: [] }));

  r.post('/new', async (c) => {
    const form = await readForm(c);
    const v = values(form, ['unitId', 'heldOn', 'kind', 'topic', 'place', 'participants', 'note']);
    const members = form.getAll('organizationIds').map(String);
    const res = await submitOp(deps, c, activityOps.create, {
      body: {
        unitId: v.unitId,
        heldOn: v.heldOn,
        kind: v.kind as (typeof ACTIVITY_KINDS)[number],
        topic: v.topic,
        place: opt(v.place) ?? null,
        participants: num(v.participants) as number,
        note: opt(v.note) ?? null,
        organizationIds: members,
      },
    });
    if (!res.ok) {
      const errors = operatorErrors(res.error, c.get('lang'));
      for (const k of Object.keys(errors)) if (k.startsWith('organizationIds.')) errors.organizationIds ??= errors[k]!;
      return formPage(deps, c, v.unitId, { values: v, members, errors, status: res.error.status });
    }
    return c.redirect(`${base}?done=saved`, 303);
  });
  return r;
}

export const activitiesModule: ConsoleModule = {
  path: '/activities',
  routes: activitiesRoutes,
  nav: [{ href: '/activities', label: inLanguages(PROGRAMME_TEXTS, (t) => t.activities), roles: ['admin', 'staff'] }],
};
