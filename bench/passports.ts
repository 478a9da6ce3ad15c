// Benchmark: what issuing UNTP passports costs. (1) The time to seal a batch (5 inputs, 6
// events) with its DPP and DTE issued in the sealing transaction (built, hashed and stored; they
// are signed when first asked for), against the same seal without them (the steps sealBatch took
// before passports), alternating one with one on the same database. (2) Serving a DPP
// (application/vc+jwt) against the stamp's Digital Link linkset, alternating, on the same server,
// from autocannon in the same process (so both share the CPU with the load generator alike).
// (3) A DPP's first request (signed then) against a later one, in process. Targets: issuing adds
// ≤ 20% to a seal; DPP ≥ 0.8× linkset.
// Run: npx tsx bench/passports.ts [seals=200] [seconds=8] [connections=20]
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../src/config';
import { buildRecord, getBatch, markSealed } from '../src/db/batches-store';
import { createSql, type Sql } from '../src/db/client';
import type { createKeyring } from '../src/db/keyring';
import { applyMigrations } from '../src/db/migrations';
import { loadMigrations } from '../src/entry/migration-files';
import { sealBatch } from '../src/sealing/seal';
import { signRecord } from '../src/signing';
import { benchApp } from './support/bench-app';
import { machine, startPostgres15 } from './support/pg15';
import { loadPaths } from './support/stamp-load';

const SEALS = Number(process.argv[2] ?? 200);
const SECONDS = Number(process.argv[3] ?? 8);
const CONNECTIONS = Number(process.argv[4] ?? 20);
const SEALER = { keyId: null, name: 'bench', role: 'admin' };

async function setUp(sql: Sql) {
  await applyMigrations(sql, loadMigrations());
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'https://trace.example.vn',
    PUBLIC_RATE_LIMIT: '100000000',
    DB_POOL_MAX: '20',
  });
  const { app, keyring, call } = await benchApp(sql, config);
  const coop = await call('POST', '/api/v1/organizations', {
    kind: 'cooperative',
    name: 'HTX Đo',
    province: 'Tỉnh Sơn Lâm',
  });
  const area = await call('POST', '/api/v1/areas', {
    code: 'VNL-BENCH',
    name: 'Vùng đo',
    operatorId: coop.id,
    province: 'Tỉnh Sơn Lâm',
    areaHa: 50,
    location: { type: 'Point', coordinates: [105, 22] },
    certifications: [
      { scheme: 'vietgap', number: 'VG-1', issuer: 'QUACERT', validFrom: '2024-01-01', validTo: '2027-01-01' },
    ],
  });
  const product = await call('POST', '/api/v1/products', {
    gtin: '8930000000019',
    nameVi: 'Chè Shan tuyết',
    ocopGroup: 2,
    ownerId: coop.id,
    shelfLifeDays: 365,
  });
  await call('POST', `/api/v1/products/${product.id}/ratings`, {
    stars: 4,
    decisionNumber: '1/QĐ',
    issuingLevel: 'province',
    decisionDate: '2024-01-01',
  });
  const lots: string[] = [];
  for (let i = 0; i < 5; i++) {
    const lot = await call('POST', '/api/v1/harvest-lots', {
      cooperativeId: coop.id,
      areaId: area.id,
      harvestedOn: '2025-05-20',
      quantity: 1e8,
      unit: 'kg',
    });
    lots.push(lot.id);
  }
  const events = ['harvesting', 'receiving', 'drying', 'processing', 'packing', 'inspection'].map((type, i) => ({
    type,
    occurredAt: `2025-05-2${i}T08:00:00+07:00`,
    ...(i === 0 ? { placeAreaId: area.id } : { placeOrganizationId: coop.id }),
  }));
  const drafts: string[] = [];
  for (let i = 0; i < SEALS * 2; i++) {
    const draft = await call('POST', '/api/v1/batches', {
      productId: product.id,
      lotCode: `B${i}`,
      productionDate: '2025-06-01',
      quantity: 10,
      unit: 'kg',
      inputs: lots.map((id) => ({ harvestLotId: id, quantity: 1 })),
      events,
    });
    drafts.push(draft.id);
  }
  return { app, keyring, drafts, gtin: product.gtin as string };
}

/** The seal as it was before passports: lock, build the record, sign it, mark the batch sealed. */
async function sealWithoutPassport(sql: Sql, keyring: ReturnType<typeof createKeyring>, id: string, now: Date) {
  await sql.begin(async (tx) => {
    await getBatch(tx, id, { forUpdate: true });
    const record = await buildRecord(tx, id, now, SEALER);
    const key = await keyring.current(tx);
    const signed = await signRecord(record, key);
    await markSealed(tx, id, { sealedAt: now, sealedBy: SEALER, jws: signed.jws, sha256: signed.sha256, kid: key.kid });
  });
}

