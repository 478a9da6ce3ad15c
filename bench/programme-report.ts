// The programme report at province scale with targets (1) and (2) (issue 17): the province data
// set of bench/province/run.ts (200 cooperatives, 2,000 products, 20,000 sealed batches…) plus an
// association tree (1 province, 10 former districts, 150 communes; the cooperatives placed under
// the communes), 10,000 activities over 2022–2025, 5,000 officers and directors, 500 courses and
// 20,000 attendances; for targets (3) and (4) dated listings on half the products and 1,000 OCOP
// candidates with their stages. Measured side by side in one run, through the app: the whole report for the
// period (target < 2 s), the six older figures alone, targets (1) and (2) alone, and both drill-downs.
// Run: npx tsx bench/programme-report.ts [scale=1]   (RUNS=20 by default)
import { parseConfig } from '../src/config';
import { createSql } from '../src/db/client';
import { createKeyring } from '../src/db/keyring';
import { programmeCounts } from '../src/db/report-store';
import { applyMigrations } from '../src/db/migrations';
import { loadMigrations } from '../src/entry/migration-files';
import { peopleCounts } from '../src/http/routes/programme-people-report';
import { generate } from './province/run';
import { benchApp } from './support/bench-app';
import { machine, startPostgres15 } from './support/pg15';

const RUNS = Number(process.env.RUNS ?? 20);
const N = {
  districts: 10,
  communes: 150,
  activities: 10_000,
  people: 5_000,
  courses: 500,
  perCourse: 40,
  candidates: 1_000,
};

