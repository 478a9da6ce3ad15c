// Supply contracts in the console (/console/contracts). A cooperative adds one for an area it
// operates or another operator's area, and changes or withdraws the ones it buys under (they are
// listed on its areas page); the area's side (the operating cooperative, association staff for a
// farmer professional group's area, an administrator) confirms, rejects or ends them; staff and
// administrators have a list of every contract. Every read and write is a /contracts operation,
// and the home page gets the contracts waiting for the signed-in user.
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { Area, SupplyContract } from '../../db/areas-store';
import { vietnamToday } from '../../domain/calendar';
import { actsForBuyer, vouchesFor } from '../../domain/contracts';
import { AppError } from '../../errors';
import { areaOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { coopOnly, ownOrg, requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { field, operatorErrors, readForm, renameErrors, values, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { AREA_TEXTS } from '../texts/areas';
import { inLanguages } from '../texts/common';
import { CONTRACT_TEXTS } from '../texts/contracts';
import { qs } from '../ui/links';
import {
  CONTRACT_FIELDS,
  ContractsPage,
  ContractView,
  NewContractForm,
  WaitingContracts,
  type ContractAction,
  type ContractCan,
  type ContractFailure,
} from './views';

type FormState = { values?: Record<string, string>; errors?: FieldErrors; status?: number };

const anyone = requireRole('cooperative', 'staff', 'admin');
const WAITING_ON_HOME = 10;

/** What the signed-in user may do with the contract: the domain's rules, as the operations apply them. */
function canOf(c: ConsoleContext, k: SupplyContract): ContractCan {
  const actor = c.get('actor')!;
  const vouching = vouchesFor(actor, k);
  // the console changes and withdraws only the operator's own purchases; administrators use the API
  const buyer = actor.role === 'cooperative' && actsForBuyer(actor, k);
  return {
    edit: buyer && (k.status === 'pending' || k.status === 'confirmed'),
    confirm: vouching && k.status === 'pending',
    withdraw: buyer && k.status === 'pending',
    end: (vouching || buyer) && k.status === 'confirmed',
  };
}

/** The area's record when the user may read it; a buyer waiting for confirmation may not. */
async function areaIfVisible(deps: AppDeps, c: ConsoleContext, k: SupplyContract): Promise<Area | null> {
  const actor = c.get('actor')!;
  if (actor.role === 'cooperative' && k.operatorId !== actor.organizationId) {
    if (k.status !== 'confirmed' && k.status !== 'ended') return null;
  }
  try {
    return await callOp(deps, c, areaOps.get, { params: { id: k.areaId } });
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

function contractsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();

  r.get('/', anyone, async (c) => {
    if (c.get('actor')!.role === 'cooperative') return c.redirect(`${CONSOLE_BASE}/areas#contracts`, 303);
    const lang = c.get('lang');
    const ct = CONTRACT_TEXTS[lang];
    const cursor = c.req.query('cursor');
    const [waiting, all] = await Promise.all([
      fetchAll(deps, c, areaOps.listContracts, { awaiting: 'me' }, 200),
      callOp(deps, c, areaOps.listContracts, { query: { cursor, limit: '100' } }),
    ]);
    const next = all.nextCursor ? `${CONSOLE_BASE}/contracts${qs({ cursor: all.nextCursor })}` : null;
    return page(c, {
      title: ct.title,
      children: (
        <ContractsPage
          t={AREA_TEXTS[lang]}
          ct={ct}
          lang={lang}
          waitingTitle={c.get('actor')!.role === 'staff' ? ct.waitingStaffTitle : ct.waitingTitle}
          waiting={waiting}
          all={all.items}
          next={next}
          day={vietnamToday(deps.clock())}
        />
      ),
    });
  });

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

  const view = async (
    c: ConsoleContext,
    k: SupplyContract,
    s: { failed?: ContractFailure; status?: number; done?: string | undefined } = {},
  ) => {
    const lang = c.get('lang');
    const t = AREA_TEXTS[lang];
    return page(c, {
      title: `${t.contract} ${k.number}`,
      status: s.status,
      children: (
        <ContractView
          t={t}
          ct={CONTRACT_TEXTS[lang]}
          lang={lang}
          csrf={c.get('session')?.csrfToken}
          contract={k}
          area={await areaIfVisible(deps, c, k)}
          can={canOf(c, k)}
          day={vietnamToday(deps.clock())}
          failed={s.failed}
          done={s.done}
        />
      ),
    });
  };

  const load = (c: ConsoleContext) => callOp(deps, c, areaOps.getContract, { params: { id: c.req.param('id') ?? '' } });

  r.get('/:id', anyone, async (c) => view(c, await load(c), { done: c.req.query('done') }));

  r.post('/:id', coopOnly, async (c) => {
    const k = await load(c);
    const v = values(await readForm(c), ['number', 'startsOn', 'endsOn']);
    const res = await submitOp(deps, c, areaOps.updateContract, { params: { id: k.id }, body: v });
    if (!res.ok) {
      const failed = { action: 'edit' as const, values: v, errors: operatorErrors(res.error, c.get('lang')) };
      return view(c, k, { failed, status: res.error.status });
    }
    return c.redirect(`${CONSOLE_BASE}/contracts/${k.id}?done=updated`, 303);
  });

  /** One decision on the contract; a refusal the user can correct is shown in that action's form. */
  const decide = (action: ContractAction, done: string) =>
    r.post(`/:id/${action}`, anyone, async (c) => {
      const ct = CONTRACT_TEXTS[c.get('lang')];
      const form = await readForm(c);
      const v = { reason: field(form, 'reason'), lastDay: field(form, 'lastDay') };
      const params = { id: c.req.param('id') };
      const res =
        action === 'confirm'
          ? await submitOp(deps, c, areaOps.confirmContract, { params })
          : action === 'end'
            ? await submitOp(deps, c, areaOps.endContract, {
                params,
                body: { reason: v.reason, lastDay: v.lastDay || undefined },
              })
            : await submitOp(deps, c, action === 'reject' ? areaOps.rejectContract : areaOps.withdrawContract, {
                params,
                body: { reason: v.reason },
              });
      if (res.ok) return c.redirect(`${CONSOLE_BASE}/contracts/${params.id}?done=${done}`, 303);
      const errors = operatorErrors(res.error, c.get('lang'));
      if (errors.reason) errors.reason = ct.reasonNeeded;
      return view(c, await load(c), { failed: { action, values: v, errors }, status: res.error.status });
    });
  decide('confirm', 'confirmed');
  decide('reject', 'rejected');
  decide('withdraw', 'withdrawn');
  decide('end', 'ended');
  return r;
}

/** The home page's list of contracts waiting for the signed-in user's confirmation. */
async function waitingPanel(c: ConsoleContext, deps: AppDeps): Promise<Child | null> {
  const actor = c.get('actor');
  if (!actor) return null;
  const lang = c.get('lang');
  const ct = CONTRACT_TEXTS[lang];
  const waiting = await callOp(deps, c, areaOps.listContracts, {
    query: { awaiting: 'me', limit: String(WAITING_ON_HOME) },
  });
  // an operator with nothing waiting is not told about it on every visit; staff always see where things stand
  if (actor.role === 'cooperative' && !waiting.items.length) return null;
  return (
    <WaitingContracts
      ct={ct}
      lang={lang}
      title={actor.role === 'staff' ? ct.waitingStaffTitle : ct.waitingTitle}
      contracts={waiting.items}
      more={actor.role !== 'cooperative' || !!waiting.nextCursor}
    />
  );
}

/** The cooperative reaches its contracts from the areas page; staff and administrators have an entry. */
export const contractsModule: ConsoleModule = {
  path: '/contracts',
  routes: contractsRoutes,
  nav: [{ href: '/contracts', label: inLanguages(CONTRACT_TEXTS, (t) => t.navLabel), roles: ['staff', 'admin'] }],
  home: waitingPanel,
};
