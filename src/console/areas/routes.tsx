// Raw-material areas of the signed-in cooperative (/console/areas): list, view, add, edit. Every
// read and write is an /areas operation, so a cooperative sees and changes only its own, exactly
// as with its API key. The module also contributes the cooperative's panel to the home page.
import { Hono } from 'hono';
import type { Area } from '../../db/areas-store';
import type { Organization } from '../../db/organizations-store';
import { vietnamToday } from '../../domain/calendar';
import { AppError } from '../../errors';
import { areaOps, harvestOps, organizationOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { coopOnly, ownOrg } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { readForm, type FieldErrors } from '../form';
import { coopHomePanel } from '../home/routes';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { AREA_TEXTS } from '../texts/areas';
import { areaValues, readAreaForm, type AreaValues, type CertRow } from './form';
import { AreaForm, AreaList, AreaView } from './views';

type FormState = { values: AreaValues; certs: CertRow[]; errors?: FieldErrors; status?: number };

/** The area form, new (no area) or editing one. */
function formPage(c: ConsoleContext, area: Area | null, s: FormState) {
  const t = AREA_TEXTS[c.get('lang')];
  const title = area ? t.editArea : t.newArea;
  return page(c, {
    title,
    status: s.status,
    children: (
      <AreaForm
        t={t}
        lang={c.get('lang')}
        csrf={c.get('session')?.csrfToken}
        action={area ? `${CONSOLE_BASE}/areas/${area.id}/edit` : `${CONSOLE_BASE}/areas/new`}
        title={area ? `${title}: ${area.name}` : title}
        back={area ? `${CONSOLE_BASE}/areas/${area.id}` : `${CONSOLE_BASE}/areas`}
        values={s.values}
        certs={s.certs}
        errors={s.errors ?? {}}
      />
    ),
  });
}

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
    const t = AREA_TEXTS[c.get('lang')];
    const [areas, contracts] = await Promise.all([
      fetchAll(deps, c, areaOps.list),
      fetchAll(deps, c, areaOps.listContracts),
    ]);
    const day = vietnamToday(deps.clock());
    return page(c, {
      title: t.areas,
      children: <AreaList t={t} lang={c.get('lang')} org={ownOrg(c)} areas={areas} contracts={contracts} day={day} />,
    });
  });

  r.get('/new', coopOnly, async (c) => {
    const org = await ownOrganization(deps, c);
    const values = { province: org?.province ?? '', commune: org?.commune ?? '', households: '0' };
    return formPage(c, null, { values, certs: [] });
  });

  r.post('/new', coopOnly, async (c) => {
    const f = readAreaForm(await readForm(c), c.get('lang'));
    const again = { values: f.v, certs: f.certs };
    if (Object.keys(f.pre).length) return formPage(c, null, { ...again, errors: f.pre, status: 400 });
    const res = await submitOp(deps, c, areaOps.create, { body: { ...f.body, operatorId: ownOrg(c) } });
    if (!res.ok) return formPage(c, null, { ...again, errors: f.errors(res.error), status: res.error.status });
    return c.redirect(`${CONSOLE_BASE}/areas/${res.body.id}?done=created`, 303);
  });

  r.get('/:id', coopOnly, async (c) => {
    const t = AREA_TEXTS[c.get('lang')];
    const a = await callOp(deps, c, areaOps.get, { params: { id: c.req.param('id') } });
    const [contracts, lots] = await Promise.all([
      fetchAll(deps, c, areaOps.listContracts, { areaId: a.id }, 200),
      callOp(deps, c, harvestOps.list, { query: { areaId: a.id, order: 'newest', limit: '10' } }),
    ]);
    return page(c, {
      title: a.name,
      children: (
        <AreaView
          t={t}
          lang={c.get('lang')}
          area={a}
          mine={a.operatorId === ownOrg(c)}
          contracts={contracts}
          lots={lots.items}
          day={vietnamToday(deps.clock())}
          done={c.req.query('done')}
        />
      ),
    });
  });

  /** The area when the operator may edit it: another's answers 404 (the read), a contracted one 403. */
  async function editable(c: ConsoleContext): Promise<Area> {
    const a = await callOp(deps, c, areaOps.get, { params: { id: c.req.param('id') ?? '' } });
    if (a.operatorId !== ownOrg(c)) throw new AppError('FORBIDDEN', 'Only the operator of an area may change it');
    return a;
  }

  r.get('/:id/edit', coopOnly, async (c) => {
    const a = await editable(c);
    return formPage(c, a, areaValues(a));
  });

  r.post('/:id/edit', coopOnly, async (c) => {
    const a = await editable(c);
    const f = readAreaForm(await readForm(c), c.get('lang'));
    const again = { values: f.v, certs: f.certs };
    if (Object.keys(f.pre).length) return formPage(c, a, { ...again, errors: f.pre, status: 400 });
    const res = await submitOp(deps, c, areaOps.update, { params: { id: a.id }, body: f.body });
    if (!res.ok) return formPage(c, a, { ...again, errors: f.errors(res.error), status: res.error.status });
    return c.redirect(`${CONSOLE_BASE}/areas/${a.id}?done=updated`, 303);
  });
  return r;
}

export const areasModule: ConsoleModule = {
  path: '/areas',
  routes: areasRoutes,
  nav: [{ href: '/areas', label: inLanguages(AREA_TEXTS, (t) => t.areas), roles: ['cooperative'] }],
  // The cooperative's home panel, registered by its first module in nav order.
  home: coopHomePanel,
};
