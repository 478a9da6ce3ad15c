// The console past the cooperative: a cooperative records a sale to a buyer from a form; the buyer
// sees what it received and its recall notices, acknowledges one and sets its webhook (the secret
// shown once); staff see the notices left unacknowledged past 24 hours. Pages stay small.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, FROZEN_NOW, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { buyer, epcisDocument, lotUri, receiving } from './support';

let t: TestContext;
let w: Awaited<ReturnType<typeof build>>;

async function build() {
  const c = await producerChain(t);
  const h = await c.harvest(100, '2025-05-20');
  const draft = await json(
    t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([{ harvestLotId: h.id, quantity: 30 }]) }),
    201,
  );
  const batch = (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
  const b = await buyer(t, 'Công ty Phân phối Hương Sơn Lâm');
  const coopUser = await t.user({ role: 'cooperative', organizationId: c.coop.org.id });
  const buyerUser = await t.user({ role: 'buyer', organizationId: b.org.id });
  const staffUser = await t.user({ role: 'staff' });
  return { ...c, batch, b, coopUser, buyerUser, staffUser };
}

beforeAll(async () => {
  t = await createTestContext();
  w = await build();
});
afterAll(() => t.close());

describe('console pages past the cooperative', () => {
  it('a cooperative records a sale to a buyer from its sales page', async () => {
    const coop = await t.signIn(w.coopUser.username, w.coopUser.password);
    const page = await coop.html('/console/sales');
    expect(page).toContain(w.b.org.name);
    expect(page.length).toBeLessThan(60 * 1024);
    const bad = await coop.post('/console/sales', {
      batchId: w.batch.id,
      buyerId: w.b.org.id,
      quantity: '',
      despatchAdvice: 'PGH-9',
      shippedOn: '2025-06-10',
    });
    expect(bad.status).toBe(400);
    const res = await coop.post('/console/sales', {
      batchId: w.batch.id,
      buyerId: w.b.org.id,
      quantity: '12',
      unit: 'kg',
      despatchAdvice: 'PGH-9',
      shippedOn: '2025-06-10',
    });
    expect(res.status).toBe(303);
    const after = await (await coop.follow(res)).text();
    expect(after).toContain('PGH-9');
    // a buyer's page is not the cooperative's
    expect((await coop.get('/console/buyer')).status).toBe(403);
  });

  it('a buyer sees its receipts and notices, acknowledges, and sets its webhook', async () => {
    const lot = lotUri(w.product.gtin, w.batch.lotCode);
    const cap = await t.call('POST', '/api/v1/epcis/capture', {
      key: w.b.key,
      body: epcisDocument([receiving(lot, 'PGH-9')]),
    });
    expect(cap.status).toBe(202);
    await json(
      t.call('POST', `/api/v1/batches/${w.batch.id}/recall`, {
        key: w.coop.key,
        body: { reason: 'Nhiễm nấm mốc', authority: 'HTX tự thu hồi', recalledOn: '2025-06-15' },
      }),
      201,
    );
    const b = await t.signIn(w.buyerUser.username, w.buyerUser.password);
    const page = await b.html('/console/buyer');
    expect(page.length).toBeLessThan(60 * 1024);
    expect(page).toContain('Nhiễm nấm mốc');
    expect(page).toContain('PGH-9');
    const [notice] = await t.db.sql<{ id: string }[]>`select id from recall_notices where buyer_id = ${w.b.org.id}`;
    const ack = await b.post(`/console/buyer/notices/${notice!.id}/ack`, {});
    expect(ack.status).toBe(303);
    expect(await (await b.follow(ack)).text()).toContain('Đã xác nhận lúc');

    const refused = await b.post('/console/buyer/webhook', { url: 'http://shop.example.vn/hook' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Địa chỉ phải bắt đầu bằng https://');
    const inside = await b.post('/console/buyer/webhook', { url: 'https://192.168.1.5/hook' });
    expect(inside.status).toBe(400);
    expect(await inside.text()).toContain(
      'Phải là địa chỉ công khai trên Internet, không phải địa chỉ trong mạng nội bộ',
    );
    const saved = await b.post('/console/buyer/webhook', { url: 'https://shop.example.vn/hook' });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toMatch(/whsec_[A-Za-z0-9+/]+=*/);
    const again = await b.html('/console/buyer');
    expect(again).not.toMatch(/whsec_/);
    expect((await b.get('/console/sales')).status).toBe(403);
  });

  it('staff see the notices not acknowledged within 24 hours', async () => {
    const other = await buyer(t, 'Siêu thị Chưa Trả Lời');
    await t.db.sql`
      insert into recall_notices (buyer_id, recall_ids, batch_ids, reason, authority, recalled_on, created_at)
      values (${other.org.id}, '{}', ${[w.batch.id]}, 'Lý do thử', 'Chi cục', '2025-06-14', ${new Date(FROZEN_NOW.getTime() - 30 * 3_600_000)})`;
    const s = await t.signIn(w.staffUser.username, w.staffUser.password);
    const page = await s.html('/console/recall-notices');
    expect(page).toContain('Siêu thị Chưa Trả Lời');
    expect(page).not.toContain(w.b.org.name);
    expect(await s.html('/console/recall-notices?all=yes')).toContain(w.b.org.name);
  });
});