console.log(
  `passport benchmark: ${SEALS} + ${SEALS} seals, ${SECONDS} s × 2 rounds of serving, ${CONNECTIONS} connections; ${machine()}`,
);
const pg = await startPostgres15();
const sql = createSql(pg.url, { max: 22 });
try {
  const { app, keyring, drafts, gtin } = await setUp(sql);
  const now = new Date('2025-06-15T08:00:00Z');
  // Warm-up: a few of each, not counted.
  for (let i = 0; i < 10; i++) {
    await sealWithoutPassport(sql, keyring, drafts.pop()!, now);
    await sql.begin((tx) => sealBatch(tx, keyring, drafts.pop()!, SEALER, now));
  }
  const without: number[] = [];
  const withPassport: number[] = [];
  const n = Math.floor(drafts.length / 2);
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    await sealWithoutPassport(sql, keyring, drafts[2 * i]!, now);
    const b = performance.now();
    await sql.begin((tx) => sealBatch(tx, keyring, drafts[2 * i + 1]!, SEALER, now));
    const c = performance.now();
    without.push(b - a);
    withPassport.push(c - b);
  }
  // Medians: the machine is shared, and a few slow outliers (a checkpoint, another process) would move a mean.
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const perWithout = median(without);
  const perWith = median(withPassport);
  console.log('\nsealing one batch (PostgreSQL 15, sequential, alternating; median)');
  console.log(`  without passport      ${perWithout.toFixed(2)} ms`);
  console.log(`  with DPP + DTE issued ${perWith.toFixed(2)} ms`);
  console.log(`  issuing adds          ${(((perWith - perWithout) / perWithout) * 100).toFixed(1)}%  (target ≤ 20%)`);

  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  const [sealed] = await sql<{ id: string; lot: string }[]>`
    select b.id, b.lot_code as lot from batches b join passports p on p.batch_id = b.id limit 1`;
  const dppPaths = [`/passports/dpp/${sealed!.id}`];
  const linksetPaths = [`/01/${gtin}/10/${sealed!.lot}/21/ABCDEFGHJK2345?linkType=linkset`];
  await loadPaths(port, dppPaths, CONNECTIONS, { duration: 2 }); // warm-up
  await loadPaths(port, linksetPaths, CONNECTIONS, { duration: 2 });
  const rates = { dpp: [] as number[], linkset: [] as number[] };
  for (let round = 0; round < 2; round++) {
    const l = await loadPaths(port, linksetPaths, CONNECTIONS, { duration: SECONDS });
    const d = await loadPaths(port, dppPaths, CONNECTIONS, { duration: SECONDS });
    if (l.non2xx || d.non2xx) throw new Error(`errors: linkset ${l.non2xx}, dpp ${d.non2xx}`);
    rates.linkset.push(l.requests.average);
    rates.dpp.push(d.requests.average);
  }
  server.close();
  // First requests sign; later ones are served from the instance's cache.
  const ids = (await sql<{ id: string }[]>`select batch_id as id from passports order by status_index limit 200`).map(
    (r) => r.id,
  );
  const firstAndLater = { first: [] as number[], later: [] as number[] };
  for (const id of ids) {
    for (const which of ['first', 'later'] as const) {
      const a = performance.now();
      const r = await app.fetch(new Request(`https://trace.example.vn/passports/dpp/${id}`));
      await r.text();
      if (r.status !== 200) throw new Error(`DPP ${id}: ${r.status}`);
      firstAndLater[which].push(performance.now() - a);
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  console.log('\nserving, same server, alternating');
  console.log(`  stamp linkset  ${mean(rates.linkset).toFixed(0).padStart(6)} req/s`);
  console.log(`  DPP (vc+jwt)   ${mean(rates.dpp).toFixed(0).padStart(6)} req/s`);
  console.log(`  DPP / linkset  ${(mean(rates.dpp) / mean(rates.linkset)).toFixed(2)}×  (target ≥ 0.8×)`);
  console.log(`\none DPP, in process, ${ids.length} batches (median)`);
  console.log(`  first request (signs it)  ${median(firstAndLater.first).toFixed(2)} ms`);
  console.log(`  later request (cached)    ${median(firstAndLater.later).toFixed(2)} ms`);
} finally {
  await sql.end();
  pg.stop();
}
