// Harvest lots of the signed-in cooperative (/console/harvests): the list and the form that
// records one through POST /harvest-lots.
import { Hono } from 'hono';
import type { Unit } from '../../db/harvests-store';
import { vietnamToday } from '../../domain/calendar';
import { areaOps, harvestOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { coopOnly, ownOrg } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { errorText, num, operatorErrors, opt, readForm, values, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { HARVEST_TEXTS } from '../texts/harvests';
import { HARVEST_FIELDS, HarvestForm, HarvestList } from './views';

function harvestsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/', coopOnly, async (c) => {
    const t = HARVEST_TEXTS[c.get('lang')];
    const cursor = c.req.query('cursor');
    const [lots, areas] = await Promise.all([
      callOp(deps, c, harvestOps.list, { query: { order: 'newest', limit: '50', cursor } }),
      fetchAll(deps, c, areaOps.list),
    ]);
    // The code of the lot just recorded, shown in the notice (only what a code may hold).
    const done = /^[A-Za-z0-9._/-]{1,40}$/.exec(c.req.query('done') ?? '')?.[0];
    // …and its id, for the next step (a batch made from it).
    const lot = /^[0-9a-f-]{36}$/.exec(c.req.query('lot') ?? '')?.[0];
    return page(c, {
      title: t.harvests,
      children: (
        <HarvestList
          t={t}
          lang={c.get('lang')}
          lots={lots.items}
          areas={areas}
          next={lots.nextCursor}
          paged={!!cursor}
          done={done}
          doneLot={done ? lot : undefined}
        />
      ),
    });
  });

  type FormState = { values: Record<string, string>; errors?: FieldErrors; status?: number };
  const form = async (c: ConsoleContext, s: FormState) => {
    const t = HARVEST_TEXTS[c.get('lang')];
    const areas = await fetchAll(deps, c, areaOps.list);
    return page(c, {
      title: t.newHarvest,
      status: s.status,
      children: (
        <HarvestForm
          t={t}
          lang={c.get('lang')}
          csrf={c.get('session')?.csrfToken}
          org={ownOrg(c)}
          areas={areas}
          values={s.values}
          errors={s.errors ?? {}}
        />
      ),
    });
  };

  r.get('/new', coopOnly, (c) =>
    form(c, { values: { harvestedOn: vietnamToday(deps.clock()), unit: 'kg', areaId: c.req.query('areaId') ?? '' } }),
  );

  r.post('/new', coopOnly, async (c) => {
    const t = HARVEST_TEXTS[c.get('lang')];
    const v = values(await readForm(c), HARVEST_FIELDS);
    const res = await submitOp(deps, c, harvestOps.create, {
      body: {
        areaId: v.areaId,
        harvestedOn: v.harvestedOn,
        code: opt(v.code),
        notes: opt(v.notes) ?? null,
        // As typed and chosen: a missing or nonsense quantity (see num), an unknown unit, is the API's
        // schema to refuse, beside the field.
        quantity: num(v.quantity) as number,
        unit: v.unit as Unit,
      },
    });
    if (!res.ok) {
      const errors =
        res.error.code === 'AREA_NOT_LINKED'
          ? { areaId: t.areaNotLinked }
          : res.error.code === 'DUPLICATE'
            ? { code: errorText(res.error, c.get('lang')) }
            : operatorErrors(res.error, c.get('lang'));
      if (errors.areaId && !v.areaId) errors.areaId = t.required;
      return form(c, { values: v, errors, status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/harvests?done=${encodeURIComponent(res.body.code)}&lot=${res.body.id}`, 303);
  });
  return r;
}

export const harvestsModule: ConsoleModule = {
  path: '/harvests',
  routes: harvestsRoutes,
  nav: [{ href: '/harvests', label: inLanguages(HARVEST_TEXTS, (t) => t.harvests), roles: ['cooperative'] }],
};
