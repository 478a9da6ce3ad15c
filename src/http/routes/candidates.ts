// /candidates and /pipeline: the OCOP product pipeline. Every year the commune associations
// register the households, groups and cooperatives that want to build a new OCOP product, and
// support each through the OCOP cycle (idea, plan, carrying out, dossier, rating, promotion).
// Association staff keep them; stages only move forward, their days never go back (409), and a
// rated candidate links to its product and rating decision.
import { z } from 'zod';
import type { Config } from '../../config';
import {
  getCandidate,
  insertCandidate,
  insertStage,
  listCandidates,
  pipelineCounts,
  ratingOfProduct,
  updateCandidate,
  type Candidate,
  type CandidateFields,
} from '../../db/candidates-store';
import type { Db } from '../../db/client';
import { getOrganization } from '../../db/organizations-store';
import { getProduct } from '../../db/products-store';
import { vietnamToday } from '../../domain/calendar';
import { PIPELINE_STAGES, stageOrder, stageProblem, stalledBefore, type StageReached } from '../../domain/pipeline';
import { organizationInScope, type Scope } from '../../db/programme-people-store';
import { AppError, failOnProblems, forbidden, notFound } from '../../errors';
import { op } from '../op';
import { scopeOf } from '../programme-scope';
import { day, optionalText, pageQuery, text, toPage, uuid } from '../schemas';

const stage = z.enum(PIPELINE_STAGES, { error: `must be one of: ${PIPELINE_STAGES.join(', ')}` });
const year = z.number().int().min(2000).max(2100);
const yearQuery = z
  .string()
  .regex(/^\d{4}$/, 'a year is written with four digits, e.g. 2024')
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2100, 'a year between 2000 and 2100');

const stageBody = z.strictObject({
  stage,
  reachedOn: day('past'),
  note: optionalText(2000, { multiline: true }),
});

const candidateFields = {
  organizationId: uuid.nullish(),
  householdName: optionalText(200),
  productName: text(300),
  yearRegistered: year,
  supportingUnitId: uuid,
  commune: text(100),
  note: optionalText(2000, { multiline: true }),
  productId: uuid.nullish(),
  ratingId: uuid.nullish(),
};

const createCandidate = z
  .strictObject({ ...candidateFields, stages: z.array(stageBody).max(PIPELINE_STAGES.length).default([]) })
  .refine((b) => b.organizationId || b.householdName, {
    path: ['organizationId'],
    message: 'name the organization or the household',
  });
const patchCandidate = z.strictObject(candidateFields).partial();

const addStage = stageBody.extend({ productId: uuid.optional(), ratingId: uuid.optional() });

type Problem = { path: string; message: string };

/** The candidate's fields against the registry and the programme period; problems as { path, message }. */
async function fieldProblems(db: Db, config: Config, c: CandidateFields, stages: readonly StageReached[]) {
  const problems: Problem[] = [];
  const [from, to] = [config.PROGRAMME_FROM_YEAR, config.PROGRAMME_TO_YEAR];
  if (c.yearRegistered < from || c.yearRegistered > to)
    problems.push({ path: 'body.yearRegistered', message: `must be a year of the programme period, ${from}–${to}` });
  const unit = await getOrganization(db, c.supportingUnitId);
  if (unit?.kind !== 'association_unit')
    problems.push({
      path: 'body.supportingUnitId',
      message: unit ? 'must be an association unit' : 'no organization has this id',
    });
  if (c.organizationId) {
    const org = await getOrganization(db, c.organizationId);
    if (!org || org.kind === 'association_unit')
      problems.push({
        path: 'body.organizationId',
        message: org ? 'must be a cooperative, cooperative group or farmer group' : 'no organization has this id',
      });
  }
  if (c.ratingId && !c.productId)
    problems.push({ path: 'body.productId', message: 'a rating decision is linked with its product' });
  if (c.productId) {
    if (!(await getProduct(db, c.productId)))
      problems.push({ path: 'body.productId', message: 'no product has this id' });
    else if (c.ratingId && !(await ratingOfProduct(db, c.ratingId, c.productId)))
      problems.push({ path: 'body.ratingId', message: 'no rating decision of this product has this id' });
  }
  const first = stages.map((s) => s.reachedOn).sort()[0];
  if (first && first < `${c.yearRegistered}-01-01`)
    problems.push({
      path: 'body.yearRegistered',
      message: `must not be after the year of the first stage reached (${first.slice(0, 4)})`,
    });
  return problems;
}

