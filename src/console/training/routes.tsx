// Training (/console/training) for association staff: the courses, recording one with its
// attendance (tick the people of the organiser's area), a course's page to add attendees, and the
// list of officers and directors with a form to add one. And a cooperative operator's directors
// page (/console/directors): its own directors and group leaders, added or marked as having left.
// Every read and write is a /courses or /people operation.
import { Hono } from 'hono';
import type { Person } from '../../db/programme-people-store';
import {
  COURSE_TOPICS,
  COURSE_TOPIC_WORDS,
  PERSON_ROLES,
  PERSON_ROLE_WORDS,
  type CourseTopic,
  type PersonRole,
} from '../../domain/programme-people';
import { courseOps, organizationOps, personOps, programmePeopleRecordOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatDate, type Lang } from '../../pages/i18n';
import { coopOnly, requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { operatorErrors, opt, readForm, values, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { PROGRAMME_TEXTS, type ProgrammeTexts } from '../texts/programme';
import { Done, Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField } from '../ui/fields';
import { CoopStyle, StaffStyle } from '../ui/styles';

const base = `${CONSOLE_BASE}/training`;
const directorsBase = `${CONSOLE_BASE}/directors`;
/** A page lists at most this many people to tick (search by name for the others). */
const MAX_TICKS = 300;

/** Error keys "attendeeIds.3" / "personIds.3" become one message above the ticks. */
function tickErrors(errors: FieldErrors): FieldErrors {
  for (const k of Object.keys(errors)) if (/^(attendeeIds|personIds)\./.test(k)) errors.attendees ??= errors[k]!;
  return errors;
}

/** People as a table: name, post and organization (a course's attendees, those not yet trained). */
function PeopleTable(props: {
  t: ProgrammeTexts;
  lang: Lang;
  people: readonly { fullName: string; role: Person['role']; organizationName: string | null }[];
}) {
  const { t, lang } = props;
  return (
    <Table head={[t.fullName, t.post, t.org]}>
      {props.people.map((p) => (
        <tr>
          <td>{p.fullName}</td>
          <td>{PERSON_ROLE_WORDS[p.role][lang]}</td>
          <td>{p.organizationName}</td>
        </tr>
      ))}
    </Table>
  );
}

function Ticks(props: {
  t: ProgrammeTexts;
  lang: Lang;
  people: Person[];
  chosen: string[];
  error?: string | undefined;
}) {
  const { t, lang } = props;
  if (!props.people.length) return <p>{t.noPeople}</p>;
  return (
    <fieldset>
      <legend>{t.attendees}</legend>
      <p class="hint">{t.attendeesHint}</p>
      {props.error ? <p class="ferr">{props.error}</p> : null}
      {props.people.map((p, i) => (
        <div>
          <label for={`p-${i}`}>
            <input id={`p-${i}`} type="checkbox" name="personIds" value={p.id} checked={props.chosen.includes(p.id)} />{' '}
            {p.fullName} · {PERSON_ROLE_WORDS[p.role][lang]} · {p.organizationName}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

type CourseForm = { values: Record<string, string>; chosen: string[]; errors?: FieldErrors; status?: number };

async function courseFormPage(deps: AppDeps, c: ConsoleContext, organiserId: string | undefined, s: CourseForm) {
  const lang = c.get('lang');
  const t = PROGRAMME_TEXTS[lang];
  const units = (await fetchAll(deps, c, organizationOps.list, { kind: 'association_unit' })).sort((a, b) =>
    a.name.localeCompare(b.name, 'vi'),
  );
  const organiser = organiserId ? units.find((u) => u.id === organiserId) : undefined;
  const people = organiser
    ? await fetchAll(deps, c, personOps.list, { areaOf: organiser.id, q: c.req.query('q') || undefined }, MAX_TICKS)
    : [];
  const v = s.values;
  const e = s.errors ?? {};
  return page(c, {
    title: t.newCourse,
    status: s.status,
    children: (
      <>
        <StaffStyle />
        <p>
          <a href={base}>← {t.training}</a>
        </p>
        <h1>{t.newCourse}</h1>
        <form method="get" action={`${base}/new`} class="narrow">
          <SelectField
            name="organiserId"
            label={t.organiser}
            value={organiser?.id}
            required
            options={[{ value: '', label: t.chooseUnit }, ...units.map((u) => ({ value: u.id, label: u.name }))]}
          />
          <Field name="q" label={t.fullName} value={c.req.query('q')} maxlength={100} />
          <button type="submit">{t.show}</button>
        </form>
        {organiser ? (
          <>
            {Object.keys(e).length ? (
              <Notice kind="error">
                <p>{e._form ?? e.organiserId ?? t.fixBelowKept}</p>
              </Notice>
            ) : null}
            <form method="post" action={`${base}/new`} novalidate class="narrow">
              <CsrfInput token={c.get('session')?.csrfToken} />
              <input type="hidden" name="organiserId" value={organiser.id} />
              <h2>{organiser.name}</h2>
              <Field name="title" label={t.title} value={v.title} error={e.title} required maxlength={300} />
              <SelectField
                name="topic"
                label={t.courseTopic}
                value={v.topic}
                error={e.topic}
                required
                options={COURSE_TOPICS.map((k) => ({ value: k, label: COURSE_TOPIC_WORDS[k][lang] }))}
              />
              <Field name="topicOther" label={t.topicOther} value={v.topicOther} error={e.topicOther} maxlength={300} />
              <Field name="startsOn" type="date" label={t.startsOn} value={v.startsOn} error={e.startsOn} required />
              <Field name="endsOn" type="date" label={t.endsOn} value={v.endsOn} error={e.endsOn} required />
              <Field name="place" label={t.place} value={v.place} error={e.place} maxlength={300} />
              <Ticks t={t} lang={lang} people={people} chosen={s.chosen} error={e.attendees} />
              <button type="submit">{t.save}</button>
            </form>
          </>
        ) : null}
      </>
    ),
  });
}

async function coursePage(
  deps: AppDeps,
  c: ConsoleContext,
  id: string,
  s: { errors?: FieldErrors; status?: number } = {},
) {
  const lang = c.get('lang');
  const t = PROGRAMME_TEXTS[lang];
  const course = await callOp(deps, c, courseOps.get, { params: { id } });
  const attending = new Set(course.attendeeList.map((p) => p.id));
  const others = (await fetchAll(deps, c, personOps.list, { areaOf: course.organiserId }, MAX_TICKS)).filter(
    (p) => !attending.has(p.id),
  );
  const done = c.req.query('done');
  return page(c, {
    title: course.title,
    status: s.status,
    children: (
      <>
        <StaffStyle />
        <p>
          <a href={base}>← {t.training}</a>
        </p>
        <h1>{course.title}</h1>
        <Done text={done === 'saved' ? t.savedCourse : done === 'added' ? t.addedAttendees : undefined} />
        <dl>
          <dt>{t.organiser}</dt>
          <dd>{course.organiserName}</dd>
          <dt>{t.courseTopic}</dt>
          <dd>{course.topicOther ?? COURSE_TOPIC_WORDS[course.topic][lang]}</dd>
          <dt>{t.startsOn}</dt>
          <dd>
            {formatDate(lang, course.startsOn)} – {formatDate(lang, course.endsOn)}
          </dd>
          {course.place ? (
            <>
              <dt>{t.place}</dt>
              <dd>{course.place}</dd>
            </>
          ) : null}
        </dl>
        <h2>
          {t.attendees} ({course.attendees})
        </h2>
        {course.attendeeList.length ? <PeopleTable t={t} lang={lang} people={course.attendeeList} /> : null}
        {others.length ? (
          <form method="post" action={`${base}/${course.id}/attendees`} class="narrow">
            <CsrfInput token={c.get('session')?.csrfToken} />
            <h2>{t.addAttendees}</h2>
            <Ticks t={t} lang={lang} people={others} chosen={[]} error={s.errors?.attendees ?? s.errors?._form} />
            <button type="submit">{t.addAttendees}</button>
          </form>
        ) : null}
      </>
    ),
  });
}

type PersonForm = { values: Record<string, string>; errors?: FieldErrors; status?: number };

/** Officers and directors (staff: every organization of their area; a cooperative: its own). */
async function peoplePage(deps: AppDeps, c: ConsoleContext, coop: boolean, s: PersonForm = { values: {} }) {
  const lang = c.get('lang');
  const t = PROGRAMME_TEXTS[lang];
  const here = coop ? directorsBase : `${base}/people`;
  const people = await fetchAll(deps, c, personOps.list, {}, 500);
  const orgs = coop
    ? []
    : (await fetchAll(deps, c, organizationOps.list, {}))
        .filter((o) => o.kind !== 'enterprise')
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const roles: readonly PersonRole[] = coop ? ['cooperative_director', 'group_leader'] : PERSON_ROLES;
  const v = s.values;
  const e = s.errors ?? {};
  const title = coop ? t.directors : t.people;
  return page(c, {
    title,
    status: s.status,
    children: (
      <>
        {coop ? <CoopStyle /> : <StaffStyle />}
        {coop ? null : (
          <p>
            <a href={base}>← {t.training}</a>
          </p>
        )}
        <h1>{title}</h1>
        {coop ? <p>{t.directorsIntro}</p> : null}
        <Done text={c.req.query('done') === 'saved' ? t.savedPerson : undefined} />
        {people.length ? (
          <Table head={coop ? [t.fullName, t.post, t.activeFrom, t.activeTo] : [t.fullName, t.post, t.org, t.activeTo]}>
            {people.map((p) => (
              <tr>
                <td>{p.fullName}</td>
                <td>{PERSON_ROLE_WORDS[p.role][lang]}</td>
                <td>{coop ? formatDate(lang, p.activeFrom) : p.organizationName}</td>
                <td>
                  {p.activeTo ? (
                    formatDate(lang, p.activeTo)
                  ) : (
                    <form method="post" action={`${here}/${p.id}/left`}>
                      <CsrfInput token={c.get('session')?.csrfToken} />
                      <label for={`left-${p.id}`}>{t.activeTo}</label>
                      <input id={`left-${p.id}`} type="date" name="activeTo" required />{' '}
                      <button type="submit">{t.leave}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <p>{t.noPeople}</p>
        )}
        <h2>{t.newPerson}</h2>
        {Object.keys(e).length ? (
          <Notice kind="error">
            <p>{e._form ?? t.fixBelowKept}</p>
          </Notice>
        ) : null}
        <form method="post" action={here} novalidate class="narrow">
          <CsrfInput token={c.get('session')?.csrfToken} />
          <Field name="fullName" label={t.fullName} value={v.fullName} error={e.fullName} required maxlength={200} />
          <SelectField
            name="role"
            label={t.post}
            value={v.role}
            error={e.role}
            required
            options={roles.map((r) => ({ value: r, label: PERSON_ROLE_WORDS[r][lang] }))}
          />
          {coop ? null : (
            <SelectField
              name="organizationId"
              label={t.org}
              value={v.organizationId}
              error={e.organizationId}
              required
              options={[{ value: '', label: t.chooseUnit }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
            />
          )}
          <Field name="phone" type="tel" label={t.phone} value={v.phone} error={e.phone} maxlength={30} />
          <Field
            name="activeFrom"
            type="date"
            label={t.activeFrom}
            value={v.activeFrom}
            error={e.activeFrom}
            required
          />
          <Field
            name="activeTo"
            type="date"
            label={t.activeTo}
            value={v.activeTo}
            error={e.activeTo}
            hint={t.activeToHint}
          />
          <button type="submit">{t.save}</button>
        </form>
      </>
    ),
  });
}

async function addPerson(deps: AppDeps, c: ConsoleContext, coop: boolean) {
  const v = values(await readForm(c), ['fullName', 'role', 'organizationId', 'phone', 'activeFrom', 'activeTo']);
  const res = await submitOp(deps, c, personOps.create, {
    body: {
      ...(coop ? {} : { organizationId: v.organizationId }),
      fullName: v.fullName,
      role: v.role as PersonRole,
      phone: opt(v.phone) ?? null,
      activeFrom: v.activeFrom,
      activeTo: opt(v.activeTo) ?? null,
    },
  });
  if (!res.ok)
    return peoplePage(deps, c, coop, {
      values: v,
      errors: operatorErrors(res.error, c.get('lang')),
      status: res.error.status,
    });
  return c.redirect(`${coop ? directorsBase : `${base}/people`}?done=saved`, 303);
}

async function markLeft(deps: AppDeps, c: ConsoleContext, coop: boolean) {
  const v = values(await readForm(c), ['activeTo']);
  const res = await submitOp(deps, c, personOps.update, {
    params: { id: c.req.param('id')! },
    body: { activeTo: v.activeTo },
  });
  if (!res.ok)
    return peoplePage(deps, c, coop, {
      values: {},
      errors: operatorErrors(res.error, c.get('lang')),
      status: res.error.status,
    });
  return c.redirect(`${coop ? directorsBase : `${base}/people`}?done=saved`, 303);
}

function trainingRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('admin', 'staff'));

  r.get('/', async (c) => {
    const lang = c.get('lang');
    const t = PROGRAMME_TEXTS[lang];
    const courses = await fetchAll(deps, c, courseOps.list, {}, 500);
    return page(c, {
      title: t.training,
      children: (
        <>
          <StaffStyle />
          <h1>{t.training}</h1>
          <p>{t.trainingIntro}</p>
          <p class="actions">
            <a href={`${base}/new`}>{t.newCourse}</a> <a href={`${base}/people`}>{t.people}</a>{' '}
            <a href={`${base}/untrained`}>{t.untrained}</a>
          </p>
          {courses.length ? (
            <Table head={[t.startsOn, t.title, t.courseTopic, t.organiser, t.attendees]}>
              {courses
                .sort((a, b) => b.startsOn.localeCompare(a.startsOn))
                .map((x) => (
                  <tr>
                    <td>{formatDate(lang, x.startsOn)}</td>
                    <td>
                      <a href={`${base}/${x.id}`}>{x.title}</a>
                    </td>
                    <td>{x.topicOther ?? COURSE_TOPIC_WORDS[x.topic][lang]}</td>
                    <td>{x.organiserName}</td>
                    <td>{x.attendees}</td>
                  </tr>
                ))}
            </Table>
          ) : (
            <p>{t.noCourses}</p>
          )}
        </>
      ),
    });
  });

  r.get('/new', (c) => courseFormPage(deps, c, c.req.query('organiserId') || undefined, { values: {}, chosen: [] }));

  r.post('/new', async (c) => {
    const form = await readForm(c);
    const v = values(form, ['organiserId', 'title', 'topic', 'topicOther', 'startsOn', 'endsOn', 'place']);
    const chosen = form.getAll('personIds').map(String);
    const res = await submitOp(deps, c, courseOps.create, {
      body: {
        organiserId: v.organiserId,
        title: v.title,
        topic: v.topic as CourseTopic,
        topicOther: opt(v.topicOther) ?? null,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        place: opt(v.place) ?? null,
        attendeeIds: chosen,
      },
    });
    if (!res.ok) {
      const errors = tickErrors(operatorErrors(res.error, c.get('lang')));
      return courseFormPage(deps, c, v.organiserId, { values: v, chosen, errors, status: res.error.status });
    }
    return c.redirect(`${base}/${res.body.id}?done=saved`, 303);
  });

  // the drill-down of target (2): the people to be trained who were not, by the end of a year or the period
  r.get('/untrained', async (c) => {
    const lang = c.get('lang');
    const t = PROGRAMME_TEXTS[lang];
    const year = /^\d{4}$/.test(c.req.query('year') ?? '') ? c.req.query('year') : undefined;
    const rec = await callOp(deps, c, programmePeopleRecordOps.untrainedPeople, { query: { year } });
    return page(c, {
      title: t.untrained,
      children: (
        <>
          <StaffStyle />
          <p>
            <a href={base}>← {t.training}</a>
          </p>
          <h1>
            {t.untrained} ({rec.count})
          </h1>
          <p>{t.untrainedIntro(year ?? `${t.wholePeriod} ${rec.from}–${rec.to}`)}</p>
          {rec.items.length ? <PeopleTable t={t} lang={lang} people={rec.items} /> : <p>{t.nobody}</p>}
        </>
      ),
    });
  });

  r.get('/people', (c) => peoplePage(deps, c, false));
  r.post('/people', (c) => addPerson(deps, c, false));
  r.post('/people/:id/left', (c) => markLeft(deps, c, false));

  r.get('/:id', (c) => coursePage(deps, c, c.req.param('id')));

  r.post('/:id/attendees', async (c) => {
    const id = c.req.param('id');
    const chosen = (await readForm(c)).getAll('personIds').map(String);
    const res = await submitOp(deps, c, courseOps.attend, { params: { id }, body: { personIds: chosen } });
    if (!res.ok) {
      const errors = tickErrors(operatorErrors(res.error, c.get('lang')));
      return coursePage(deps, c, id, { errors, status: res.error.status });
    }
    return c.redirect(`${base}/${id}?done=added`, 303);
  });
  return r;
}

function directorsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', coopOnly);
  r.get('/', (c) => peoplePage(deps, c, true));
  r.post('/', (c) => addPerson(deps, c, true));
  r.post('/:id/left', (c) => markLeft(deps, c, true));
  return r;
}

export const trainingModule: ConsoleModule = {
  path: '/training',
  routes: trainingRoutes,
  nav: [{ href: '/training', label: inLanguages(PROGRAMME_TEXTS, (t) => t.training), roles: ['admin', 'staff'] }],
};

export const directorsModule: ConsoleModule = {
  path: '/directors',
  routes: directorsRoutes,
  nav: [{ href: '/directors', label: inLanguages(PROGRAMME_TEXTS, (t) => t.directors), roles: ['cooperative'] }],
};
