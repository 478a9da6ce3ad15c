// Raw-material link checks: run every rule (src/checks/rules) over everything or one batch, area
// or cooperative; list the findings; acknowledge or resolve them with a note; and the settings
// of the yield rules. Runs and reviews are audited.
import { z } from 'zod';
import { AppError } from '../../errors';
import type { Tx } from '../../db/client';
import {
  countFindings,
  deleteCropCeiling,
  deleteYieldRange,
  FINDING_VIEWS,
  getFinding,
  listCropCeilings,
  listFindings,
  listYieldRanges,
  putCropCeiling,
  putYieldRange,
  reviewFinding,
} from '../../db/findings-store';
import { actorDisplayNames, getCheckRun, lastCheckRun } from '../../db/check-runs-store';
import { recordRunStart, runRecordedChecks } from '../../checks/background';
import { getProduct } from '../../db/products-store';
import { batchExists } from '../../db/batches-store';
import { areaExists } from '../../db/areas-store';
import { getOrganization } from '../../db/organizations-store';
import { RULES } from '../../checks/rules';
import { type CheckRunSummary, checkSettings, runLinkChecks, titled } from '../../checks/run';
import type { CheckScope } from '../../checks/rule';
import type { Severity } from '../../domain/findings';
import { op } from '../op';
import { pageQuery, text, uuid } from '../schemas';
import type { Db } from '../../db/client';

const scope = z.strictObject({ kind: z.enum(['batch', 'area', 'cooperative']), id: uuid });

/** A scope must name a record that exists, or the run would silently find nothing. */
async function assertScope(db: Db, s: CheckScope) {
  if (s.kind === 'all') return;
  const exists =
    s.kind === 'batch'
      ? await batchExists(db, s.id)
      : s.kind === 'area'
        ? await areaExists(db, s.id)
        : await getOrganization(db, s.id).then((o) => !!o && o.kind !== 'association_unit');
  if (!exists)
    throw new AppError('NOT_FOUND', `No ${s.kind === 'area' ? 'raw-material area' : s.kind} has this id`, { scope: s });
}

const reviewBody = z.strictObject({ note: text(2000, { multiline: true }) });

function reviewOp(action: 'acknowledge' | 'resolve') {
  const status = action === 'acknowledge' ? 'acknowledged' : 'resolved';
  return op({
    method: 'post',
    path: `/findings/:id/${action}`,
    tag: 'Link checks',
    summary:
      action === 'acknowledge'
        ? 'Acknowledge a finding with a note (someone is on it)'
        : 'Mark a finding resolved with a note',
    description:
      action === 'resolve'
        ? 'A resolved finding stays resolved on later runs while the facts it rests on are unchanged; it opens again when they change.'
        : undefined,
    roles: ['admin', 'staff'],
    body: reviewBody,
    status: 200,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await getFinding(db, params.id!, { forUpdate: true });
      if (!before) throw new AppError('NOT_FOUND', 'No finding has this id');
      const after = await reviewFinding(
        db,
        params.id!,
        { status, note: body.note, by: `${actor.role}:${actor.name}` },
        now,
      );
      await audit({
        action: `finding_${action}`,
        entity: 'link_finding',
        entityId: after.id,
        before: { status: before.status, note: before.note },
        after: { status: after.status, note: after.note, rule: after.rule },
      });
      return titled(after);
    },
  });
}

