// EPCIS at province scale: the province data set (bench/province/run.ts, generated once with
// KEEP_CLUSTER), the back-fill of its derived events (timed), 200 buyer organizations and 500,000
// buyer events (receiving/shipping ObjectEvents on real stamps and lots, inserted straight into
// epcis_events), then through the HTTP app (bench/support/bench-app.ts):
//   - all events of one lot (MATCH_anyEPCClass = the lot's URI, perPage=1000), target p95 < 50 ms,
//   - the events of one stamp (MATCH_epc),
//   - a one-day time window (GE_eventTime/LT_eventTime, first page of 30).
// Run: KEEP_CLUSTER=/tmp/ocop-province npx tsx bench/epcis-query.ts [scale=1]
// (the first run generates the province data set with bench/province/run.ts, GENERATE_ONLY=1).
import { parseConfig } from '../src/config';
import { createSql, type Sql } from '../src/db/client';
import { fillEpcisEvents, pinEpcisBaseUrl } from '../src/db/epcis-derived-store';
import { applyMigrations } from '../src/db/migrations';
import { loadMigrations } from '../src/entry/migration-files';
import { benchApp } from './support/bench-app';
import { machine, startPostgres15 } from './support/pg15';
import { ensureProvinceTemplate } from './support/province-template';

const SCALE = Number(process.argv[2] ?? 1);
const BUYERS = 200;
const BUYER_EVENTS = Number(process.env.BUYER_EVENTS ?? Math.round(500_000 * Math.min(1, SCALE)));
const RUNS = Number(process.env.RUNS ?? 200);
const BASE = 'https://trace.example.vn';

const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function insertBuyers(sql: Sql): Promise<void> {
  await sql`
    insert into organizations (kind, name, province, registration_code)
    select 'enterprise', 'Nhà phân phối ' || i, 'Tỉnh Sơn Lâm', 'BENCH-BUYER-' || i
      from generate_series(1, ${BUYERS}) i`;
}

/** Receiving and shipping ObjectEvents of buyers on real stamps, straight into epcis_events (set-based). */
async function insertBuyerEvents(sql: Sql, count: number): Promise<void> {
  await sql`create temporary table bench_buyers as
    select row_number() over (order by id) - 1 as j, id from organizations where registration_code like 'BENCH-BUYER-%'`;
  // every k-th stamp, so the events spread over all lots
  const [row] = await sql<{ n: number }[]>`select count(*)::float8 as n from stamps`;
  const n = row!.n;
  const step = Math.max(1, Math.floor(n / count));
  await sql.unsafe(`
    insert into epcis_events (event_id, event_type, event_time, record_time, action, biz_step, disposition,
                              biz_location, epcs, lots, owner_id, source, document)
    select 'ni:///sha-256;' || encode(sha256(convert_to('bench-' || x.i, 'UTF8')), 'hex') || '?ver=CBV2.0',
           'ObjectEvent', x.t, x.t + interval '5 minutes', 'OBSERVE',
           'https://ref.gs1.org/cbv/BizStep-' || x.step, 'https://ref.gs1.org/cbv/Disp-' || x.disp,
           '${BASE}/id/organizations/' || b.id, array[x.canon], array[x.lot], b.id, 'captured',
           jsonb_build_object(
             '@context', jsonb_build_array('https://ref.gs1.org/standards/epcis/epcis-context.jsonld'),
             'type', 'ObjectEvent',
             'eventID', 'ni:///sha-256;' || encode(sha256(convert_to('bench-' || x.i, 'UTF8')), 'hex') || '?ver=CBV2.0',
             'eventTime', to_char(x.t at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '+07:00',
             'eventTimeZoneOffset', '+07:00', 'action', 'OBSERVE', 'bizStep', x.step, 'disposition', x.disp,
             'epcList', jsonb_build_array(x.uri),
             'bizLocation', jsonb_build_object('id', '${BASE}/id/organizations/' || b.id),
             'bizTransactionList', jsonb_build_array(jsonb_build_object('type', 'po', 'bizTransaction',
               'urn:epcglobal:cbv:bt:8930000000019:PO-' || x.i)))
      from (
        select s.i, s.serial,
               r.base_url || '/01/' || r.gtin || '/10/' || r.lot_code || '/21/' || s.serial as uri,
               'https://id.gs1.org/01/' || r.gtin || '/10/' || r.lot_code || '/21/' || s.serial as canon,
               'https://id.gs1.org/01/' || r.gtin || '/10/' || r.lot_code as lot,
               timestamptz '2024-03-02' + (s.i % 600) * interval '1 day' + (s.i % 1440) * interval '1 minute' as t,
               case when s.i % 2 = 0 then 'receiving' else 'shipping' end as step,
               case when s.i % 2 = 0 then 'in_progress' else 'in_transit' end as disp
          from (select row_number() over () - 1 as i, serial, print_run_id
                  from stamps where (hashtext(serial) & 2147483647) % ${step} = 0 limit ${count}) s
          join print_runs r on r.id = s.print_run_id
      ) x
      join bench_buyers b on b.j = x.i % ${BUYERS}`);
}