const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function main() {
  console.log(`programme report benchmark (targets 1 and 2), scale ${process.argv[2] ?? 1}; ${machine()}`);
  const pg = await startPostgres15();
  const sql = createSql(pg.url, { max: 6 });
  try {
    const config = parseConfig({ LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://trace.example.vn' });
    await applyMigrations(sql, loadMigrations());
    const keyring = createKeyring(sql, config);
    const kid = await keyring.ensure();
    const gen = await generate(pg.url, kid);
    console.log(`\n1. province data set (bench/province/run.ts generate): ${fmt(gen.total / 1000)} s`);

    const t0 = performance.now();
    await sql.begin(async (tx) => {
      await tx`
        insert into organizations (kind, association_level, name, province)
        values ('association_unit', 'province', 'Hội Nông dân tỉnh Sơn Lâm', 'Tỉnh Sơn Lâm')`;
      await tx`
        insert into organizations (kind, association_level, name, province, parent_id)
        select 'association_unit', 'district', 'Hội Nông dân huyện ' || i, 'Tỉnh Sơn Lâm',
               (select id from organizations where association_level = 'province')
          from generate_series(1, ${N.districts}) i`;
      await tx`
        insert into organizations (kind, association_level, name, province, parent_id)
        select 'association_unit', 'commune', 'Hội Nông dân xã ' || i, 'Tỉnh Sơn Lâm', d.id
          from generate_series(1, ${N.communes}) i
          join (select id, row_number() over (order by seq) - 1 as k from organizations
                 where association_level = 'district') d on d.k = i % ${N.districts}`;
      await tx`
        create temp table ix_unit on commit drop as
        select row_number() over (order by seq) - 1 as k, id from organizations where kind = 'association_unit'`;
      await tx`
        create temp table ix_commune on commit drop as
        select row_number() over (order by seq) - 1 as k, id from organizations where association_level = 'commune'`;
      await tx`
        update organizations o set parent_id = c.id
          from (select id, row_number() over (order by seq) - 1 as k from organizations where kind = 'cooperative') x
          join ix_commune c on c.k = x.k % ${N.communes}
         where o.id = x.id`;
      // activities: spread over the units and the four years, a few units left without one each year
      await tx`
        insert into association_activities (unit_id, held_on, kind, topic, participants, recorded_by)
        select u.id, date '2022-01-01' + (i * 7919 % 1460),
               (array['communication', 'advice', 'support'])[1 + i % 3], 'Hoạt động ' || i, 10 + i % 90, 'bench'
          from generate_series(0, ${N.activities - 1}) i
          join ix_unit u on u.k = (i * 31) % ${1 + N.districts + N.communes - 3}`;
      await tx`
        insert into activity_organizations (activity_id, organization_id)
        select a.id, o.id
          from (select id, row_number() over (order by seq) as k from association_activities) a
          join (select id, row_number() over (order by seq) as k from organizations where kind = 'cooperative') o
            on o.k = 1 + a.k % 200
         where a.k % 2 = 0`;
      // people: 1 in 3 an officer of a unit, the others directors of cooperatives
      await tx`
        insert into people (organization_id, full_name, role, active_from, active_to)
        select case when i % 3 = 0 then u.id else c.id end, 'Người ' || i,
               case when i % 3 = 0 then 'association_officer' else 'cooperative_director' end,
               date '2018-01-01' + (i % 1500), case when i % 17 = 0 then date '2023-06-30' + (i % 400) end
          from generate_series(0, ${N.people - 1}) i
          join ix_unit u on u.k = i % ${1 + N.districts + N.communes}
          join (select id, row_number() over (order by seq) - 1 as k from organizations where kind = 'cooperative') c
            on c.k = i % 200`;
      await tx`
        insert into training_courses (organiser_id, title, topic, starts_on, ends_on)
        select u.id, 'Lớp ' || i,
               (array['ocop_ideas_plans', 'founding_cooperatives', 'running_ocop', 'scoring_rating', 'trademarks',
                      'traceability', 'dossiers', 'marketing_ecommerce'])[1 + i % 8],
               date '2022-02-01' + (i * 2 % 1400), date '2022-02-02' + (i * 2 % 1400)
          from generate_series(0, ${N.courses - 1}) i join ix_unit u on u.k = i % ${1 + N.districts + N.communes}`;
      await tx`
        insert into course_attendances (course_id, person_id)
        select c.id, p.id
          from (select id, row_number() over (order by seq) - 1 as k from training_courses) c
          cross join generate_series(0, ${N.perCourse - 1}) j
          join (select id, row_number() over (order by seq) - 1 as k from people) p
            on p.k = (c.k * ${N.perCourse} + j) * 7 % ${N.people}`;
      // Targets (3) and (4) with real volume: dated listings for half the products (some ended),
      // and OCOP candidates with their stages (the pipeline beside target 3).
      await tx`
        insert into product_listings (product_id, channel, platform, url, went_live_on, ended_on)
        select p.id, pl, pl, 'https://' || pl || '.vn/p/' || p.seq || '-' || j,
               date '2020-06-01' + ((p.seq * 37 + j * 101) % 2000)::int,
               case when (p.seq + j) % 4 = 0 then date '2020-06-01' + ((p.seq * 37 + j * 101) % 2000)::int + 200 end
          from products p cross join generate_series(0, 1) j
          cross join lateral (select (array['postmart', 'voso', 'shopee', 'tiki'])[1 + (p.seq + j)::int % 4] as pl) x
         where p.seq % 2 = 0`;
      await tx`
        insert into ocop_candidates (organization_id, product_name, year_registered, supporting_unit_id, commune)
        select o.id, 'Sản phẩm ứng viên ' || i, 2022 + i % 4, u.id, 'Xã ' || (i % 150)
          from generate_series(0, ${N.candidates - 1}) i
          join (select id, row_number() over (order by seq) - 1 as k from organizations where kind = 'cooperative') o
            on o.k = i % 200
          join ix_unit u on u.k = i % ${1 + N.districts + N.communes}`;
      await tx`
        insert into ocop_candidate_stages (candidate_id, stage, reached_on)
        select c.id, s.stage, make_date(c.year_registered, 2, 1) + (s.n * 40)::int
          from (select id, year_registered, row_number() over (order by seq) - 1 as k from ocop_candidates) c
          cross join lateral (select stage, n from unnest(array['idea', 'plan', 'carrying_out', 'dossier', 'rating',
                                                               'promotion']) with ordinality as t(stage, n)
                               where n <= 1 + c.k % 6) s`;
    });
    await sql`analyze`;
    const counts = await sql<{ t: string; n: number }[]>`
      select 'association units' as t, count(*)::int as n from organizations where kind = 'association_unit'
      union all select 'activities', count(*)::int from association_activities
      union all select 'activity members', count(*)::int from activity_organizations
      union all select 'people', count(*)::int from people
      union all select 'courses', count(*)::int from training_courses
      union all select 'attendances', count(*)::int from course_attendances
      union all select 'listings', count(*)::int from product_listings
      union all select 'OCOP candidates', count(*)::int from ocop_candidates
      union all select 'candidate stages', count(*)::int from ocop_candidate_stages`;
    console.log(`2. targets (1) and (2) data, ${fmt(ms(t0) / 1000)} s:`);
    for (const c of counts) console.log(`   ${c.t.padEnd(20)} ${String(c.n).padStart(7)}`);

    const { app, admin } = await benchApp(sql, config, new Date('2026-06-15T08:00:00Z'));
    const get = async (path: string) => {
      const t1 = performance.now();
      const r = await app.request(path, { headers: { authorization: `Bearer ${admin}` } });
      const body = await r.text();
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${body.slice(0, 300)}`);
      return { t: ms(t1), body };
    };
    const time = async (fn: () => Promise<unknown>) => {
      const t1 = performance.now();
      await fn();
      return ms(t1);
    };

    // side by side, interleaved: each round measures every item once (three warm-up rounds)
    const items: [string, () => Promise<unknown>][] = [
      ['whole report, JSON (8 figures, pipeline)', () => get('/api/v1/report/programme?from=2022&to=2025')],
      [
        'the six older figures alone',
        () => programmeCounts(sql, { from: 2022, to: 2025, stableContractMonths: config.STABLE_CONTRACT_MONTHS }),
      ],
      ['targets (1) and (2) alone', () => peopleCounts(sql, { from: 2022, to: 2025 })],
      [
        'drill-down: units with no activity, period',
        () => get('/api/v1/report/programme/records/association_activity'),
      ],
      ['drill-down: people not trained, period', () => get('/api/v1/report/programme/records/trained_people')],
      ['drill-down: people not trained, 2023', () => get('/api/v1/report/programme/records/trained_people?year=2023')],
    ];
    const times = items.map(() => [] as number[]);
    for (let round = 0; round < RUNS + 3; round++) {
      for (const [i, [, fn]] of items.entries()) {
        const t = await time(fn);
        if (round >= 3) times[i]!.push(t);
      }
    }
    const report = JSON.parse((await get('/api/v1/report/programme?from=2022&to=2025')).body) as {
      figures: { key: string; perYear: Record<string, number | null>; period: number }[];
    };
    console.log(`\n3. ${RUNS} interleaved rounds after 3 warm-up:`);
    console.log('   item                                           p50 ms    p95 ms');
    for (const [i, [label]] of items.entries()) {
      console.log(
        `   ${label.padEnd(45)} ${fmt(pct(times[i]!, 50)).padStart(7)} ${fmt(pct(times[i]!, 95)).padStart(9)}`,
      );
    }
    const p95 = pct(times[0]!, 95);
    console.log(`   whole report p95 ${fmt(p95)} ms: ${p95 < 2000 ? 'OK' : 'MISSED'} (< 2 s)`);
    for (const f of report.figures.filter((x) => x.key === 'association_activity' || x.key === 'trained_people')) {
      console.log(`   ${f.key}: ${JSON.stringify(f.perYear)}, period ${f.period}`);
    }
  } finally {
    await sql.end();
    pg.stop();
  }
}

await main();
