// Buyers at province scale: the province data set (bench/province/run.ts, generated once with
// KEEP_CLUSTER), 200 buyer enterprises and, on the ~1,000 batches the hot area VNL-0 feeds, a sale
// to a buyer (hop 1) and for half of them a shipment on to a second buyer (hop 2), with receipts,
// plus BUYER_EVENTS other buyer events; then through the HTTP app, side by side:
//   - capture of one 1,000-event document (receipts of 1,000 sales to one buyer), target < 2 s;
//   - the forward trace from the hot area, before and after the buyers' shipments, p95 < 100 ms;
//   - a recall of the hot area reaching ~1,000 batches and their buyers with webhooks queued, < 3 s.
// Run: KEEP_CLUSTER=/tmp/ocop-province npx tsx bench/buyers.ts [scale=1]
import { parseConfig } from '../src/config';
import { createApiKey } from '../src/db/api-keys-store';
import { createSql, type Sql } from '../src/db/client';
import { applyMigrations } from '../src/db/migrations';
import { loadMigrations } from '../src/entry/migration-files';
import { benchApp } from './support/bench-app';
import { machine, startPostgres15 } from './support/pg15';
import { ensureProvinceTemplate } from './support/province-template';

const SCALE = Number(process.argv[2] ?? 1);
const BUYERS = 200;
const BUYER_EVENTS = Number(process.env.BUYER_EVENTS ?? Math.round(500_000 * Math.min(1, SCALE)));
const CAPTURE_EVENTS = 1000;
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
  await sql`
    insert into buyer_webhooks (buyer_id, url, secret)
    select id, 'http://127.0.0.1:9/hooks', 'whsec_' || encode(sha256(convert_to(id::text, 'UTF8')), 'base64')
      from organizations where registration_code like 'BENCH-BUYER-%'`;
}

/**
 * Sales of the hot area's batches (hop 1, buyer j % 200), half of them shipped on (hop 2, to buyer
 * (j + 1) % 200), each with its event and its receipt: set-based, as the capture would write them.
 */
async function insertHoldings(sql: Sql, hotArea: string): Promise<number> {
  await sql`create temporary table bench_buyers as
    select row_number() over (order by id) - 1 as j, id from organizations where registration_code like 'BENCH-BUYER-%'`;
  await sql`create temporary table hot as
    select row_number() over (order by b.id) - 1 as j, b.id, b.cooperative_id, p.gtin, b.lot_code
      from batches b join products p on p.id = b.product_id
     where b.status = 'sealed'
       and exists (select 1 from batch_inputs i join harvest_lots h on h.id = i.harvest_lot_id
                   where i.batch_id = b.id and h.area_id = ${hotArea})`;
  const legs = (hop: number) => sql`
    select h.j, h.id as batch_id, h.gtin, h.lot_code,
           ${hop === 1 ? sql`h.cooperative_id` : sql`f.id`} as from_id, t.id as to_id,
           'ni:///sha-256;' || encode(sha256(convert_to('bench-leg-' || ${hop} || '-' || h.j, 'UTF8')), 'hex') || '?ver=CBV2.0' as ship_ev,
           'ni:///sha-256;' || encode(sha256(convert_to('bench-rcv-' || ${hop} || '-' || h.j, 'UTF8')), 'hex') || '?ver=CBV2.0' as rcv_ev
      from hot h
      ${hop === 1 ? sql`` : sql`join bench_buyers f on f.j = h.j % ${BUYERS}`}
      join bench_buyers t on t.j = (h.j + ${hop - 1}) % ${BUYERS}
     where ${hop === 1} or h.j % 2 = 0`;
  for (const hop of [1, 2]) {
    await sql`create temporary table ${sql(`leg${hop}`)} as ${legs(hop)}`;
    const t = sql(`leg${hop}`);
    await sql`
      insert into epcis_events (event_id, event_type, event_time, action, biz_step, epc_classes, lots, owner_id, source,
                                record_kind, record_id, document)
      select ev, 'ObjectEvent', timestamptz '2025-06-01', 'OBSERVE', 'https://ref.gs1.org/cbv/BizStep-' || step,
             array['https://id.gs1.org/01/' || gtin || '/10/' || lot_code], array['https://id.gs1.org/01/' || gtin || '/10/' || lot_code],
             owner, 'captured', ${hop === 1 ? 'shipment' : null}, ${hop === 1 ? sql`gen_random_uuid()` : null},
             jsonb_build_object('type', 'ObjectEvent', 'eventID', ev, 'bizStep', step)
        from (select ship_ev as ev, 'shipping' as step, from_id as owner, gtin, lot_code from ${t}
              union all select rcv_ev, 'receiving', to_id, gtin, lot_code from ${t}) x
      on conflict do nothing`;
    await sql`
      insert into buyer_shipments (id, from_org_id, to_org_id, batch_id, item, quantity, unit, despatch_advice, hop, event_id, shipped_at)
      select gen_random_uuid(), from_id, to_id, batch_id, 'https://id.gs1.org/01/' || gtin || '/10/' || lot_code, 10, 'kg',
             'BENCH-' || ${hop} || '-' || j, ${hop}, ship_ev, timestamptz '2025-06-01'
        from ${t}`;
    await sql`
      insert into buyer_receipts (buyer_id, shipment_id, from_org_id, batch_id, item, quantity, unit, event_id, received_at)
      select s.to_org_id, s.id, s.from_org_id, s.batch_id, s.item, 10, 'kg', l.rcv_ev, timestamptz '2025-06-02'
        from buyer_shipments s join ${t} l on l.ship_ev = s.event_id`;
  }
  const [n] = await sql<{ n: number }[]>`select count(*)::int as n from hot`;
  return n!.n;
}