async function main() {
  console.log(`EPCIS query benchmark, scale ${SCALE}; ${machine()}`);
  const keep = process.env.KEEP_CLUSTER;
  if (!keep) throw new Error('set KEEP_CLUSTER=<folder>: the province data set is generated there once');
  const template = await ensureProvinceTemplate(keep, SCALE);
  const pg = await startPostgres15({ keepDir: keep });
  const admin = createSql(pg.url, { max: 1 });
  const dbUrl = (name: string) => pg.url.replace(/\/postgres$/, `/${name}`);
  try {
    const copy = `${template}_epcis`;
    await admin.unsafe(`drop database if exists ${copy} with (force)`); // unsafe: names built from a number
    await admin.unsafe(`create database ${copy} template ${template}`);
    const sql = createSql(dbUrl(copy), { max: 6 });
    try {
      const t0 = performance.now();
      const applied = await applyMigrations(sql, loadMigrations());
      console.log(`\n0. ${copy}: migrations applied ${applied.join(', ') || 'none'} in ${fmt(ms(t0) / 1000)} s`);
      const [counts] = await sql<{ lots: number; batches: number; runs: number; stamps: number }[]>`
        select (select count(*) from harvest_lots)::int as lots, (select count(*) from batches)::int as batches,
               (select count(*) from print_runs)::int as runs, (select count(*) from stamps)::int as stamps`;
      console.log(
        `   ${counts!.lots} harvest lots, ${counts!.batches} batches, ${counts!.runs} print runs, ${counts!.stamps} stamps`,
      );

      // 1. back-fill of the derived events
      await pinEpcisBaseUrl(sql, BASE);
      const t1 = performance.now();
      const filled = await fillEpcisEvents(sql);
      const fillMs = ms(t1);
      console.log(
        `\n1. back-fill: ${filled.records} records → ${filled.events} events in ${fmt(fillMs / 1000)} s ` +
          `(${fmt(filled.records / (fillMs / 1000))} records/s)`,
      );

      // 2. buyers and their events
      const t2 = performance.now();
      await insertBuyers(sql);
      await insertBuyerEvents(sql, BUYER_EVENTS);
      await sql`analyze epcis_events`;
      const [ev] = await sql<{ n: number; size: string }[]>`
        select count(*)::int as n, pg_size_pretty(pg_total_relation_size('epcis_events')) as size from epcis_events`;
      console.log(
        `\n2. ${BUYERS} buyers, ${BUYER_EVENTS} buyer events inserted in ${fmt(ms(t2) / 1000)} s; ` +
          `epcis_events: ${ev!.n} rows, ${ev!.size} with indexes`,
      );

      // 3. queries through the app
      const config = parseConfig({ LOG_LEVEL: 'silent', PUBLIC_BASE_URL: BASE });
      const { app, admin: key } = await benchApp(sql, config);
      const get = async (path: string) => {
        const t = performance.now();
        const r = await app.request(path, { headers: { authorization: `Bearer ${key}` } });
        const body = (await r.json()) as { epcisBody?: { queryResults: { resultsBody: { eventList: unknown[] } } } };
        if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(body)}`);
        return { ms: ms(t), n: body.epcisBody!.queryResults.resultsBody.eventList.length };
      };
      const lots = await sql<{ uri: string }[]>`
        select ${BASE} || '/01/' || p.gtin || '/10/' || b.lot_code as uri
          from batches b join products p on p.id = b.product_id where b.status <> 'draft'
         order by md5(b.id::text) limit ${RUNS}`;
      const stamps = await sql<{ uri: string }[]>`
        select r.base_url || '/01/' || r.gtin || '/10/' || r.lot_code || '/21/' || s.serial as uri
          from (select serial, print_run_id from stamps order by md5(serial) limit ${RUNS}) s
          join print_runs r on r.id = s.print_run_id`;
      const measure = async (label: string, paths: string[], target?: number) => {
        for (const p of paths.slice(0, 10)) await get(p); // warm-up
        const times: number[] = [];
        const sizes: number[] = [];
        for (const p of paths) {
          const r = await get(p);
          times.push(r.ms);
          sizes.push(r.n);
        }
        const p95 = pct(times, 95);
        console.log(
          `   ${label.padEnd(44)} p50 ${fmt(pct(times, 50)).padStart(6)} ms  p95 ${fmt(p95).padStart(6)} ms  ` +
            `max ${fmt(Math.max(...times)).padStart(6)} ms  events/answer ${fmt(sizes.reduce((a, b) => a + b, 0) / sizes.length)}` +
            (target ? `  (target p95 < ${target} ms: ${p95 < target ? 'met' : 'NOT met'})` : ''),
        );
      };
      console.log(`\n3. queries through the app (${RUNS} each, admin key):`);
      await measure(
        'all events of one lot (MATCH_anyEPCClass)',
        lots.map((l) => `/api/v1/epcis/events?perPage=1000&MATCH_anyEPCClass=${encodeURIComponent(l.uri)}`),
        50,
      );
      await measure(
        'one stamp (MATCH_epc)',
        stamps.map((s) => `/api/v1/epcis/events?MATCH_epc=${encodeURIComponent(s.uri)}`),
      );
      await measure(
        'one day (GE_/LT_eventTime, first page of 30)',
        Array.from({ length: RUNS }, (_, i) => {
          const day = new Date(Date.UTC(2024, 2, 2) + ((i * 37) % 600) * 86_400_000);
          const next = new Date(day.getTime() + 86_400_000);
          return `/api/v1/epcis/events?GE_eventTime=${encodeURIComponent(day.toISOString())}&LT_eventTime=${encodeURIComponent(next.toISOString())}`;
        }),
      );
    } finally {
      await sql.end();
      await admin.unsafe(`drop database if exists ${copy} with (force)`);
    }
  } finally {
    await admin.end();
    pg.stop();
  }
}

await main();
