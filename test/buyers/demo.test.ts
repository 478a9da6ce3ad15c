// The demo province past its cooperatives: the distributor and the OCOP shop chain received and
// shipped on several demo lots, the demo recall reached both, one has acknowledged and one not;
// and every buyer-side event the demo holds is a valid EPCIS 2.0 event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/db/keyring';
import { seedDemo } from '../../src/demo/seed';
import { DEMO_RECALLED_LOT } from '../../src/demo/batches';
import { DEMO_USERS } from '../../src/demo/users';
import { validateEpcisDocument } from '../../src/domain/epcis-validate';
import { scryptPasswordHasher } from '../../src/entry/passwords-node';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { epcisDocument } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const keyring = createKeyring(db.sql, {});
  await keyring.ensure();
  await seedDemo(db.sql, {
    clock: () => new Date('2026-11-28T03:00:00Z'),
    keyring,
    baseUrl: 'https://trace.example.vn',
    passwords: scryptPasswordHasher(),
  });
});
afterAll(async () => {
  await db?.close();
});

describe('demo buyers', () => {
  it('the distributor received several lots from the cooperatives and shipped two on to the shop chain', async () => {
    const rows = await db.sql<{ name: string; hop: number; n: number; received: number }[]>`
      select o.name, s.hop, count(*)::int as n,
             count(*) filter (where exists (select 1 from buyer_receipts r where r.shipment_id = s.id))::int as received
      from buyer_shipments s join organizations o on o.id = s.to_org_id
      group by o.name, s.hop order by s.hop`;
    expect(rows).toEqual([
      { name: 'Công ty Cổ phần Thương mại Sơn Lâm', hop: 1, n: 5, received: 5 },
      { name: 'Công ty TNHH Chuỗi cửa hàng OCOP Sơn Lâm', hop: 2, n: 2, received: 2 },
    ]);
  });

  it('the demo recall reached both buyers; the distributor acknowledged, the shop chain not yet', async () => {
    const rows = await db.sql<{ name: string; acked: boolean; lots: string[] }[]>`
      select o.name, n.acknowledged_at is not null as acked,
             (select array_agg(b.lot_code) from batches b where b.id = any(n.batch_ids)) as lots
      from recall_notices n join organizations o on o.id = n.buyer_id order by o.name`;
    expect(rows).toEqual([
      { name: 'Công ty Cổ phần Thương mại Sơn Lâm', acked: true, lots: [DEMO_RECALLED_LOT] },
      { name: 'Công ty TNHH Chuỗi cửa hàng OCOP Sơn Lâm', acked: false, lots: [DEMO_RECALLED_LOT] },
    ]);
  });

  it('has a console user for each buyer', async () => {
    const buyers = DEMO_USERS.filter((u) => u.role === 'buyer').map((u) => u.username);
    const rows = await db.sql<
      { username: string }[]
    >`select username from users where role = 'buyer' order by username`;
    expect(rows.map((r) => r.username).sort()).toEqual(buyers.sort());
  });

  it('every sale, receipt and shipment event validates against the EPCIS 2.0 JSON Schema', async () => {
    const rows = await db.sql<{ document: Record<string, unknown> }[]>`
      select document from epcis_events where source = 'captured' or record_kind = 'shipment' order by seq`;
    expect(rows.length).toBe(5 + 5 + 2 + 2);
    expect(validateEpcisDocument(epcisDocument(rows.map((r) => r.document)))).toEqual([]);
  });
});
