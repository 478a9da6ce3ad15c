// The OCOP product pipeline: candidates registered by the commune associations each year and the
// stages of the OCOP cycle they reach (ocop_candidates, ocop_candidate_stages). A trigger keeps
// the stages moving forward under concurrent writes; here are the reads and writes.
import type { Db } from './client';
import type { PipelineStage, StageReached } from '../domain/pipeline';
import { inScope, type Scope } from './programme-people-store';

export interface CandidateStage extends StageReached {
  note: string | null;
}

export interface Candidate {
  id: string;
  organizationId: string | null;
  organizationName: string | null;
  householdName: string | null;
  productName: string;
  yearRegistered: number;
  supportingUnitId: string;
  supportingUnitName: string;
  commune: string;
  note: string | null;
  productId: string | null;
  ratingId: string | null;
  stages: CandidateStage[];
  /** The furthest stage reached, null before the first. */
  currentStage: PipelineStage | null;
  /** The day of the last stage reached, else the day the candidate was registered (in Vietnam). */
  lastActivityOn: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CandidateFields {
  organizationId: string | null;
  householdName: string | null;
  productName: string;
  yearRegistered: number;
  supportingUnitId: string;
  commune: string;
  note: string | null;
  productId: string | null;
  ratingId: string | null;
}

const cols = (db: Db) => db`
  c.id, c.organization_id, o.name as organization_name, c.household_name, c.product_name,
  c.year_registered::int as year_registered, c.supporting_unit_id, u.name as supporting_unit_name,
  c.commune, c.note, c.product_id, c.rating_id,
  coalesce((select json_agg(json_build_object('stage', s.stage, 'reachedOn', s.reached_on, 'note', s.note)
                            order by ocop_stage_order(s.stage))
              from ocop_candidate_stages s where s.candidate_id = c.id), '[]'::json) as stages,
  (select s.stage from ocop_candidate_stages s where s.candidate_id = c.id
    order by ocop_stage_order(s.stage) desc limit 1) as current_stage,
  coalesce((select max(s.reached_on) from ocop_candidate_stages s where s.candidate_id = c.id),
           ((c.created_at at time zone 'UTC') + interval '7 hours')::date)::text as last_activity_on,
  c.created_at, c.updated_at`;

const from = (db: Db) => db`
  ocop_candidates c
  left join organizations o on o.id = c.organization_id
  join organizations u on u.id = c.supporting_unit_id`;

export async function getCandidate(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Candidate | null> {
  if (opts.forUpdate) await db`select 1 from ocop_candidates where id = ${id} for update`;
  const [row] = await db<Candidate[]>`select ${cols(db)} from ${from(db)} where c.id = ${id}`;
  return row ?? null;
}

export interface CandidateFilter {
  year?: number | undefined;
  stage?: PipelineStage | undefined;
  supportingUnitId?: string | undefined;
  /** Only candidates not yet at the last stage whose last activity is before this day. */
  stalledBefore?: string | undefined;
  /** Only candidates supported by a unit in this scope (staff bound to a unit); all when absent. */
  scope?: Scope | undefined;
  after?: number;
  limit: number;
}

export async function listCandidates(db: Db, f: CandidateFilter) {
  return db<(Candidate & { seq: number })[]>`
    select * from (
      select c.seq, ${cols(db)} from ${from(db)}
       where c.seq > ${f.after ?? 0}
         ${f.year ? db`and c.year_registered = ${f.year}` : db``}
         ${f.supportingUnitId ? db`and c.supporting_unit_id = ${f.supportingUnitId}` : db``}
         ${f.scope ? db`and ${inScope(db, db`c.supporting_unit_id`, f.scope)}` : db``}
    ) x
    where true
      ${f.stage ? db`and x.current_stage = ${f.stage}` : db``}
      ${f.stalledBefore ? db`and x.current_stage is distinct from 'promotion' and x.last_activity_on < ${f.stalledBefore}` : db``}
    order by x.seq
    limit ${f.limit + 1}`;
}

export async function insertCandidate(db: Db, c: CandidateFields): Promise<Candidate> {
  const [row] = await db<{ id: string }[]>`
    insert into ocop_candidates (organization_id, household_name, product_name, year_registered,
                                 supporting_unit_id, commune, note, product_id, rating_id)
    values (${c.organizationId}, ${c.householdName}, ${c.productName}, ${c.yearRegistered},
            ${c.supportingUnitId}, ${c.commune}, ${c.note}, ${c.productId}, ${c.ratingId})
    returning id`;
  return (await getCandidate(db, row!.id))!;
}

export async function updateCandidate(db: Db, id: string, c: CandidateFields): Promise<Candidate> {
  await db`
    update ocop_candidates
       set organization_id = ${c.organizationId}, household_name = ${c.householdName},
           product_name = ${c.productName}, year_registered = ${c.yearRegistered},
           supporting_unit_id = ${c.supportingUnitId}, commune = ${c.commune}, note = ${c.note},
           product_id = ${c.productId}, rating_id = ${c.ratingId}, updated_at = now()
     where id = ${id}`;
  return (await getCandidate(db, id))!;
}

export async function insertStage(
  db: Db,
  candidateId: string,
  s: { stage: PipelineStage; reachedOn: string; note: string | null },
): Promise<void> {
  await db`
    insert into ocop_candidate_stages (candidate_id, stage, reached_on, note)
    values (${candidateId}, ${s.stage}, ${s.reachedOn}, ${s.note})`;
  await db`update ocop_candidates set updated_at = now() where id = ${candidateId}`;
}

/** Whether a rating decision belongs to the product (for a rated candidate's link). */
export async function ratingOfProduct(db: Db, ratingId: string, productId: string): Promise<boolean> {
  const [row] = await db`select 1 from ocop_ratings where id = ${ratingId} and product_id = ${productId}`;
  return !!row;
}

// ---- the pipeline per registration year (console board, report beside target 3) ----

export interface PipelineYear {
  registered: number;
  /** Candidates whose furthest stage is this one; notStarted before the first stage. */
  atStage: Record<PipelineStage | 'notStarted', number>;
  /** Candidates that reached the rating stage (or beyond). */
  rated: number;
  stalled: number;
}

const emptyYear = (): PipelineYear => ({
  registered: 0,
  atStage: { notStarted: 0, idea: 0, plan: 0, carrying_out: 0, dossier: 0, rating: 0, promotion: 0 },
  rated: 0,
  stalled: 0,
});

/** Per registration year in [from, to] and for all of them together. */
export async function pipelineCounts(
  db: Db,
  opts: { from: number; to: number; stalledBefore: string },
): Promise<{ perYear: Record<number, PipelineYear>; period: PipelineYear }> {
  const rows = await db<{ year: number | null; stage: string | null; n: number; rated: number; stalled: number }[]>`
    with c as (
      select c.year_registered::int as year,
             (select s.stage from ocop_candidate_stages s where s.candidate_id = c.id
               order by ocop_stage_order(s.stage) desc limit 1) as stage,
             coalesce((select max(s.reached_on) from ocop_candidate_stages s where s.candidate_id = c.id),
                      ((c.created_at at time zone 'UTC') + interval '7 hours')::date) as last_day
        from ocop_candidates c
       where c.year_registered between ${opts.from} and ${opts.to}
    )
    select case when grouping(year) = 1 then null else year end as year,
           coalesce(stage, 'notStarted') as stage,
           count(*)::int as n,
           count(*) filter (where ocop_stage_order(stage) >= ocop_stage_order('rating'))::int as rated,
           count(*) filter (where stage is distinct from 'promotion' and last_day < ${opts.stalledBefore}::date)::int as stalled
      from c
     group by grouping sets ((year, stage), (stage))`;
  const perYear: Record<number, PipelineYear> = {};
  for (let y = opts.from; y <= opts.to; y++) perYear[y] = emptyYear();
  const period = emptyYear();
  for (const r of rows) {
    const target = r.year === null ? period : perYear[r.year]!;
    target.atStage[r.stage as PipelineStage] = r.n;
    target.registered += r.n;
    target.rated += r.rated;
    target.stalled += r.stalled;
  }
  return { perYear, period };
}
