import { parseConfig } from '../src/config';
import { createSql, type Sql } from '../src/db/client';
import { startEmbedded } from '../src/entry/embedded-database';
import { loadMigrations } from '../src/entry/migration-files';
import { applyMigrations } from '../src/db/migrations';
import { buildRecord } from '../src/db/batches-store';
import { signRecord } from '../src/signing';
import { benchApp } from './support/bench-app';
import { machine, startPostgres15 } from './support/pg15';

const BATCHES = Number(process.argv[2] ?? 300);
const CONCURRENCY = Number(process.argv[3] ?? 4);

async function run(label: string, url: string) {
  const sql: Sql = createSql(url, { max: CONCURRENCY + 2 });
  await applyMigrations(sql, loadMigrations());
  const config = parseConfig({ LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://trace.example.vn' });
  const { keyring, call } = await benchApp(sql, config);
  const coop = await call('POST', '/api/v1/organizations', {
    kind: 'cooperative',
    name: 'HTX Đo tốc độ',
    province: 'Tỉnh Sơn Lâm',
  });
  const area = await call('POST', '/api/v1/areas', {
    code: 'VNL-BENCH',
    name: 'Vùng đo',
    operatorId: coop.id,
    province: 'Tỉnh Sơn Lâm',
    areaHa: 50,
    location: {
      type: 'Polygon',
      coordinates: [
        [
          [105, 22],
          [105.01, 22],
          [105.01, 22.01],
          [105, 22],
        ],
      ],
    },
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
    lots.push(
      (
        await call('POST', '/api/v1/harvest-lots', {
          cooperativeId: coop.id,
          areaId: area.id,
          harvestedOn: '2025-05-20',
          quantity: 1e8,
          unit: 'kg',
        })
      ).id,
    );
  }
  const events = ['harvesting', 'receiving', 'drying', 'processing', 'packing', 'inspection'].map((type, i) => ({
    type,
    occurredAt: `2025-05-2${i}T08:00:00+07:00`,
    ...(i === 0 ? { placeAreaId: area.id } : { placeOrganizationId: coop.id }),
  }));
  // Drafts first (not timed as sealing), then the seals, CONCURRENCY at a time.
  const drafts: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < BATCHES; i++) {
    drafts.push(
      (
        await call('POST', '/api/v1/batches', {
          productId: product.id,
          lotCode: `B${i}`,
          productionDate: '2025-06-01',
          quantity: 10,
          unit: 'kg',
          inputs: lots.map((id) => ({ harvestLotId: id, quantity: 1 })),
          events,
        })
      ).id,
    );
  }
  const draftMs = performance.now() - t0;
  const t1 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < drafts.length) await call('POST', `/api/v1/batches/${drafts[next++]}/seal`);
    }),
  );
  const sealMs = performance.now() - t1;
  // Signing alone, on the same records, to split the cost.
  const key = await keyring.current();
  const records = await Promise.all(
    drafts.slice(0, 100).map((id) => buildRecord(sql, id, new Date(), { keyId: null, name: 'bench', role: 'admin' })),
  );
  const t2 = performance.now();
  for (let i = 0; i < BATCHES; i++) await signRecord(records[i % records.length]!, key);
  const signMs = performance.now() - t2;
  const t3 = performance.now();
  for (let i = 0; i < 100; i++)
    await buildRecord(sql, drafts[i]!, new Date(), { keyId: null, name: 'bench', role: 'admin' });
  const buildMs = (performance.now() - t3) / 100;
  await sql.end();
  const perSeal = sealMs / BATCHES;
  const perSign = signMs / BATCHES;
  console.log(`\n${label}`);
  console.log(`  drafts (5 inputs, 6 events) created:  ${(BATCHES / (draftMs / 1000)).toFixed(0)} /s  (sequential)`);
  console.log(
    `  batches sealed:                        ${(BATCHES / (sealMs / 1000)).toFixed(0)} /s  (${CONCURRENCY} concurrent; ${perSeal.toFixed(2)} ms wall each)`,
  );
  console.log(
    `  signing alone (canonical JSON + Ed25519): ${perSign.toFixed(2)} ms per record  → ${((perSign / perSeal) * 100).toFixed(0)}% of a seal's wall time`,
  );
  console.log(`  building the record from rows:         ${buildMs.toFixed(2)} ms per record (sequential)`);
  return { label, sealsPerSecond: BATCHES / (sealMs / 1000) };
}

console.log(`seal benchmark: ${BATCHES} batches, ${CONCURRENCY} concurrent sealers; ${machine()}`);
const embedded = await startEmbedded('memory://');
await run('embedded (PGlite)', embedded.url);
await embedded.stop();
const pg = await startPostgres15();
try {
  await run('PostgreSQL 15', pg.url);
} finally {
  pg.stop();
}