/** Adds a stage after checking it against the recorded ones: 400 for a bad day, 409 for going back. */
async function addCheckedStage(
  db: Db,
  candidate: { id: string; yearRegistered: number; stages: readonly StageReached[] },
  s: { stage: (typeof PIPELINE_STAGES)[number]; reachedOn: string; note?: string | null | undefined },
  today: string,
  path = 'body',
) {
  const problem = stageProblem(candidate.stages, s, { yearRegistered: candidate.yearRegistered, today });
  if (problem) {
    const where = { path: problem.path.replace(/^body/, path), message: problem.message };
    if (problem.order) throw new AppError('CONFLICT', 'The stage does not move the candidate forward', [where]);
    throw new AppError('VALIDATION_FAILED', 'The stage is not valid', [where]);
  }
  await insertStage(db, candidate.id, { stage: s.stage, reachedOn: s.reachedOn, note: s.note ?? null });
}

const orNull = <T>(v: T | null | undefined) => v ?? null;

async function loadCandidate(db: Db, id: string, forUpdate = false): Promise<Candidate> {
  const c = await getCandidate(db, id, { forUpdate });
  if (!c) throw notFound('Candidate', id);
  return c;
}

/**
 * A candidate the caller may see and change: staff bound to a unit, those their unit or a unit
 * below it supports; another unit's candidate is NOT_FOUND (not revealed), as activities are.
 */
async function visibleCandidate(db: Db, scope: Scope, id: string, forUpdate = false): Promise<Candidate> {
  const c = await loadCandidate(db, id, forUpdate);
  if (!(await organizationInScope(db, c.supportingUnitId, scope))) throw notFound('Candidate', id);
  return c;
}

/** Staff bound to a unit register candidates for their unit and the units below it only (403 otherwise). */
async function supportedInScope(db: Db, scope: Scope, unitId: string): Promise<void> {
  if (scope.kind === 'all' || (await organizationInScope(db, unitId, scope))) return;
  throw forbidden('Staff of a unit keep the candidates their unit or a unit below it supports');
}

