// Figures of the provincial programme report (GET /api/v1/report/programme), measured from the
// registry: OCOP rating decisions, e-commerce listings, sealed batches with their raw-material
// inputs, and value-chain models. Four queries; each answers every year of the range and the
// whole range at once (GROUPING SETS), so the period figure counts distinct products/models and
// is not the sum of the years.
import type { Db } from './client';
import type { PipelineYear } from './candidates-store';

export interface YearCounts {
  perYear: Record<number, number>;
  period: number;
}

export interface ProgrammeCounts {
  newProducts: YearCounts;
  rated3Star: YearCounts;
  maintained: YearCounts;
  ecommerce: YearCounts;
  stableChain: YearCounts;
  workingModels: YearCounts;
}

type Row = { year: number | null; [k: string]: number | null };

function collect(rows: Row[], column: string, from: number, to: number): YearCounts {
  const perYear: Record<number, number> = {};
  for (let y = from; y <= to; y++) perYear[y] = 0;
  let period = 0;
  for (const r of rows) {
    const v = Number(r[column] ?? 0);
    if (r.year === null) period = v;
    else perYear[r.year] = v;
  }
  return { perYear, period };
}

/**
 * The sealed batches of [start, end] whose product is tied to a stable raw-material area, as
 * (product_id, production_date): one of the batch's inputs came from the cooperative's own area,
 * or from an area under a contract at least `months` long on the harvest day. The figure and its
 * drill-down (report-records-store.ts) both read it. The two ways are two hash joins over the
 * period's inputs, not a contract lookup per input (the OR of the two made PostgreSQL probe the
 * contracts once per input: 2.9 s against 1.4 s at ten times the province).
 */
export const tiedToStableArea = (db: Db, start: string, end: string, months: number) => db`
  with inputs as (
    select b.product_id, b.production_date, b.cooperative_id, h.area_id, h.harvested_on
      from batches b
      join batch_inputs bi on bi.batch_id = b.id
      join harvest_lots h on h.id = bi.harvest_lot_id
     where b.sealed_at is not null
       and b.production_date between ${start}::date and ${end}::date
  )
  select i.product_id, i.production_date
    from inputs i join raw_material_areas a on a.id = i.area_id and a.operator_id = i.cooperative_id
  union
  select i.product_id, i.production_date
    from inputs i
    join supply_contract_terms sc on sc.area_id = i.area_id and sc.cooperative_id = i.cooperative_id
   where i.harvested_on between sc.starts_on and sc.last_day
     and sc.last_day + 1 >= (sc.starts_on + make_interval(months => ${months}::int))::date`;

export async function programmeCounts(
  db: Db,
  opts: { from: number; to: number; stableContractMonths: number },
): Promise<ProgrammeCounts> {
  const { from, to } = opts;
  const start = `${from}-01-01`;
  const end = `${to}-12-31`;
  const [ratings, listings, chains, models] = await Promise.all([
    // Every decision is numbered per product over its whole history before the range is applied,
    // so "first-ever" and "previous stars" look outside the range too.
    db<Row[]>`
      with r as (
        select product_id, stars, decision_date,
               row_number() over w as n,
               lag(stars) over w as prev_stars
          from ocop_ratings
        window w as (partition by product_id order by decision_date, created_at, id)
      )
      select case when grouping(extract(year from decision_date)) = 1 then null
                  else extract(year from decision_date)::int end as year,
             count(distinct product_id) filter (where n = 1)::int as "newProducts",
             count(distinct product_id) filter (where stars >= 3)::int as "rated3Star",
             count(distinct product_id) filter (where n > 1 and stars >= prev_stars)::int as maintained
        from r
       where decision_date between ${start}::date and ${end}::date
       group by grouping sets ((extract(year from decision_date)), ())`,
    // A product counts in a year when one of its listings was live on some day of it; in the
    // period when its first listing ever went live inside the period.
    db<Row[]>`
      select y.year, count(distinct l.product_id)::int as n
        from generate_series(${from}::int, ${to}::int) as y(year)
        join product_listings l
          on l.went_live_on <= make_date(y.year, 12, 31)
         and (l.ended_on is null or l.ended_on >= make_date(y.year, 1, 1))
       group by y.year
      union all
      select null, count(*)::int
        from (select product_id from product_listings group by product_id
              having min(went_live_on) between ${start}::date and ${end}::date) f`,
    // A product is tied to a stable area in a year when one of that year's batches is (tiedToStableArea).
    db<Row[]>`
      select case when grouping(year) = 1 then null else year end as year, count(distinct product_id)::int as n
        from (select product_id, extract(year from production_date)::int as year
                from (${tiedToStableArea(db, start, end, opts.stableContractMonths)}) t) y
       group by grouping sets ((year), ())`,
    db<Row[]>`
      select case when grouping(extract(year from b.production_date)) = 1 then null
                  else extract(year from b.production_date)::int end as year,
             count(distinct m.id)::int as n
        from value_chain_models m
        join batches b on b.model_id = m.id
       where m.status = 'active'
         and b.sealed_at is not null
         and b.production_date between ${start}::date and ${end}::date
       group by grouping sets ((extract(year from b.production_date)), ())`,
  ]);
  return {
    newProducts: collect(ratings, 'newProducts', from, to),
    rated3Star: collect(ratings, 'rated3Star', from, to),
    maintained: collect(ratings, 'maintained', from, to),
    ecommerce: collect(listings, 'n', from, to),
    stableChain: collect(chains, 'n', from, to),
    workingModels: collect(models, 'n', from, to),
  };
}

// ---- the report as the API answers it ----

export interface Bilingual {
  vi: string;
  en: string;
}

export interface ProgrammeTarget {
  min?: number;
  max?: number;
  value?: number;
  /** Whether min/max/value applies to each year or to the whole period. */
  per: 'year' | 'period';
  /** A yearly target given next to a period target (working models: one a year). */
  perYearValue?: number;
  /** The figure and its target are shares in percent (targets (1) and (2)). */
  unit?: 'percent';
}

export interface ProgrammeFigure {
  key:
    | 'new_products'
    | 'rated_3star'
    | 'maintained_or_upgraded'
    | 'ecommerce_products'
    | 'stable_chain_products'
    | 'working_models'
    | 'association_activity'
    | 'trained_people';
  label: Bilingual;
  rule: Bilingual;
  target: ProgrammeTarget;
  /** null where the data carry no date. */
  perYear: Record<string, number | null>;
  period: number;
  /** Set for figures with a yearly target. */
  metPerYear?: Record<string, boolean>;
  met: boolean;
  /** The records behind the figure: GET /api/v1/report/programme/records/{key} (e.g. the units with no activity). */
  records?: string;
  /** For shares: how many counted, of how many, per year and for the period. */
  basis?: { perYear: Record<string, { count: number; of: number }>; period: { count: number; of: number } };
}

export interface ProgrammeReport {
  from: number;
  to: number;
  generatedAt: string;
  settings: { stableContractMonths: number };
  figures: ProgrammeFigure[];
  /** The OCOP product pipeline, shown beside target (3) (new products). */
  pipeline?: ProgrammePipeline;
}

export interface ProgrammePipeline {
  /** The figure it sits beside. */
  beside: 'new_products';
  /** New products a year the candidates are measured against. */
  targetPerYear: number;
  stallMonths: number;
  /** A candidate whose last stage is before this day has stalled (the report's day less stallMonths). */
  stalledBefore: string;
  perYear: Record<string, PipelineYear>;
  period: PipelineYear;
  records: string;
}
