// Province-scale benchmark on a throwaway PostgreSQL 15: a set-based generated data set
// (cooperatives, areas, contracts, harvest lots, sealed batches with inputs, products, print runs,
// stamps, scans), then backward / forward trace latency through the app's routes and the wall
// time of one area recall propagated to ~1,000 sealed batches, a full link-check run and the
// programme report.
// Run: npx tsx bench/province/run.ts [scale=1]   (scale=0.1 for a quick check)
import { pathToFileURL } from 'node:url';
import { createApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { createApiKey } from '../../src/db/api-keys-store';
import { createSql, type Sql, type Tx } from '../../src/db/client';
import { createKeyring } from '../../src/db/keyring';
import { loadMigrations } from '../../src/entry/migration-files';
import { applyMigrations } from '../../src/db/migrations';
import { createLogger } from '../../src/log';
import { propagateRecall } from '../../src/recalls/propagate';
import { runLinkChecks } from '../../src/checks/run';
import { checkSettings } from '../../src/checks/run';
import { signRecord } from '../../src/signing';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { machine, startPostgres15 } from '../support/pg15';
import { stampPagePaths } from '../support/province-stamps';
import { measureStampPages } from '../support/public-measure';

const SCALE = Number(process.argv[2] ?? 1);
const RUNS = Number(process.env.RUNS ?? 300);
const STAMP_SECONDS = Number(process.env.STAMP_SECONDS ?? 15);
const n = (base: number, min: number) => Math.max(min, Math.round(base * SCALE));

const N = {
  coops: n(200, 10),
  areas: n(2000, 50),
  lots: n(50_000, 1_000),
  products: n(2000, 50),
  batches: n(20_000, 2_000),
  stampsPerRun: 100,
};
const STAMPS = N.batches * N.stampsPerRun; // one print run per batch
// the hot area (area #0) feeds HOT batches: every STRIDE-th batch draws one input from its lots
const HOT = Math.min(1000, Math.floor(N.batches / 2));
const STRIDE = Math.floor(N.batches / HOT);
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

// serial(n): 'P' + 12 base-31 digits of a bijective scatter of n (mod 31^12) + the weighted
// mod-31 check character of src/domain/serial.ts; deterministic, unique, ^[2-9A-HJKMNP-Z]{14}$.
function serialFunctionSql(): string {
  // no FROM clause, so the planner inlines the function into the INSERT (about 3× faster)
  const m = `((n * 1103515245 + 12345) % ${31n ** 12n}::bigint)`;
  const digit = (k: number) => `((${m} / ${31n ** BigInt(k)}::bigint) % 31)::int`; // k = 0 least significant
  const chars: string[] = [`'P'`];
  const checkTerms: string[] = [`1 * ${ALPHABET.indexOf('P')}`];
  for (let pos = 2; pos <= 13; pos++) {
    const k = 13 - pos; // pos 2 → most significant digit (k = 11)
    chars.push(`substr('${ALPHABET}', ${digit(k)} + 1, 1)`);
    checkTerms.push(`${pos} * ${digit(k)}`);
  }
  return `
    create or replace function bench_serial(n bigint) returns text language sql immutable parallel safe as $$
      select ${chars.join(' || ')} || substr('${ALPHABET}', ((${checkTerms.join(' + ')}) % 31) + 1, 1)
    $$`;
}

// GTIN-14 with a valid GS1 check digit: '0893' + 9-digit index + check.
const GTIN_FN = `
  create or replace function bench_gtin(i int) returns text language sql immutable parallel safe as $$
    select b || ((10 - (sum(substr(b, k, 1)::int * case when k % 2 = 1 then 3 else 1 end) % 10)) % 10)::text
    from (select '0893' || lpad(i::text, 9, '0') as b) x, generate_series(1, 13) k group by b
  $$`;

export async function generate(url: string, kid: string) {
  const g = createSql(url, { max: 1 });
  const steps: [string, number][] = [];
  const step = async (label: string, text: string) => {
    const t0 = performance.now();
    await g.unsafe(text);
    steps.push([label, ms(t0)]);
  };
  const t0 = performance.now();
  await g.unsafe(`set synchronous_commit = off`);
  // Triggers (and FK checks, which are triggers) are off for the bulk load: sealed batches get
  // their inputs inserted directly (batch_part_guard would refuse them), and harvest_lots.drawn is
  // then set to exactly what the mass-balance trigger would have produced (checked by the
  // drawn <= quantity constraint, which stays on). The generated keys are consistent by construction.
  await g.unsafe(`set session_replication_role = replica`);
  await g.unsafe(`set maintenance_work_mem = '512MB'`);
  await g.unsafe(`set work_mem = '128MB'`);
  await g.unsafe(serialFunctionSql());
  await g.unsafe(GTIN_FN);
  await g.unsafe(`create temp table ix_org (i int primary key, id uuid not null)`);
  await g.unsafe(`create temp table ix_area (i int primary key, id uuid not null)`);
  await g.unsafe(`create temp table ix_prod (i int primary key, id uuid not null)`);
  await g.unsafe(`create temp table ix_lot (i int primary key, id uuid not null, area int not null)`);
  await g.unsafe(
    `create temp table ix_batch (j int primary key, id uuid not null, prod int not null, coop int not null)`,
  );

  await step(
    'organizations',
    `
    with ins as (
      insert into organizations (id, kind, name, registration_code, province, commune, contact_phone, gln)
      select gen_random_uuid(), 'cooperative', 'HTX Nông nghiệp số ' || i, 'REG-' || i, 'Tỉnh Sơn Lâm', 'Xã ' || (i % 97),
             '09' || lpad(i::text, 8, '0'), '893' || lpad(i::text, 10, '0')
      from generate_series(0, ${N.coops - 1}) i
      returning id, registration_code)
    insert into ix_org select substr(registration_code, 5)::int, id from ins`,
  );

  await step(
    'raw_material_areas',
    `
    with src as (
      select i, gen_random_uuid() as id from generate_series(0, ${N.areas - 1}) i),
    ins as (
      insert into raw_material_areas (id, code, name, operator_id, province, commune, location, area_ha, crops, households, planting_area_code)
      select s.id, 'VNL-' || s.i, 'Vùng nguyên liệu ' || s.i, o.id, 'Tỉnh Sơn Lâm', 'Xã ' || (s.i % 97),
             jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(round((103.5 + (s.i % 100) * 0.01)::numeric, 5), round((21.0 + (s.i / 100) * 0.01)::numeric, 5))),
             (1 + (s.i % 500) / 10.0)::numeric(12, 4),
             string_to_array((array['chè shan tuyết', 'quế,hồi', 'mận', 'lúa nếp', 'gừng,nghệ'])[1 + s.i % 5], ','),
             s.i % 80, 'PUC-' || s.i
      from src s join ix_org o on o.i = s.i % ${N.coops}
      returning 1)
    insert into ix_area select i, id from src`,
  );

  // one contract between each area and its operator, one with a second cooperative; both confirmed
  await step(
    'supply_contracts',
    `
    insert into supply_contracts (area_id, cooperative_id, number, starts_on, ends_on, status, confirmed_at, confirmed_by)
    select a.id, o.id, 'HĐ-' || a.i || '-' || k, date '2022-01-01' + (k * 30), date '2027-12-31',
           'confirmed', now(), '{"name": "bench", "role": "system"}'
    from ix_area a cross join generate_series(0, 1) k join ix_org o on o.i = (a.i + k * 7) % ${N.coops}`,
  );

  await step(
    'products (+ ratings)',
    `
    with src as (select i, gen_random_uuid() as id from generate_series(0, ${N.products - 1}) i),
    ins as (
      insert into products (id, gtin, name_vi, ocop_group, owner_id, shelf_life_days, standards)
      select s.id, bench_gtin(s.i), 'Sản phẩm OCOP ' || s.i, 1 + s.i % 6, o.id, 365, array['TCCS 01:2024']
      from src s join ix_org o on o.i = s.i % ${N.coops}
      returning 1)
    insert into ix_prod select i, id from src`,
  );
  await g.unsafe(`
    insert into ocop_ratings (product_id, stars, decision_number, issuing_level, decision_date)
    select id, 3 + i % 3, i || '/QĐ-UBND', 'province', date '2024-01-01' + (i % 300) from ix_prod`);

  // lot i is on area i % areas, recorded by that area's operator, harvested over two years
  await step(
    'harvest_lots',
    `
    with src as (select i, gen_random_uuid() as id from generate_series(0, ${N.lots - 1}) i),
    ins as (
      insert into harvest_lots (id, code, area_id, cooperative_id, harvested_on, quantity, unit, certifications)
      select s.id, 'HL-' || s.i, a.id, o.id, date '2024-01-01' + ((s.i * 37) % 730), 1000, 'kg',
             case when s.i % 3 = 0 then '[{"scheme":"vietgap","number":"VG-1","issuer":"QUACERT"}]'::jsonb else '[]'::jsonb end
      from src s join ix_area a on a.i = s.i % ${N.areas} join ix_org o on o.i = (s.i % ${N.areas}) % ${N.coops}
      returning 1)
    insert into ix_lot select i, id, i % ${N.areas} from src`,
  );

  // batch j: product j % products, made by the product's owner, sealed (fake but well-formed JWS)
  await step(
    'batches (sealed)',
    `
    with src as (select j, gen_random_uuid() as id from generate_series(0, ${N.batches - 1}) j),
    ins as (
      insert into batches (id, product_id, cooperative_id, lot_code, production_date, packing_date, expiry_date, quantity, unit,
                           standards, status, sealed_at, sealed_by, record_jws, record_sha256, record_kid)
      select s.id, p.id, o.id, 'LOT' || s.j, date '2024-01-15' + ((s.j * 13) % 730), date '2024-01-16' + ((s.j * 13) % 730),
             date '2025-01-15' + ((s.j * 13) % 730), 100 + s.j % 400, 'kg', array['TCCS 01:2024'], 'sealed',
             timestamptz '2024-02-01' + ((s.j * 13) % 730) * interval '1 day',
             '{"keyId":null,"name":"bench","role":"admin"}'::jsonb,
             'eyJhbGciOiJFZERTQSIsImtpZCI6IiR7a2lkfSIsInR5cCI6Im9jb3AtYmF0Y2gtcmVjb3JkK2p3cyJ9.'
               || translate(encode(convert_to(repeat('{"batch":"' || s.id || '"}', 12), 'UTF8'), 'base64'), E'+/=\\n', '-_')
               || '.' || translate(encode(sha512(convert_to(s.id::text, 'UTF8')), 'base64'), E'+/=\\n', '-_'),
             encode(sha256(convert_to(s.id::text, 'UTF8')), 'hex'), '${kid}'
      from src s join ix_prod p on p.i = s.j % ${N.products} join ix_org o on o.i = (s.j % ${N.products}) % ${N.coops}
      returning 1)
    insert into ix_batch select j, id, j % ${N.products}, (j % ${N.products}) % ${N.coops} from src`,
  );

  // ~3 inputs per batch: lots (3j+1), (3j+2) spread over the province and, for every STRIDE-th
  // batch, one lot of the hot area #0 (its lots are i ≡ 0 mod areas); the others take lot 3j.
  const hotLots = Math.floor((N.lots - 1) / N.areas) + 1;
  await step(
    'batch_inputs',
    `
    insert into batch_inputs (batch_id, harvest_lot_id, quantity)
    select distinct on (b.id, l.id) b.id, l.id, 1 + (b.j + k) % 5
    from ix_batch b cross join generate_series(0, 2) k
    join ix_lot l on l.i = case when k = 0 and b.j % ${STRIDE} = 0 and b.j / ${STRIDE} < ${HOT}
                                then ((b.j / ${STRIDE}) % ${hotLots}) * ${N.areas}
                                else (3 * b.j + k) % ${N.lots} end`,
  );
  await step(
    'harvest_lots.drawn',
    `
    update harvest_lots h set drawn = d.s
    from (select harvest_lot_id, sum(quantity) s from batch_inputs group by harvest_lot_id) d
    where h.id = d.harvest_lot_id`,
  );

  await step(
    'batch_events',
    `
    insert into batch_events (batch_id, type, occurred_at, place_organization_id, product_code, location_code, recorded_by)
    select b.id, (array['receiving', 'processing', 'packing'])[k], timestamptz '2024-01-15' + ((b.j * 13) % 730) * interval '1 day' + k * interval '1 hour',
           o.id, 'P' || b.prod, 'L' || b.coop, 'bench'
    from ix_batch b cross join generate_series(1, 3) k join ix_org o on o.i = b.coop`,
  );

  await step(
    'print_runs',
    `
    insert into print_runs (id, batch_id, cooperative_id, template_id, count, base_url, gtin, lot_code, ocop_stars, created_by, created_at)
    select gen_random_uuid(), b.id, o.id, 'a4-65', ${N.stampsPerRun}, 'https://trace.example.vn', bench_gtin(b.prod), 'LOT' || b.j, 4,
           '{"keyId":null,"name":"bench","role":"admin"}'::jsonb, timestamptz '2024-02-02' + ((b.j * 13) % 730) * interval '1 day'
    from ix_batch b join ix_org o on o.i = b.coop`,
  );
  await g.unsafe(
    `create temp table ix_run as select r.id, b.j, r.gtin, r.lot_code from print_runs r join ix_batch b on b.id = r.batch_id`,
  );
  await g.unsafe(`alter table ix_run add primary key (j)`);

  // stamp m = run m / 100, position m % 100 + 1; scan_count from a fixed pattern averaging 2.5
  await step(
    `stamps (${STAMPS.toLocaleString('en')})`,
    `
    insert into stamps (serial, print_run_id, position, state, state_changed_at, activated_at, scan_count, first_scanned_at)
    select bench_serial(m), r.id, (m % ${N.stampsPerRun})::int + 1,
           case when m % 97 = 0 then 'void' when sc > 0 then 'active' else 'issued' end,
           timestamptz '2024-03-01', case when m % 97 <> 0 and sc > 0 then timestamptz '2024-03-01' end,
           sc, case when sc > 0 then timestamptz '2024-03-01' + (m % 500) * interval '1 day' end
    from generate_series(0, ${STAMPS - 1}::bigint) m
    cross join lateral (select (array[0, 2, 3, 5])[1 + (m % 4)::int] as sc) c
    join ix_run r on r.j = m / ${N.stampsPerRun}`,
  );

  // the scan log is partitioned by month (migrations/00011): make the generated months' partitions
  // first, as the service's upkeep does ahead of time, so no row lands in the DEFAULT partition
  await step(
    'scan partitions by month',
    `select ensure_scan_month(m) from generate_series(timestamptz '2024-03-01', timestamptz '2025-09-01', interval '1 month') m`,
  );
  await step(
    `scans (${(STAMPS * 2.5).toLocaleString('en')})`,
    `
    insert into scans (serial, gtin, lot_code, known, at, client_hash, user_agent_family, language, is_bot, lat, lon)
    select s.serial, r.gtin, r.lot_code, true,
           s.first_scanned_at + (k - 1) * interval '3 days',
           md5((s.position * 7 + k)::text), (array['chrome', 'safari', 'zalo', 'facebook'])[1 + k % 4], 'vi', false,
           case when k = 1 then 21.50 end, case when k = 1 then 104.10 end
    from stamps s join print_runs r on r.id = s.print_run_id cross join generate_series(1, s.scan_count) k`,
  );

  await g.unsafe(`set session_replication_role = origin`);
  await step('ANALYZE', `analyze`);
  const total = ms(t0);
  await g.end();
  return { steps, total };
}

async function main() {
  console.log(`province benchmark, scale ${SCALE}; ${machine()}`);
  console.log(
    `  ${N.coops} cooperatives, ${N.areas} areas, ${N.lots} harvest lots, ${N.products} products, ${N.batches} sealed batches (~3 inputs each), ` +
      `${N.batches} print runs, ${STAMPS} stamps, ${STAMPS * 2.5} scans; hot area feeds ${HOT} batches`,
  );
  // KEEP_CLUSTER=<folder>: the cluster lives there across runs; the data set is generated once into
  // database province_<scale> and each run measures a fresh copy of it (CREATE DATABASE … TEMPLATE),
  // after applying any migrations added since (timed: what an upgrade of a province this size costs)
  const keep = process.env.KEEP_CLUSTER;
  const pg = await startPostgres15(keep ? { keepDir: keep } : {});
  const dbUrl = (name: string) => pg.url.replace(/\/postgres$/, `/${name}`);
  const template = `province_${String(SCALE).replace('.', '_')}`;
  const admin0 = createSql(pg.url, { max: 1 });
  const [exists] = await admin0<{ ok: boolean }[]>`select true as ok from pg_database where datname = ${template}`;
  if (!exists) await admin0.unsafe(`create database ${template}`); // unsafe: the name is built above from a number
  let sql: Sql = createSql(dbUrl(template), { max: 6 });
  let measuredUrl = dbUrl(template);
  try {
    const config = parseConfig({ LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://trace.example.vn' });
    let gen: { steps: [string, number][]; total: number };
    if (exists) {
      const [meta] = await sql<{ v: string }[]>`select v from bench_meta where k = 'generation'`;
      gen = JSON.parse(meta!.v);
      const t0 = performance.now();
      const applied = await applyMigrations(sql, loadMigrations());
      console.log(
        `\n0. reusing ${template} in ${keep}; migrations applied since: ${applied.length ? `${applied.join(', ')} in ${fmt(ms(t0) / 1000)} s` : 'none'}`,
      );
      await sql.end();
      const t1 = performance.now();
      const copy = `${template}_run`;
      await admin0.unsafe(`drop database if exists ${copy} with (force)`);
      await admin0.unsafe(`create database ${copy} template ${template}`);
      console.log(`   measuring a fresh copy, ${copy} (made in ${fmt(ms(t1) / 1000)} s)`);
      measuredUrl = dbUrl(copy);
      sql = createSql(measuredUrl, { max: 6 });
    } else {
      await applyMigrations(sql, loadMigrations());
      const kid = await createKeyring(sql, config).ensure();
      gen = await generate(measuredUrl, kid);
      {
        // the runs' stored stamp counters (migration 00012), which the bulk load leaves at 0
        const t0 = performance.now();
        await sql`
          update print_runs r set stamps_issued = c.i, stamps_active = c.a, stamps_void = c.v
          from (select print_run_id, (count(*) filter (where state = 'issued'))::int as i,
                       (count(*) filter (where state = 'active'))::int as a, (count(*) filter (where state = 'void'))::int as v
                from stamps group by print_run_id) c
          where c.print_run_id = r.id`;
        gen.steps.push(['print-run stamp counters', ms(t0)]);
        gen.total += ms(t0);
      }
      await sql`create table bench_meta (k text primary key, v text not null)`;
      await sql`insert into bench_meta values ('generation', ${JSON.stringify(gen)})`;
      if (keep) {
        // measure a copy, so the generated data set stays as it was for later runs
        await sql.end();
        const copy = `${template}_run`;
        await admin0.unsafe(`drop database if exists ${copy} with (force)`);
        await admin0.unsafe(`create database ${copy} template ${template}`);
        measuredUrl = dbUrl(copy);
        sql = createSql(measuredUrl, { max: 6 });
      }
    }
    const keyring = createKeyring(sql, config);
    await keyring.ensure();
    if (process.env.GENERATE_ONLY === '1') {
      console.log(`generated ${template} in ${(gen.total / 1000).toFixed(1)} s; measure it with the same KEEP_CLUSTER`);
      return;
    }

    // ---- 1. generation ----
    console.log(
      `\n1. generation (set-based SQL, synchronous_commit=off, triggers off during load): ${(gen.total / 1000).toFixed(1)} s${exists ? ' (when the data set was made)' : ''}`,
    );
    for (const [label, t] of gen.steps) console.log(`   ${label.padEnd(28)} ${(t / 1000).toFixed(1).padStart(7)} s`);
    const sizes = await sql<{ t: string; rows: number; total: string; heap: string; idx: string }[]>`
      -- a partitioned table's figures are the sums of its partitions'
      select coalesce(parent.relname, c.relname) as t, sum(c.reltuples)::bigint as rows,
             pg_size_pretty(sum(pg_total_relation_size(c.oid))) as total,
             pg_size_pretty(sum(pg_relation_size(c.oid))) as heap, pg_size_pretty(sum(pg_indexes_size(c.oid))) as idx
      from pg_class c join pg_namespace ns on ns.oid = c.relnamespace
      left join pg_inherits i on i.inhrelid = c.oid left join pg_class parent on parent.oid = i.inhparent
      where ns.nspname = 'public' and c.relkind = 'r'
      group by 1 having sum(c.reltuples) > 0
      order by sum(pg_total_relation_size(c.oid)) desc`;
    console.log('   table                    rows        total      heap   indexes');
    for (const r of sizes)
      console.log(
        `   ${r.t.padEnd(20)} ${String(r.rows).padStart(10)} ${r.total.padStart(10)} ${r.heap.padStart(9)} ${r.idx.padStart(9)}`,
      );
    const { db } = (await sql<{ db: string }[]>`select pg_size_pretty(pg_database_size(current_database())) as db`)[0]!;
    const [parts] = await sql<
      { n: number }[]
    >`select count(*)::int as n from pg_inherits where inhparent = 'scans'::regclass`;
    console.log(`   database: ${db}; the scan log in ${parts!.n} partitions`);

    // ---- 2. tracing latency through the app ----
    const app = createApp({
      sql,
      config,
      clock: () => new Date('2026-06-15T08:00:00Z'),
      log: createLogger('silent'),
      keyring,
      labels: loadLabelCatalog(),
    });
    const admin = (await createApiKey(sql, { name: 'bench', role: 'admin', organizationId: null, createdBy: null }))
      .key;
    const get = async (path: string) => {
      const t0 = performance.now();
      const r = await app.request(path, { headers: { authorization: `Bearer ${admin}` } });
      const body = await r.text();
      const t = ms(t0);
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${body.slice(0, 300)}`);
      return { t, body };
    };
    const serials = (await sql<{ serial: string }[]>`select serial from stamps tablesample system (1) limit 5000`).map(
      (r) => r.serial,
    );
    const areas = (await sql<{ id: string }[]>`select id from raw_material_areas`).map((r) => r.id);
    const { hotArea } = (
      await sql<{ hotArea: string }[]>`select id as "hotArea" from raw_material_areas where code = 'VNL-0'`
    )[0]!;
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const season = () => {
      const start = new Date(Date.UTC(2024, Math.floor(Math.random() * 20), 1));
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 4, 0));
      return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
    };
    const measure = async (label: string, mk: () => string, extra?: (body: string) => number) => {
      for (let i = 0; i < 20; i++) await get(mk()); // warm-up
      const ts: number[] = [];
      let items = 0;
      for (let i = 0; i < RUNS; i++) {
        const { t, body } = await get(mk());
        ts.push(t);
        if (extra) items += extra(body);
      }
      const p95 = pct(ts, 95);
      console.log(
        `   ${label.padEnd(46)} p50 ${fmt(pct(ts, 50)).padStart(6)} ms  p95 ${fmt(p95).padStart(6)} ms  max ${fmt(Math.max(...ts)).padStart(6)} ms` +
          `${extra ? `  (avg ${(items / RUNS).toFixed(1)} batches)` : ''}  ${p95 < 50 ? 'OK' : 'MISSED (<50 ms p95)'}`,
      );
      return p95;
    };
    const nBatches = (body: string) => (JSON.parse(body).batches as unknown[]).length;
    console.log(
      `\n2. tracing through createApp().request (admin key), ${RUNS} runs each after 20 warm-up, target p95 < 50 ms`,
    );
    const back = await measure(
      'backward from a random serial (depth=all)',
      () => `/api/v1/trace/backward?serial=${pick(serials)}`,
    );
    const fwd = await measure(
      'forward from a random area, 4-month season',
      () => {
        const s = season();
        return `/api/v1/trace/forward?areaId=${pick(areas)}&from=${s.from}&to=${s.to}`;
      },
      nBatches,
    );
    const fwdHot = await measure(
      'forward from the hot area, 4-month season',
      () => {
        const s = season();
        return `/api/v1/trace/forward?areaId=${hotArea}&from=${s.from}&to=${s.to}`;
      },
      nBatches,
    );
    const fwdAll = await measure(
      'forward from a random area, all dates',
      () => `/api/v1/trace/forward?areaId=${pick(areas)}`,
      nBatches,
    );
    // not a stated target: the worst case, ~1,000 batches; the answer is paged (50 a page)
    const fwdHotAll = await measure(
      'forward from the hot area, all dates, first page',
      () => `/api/v1/trace/forward?areaId=${hotArea}`,
      nBatches,
    );
    {
      // walking every page of the hot area through nextCursor, as a client exporting it would
      const walks: number[] = [];
      let pages = 0;
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        let cursor: string | null = null;
        pages = 0;
        do {
          const { body } = await get(
            `/api/v1/trace/forward?areaId=${hotArea}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
          );
          cursor = JSON.parse(body).nextCursor;
          pages++;
        } while (cursor);
        walks.push(ms(t0));
      }
      console.log(
        `   ${'forward from the hot area, every page (limit=200)'.padEnd(46)} p50 ${fmt(pct(walks, 50)).padStart(6)} ms  max ${fmt(Math.max(...walks)).padStart(6)} ms  (${pages} pages)`,
      );
    }

    // ---- 3. recall propagation from the hot area ----
    const by = { keyId: null, name: 'bench', role: 'admin' as const };
    const input = {
      origin: { kind: 'area' as const, id: hotArea },
      reason: 'Dư lượng thuốc BVTV vượt ngưỡng',
      authority: 'Chi cục QLCL Nông lâm sản',
      recalledOn: '2026-06-15',
    };
    // every query the transaction runs is counted and timed by its shape (a Proxy over tx)
    const shapes = new Map<string, { n: number; ms: number }>();
    type Settle = (value: unknown) => unknown;
    type Query = { then?: (ok: Settle, ko?: Settle) => unknown };
    const traced = (tx: Tx): Tx =>
      new Proxy(tx, {
        apply(target, self, args) {
          const q = Reflect.apply(target as never, self, args) as Query;
          const strings = args[0] as TemplateStringsArray | unknown;
          if (!Array.isArray(strings) || typeof q?.then !== 'function') return q;
          const shape = (strings as string[]).join('$').replace(/\s+/g, ' ').trim().slice(0, 70);
          const then = q.then.bind(q);
          let started = false;
          // biome-ignore lint/suspicious/noThenProperty: wrapping the query's own then() is how its run is timed
          q.then = (ok: Settle, ko?: Settle) => {
            if (started) return then(ok, ko);
            started = true;
            const t = performance.now();
            return then((v: unknown) => {
              const e = shapes.get(shape) ?? { n: 0, ms: 0 };
              e.n++;
              e.ms += ms(t);
              shapes.set(shape, e);
              return ok?.(v) ?? v;
            }, ko);
          };
          return q;
        },
      });
    const t0 = performance.now();
    const result = await sql.begin((tx) =>
      propagateRecall(traced(tx as Tx), keyring, input, by, new Date('2026-06-15T08:00:00Z')),
    );
    const recallMs = ms(t0);
    // signing alone: the same number of statements of the same shape, signed with the same key
    const key = await keyring.current();
    const recs = await sql<{ id: string; lotCode: string; version: number; sha: string; gtin: string }[]>`
      select b.id, b.lot_code, b.version, b.record_sha256 as sha, p.gtin
      from batches b join products p on p.id = b.product_id where b.id = any(${result.batchIds}::uuid[])`;
    const t1 = performance.now();
    for (const b of recs) {
      await signRecord(
        {
          type: 'ocop-trace/recall',
          batch: { id: b.id, gtin: b.gtin, lotCode: b.lotCode, version: b.version, recordSha256: b.sha },
          reason: input.reason,
          authority: input.authority,
          recalledOn: input.recalledOn,
          origin: { kind: 'area', id: hotArea },
          recordedAt: new Date().toISOString(),
          recordedBy: by,
        },
        key,
      );
    }
    const signMs = ms(t1);
    // the set-based candidate lookup alone (the FOR UPDATE query of downstreamBatches), rolled back
    const candQuery = `
      select b.id, exists (select 1 from batches v join batch_recalls x on x.batch_id = v.id and x.lifted_at is null
                           where v.product_id = b.product_id and v.lot_code = b.lot_code) as recalled
      from batches b
      where b.status = 'sealed'
        and exists (select 1 from batch_inputs i where i.batch_id = b.id and i.harvest_lot_id in (
              select h.id from harvest_lots h where h.area_id = '${hotArea}'))
      order by b.id for update of b`;
    let candMs = 0;
    await sql
      .begin(async (tx) => {
        const t2 = performance.now();
        await tx.unsafe(candQuery);
        candMs = ms(t2);
        throw new Error('rollback');
      })
      .catch(() => {});
    const recallOk = recallMs < 2000;
    console.log(
      `\n3. recall propagated from the hot area (one transaction, propagateRecall): ${result.batches} batches recalled, ` +
        `${result.printRuns} print runs, ${result.stamps} stamps (${result.stampsScanned} scanned)`,
    );
    console.log(
      `   wall time ${fmt(recallMs)} ms (${fmt(recallMs / Math.max(1, result.batches))} ms per batch)  ${recallOk ? 'OK' : 'MISSED (<2 s)'}`,
    );
    console.log(
      `   of which Ed25519 signing (canonical JSON + sign, measured alone on the same ${recs.length} statements): ${fmt(signMs)} ms = ${((signMs / recallMs) * 100).toFixed(0)}%`,
    );
    console.log('   queries in the transaction by shape (count, summed latency; pipelined ones overlap):');
    for (const [shape, e] of [...shapes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
      console.log(`     ${String(e.n).padStart(5)} × ${fmt(e.ms).padStart(6)} ms  ${shape}`);
    }
    console.log(
      `   candidate lookup alone (downstream batches, FOR UPDATE): ${fmt(candMs)} ms; the rest is ${result.batches} × (getBatch FOR UPDATE + product + current key + insert) round trips`,
    );

    // ---- 4. a full link-check run, twice: the first stores every finding, the second refreshes them ----
    await sql`insert into yield_ranges (product_id, min_input_per_output, max_input_per_output)
              select id, 0.01, 0.05 from products`;
    for (const [crop, t] of [
      ['chè shan tuyết', 6],
      ['quế', 12],
      ['hồi', 4],
      ['mận', 20],
      ['lúa nếp', 7],
      ['gừng', 25],
      ['nghệ', 25],
    ] as const) {
      await sql`insert into crop_yield_ceilings (crop, tonnes_per_ha) values (${crop}, ${t})`;
    }
    const settings = checkSettings(config);
    const checkRuns: {
      ms: number;
      found: number;
      rssBefore: number;
      rssPeak: number;
      rules: { code: string; found: number; ms: number }[];
    }[] = [];
    for (let i = 0; i < 2; i++) {
      // this process's resident memory, sampled while the run goes on (the findings are read and
      // stored in chunks, so the peak should not grow with their number)
      const rssBefore = process.memoryUsage.rss();
      let rssPeak = rssBefore;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
      }, 50);
      const t0 = performance.now();
      const summary = await sql.begin((tx) =>
        runLinkChecks(tx, { kind: 'all' }, settings, new Date('2026-06-15T08:00:00Z')),
      );
      clearInterval(sampler);
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
      checkRuns.push({ ms: ms(t0), found: summary.found, rssBefore, rssPeak, rules: summary.rules });
    }
    const checkMs = Math.max(...checkRuns.map((r) => r.ms));
    console.log(
      `\n4. full link-check run (every rule over all data, findings stored in one transaction), target < 60 s`,
    );
    console.log(
      `   first run ${fmt(checkRuns[0]!.ms / 1000)} s (${checkRuns[0]!.found} findings stored), second run ${fmt(checkRuns[1]!.ms / 1000)} s (refreshing them)  ${checkMs < 60_000 ? 'OK' : 'MISSED (<60 s)'}`,
    );
    const mb = (x: number) => (x / 2 ** 20).toFixed(0);
    for (const [i, r] of checkRuns.entries())
      console.log(
        `   run ${i + 1}: resident memory ${mb(r.rssBefore)} MB before, peak ${mb(r.rssPeak)} MB (+${mb(r.rssPeak - r.rssBefore)} MB)`,
      );
    for (const r of checkRuns[0]!.rules)
      console.log(`     ${r.code.padEnd(26)} ${String(r.found).padStart(7)} found  ${fmt(r.ms).padStart(6)} ms`);
    const scopedBatch = (await sql<{ id: string }[]>`select id from batches tablesample system (1) limit 1`)[0]!.id;
    const ts0 = performance.now();
    await sql.begin((tx) =>
      runLinkChecks(tx, { kind: 'batch', id: scopedBatch }, settings, new Date('2026-06-15T08:00:00Z')),
    );
    console.log(`   run scoped to one batch: ${fmt(ms(ts0))} ms`);

    // ---- 5. the programme report over 2022–2025 ----
    const reportTimes: number[] = [];
    for (let i = 0; i < 23; i++) {
      const { t } = await get('/api/v1/report/programme?from=2022&to=2025');
      if (i >= 3) reportTimes.push(t); // three warm-up
    }
    const { t: reportHtml } = await get('/api/v1/report/programme?from=2022&to=2025&format=html');
    const reportP95 = pct(reportTimes, 95);
    console.log(
      `\n5. programme report (JSON, 20 runs after 3 warm-up): p50 ${fmt(pct(reportTimes, 50))} ms, p95 ${fmt(reportP95)} ms; ` +
        `HTML page ${fmt(reportHtml)} ms  ${reportP95 < 2000 ? 'OK' : 'MISSED (<2 s)'}`,
    );

    // ---- 7. the stamp page on this data set, beside a bare one-lookup route on the same server ----
    const stampPaths = await stampPagePaths(sql, keyring);
    const stampPage = await measureStampPages(
      `\n7. stamp pages of ${stampPaths.length} active stamps, ${STAMP_SECONDS} s, 50 connections (a server process of its own)`,
      { DATABASE_URL: measuredUrl },
      { seconds: STAMP_SECONDS, connections: 50, paths: stampPaths },
    );

    // ---- 6. plans of the query shapes when a target is missed ----
    const explain = async (label: string, text: string) => {
      const rows = await sql
        .begin(async (tx) => {
          const r = await tx.unsafe(`explain (analyze, buffers) ${text}`);
          await tx`select 1`;
          throw Object.assign(new Error('rollback'), { rows: r });
        })
        .catch((e: { rows?: { 'QUERY PLAN': string }[] }) => e.rows ?? []);
      console.log(`\n   --- ${label}`);
      for (const r of rows) console.log(`   ${r['QUERY PLAN']}`);
    };
    const anyMissed = Math.max(back, fwd, fwdHot, fwdAll, fwdHotAll) >= 50 || !recallOk || process.env.EXPLAIN === '1';
    if (anyMissed) {
      console.log('\n6. EXPLAIN (ANALYZE, BUFFERS) of the query shapes');
      const serial = pick(serials);
      const { batchId } = (
        await sql<
          { batchId: string }[]
        >`select r.batch_id from stamps s join print_runs r on r.id = s.print_run_id where s.serial = ${serial}`
      )[0]!;
      const s = season();
      if (back >= 50 || process.env.EXPLAIN === '1') {
        await explain(
          'backward: batch inputs with lots, areas, contracts',
          `
          select i.quantity, h.id, a.id, op.id,
                 (select json_agg(sc.id) from supply_contracts sc where sc.area_id = a.id and sc.cooperative_id = b.cooperative_id)
          from batch_inputs i join batches b on b.id = i.batch_id join harvest_lots h on h.id = i.harvest_lot_id
          join raw_material_areas a on a.id = h.area_id join organizations op on op.id = a.operator_id
          where i.batch_id = '${batchId}' order by h.harvested_on, h.code`,
        );
      }
      if (Math.max(fwd, fwdHot, fwdAll, fwdHotAll) >= 50 || process.env.EXPLAIN === '1') {
        await explain(
          'forward: batches drawn from the hot area in a season',
          `
          with drawn as (select i.batch_id, sum(i.quantity) as drawn from batch_inputs i
                         where i.harvest_lot_id in (select h.id from harvest_lots h where h.area_id = '${hotArea}'
                           and h.harvested_on >= '${s.from}' and h.harvested_on <= '${s.to}') group by i.batch_id)
          select b.id, p.gtin, o.name, d.drawn, exists (select 1 from batch_recalls x where x.batch_id = b.id and x.lifted_at is null)
          from drawn d join batches b on b.id = d.batch_id join products p on p.id = b.product_id join organizations o on o.id = b.cooperative_id
          order by b.production_date, b.lot_code, b.version`,
        );
        await explain(
          'forward: print runs with stamp counts (hot area, all dates)',
          `
          select r.id, c.* from print_runs r cross join lateral (
            select count(*) filter (where s.state = 'issued') as issued, count(*) filter (where s.state = 'active') as active,
                   count(*) filter (where s.state = 'void') as void, coalesce(sum(s.scan_count), 0)::bigint as scans
            from stamps s where s.print_run_id = r.id) c
          where r.batch_id in (select i.batch_id from batch_inputs i join harvest_lots h on h.id = i.harvest_lot_id where h.area_id = '${hotArea}')
          order by r.seq`,
        );
      }
      if (!recallOk || process.env.EXPLAIN === '1') await explain('recall: downstream batches (FOR UPDATE)', candQuery);
    }
    console.log(
      `\nsummary: backward p95 ${fmt(back)} ms, forward p95 ${fmt(fwd)} ms (hot area ${fmt(fwdHot)} ms, all dates ${fmt(fwdAll)} ms, hot area all dates ${fmt(fwdHotAll)} ms), recall ${fmt(recallMs)} ms ` +
        `for ${result.batches} batches (signing ${((signMs / recallMs) * 100).toFixed(0)}%); full link check ${fmt(checkMs / 1000)} s; ` +
        `report p95 ${fmt(reportP95)} ms; generation ${(gen.total / 1000).toFixed(1)} s`,
    );
    // one row of the README's growth table (targets at ten times the province: trace p95 < 50 ms,
    // hot area < 200 ms, link checks < 5 min in < 512 MB, report < 3 s, stamp pages within 10% of scale 1)
    const worst = checkRuns.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(
      `\ngrowth row: | ${SCALE} | ${(gen.total / 1000).toFixed(0)} s | ${db} | ${fmt(back)} ms | ${fmt(fwd)} ms | ${fmt(fwdHot)} ms | ` +
        `${fmt(recallMs / 1000)} s (${result.batches} batches) | ${fmt(worst.ms / 1000)} s, ${mb(worst.rssPeak)} MB | ${fmt(reportP95)} ms | ` +
        `${stampPage.page.toFixed(0)} req/s (${stampPage.ratio.toFixed(2)} of bare) |`,
    );
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
    if (keep && measuredUrl !== dbUrl(template))
      await admin0.unsafe(`drop database if exists ${template}_run with (force)`).catch(() => {});
    await admin0.end({ timeout: 1 }).catch(() => {});
    pg.stop();
  }
}

// Run as a script; bench/programme-report.ts imports generate() without running the benchmark.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
