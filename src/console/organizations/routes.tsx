// Admin pages for organizations (/console/organizations): the list with filters, registering one
// and changing one, through the /organizations operations, whose validation (GLN check digit,
// levels only for association units, parents that are association units) lands beside the fields.
import { Hono } from 'hono';
import type { Organization } from '../../db/organizations-store';
import { organizationOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { fieldErrors, readForm, values, type FieldErrors } from '../form';
import { callOp, submitOp, type BodyOf } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { ORGANIZATION_TEXTS, type OrganizationTexts } from '../texts/organizations';
import { OrganizationList, OrganizationPage } from './views';

const base = `${CONSOLE_BASE}/organizations`;
const FIELDS = [
  'kind',
  'associationLevel',
  'name',
  'registrationCode',
  'province',
  'commune',
  'address',
  'gln',
  'parentId',
  'contactName',
  'contactPhone',
  'contactEmail',
] as const;
type OrgBody = BodyOf<typeof organizationOps.create>;

/** The operation's body from the form: optional fields left empty are null, required ones go as typed. */
function bodyOf(v: Record<(typeof FIELDS)[number], string>): OrgBody {
  const optional = (k: (typeof FIELDS)[number]) => v[k].trim() || null;
  return {
    // As chosen (or forged) in the form: a kind or level the API does not know is its schema's to refuse,
    // beside the field.
    kind: v.kind.trim() as OrgBody['kind'],
    associationLevel: optional('associationLevel') as OrgBody['associationLevel'],
    name: v.name.trim(),
    registrationCode: optional('registrationCode'),
    province: v.province.trim(),
    commune: optional('commune'),
    address: optional('address'),
    gln: optional('gln'),
    parentId: optional('parentId'),
    contactName: optional('contactName'),
    contactPhone: optional('contactPhone'),
    contactEmail: optional('contactEmail'),
  };
}

function valuesOf(o: Organization): Record<string, string> {
  return Object.fromEntries(FIELDS.map((k) => [k, (o[k] as string | null) ?? '']));
}

const own = (t: OrganizationTexts) => (name: string, code: string) =>
  (name === 'name' || name === 'province') && code === 'too_small' ? t.needed : undefined;

type FormState = {
  org?: Organization;
  values?: Record<string, string>;
  errors?: FieldErrors;
  status?: number;
  notice?: string;
};

async function formPage(deps: AppDeps, c: ConsoleContext, s: FormState) {
  const t = ORGANIZATION_TEXTS[c.get('lang')];
  const units = await callOp(deps, c, organizationOps.list, { query: { kind: 'association_unit', limit: '200' } });
  return page(c, {
    title: s.org ? s.org.name : t.add,
    status: s.status,
    children: (
      <OrganizationPage
        t={t}
        lang={c.get('lang')}
        csrf={c.get('session')?.csrfToken}
        org={s.org}
        values={s.values ?? (s.org ? valuesOf(s.org) : {})}
        errors={s.errors ?? {}}
        units={units.items}
        notice={s.notice}
      />
    ),
  });
}

async function listPage(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const t = ORGANIZATION_TEXTS[lang];
  const f = { kind: c.req.query('kind') ?? '', q: c.req.query('q') ?? '', province: c.req.query('province') ?? '' };
  const query = { ...f, cursor: c.req.query('cursor'), limit: '100' };
  const res = await submitOp(deps, c, organizationOps.list, { query });
  const list = res.ok ? res.body : { items: [], nextCursor: null };
  return page(c, {
    title: t.title,
    status: res.ok ? 200 : res.error.status,
    children: (
      <OrganizationList
        t={t}
        lang={lang}
        filters={f}
        errors={res.ok ? {} : fieldErrors(res.error, lang)}
        organizations={list.items}
        next={list.nextCursor}
      />
    ),
  });
}

function organizationsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('admin'));

  r.get('/', (c) => listPage(deps, c));
  r.get('/new', (c) => formPage(deps, c, {}));

  r.post('/new', async (c) => {
    const t = ORGANIZATION_TEXTS[c.get('lang')];
    const v = values(await readForm(c), FIELDS);
    const res = await submitOp(deps, c, organizationOps.create, { body: bodyOf(v) });
    if (!res.ok) {
      const errors = fieldErrors(res.error, c.get('lang'), own(t));
      return formPage(deps, c, { values: v, errors, status: res.error.status });
    }
    return c.redirect(`${base}/${res.body.id}?done=created`, 303);
  });

  r.get('/:id', async (c) => {
    const t = ORGANIZATION_TEXTS[c.get('lang')];
    const org = await callOp(deps, c, organizationOps.get, { params: { id: c.req.param('id') } });
    const done = c.req.query('done');
    const notice = done === 'created' ? t.created : done === 'saved' ? t.doneUpdated : undefined;
    return formPage(deps, c, { org, notice });
  });

  r.post('/:id', async (c) => {
    const t = ORGANIZATION_TEXTS[c.get('lang')];
    const id = c.req.param('id');
    const v = values(await readForm(c), FIELDS);
    const res = await submitOp(deps, c, organizationOps.update, { params: { id }, body: bodyOf(v) });
    if (res.ok) return c.redirect(`${base}/${id}?done=saved`, 303);
    const org = await callOp(deps, c, organizationOps.get, { params: { id } });
    const errors = fieldErrors(res.error, c.get('lang'), own(t));
    return formPage(deps, c, { org, values: v, errors, status: res.error.status });
  });
  return r;
}

export const organizationsModule: ConsoleModule = {
  path: '/organizations',
  routes: organizationsRoutes,
  nav: [{ href: '/organizations', label: inLanguages(ORGANIZATION_TEXTS, (t) => t.title), roles: ['admin'] }],
};