/** Other buyer events (receiving/shipping on stamps), straight into epcis_events, as bench/epcis-query.ts does. */
async function insertOtherBuyerEvents(sql: Sql, count: number): Promise<void> {
  await sql`
    insert into epcis_events (event_id, event_type, event_time, action, biz_step, epcs, owner_id, source, document)
    select 'ni:///sha-256;' || encode(sha256(convert_to('bench-other-' || g, 'UTF8')), 'hex') || '?ver=CBV2.0',
           'ObjectEvent', timestamptz '2024-03-02' + (g % 600) * interval '1 day', 'OBSERVE',
           'https://ref.gs1.org/cbv/BizStep-receiving', array['urn:bench:' || g], b.id, 'captured',
           jsonb_build_object('type', 'ObjectEvent', 'bizStep', 'receiving')
      from generate_series(1, ${count}) g join bench_buyers b on b.j = g % ${BUYERS}`;
}

/** 1,000 sales to one buyer and the receiving document that names them (for the timed capture). */
async function captureFixture(sql: Sql) {
  const [buyer] = await sql<{ id: string }[]>`select id from bench_buyers where j = 7`;
  await sql`create temporary table cap as
    select row_number() over (order by b.id) - 1 as j, b.id, b.cooperative_id, p.gtin, b.lot_code
      from batches b join products p on p.id = b.product_id
     where b.status = 'sealed' and b.id not in (select id from hot)
     limit ${CAPTURE_EVENTS}`;
  await sql`
    insert into epcis_events (event_id, event_type, event_time, owner_id, source, record_kind, record_id, document)
    select 'ni:///sha-256;' || encode(sha256(convert_to('bench-cap-' || j, 'UTF8')), 'hex') || '?ver=CBV2.0',
           'ObjectEvent', timestamptz '2025-06-01', cooperative_id, 'captured', 'shipment', gen_random_uuid(), '{}'::jsonb
      from cap`;
  await sql`
    insert into buyer_shipments (from_org_id, to_org_id, batch_id, item, quantity, unit, despatch_advice, hop, event_id, shipped_at)
    select cooperative_id, ${buyer!.id}, id, 'https://id.gs1.org/01/' || gtin || '/10/' || lot_code, 10, 'kg',
           'CAP-' || j, 1, 'ni:///sha-256;' || encode(sha256(convert_to('bench-cap-' || j, 'UTF8')), 'hex') || '?ver=CBV2.0',
           timestamptz '2025-06-01'
      from cap`;
  const rows = await sql<
    { j: number; gtin: string; lotCode: string }[]
  >`select j::int, gtin, lot_code from cap order by j`;
  const events = rows.map((r) => ({
    type: 'ObjectEvent',
    eventTime: `2025-06-03T${String(8 + (r.j % 10)).padStart(2, '0')}:${String(r.j % 60).padStart(2, '0')}:00.000+07:00`,
    eventTimeZoneOffset: '+07:00',
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'in_progress',
    quantityList: [{ epcClass: `${BASE}/01/${r.gtin}/10/${encodeURIComponent(r.lotCode)}`, quantity: 10, uom: 'KGM' }],
    bizTransactionList: [
      { type: 'po', bizTransaction: `urn:vn:po:PO-${r.j}` },
      { type: 'desadv', bizTransaction: `urn:vn:desadv:CAP-${r.j}` },
    ],
  }));
  const doc = {
    '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2025-06-15T08:00:00.000Z',
    epcisBody: { eventList: events },
  };
  const key = (
    await createApiKey(sql, { name: 'bench buyer', role: 'buyer', organizationId: buyer!.id, createdBy: null })
  ).key;
  return { doc, key, count: events.length };
}