export const candidateOps = {
  list: op({
    method: 'get',
    path: '/candidates',
    tag: 'Pipeline',
    summary: 'List OCOP product candidates',
    description:
      'Filters: year (registered), stage (the furthest reached), supportingUnitId, stalled=true (no new stage for ' +
      'PIPELINE_STALL_MONTHS months and not yet at trade promotion). Staff bound to an association unit see, register ' +
      'and change only the candidates their unit or a unit below it supports (another unit’s candidate is not found; ' +
      'registering one for another unit is 403).',
    roles: ['admin', 'staff'],
    query: z.strictObject({
      year: yearQuery.optional(),
      stage: stage.optional(),
      supportingUnitId: uuid.optional(),
      stalled: z.enum(['true']).optional(),
      ...pageQuery,
    }),
    async handler({ db, query, deps, now, actor }) {
      const rows = await listCandidates(db, {
        scope: await scopeOf(db, actor),
        year: query.year,
        stage: query.stage,
        supportingUnitId: query.supportingUnitId,
        stalledBefore: query.stalled ? stalledBefore(vietnamToday(now), deps.config.PIPELINE_STALL_MONTHS) : undefined,
        after: query.cursor ? Number(query.cursor) : 0,
        limit: query.limit,
      });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/candidates/:id',
    tag: 'Pipeline',
    summary: 'Get a candidate with the stages it reached',
    roles: ['admin', 'staff'],
    async handler({ db, params, actor }) {
      return visibleCandidate(db, await scopeOf(db, actor), params.id!);
    },
  }),
  create: op({
    method: 'post',
    path: '/candidates',
    tag: 'Pipeline',
    summary: 'Register a candidate for a new OCOP product',
    description:
      'The organization (cooperative, group) or a named household, the proposed product, the year registered (inside ' +
      'the programme period, PROGRAMME_FROM_YEAR–PROGRAMME_TO_YEAR), the supporting association unit and the commune. ' +
      'stages may give the stages already reached, in order; all is written or nothing.',
    roles: ['admin', 'staff'],
    body: createCandidate,
    idempotent: true,
    async handler({ db, body, deps, audit, now, actor }) {
      const fields: CandidateFields = {
        organizationId: orNull(body.organizationId),
        householdName: orNull(body.householdName),
        productName: body.productName,
        yearRegistered: body.yearRegistered,
        supportingUnitId: body.supportingUnitId,
        commune: body.commune,
        note: orNull(body.note),
        productId: orNull(body.productId),
        ratingId: orNull(body.ratingId),
      };
      failOnProblems('The candidate is not valid', await fieldProblems(db, deps.config, fields, []));
      await supportedInScope(db, await scopeOf(db, actor), fields.supportingUnitId);
      const created = await insertCandidate(db, fields);
      const today = vietnamToday(now);
      const reached: StageReached[] = [];
      for (const [i, s] of body.stages.entries()) {
        await addCheckedStage(db, { ...created, stages: reached }, s, today, `body.stages.${i}`);
        reached.push(s);
      }
      const candidate = await loadCandidate(db, created.id);
      await audit({ action: 'create', entity: 'ocop_candidate', entityId: candidate.id, after: candidate });
      return candidate;
    },
  }),
  update: op({
    method: 'patch',
    path: '/candidates/:id',
    tag: 'Pipeline',
    summary: 'Change a candidate, or link it to its product and rating decision',
    roles: ['admin', 'staff'],
    body: patchCandidate,
    async handler({ db, params, body, deps, audit, actor }) {
      const scope = await scopeOf(db, actor);
      const before = await visibleCandidate(db, scope, params.id!, true);
      const pick = <K extends keyof CandidateFields>(k: K): CandidateFields[K] =>
        (body[k] === undefined ? before[k] : orNull(body[k])) as CandidateFields[K];
      const fields: CandidateFields = {
        organizationId: pick('organizationId'),
        householdName: pick('householdName'),
        productName: pick('productName'),
        yearRegistered: pick('yearRegistered'),
        supportingUnitId: pick('supportingUnitId'),
        commune: pick('commune'),
        note: pick('note'),
        productId: pick('productId'),
        ratingId: pick('ratingId'),
      };
      const problems = await fieldProblems(db, deps.config, fields, before.stages);
      if (!fields.organizationId && !fields.householdName)
        problems.push({ path: 'body.organizationId', message: 'name the organization or the household' });
      failOnProblems('The candidate is not valid', problems);
      // handing a candidate to another unit's support: only within the caller's own units
      await supportedInScope(db, scope, fields.supportingUnitId);
      const after = await updateCandidate(db, before.id, fields);
      await audit({ action: 'update', entity: 'ocop_candidate', entityId: before.id, before, after });
      return after;
    },
  }),
  addStage: op({
    method: 'post',
    path: '/candidates/:id/stages',
    tag: 'Pipeline',
    summary: 'Record the next stage a candidate reached',
    description:
      `Stages in order: ${PIPELINE_STAGES.join(', ')}. A stage may be skipped but never go back: a stage not after ` +
      'the furthest one reached, or dated before it, is 409 CONFLICT. reachedOn is not after today and not before ' +
      'the year the candidate was registered (400). With the rating stage or later, productId and ratingId link the ' +
      'rated product and its decision.',
    roles: ['admin', 'staff'],
    body: addStage,
    async handler({ db, params, body, deps, audit, now, actor }) {
      const before = await visibleCandidate(db, await scopeOf(db, actor), params.id!, true);
      if ((body.productId || body.ratingId) && stageOrder(body.stage) < stageOrder('rating'))
        throw new AppError('VALIDATION_FAILED', 'The stage is not valid', [
          { path: 'body.productId', message: 'a product and rating are linked from the rating stage on' },
        ]);
      await addCheckedStage(db, before, body, vietnamToday(now));
      if (body.productId || body.ratingId) {
        const fields: CandidateFields = {
          ...before,
          productId: body.productId ?? before.productId,
          ratingId: body.ratingId ?? before.ratingId,
        };
        failOnProblems('The stage is not valid', await fieldProblems(db, deps.config, fields, before.stages));
        await updateCandidate(db, before.id, fields);
      }
      const after = await loadCandidate(db, before.id);
      await audit({ action: 'add_stage', entity: 'ocop_candidate', entityId: before.id, before, after });
      return after;
    },
  }),
  pipeline: op({
    method: 'get',
    path: '/pipeline',
    tag: 'Pipeline',
    summary: 'The pipeline of one registration year: candidates at each stage and the stalled ones',
    description:
      'year defaults to the current year. atStage counts candidates by the furthest stage reached; rated those that ' +
      'reached rating or beyond, against the target of new products a year (TARGET_NEW_PRODUCTS_PER_YEAR); stalled ' +
      'lists the candidates with no new stage for PIPELINE_STALL_MONTHS months and not yet at trade promotion (for staff ' +
      'bound to a unit, those their units support; the counts stay the province’s).',
    roles: ['admin', 'staff'],
    query: z.strictObject({ year: yearQuery.optional() }),
    async handler({ db, query, deps, now, actor }) {
      const today = vietnamToday(now);
      const y = query.year ?? Number(today.slice(0, 4));
      const before = stalledBefore(today, deps.config.PIPELINE_STALL_MONTHS);
      const counts = await pipelineCounts(db, { from: y, to: y, stalledBefore: before });
      // the counts are the province's (the target is the province's); the records listed, the caller's units'
      const stalled = await listCandidates(db, {
        year: y,
        stalledBefore: before,
        limit: 500,
        scope: await scopeOf(db, actor),
      });
      return {
        year: y,
        target: deps.config.TARGET_NEW_PRODUCTS_PER_YEAR,
        stallMonths: deps.config.PIPELINE_STALL_MONTHS,
        stalledBefore: before,
        ...counts.perYear[y]!,
        stalledCandidates: stalled.slice(0, 500).map(({ seq: _seq, ...c }) => c),
      };
    },
  }),
};
