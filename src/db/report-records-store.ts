// The records behind each figure of the programme report (the drill-down of
// GET /api/v1/report/programme/records/{key}): the same rules as report-store.ts, answering the
// products, listings, models and candidates themselves instead of their count. A test keeps each
// list as long as its figure.
import type { Db } from './client';
import { tiedToStableArea } from './report-store';

/** A year range; `year` set when the records of one year are asked (the period rule may differ). */
export interface RecordRange {
  from: number;
  to: number;
  oneYear: boolean;
  stableContractMonths: number;
}

export interface ProductRecord {
  productId: string;
  gtin: string;
  nameVi: string;
  nameEn: string | null;
  ownerId: string;
  ownerName: string;
}

export interface RatedProductRecord extends ProductRecord {
  stars: number;
  decisionNumber: string;
  decisionDate: string;
  previousStars: number | null;
}

const productCols = (db: Db) => db`
  p.id as product_id, p.gtin, p.name_vi, p.name_en, p.owner_id, o.name as owner_name`;

const bounds = (r: RecordRange) => ({ start: `${r.from}-01-01`, end: `${r.to}-12-31` });

/**
 * The decision behind each product counted by a rating figure, the latest one in the range:
 * 'new' the first-ever decision, '3star' one of 3 stars or more, 'kept' a re-rating with the same
 * or more stars than the decision before it.
 */
export async function ratedProductRecords(db: Db, r: RecordRange, which: 'new' | '3star' | 'kept') {
  const { start, end } = bounds(r);
  return db<RatedProductRecord[]>`
    with d as (
      select product_id, stars, decision_number, decision_date, created_at, id,
             row_number() over w as n, lag(stars) over w as prev_stars
        from ocop_ratings
      window w as (partition by product_id order by decision_date, created_at, id)
    ), picked as (
      select distinct on (product_id) *
        from d
       where decision_date between ${start}::date and ${end}::date
         and ${which === 'new' ? db`n = 1` : which === '3star' ? db`stars >= 3` : db`n > 1 and stars >= prev_stars`}
       order by product_id, decision_date desc, created_at desc, id desc
    )
    select ${productCols(db)}, d.stars::int as stars, d.decision_number, d.decision_date::text as decision_date,
           d.prev_stars::int as previous_stars
      from picked d join products p on p.id = d.product_id join organizations o on o.id = p.owner_id
     order by p.name_vi, p.id`;
}

export interface ListedProductRecord extends ProductRecord {
  /** The day its first listing ever went live. */
  firstListedOn: string;
  /** Its listings live at some point in the range (platform, page, dates). */
  listings: { platform: string; channel: string; url: string; wentLiveOn: string; endedOn: string | null }[];
}

/**
 * Products on an e-commerce platform: for one year, those with a listing live on some day of it;
 * for a period, those whose first listing went live inside it.
 */
export async function listedProductRecords(db: Db, r: RecordRange) {
  const { start, end } = bounds(r);
  return db<ListedProductRecord[]>`
    with firsts as (
      select product_id, min(went_live_on) as first_on from product_listings group by product_id
    ), counted as (
      select f.product_id, f.first_on from firsts f
       where ${
         r.oneYear
           ? db`exists (select 1 from product_listings l where l.product_id = f.product_id
                          and l.went_live_on <= ${end}::date and (l.ended_on is null or l.ended_on >= ${start}::date))`
           : db`f.first_on between ${start}::date and ${end}::date`
       }
    )
    select ${productCols(db)}, c.first_on::text as first_listed_on,
           (select json_agg(json_build_object('platform', l.platform, 'channel', l.channel, 'url', l.url,
                                              'wentLiveOn', l.went_live_on, 'endedOn', l.ended_on)
                            order by l.went_live_on, l.url)
              from product_listings l
             where l.product_id = p.id and l.went_live_on <= ${end}::date
               and (l.ended_on is null or l.ended_on >= ${start}::date)) as listings
      from counted c join products p on p.id = c.product_id join organizations o on o.id = p.owner_id
     order by p.name_vi, p.id`;
}

/** Products tied to a stable raw-material area (the rule of report-store.ts), with their first such batch's day. */
export async function stableChainProductRecords(db: Db, r: RecordRange) {
  const { start, end } = bounds(r);
  return db<(ProductRecord & { firstProducedOn: string })[]>`
    with tied as (${tiedToStableArea(db, start, end, r.stableContractMonths)})
    select ${productCols(db)}, min(t.production_date)::text as first_produced_on
      from tied t join products p on p.id = t.product_id join organizations o on o.id = p.owner_id
     group by p.id, o.name
     order by p.name_vi, p.id`;
}

export interface ModelRecord {
  modelId: string;
  slug: string;
  name: string;
  sealedBatches: number;
}

/** Active value-chain models with a sealed batch produced in the range. */
export async function workingModelRecords(db: Db, r: RecordRange) {
  const { start, end } = bounds(r);
  return db<ModelRecord[]>`
    select m.id as model_id, m.slug, m.name, count(b.id)::int as sealed_batches
      from value_chain_models m
      join batches b on b.model_id = m.id
     where m.status = 'active'
       and b.sealed_at is not null
       and b.production_date between ${start}::date and ${end}::date
     group by m.id
     order by m.name, m.id`;
}

export interface CandidateRecord {
  candidateId: string;
  productName: string;
  holder: string;
  yearRegistered: number;
  commune: string;
  supportingUnitName: string;
  currentStage: string | null;
  lastActivityOn: string;
  stalled: boolean;
  productId: string | null;
}

/** Candidates registered in the range, with their furthest stage and whether they stalled. */
export async function candidateRecords(db: Db, r: RecordRange & { stalledBefore: string }) {
  return db<CandidateRecord[]>`
    select x.*, (x.current_stage is distinct from 'promotion' and x.last_activity_on < ${r.stalledBefore}) as stalled
      from (
        select c.id as candidate_id, c.product_name, coalesce(o.name, c.household_name) as holder,
               c.year_registered::int as year_registered, c.commune, u.name as supporting_unit_name,
               (select s.stage from ocop_candidate_stages s where s.candidate_id = c.id
                 order by ocop_stage_order(s.stage) desc limit 1) as current_stage,
               coalesce((select max(s.reached_on) from ocop_candidate_stages s where s.candidate_id = c.id),
                        ((c.created_at at time zone 'UTC') + interval '7 hours')::date)::text as last_activity_on,
               c.product_id, c.seq
          from ocop_candidates c
          left join organizations o on o.id = c.organization_id
          join organizations u on u.id = c.supporting_unit_id
         where c.year_registered between ${r.from} and ${r.to}
      ) x
     order by x.year_registered, x.seq`;
}