async function main() {
  console.log(`Buyers benchmark, scale ${SCALE}; ${machine()}`);
  const keep = process.env.KEEP_CLUSTER;
  if (!keep) throw new Error('set KEEP_CLUSTER=<folder>: the province data set is generated there once');
  const template = await ensureProvinceTemplate(keep, SCALE);
  const pg = await startPostgres15({ keepDir: keep });
  const admin = createSql(pg.url, { max: 1 });
  const copy = `${template}_buyers`;
  try {
    await admin.unsafe(`drop database if exists ${copy} with (force)`); // unsafe: names built from a number
    await admin.unsafe(`create database ${copy} template ${template}`);
    const url = pg.url.replace(/\/postgres$/, `/${copy}`);
    const sql = createSql(url, { max: 6 });
    // the data set is written on one connection: its temporary tables live there
    const one = createSql(url, { max: 1 });
    try {
      const applied = await applyMigrations(sql, loadMigrations());
      console.log(`\n0. ${copy}: migrations applied ${applied.join(', ') || 'none'}`);
      // A data set generated while migrations 00016/00017 were still changing: bring it to their final form.
      await one`create table if not exists epcis_identity (
        singleton boolean primary key default true check (singleton),
        base_url text not null check (base_url ~ '^https?://[^ ]*[^/ ]$'))`;
      for (const t of ['buyer_shipments', 'buyer_receipts', 'buyer_lots'])
        await one`alter table ${one(t)} drop constraint if exists ${one(`${t}_event_id_fkey`)}`;
      const [hot] = await sql<{ id: string }[]>`select id from raw_material_areas where code = 'VNL-0'`;
      const hotArea = hot!.id;
      const config = parseConfig({ LOG_LEVEL: 'silent', PUBLIC_BASE_URL: BASE });
      const { app, admin: key } = await benchApp(sql, config);
      const request = async (method: string, path: string, body?: unknown, k = key) => {
        const t = performance.now();
        const r = await app.request(path, {
          method,
          headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await r.text();
        if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 500)}`);
        return { ms: ms(t), json: JSON.parse(text) };
      };
      const trace = async (label: string) => {
        const xs: number[] = [];
        let last: { totals: { buyers: number; shipments: number }; batches: { shipments: unknown[] }[] } | undefined;
        for (let i = 0; i < RUNS; i++) {
          const r = await request('GET', `/api/v1/trace/forward?areaId=${hotArea}`);
          xs.push(r.ms);
          last = r.json;
        }
        console.log(
          `   ${label.padEnd(44)} p50 ${fmt(pct(xs, 50)).padStart(6)} ms  p95 ${fmt(pct(xs, 95)).padStart(6)} ms  ` +
            `(totals: ${last!.totals.buyers} buyers, ${last!.totals.shipments} shipments; ` +
            `${last!.batches.reduce((n, b) => n + b.shipments.length, 0)} shipments on the first page)`,
        );
        return pct(xs, 95);
      };

      console.log(`\n1. forward trace from the hot area (first page of 50), ${RUNS} runs each`);
      const before = await trace('before any buyer');

      const t2 = performance.now();
      await insertBuyers(one);
      const hotBatches = await insertHoldings(one, hotArea);
      await insertOtherBuyerEvents(one, BUYER_EVENTS);
      const cap = await captureFixture(one);
      await one`analyze`;
      const [c] = await sql<{ s: number; r: number; e: number }[]>`
        select (select count(*) from buyer_shipments)::int as s, (select count(*) from buyer_receipts)::int as r,
               (select count(*) from epcis_events)::int as e`;
      console.log(
        `\n   + ${BUYERS} buyers; the hot area's ${hotBatches} batches sold on (hop 1) and half shipped on (hop 2): ` +
          `${c!.s} shipments, ${c!.r} receipts, ${c!.e} EPCIS events, in ${fmt(ms(t2) / 1000)} s`,
      );
      const after = await trace('through the buyers (hops 1–2)');
      console.log(`   ratio with buyers / without: ${(after / before).toFixed(2)} (p95)`);

      console.log(`\n2. capture of one ${cap.count}-event document (receipts of ${cap.count} sales to one buyer)`);
      const bytes = JSON.stringify(cap.doc).length;
      const captured = await request('POST', '/api/v1/epcis/capture', cap.doc, cap.key);
      console.log(
        `   ${bytes} bytes → 202 in ${fmt(captured.ms)} ms (${fmt(captured.ms / cap.count)} ms per event), ` +
          `job ${captured.json.success ? 'success' : 'failed'}, ${captured.json.eventCount} events`,
      );

      console.log('\n3. recall of the hot area (every sealed batch drawing on it), through POST /api/v1/recalls');
      const recalled = await request('POST', '/api/v1/recalls', {
        origin: { kind: 'area', id: hotArea },
        reason: 'Benchmark: dư lượng thuốc BVTV vượt ngưỡng',
        authority: 'Chi cục QLCL NLS&TS',
        recalledOn: '2025-06-15',
      });
      const [q] = await sql<{ notices: number; queued: number }[]>`
        select (select count(*) from recall_notices)::int as notices,
               (select count(*) from webhook_deliveries where attempt = 1)::int as queued`;
      console.log(
        `   ${recalled.json.batches} batches recalled, ${recalled.json.buyersNotified} buyers notified, ` +
          `${q!.queued} webhooks queued, in ${fmt(recalled.ms)} ms (target < 3,000 ms)`,
      );
      // the after-commit kick sends them in the background (to a closed port here); wait for it before closing
      for (let i = 0; i < 600; i++) {
        const [p] = await sql<
          { n: number }[]
        >`select count(*)::int as n from webhook_deliveries where status = 'pending' and attempt = 1`;
        if (!p!.n) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      console.log(
        `\nTargets: capture ${fmt(captured.ms)} ms (< 2,000), trace p95 ${fmt(after)} ms (< 100), recall ${fmt(recalled.ms)} ms (< 3,000)`,
      );
    } finally {
      await sql.end();
      await one.end();
    }
    await admin.unsafe(`drop database if exists ${copy} with (force)`);
  } finally {
    await admin.end();
    pg.stop();
  }
}

await main();
