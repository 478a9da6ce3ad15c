// Supply contracts of the signed-in cooperative (/console/contracts): add one for an area it
// operates or another operator's area, view one, and change the ones it holds. Listed on the
// areas page; every read and write is an /contracts operation.
import { Hono } from 'hono';
import type { SupplyContract } from '../../db/areas-store';
import { vietnamToday } from '../../domain/calendar';
import { areaOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { coopOnly, ownOrg } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { operatorErrors, readForm, renameErrors, values, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { AREA_TEXTS } from '../texts/areas';
import { CONTRACT_FIELDS, ContractView, NewContractForm } from './views';

type FormState = { values?: Record<string, string>; errors?: FieldErrors; status?: number; done?: string | undefined };

function contractsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/', coopOnly, (c) => c.redirect(`${CONSOLE_BASE}/areas#contracts`, 303));

  const newForm = async (c: ConsoleContext, s: FormState) => {
    const t = AREA_TEXTS[c.get('lang')];
    const areas = await fetchAll(deps, c, areaOps.list);
    return page(c, {
      title: t.newContract,
      status: s.status,
      children: (
        <NewContractForm
          t={t}
          csrf={c.get('session')?.csrfToken}
          areas={areas}
          values={s.values ?? {}}
          errors={s.errors ?? {}}
        />
      ),
    });
  };

  r.get('/new', coopOnly, (c) => newForm(c, {}));

  r.post('/new', coopOnly, async (c) => {
    const t = AREA_TEXTS[c.get('lang')];
    const v = values(await readForm(c), CONTRACT_FIELDS);
    const other = v.otherAreaId.trim();
    const res = await submitOp(deps, c, areaOps.createContract, {
      body: {
        areaId: other || v.areaId,
        cooperativeId: ownOrg(c),
        number: v.number,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
      },
    });
    if (!res.ok) {
      const errors = renameErrors(operatorErrors(res.error, c.get('lang')), (k) =>
        k === 'areaId' && other ? 'otherAreaId' : k === 'cooperativeId' ? '_form' : undefined,
      );
      if (errors.areaId && !v.areaId) errors.areaId = t.required;
      return newForm(c, { values: v, errors, status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/contracts/${res.body.id}?done=created`, 303);
  });

  const view = async (c: ConsoleContext, k: SupplyContract, s: FormState = {}) => {
    const t = AREA_TEXTS[c.get('lang')];
    const area = await callOp(deps, c, areaOps.get, { params: { id: k.areaId } });
    return page(c, {
      title: `${t.contract} ${k.number}`,
      status: s.status,
      children: (
        <ContractView
          t={t}
          lang={c.get('lang')}
          csrf={c.get('session')?.csrfToken}
          contract={k}
          area={area}
          mine={k.cooperativeId === ownOrg(c)}
          day={vietnamToday(deps.clock())}
          values={s.values}
          errors={s.errors ?? {}}
          done={s.done}
        />
      ),
    });
  };

  r.get('/:id', coopOnly, async (c) => {
    const k = await callOp(deps, c, areaOps.getContract, { params: { id: c.req.param('id') } });
    return view(c, k, { done: c.req.query('done') });
  });

  r.post('/:id', coopOnly, async (c) => {
    const k = await callOp(deps, c, areaOps.getContract, { params: { id: c.req.param('id') } });
    const v = values(await readForm(c), ['number', 'startsOn', 'endsOn']);
    const res = await submitOp(deps, c, areaOps.updateContract, { params: { id: k.id }, body: v });
    if (!res.ok) {
      return view(c, k, { values: v, errors: operatorErrors(res.error, c.get('lang')), status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/contracts/${k.id}?done=updated`, 303);
  });
  return r;
}

/** Mounted beside the areas, without a nav entry of its own (the areas page lists the contracts). */
export const contractsModule: ConsoleModule = {
  path: '/contracts',
  routes: contractsRoutes,
};