export const checkOps = {
  run: op({
    method: 'post',
    path: '/checks/run',
    tag: 'Link checks',
    summary: 'Run every link-check rule over all data, or over one batch, area or cooperative',
    description:
      'Stores what the rules find: new findings open; known ones are refreshed; a resolved finding opens again only when ' +
      'the facts it rests on changed; findings in the scope that the run no longer finds are marked cleared. Answers with ' +
      'counts per rule; list the findings with GET /findings. Same as `npm run checks`. Refused with 409 ' +
      'CHECK_RUN_IN_PROGRESS while another run is in progress (runs never overlap).',
    roles: ['admin', 'staff'],
    body: z.strictObject({ scope: scope.optional() }),
    status: 200,
    async handler({ db, body, audit, now, deps }) {
      const s: CheckScope = body.scope ?? { kind: 'all' };
      await assertScope(db, s);
      const { reopenedIds, ...summary } = await runLinkChecks(db as Tx, s, checkSettings(deps.config), now, {
        wait: false,
      });
      await audit({
        action: 'link_check_run',
        entity: 'link_check',
        entityId: s.kind === 'all' ? null : s.id,
        after: { scope: s, found: summary.found, new: summary.new, reopened: reopenedIds, cleared: summary.cleared },
      });
      return summary;
    },
  }),
  startRun: op({
    method: 'post',
    path: '/checks/runs',
    tag: 'Link checks',
    summary: 'Start a link-check run in the background and follow its progress',
    description:
      'Same run as POST /checks/run, but the answer comes at once (202) with the run’s id; the run goes on in the ' +
      'background and writes its progress by rule to the database. Follow it with GET /checks/runs/{id} (any server ' +
      'sharing the database answers) until status is done (with the result) or failed (with the error). Refused with ' +
      '409 CHECK_RUN_IN_PROGRESS while another run is in progress. The console’s “run the checks now” uses it.',
    roles: ['admin', 'staff'],
    body: z.strictObject({ scope: scope.optional() }),
    status: 202,
    async handler({ db, body, actor, deps, afterCommit, requestId }) {
      const s: CheckScope = body.scope ?? { kind: 'all' };
      await assertScope(db, s);
      const id = await recordRunStart(db as Tx, s, actor);
      afterCommit(() =>
        runRecordedChecks({
          sql: deps.sql,
          id,
          scope: s,
          settings: checkSettings(deps.config),
          clock: deps.clock,
          log: deps.log,
          actor,
          requestId,
        }),
      );
      return { id, status: 'running' as const, href: `/api/v1/checks/runs/${id}` };
    },
  }),
  getRun: op({
    method: 'get',
    path: '/checks/runs/:id',
    tag: 'Link checks',
    summary: 'A link-check run started with POST /checks/runs: its progress by rule, then its result or error',
    description:
      'status: running, done or failed. While it runs: rulesDone of rulesTotal, currentRule (the rule being read), ' +
      'found (findings so far), rules (those done: code, found, ms) and elapsedMs. Once done, result is the run’s ' +
      'summary as POST /checks/run answers it, with new, reopened and cleared counts by rule; once failed, error says why ' +
      '(nothing was stored: the findings are as they were before the run).',
    roles: ['admin', 'staff'],
    async handler({ db, params }) {
      const run = await getCheckRun(db, params.id!);
      if (!run) throw new AppError('NOT_FOUND', 'No link-check run has this id');
      const titles = new Map(RULES.map((r) => [r.code, r.title]));
      const names = await actorDisplayNames(db, [run.actor]);
      return {
        ...run,
        result: run.result as Omit<CheckRunSummary, 'ranAt'> | null,
        byName: names.get(run.actor) ?? null,
        currentRuleTitle: run.currentRule ? (titles.get(run.currentRule) ?? null) : null,
      };
    },
  }),
  listFindings: op({
    method: 'get',
    path: '/findings',
    tag: 'Link checks',
    summary: 'Findings of the link checks; by default those that need attention (not resolved, not cleared)',
    description:
      'view: attention (open or acknowledged, still found), open, acknowledged, resolved, cleared (no longer found), all. ' +
      'A cooperative key sees the findings about its own data only.',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      view: z.enum(FINDING_VIEWS).default('attention'),
      rule: z.enum(RULES.map((r) => r.code) as [string, ...string[]]).optional(),
      severity: z.enum(['critical', 'warning', 'notice']).optional(),
      cooperativeId: uuid.optional(),
      objectId: uuid.optional(),
      ...pageQuery,
    }),
    async handler({ db, query, actor }) {
      const page = await listFindings(db, {
        ...query,
        visibleTo: actor.role === 'cooperative' ? actor.organizationId : null,
        after: query.cursor ? Number(query.cursor) : 0,
      });
      return { ...page, items: page.items.map(titled) };
    },
  }),
  // Before GET /findings/:id, which would otherwise take "counts" for an id.
  findingCounts: op({
    method: 'get',
    path: '/findings/counts',
    tag: 'Link checks',
    summary: 'How many findings are still found, by rule, severity and status, and how many need attention',
    description:
      'Cleared findings (no longer found) are left out. needAttention counts, per severity, the findings that are not ' +
      'resolved: those the default view of GET /findings lists. A cooperative key counts the findings about its own data only. ' +
      "lastRun: when the checks over all data last ran, by whom (byName: the console user's name) and whether the schedule ran them; null when they never ran.",
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, actor }) {
      const rows = await countFindings(db, actor.role === 'cooperative' ? actor.organizationId : null);
      const needAttention: Record<Severity, number> = { critical: 0, warning: 0, notice: 0 };
      for (const r of rows) if (r.status !== 'resolved') needAttention[r.severity] += r.n;
      const last = await lastCheckRun(db);
      const names = last ? await actorDisplayNames(db, [last.actor]) : new Map<string, string>();
      return {
        needAttention,
        items: rows.map(({ n, ...r }) => ({ ...r, count: n })),
        lastRun: last
          ? { at: last.at, by: last.actor, byName: names.get(last.actor) ?? null, scheduled: last.slot !== null }
          : null,
      };
    },
  }),
  getFinding: op({
    method: 'get',
    path: '/findings/:id',
    tag: 'Link checks',
    summary: 'One finding',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      const f = await getFinding(db, params.id!);
      if (!f || (actor.role === 'cooperative' && f.cooperativeId !== actor.organizationId)) {
        throw new AppError('NOT_FOUND', 'No finding has this id');
      }
      const names = f.reviewedBy ? await actorDisplayNames(db, [f.reviewedBy]) : new Map<string, string>();
      return { ...titled(f), reviewedByName: (f.reviewedBy && names.get(f.reviewedBy)) ?? null };
    },
  }),
  acknowledge: reviewOp('acknowledge'),
  resolve: reviewOp('resolve'),
  settings: op({
    method: 'get',
    path: '/checks/settings',
    tag: 'Link checks',
    summary: 'The rules, their thresholds, plausible yield ranges per product and ceilings per crop',
    roles: ['admin', 'staff'],
    async handler({ db, deps }) {
      return {
        rules: RULES.map((r) => ({ code: r.code, severity: r.severity, title: r.title })),
        thresholds: checkSettings(deps.config),
        yieldRanges: await listYieldRanges(db),
        cropCeilings: await listCropCeilings(db),
      };
    },
  }),
  putYieldRange: op({
    method: 'put',
    path: '/checks/yield-ranges/:productId',
    tag: 'Link checks',
    summary: 'Set the plausible raw material per unit of a product (base units: kg, litre or count)',
    roles: ['admin', 'staff'],
    body: z
      .strictObject({
        minInputPerOutput: z.number().positive().max(1e6),
        maxInputPerOutput: z.number().positive().max(1e6),
      })
      .refine((b) => b.maxInputPerOutput >= b.minInputPerOutput, {
        message: 'must not be below minInputPerOutput',
        path: ['maxInputPerOutput'],
      }),
    status: 200,
    async handler({ db, params, body, audit, now }) {
      const product = await getProduct(db, params.productId!);
      if (!product) throw new AppError('NOT_FOUND', 'No product has this id');
      await putYieldRange(db, product.id, body.minInputPerOutput, body.maxInputPerOutput, now);
      await audit({ action: 'yield_range_set', entity: 'product', entityId: product.id, after: body });
      return { productId: product.id, productName: product.nameVi, ...body };
    },
  }),
  deleteYieldRange: op({
    method: 'delete',
    path: '/checks/yield-ranges/:productId',
    tag: 'Link checks',
    summary: 'Stop judging a product’s yield',
    roles: ['admin', 'staff'],
    status: 200,
    async handler({ db, params, audit }) {
      if (!(await deleteYieldRange(db, params.productId!)))
        throw new AppError('NOT_FOUND', 'This product has no yield range');
      await audit({ action: 'yield_range_delete', entity: 'product', entityId: params.productId! });
      return { deleted: true };
    },
  }),
  putCropCeiling: op({
    method: 'put',
    path: '/checks/crop-ceilings',
    tag: 'Link checks',
    summary: 'Set the ceiling of harvests per hectare and season for a crop (as written in areas’ crop lists)',
    roles: ['admin', 'staff'],
    body: z.strictObject({ crop: text(100), tonnesPerHa: z.number().positive().max(10_000) }),
    status: 200,
    async handler({ db, body, audit, now }) {
      await putCropCeiling(db, body.crop, body.tonnesPerHa, now);
      await audit({ action: 'crop_ceiling_set', entity: 'crop_ceiling', entityId: body.crop, after: body });
      return body;
    },
  }),
  deleteCropCeiling: op({
    method: 'delete',
    path: '/checks/crop-ceilings',
    tag: 'Link checks',
    summary: 'Stop judging harvests of a crop against a ceiling',
    roles: ['admin', 'staff'],
    query: z.strictObject({ crop: text(100) }),
    status: 200,
    async handler({ db, query, audit }) {
      if (!(await deleteCropCeiling(db, query.crop))) throw new AppError('NOT_FOUND', 'This crop has no ceiling');
      await audit({ action: 'crop_ceiling_delete', entity: 'crop_ceiling', entityId: query.crop });
      return { deleted: true };
    },
  }),
};
