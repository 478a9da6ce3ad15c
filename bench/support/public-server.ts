// The server the public-page benchmark loads: the real app (createApp, the same deps as the Node
// entry) plus one bare route for comparison that does a single primary-key lookup and returns a
// ten-line HTML page. Unless BENCH_SEED=off, it seeds one batch with BENCH_STAMPS active stamps and writes their URL
// paths to BENCH_SERIALS_FILE, then prints "ready <port>".
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { writeFileSync } from 'node:fs';
import { createApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { createApiKey } from '../../src/db/api-keys-store';
import { createKeyring } from '../../src/db/keyring';
import { openDatabase } from '../../src/entry/database';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { createLogger } from '../../src/log';

const config = parseConfig({
  ...process.env,
  LOG_LEVEL: 'silent',
  PUBLIC_BASE_URL: 'https://trace.example.vn',
  // one load generator on loopback is one "network": lift the per-network limits for the run
  PUBLIC_RATE_LIMIT: '100000000',
  UNKNOWN_SERIAL_RATE_LIMIT: '100000000',
  DB_POOL_MAX: process.env.DB_POOL_MAX ?? '20',
});
const db = await openDatabase(config);
const CLOCK = new Date('2025-06-15T08:00:00Z');
const keyring = createKeyring(db.sql, config);
await keyring.ensure();
const app = createApp({
  sql: db.sql,
  config,
  clock: () => CLOCK,
  log: createLogger('silent'),
  keyring,
  labels: loadLabelCatalog(),
  peerAddress: (c) => getConnInfo(c).remote.address,
});

app.get('/bench/bare/:serial', async (c) => {
  const [row] = await db.sql<{ state: string }[]>`select state from stamps where serial = ${c.req.param('serial')}`;
  return c.html(`<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>Tem</title></head>
<body>
<main>
<h1>Tem ${c.req.param('serial')}</h1>
<p>Trạng thái: ${row?.state ?? 'không có'}</p>
</main>
</body>
</html>`);
});

app.get('/bench/scans', async (c) => {
  // the scans logged at the server's clock and later: one month's partition, not the whole log
  const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from scans where not is_bot and at >= ${CLOCK}`;
  return c.json(row);
});

// BENCH_SEED=off: the database already holds stamps (the province benchmark passes its own paths)
if (process.env.BENCH_SEED !== 'off') await seed();

async function seed() {
  const admin = (await createApiKey(db.sql, { name: 'bench', role: 'admin', organizationId: null, createdBy: null }))
    .key;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.headers.get('content-type')?.includes('json') ? r.json() : r.text();
  };
  const coop = await call('POST', '/api/v1/organizations', {
    kind: 'cooperative',
    name: 'HTX Nông nghiệp Thượng Sơn',
    province: 'Tỉnh Sơn Lâm',
    address: 'Thôn Bản Bó',
    contactPhone: '0912 345 678',
  });
  const area = await call('POST', '/api/v1/areas', {
    code: 'VNL-B-1',
    name: 'Vùng chè Shan tuyết cổ thụ Cao Bồ',
    operatorId: coop.id,
    province: 'Tỉnh Sơn Lâm',
    commune: 'Xã Cao Bồ',
    areaHa: 38.6,
    households: 46,
    crops: ['chè Shan tuyết'],
    location: {
      type: 'Polygon',
      coordinates: [
        [
          [104.87, 22.74],
          [104.88, 22.74],
          [104.88, 22.75],
          [104.87, 22.74],
        ],
      ],
    },
    certifications: [
      {
        scheme: 'organic',
        number: 'QCT-ORG-24-0952',
        issuer: 'Trung tâm Chứng nhận Phù hợp QUACERT',
        validFrom: '2024-09-01',
        validTo: '2027-08-31',
      },
    ],
  });
  const product = await call('POST', '/api/v1/products', {
    gtin: '8936045120019',
    nameVi: 'Chè Shan tuyết cổ thụ Cao Bồ',
    nameEn: 'Cao Bo ancient Shan tuyet tea',
    ocopGroup: 1,
    ownerId: coop.id,
    shelfLifeDays: 540,
    standards: ['TCCS 01:2023/HTXCB'],
    listings: [
      { channel: 'Shopee', url: 'https://shopee.vn/htxchecaobo' },
      { channel: 'Postmart', url: 'https://postmart.vn/che' },
    ],
  });
  await call('POST', `/api/v1/products/${product.id}/ratings`, {
    stars: 4,
    decisionNumber: '1876/QĐ-UBND',
    issuingLevel: 'province',
    decisionDate: '2024-10-18',
  });
  const lots = [];
  for (let i = 0; i < 3; i++)
    lots.push(
      await call('POST', '/api/v1/harvest-lots', {
        cooperativeId: coop.id,
        areaId: area.id,
        harvestedOn: `2025-05-2${i}`,
        quantity: 500,
        unit: 'kg',
      }),
    );
  const events = ['harvesting', 'receiving', 'processing', 'drying', 'packing', 'inspection'].map((type, i) => ({
    type,
    occurredAt: `2025-05-2${i}T08:00:00+07:00`,
    ...(i === 0 ? { placeAreaId: area.id } : { placeOrganizationId: coop.id }),
    details: 'Sao chè bằng chảo gang',
  }));
  const batch = await call('POST', '/api/v1/batches', {
    productId: product.id,
    lotCode: 'CST-250601',
    productionDate: '2025-06-01',
    quantity: 120,
    unit: 'kg',
    testResults: [{ name: 'Độ ẩm', value: '4.8', unit: '%', lab: 'Trung tâm Kiểm nghiệm', date: '2025-06-02' }],
    inputs: lots.map((l) => ({ harvestLotId: l.id, quantity: 180 })),
    events,
  });
  await call('POST', `/api/v1/batches/${batch.id}/seal`);
  const count = Number(process.env.BENCH_STAMPS ?? 20000);
  const run = await call('POST', '/api/v1/print-runs', { batchId: batch.id, count, templateId: 'a4-3x8' });
  await call('POST', `/api/v1/print-runs/${run.id}/activate`, {});
  const csv = (await call('GET', `/api/v1/print-runs/${run.id}/serials.csv`)) as string;
  const serials = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[1]!);
  writeFileSync(process.env.BENCH_SERIALS_FILE!, JSON.stringify({ gtin: product.gtin, lot: 'CST-250601', serials }));
}

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`ready ${info.port}\n`);
});
process.on('SIGTERM', async () => {
  await db.close();
  process.exit(0);
});
