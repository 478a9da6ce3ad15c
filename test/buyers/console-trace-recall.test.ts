// Staff follow the goods past the cooperative in the console: the forward trace shows under each
// batch whom it was sold to and where each buyer shipped it on, and the recall preview names every
// buyer the recall would notify before staff confirm it; the confirmation says how many were told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shipmentTree, type ShipmentItem } from '../../src/console/buyers/shipment-tree';
import type { ConsoleBrowser, TestContext } from '../support/app';
import { createTestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { buyer, epcisDocument, lotUri, receiving, shipping } from './support';

let t: TestContext;
let staff: ConsoleBrowser;
type World = Awaited<ReturnType<typeof build>>;
let w: World;

const reason = {
  reason: 'Dư lượng thuốc bảo vệ thực vật vượt ngưỡng',
  authority: 'Chi cục Quản lý chất lượng NLS&TS',
  recalledOn: '2025-06-15',
};

/**
 * One harvest lot, two sealed batches. b1 is sold to a distributor (PGH-1), who confirms receipt
 * and ships part on to a supermarket (NPP-1, not yet confirmed) and part to a market stall outside
 * the service. b2 is not sold. A third buyer bought nothing from this lot.
 */
async function build() {
  const c = await producerChain(t);
  const lot = await c.harvest(100, '2025-05-20');
  const make = async (quantity: number) => {
    const body = c.batchBody([{ harvestLotId: lot.id, quantity }]);
    const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body }), 201);
    return (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
  };
  const b1 = await make(30);
  const b2 = await make(20);
  const distributor = await buyer(t, 'Công ty Phân phối Nông sản Tây Bắc');
  const supermarket = await buyer(t, 'Chuỗi Siêu thị Xanh Sạch');
  const bystander = await buyer(t, 'Cửa hàng Không Liên Quan');
  await json(
    t.call('POST', `/api/v1/batches/${b1.id}/shipments`, {
      key: c.coop.key,
      body: { buyerId: distributor.org.id, quantity: 10, unit: 'kg', despatchAdvice: 'PGH-1', shippedOn: '2025-06-10' },
    }),
    201,
  );
  const uri = lotUri(c.product.gtin, b1.lotCode);
  const cap = await t.call('POST', '/api/v1/epcis/capture', {
    key: distributor.key,
    body: epcisDocument([
      receiving(uri, 'PGH-1'),
      shipping(uri, 'NPP-1', supermarket.org.id),
      shipping(uri, 'CHO-7', null, { eventTime: '2025-06-13T10:00:00.000+07:00' }),
    ]),
  });
  expect(cap.status).toBe(202);
  const staffUser = await t.user({ role: 'staff' });
  return { ...c, lot, b1, b2, distributor, supermarket, bystander, staffUser };
}

beforeAll(async () => {
  t = await createTestContext();
  w = await build();
  staff = await t.signIn(w.staffUser.username, w.staffUser.password);
});
afterAll(() => t?.close());

/** The HTML of one batch's entry in the forward trace: from its lot code to the next batch's, or the list's end. */
function batchEntry(html: string, lotCode: string, lotCodes = [w.b1.lotCode, w.b2.lotCode]): string {
  const at = html.indexOf(`<b>${lotCode}</b>`);
  expect(at, `batch ${lotCode} listed`).toBeGreaterThan(-1);
  const ends = lotCodes
    .map((l) => html.indexOf(`<b>${l}</b>`, at + 1))
    .concat(html.indexOf('</ol>', at))
    .filter((i) => i > at);
  return html.slice(at, Math.min(...ends));
}

/** The figures at the top of a page (label → number). */
function figures(html: string): Record<string, number> {
  return Object.fromEntries(
    [...html.matchAll(/<li[^>]*><b>([\d.]+)<\/b>([^<]+)<\/li>/g)].map((m) => [
      m[2]!.trim(),
      Number(m[1]!.replace(/\./g, '')),
    ]),
  );
}

describe('the console follows the goods past the cooperative', () => {
  it('the forward trace shows under each batch whom it was sold to and where the buyer shipped it on', async () => {
    const html = await staff.html(`/console/trace/forward?harvestLotId=${w.lot.id}`);
    expect(new TextEncoder().encode(html).length).toBeLessThan(60 * 1024);
    expect(figures(html)['Doanh nghiệp đã mua']).toBe(2);

    const sold = batchEntry(html, w.b1.lotCode);
    expect(sold).toContain('Đã bán cho:');
    // the cooperative's sale, confirmed by the distributor…
    expect(sold).toMatch(
      /<li><b>Công ty Phân phối Nông sản Tây Bắc<\/b> — 10 kg, giao ngày 10\/06\/2025, phiếu giao PGH-1 · Đã nhận<ul>/,
    );
    // …and under it, what the distributor shipped on: to the supermarket (not confirmed) and outside the service
    const onward = sold.slice(sold.indexOf('Đã nhận<ul>'));
    expect(onward).toMatch(
      /giao tiếp cho <b>Chuỗi Siêu thị Xanh Sạch<\/b> — 2 kg, giao ngày 13\/06\/2025, phiếu giao NPP-1 · <span class="ferr">Chưa xác nhận nhận<\/span>/,
    );
    expect(onward).toMatch(
      /giao tiếp cho <b>Ngoài hệ thống<\/b> — 2 kg, giao ngày 13\/06\/2025, phiếu giao CHO-7<\/li>/,
    );
    expect(sold).not.toContain(w.bystander.org.name);

    // a batch nobody bought says nothing of sales
    expect(batchEntry(html, w.b2.lotCode)).not.toContain('Đã bán cho');
  });

  it('tracing a batch backwards says where its lot went too, and a cooperative sees only its own sales', async () => {
    const html = await staff.html(`/console/trace/backward?batchId=${w.b1.id}`);
    expect(new TextEncoder().encode(html).length).toBeLessThan(60 * 1024);
    expect(html).toContain('Đã bán cho:');
    expect(html).toMatch(
      /<b>Công ty Phân phối Nông sản Tây Bắc<\/b> — 10 kg, giao ngày 10\/06\/2025, phiếu giao PGH-1 · Đã nhận<ul>/,
    );
    expect(html).toContain('giao tiếp cho <b>Chuỗi Siêu thị Xanh Sạch</b>');
    const byStaff = await json(t.call('GET', `/api/v1/trace/backward?batchId=${w.b1.id}`, { key: t.keys.staff }), 200);
    expect(byStaff.shipments.map((s: { despatchAdvice: string }) => s.despatchAdvice)).toEqual([
      'PGH-1',
      'NPP-1',
      'CHO-7',
    ]);
    const own = await json(t.call('GET', `/api/v1/trace/backward?batchId=${w.b1.id}`, { key: w.coop.key }), 200);
    expect(own.shipments.map((s: { despatchAdvice: string }) => s.despatchAdvice)).toEqual(['PGH-1']);
    expect(
      (await json(t.call('GET', `/api/v1/trace/backward?batchId=${w.b2.id}`, { key: t.keys.staff }), 200)).shipments,
    ).toEqual([]);
  });

  it("the trace's CSV ends each batch with the buyers its goods reached and its shipments, for staff and for the cooperative", async () => {
    const rows = async (csv: string) => {
      const lines = csv
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toMatch(/,scans,buyers,shipments$/);
      return Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, 36), l.split(',').slice(-2)]));
    };
    const res = await staff.get(`/console/trace/forward.csv?harvestLotId=${w.lot.id}`);
    expect(res.status).toBe(200);
    const byStaff = await rows(await res.text());
    expect(byStaff[w.b1.id]).toEqual(['Công ty Phân phối Nông sản Tây Bắc; Chuỗi Siêu thị Xanh Sạch', '3']);
    expect(byStaff[w.b2.id]).toEqual(['', '0']);
    // the cooperative sees its own sales, not what its buyer did next
    const own = await t.call('GET', `/api/v1/trace/forward?harvestLotId=${w.lot.id}&format=csv`, { key: w.coop.key });
    expect((await rows(await own.text()))[w.b1.id]).toEqual(['Công ty Phân phối Nông sản Tây Bắc', '1']);
  });

  it('the recall preview names every buyer the recall would notify, with what it received and from whom', async () => {
    const res = await staff.post('/console/recall/preview', { kind: 'harvest_lot', harvestLotId: w.lot.id, ...reason });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(new TextEncoder().encode(html).length).toBeLessThan(60 * 1024);
    expect(figures(html)['Doanh nghiệp sẽ được báo']).toBe(2);
    expect(html).toContain('2 doanh nghiệp đã mua hàng sẽ nhận thông báo thu hồi ngay');

    const list = html.slice(html.indexOf('Doanh nghiệp mua sẽ nhận thông báo thu hồi'));
    const rows = [...list.matchAll(/<tr><td><b>([^<]+)<\/b><\/td><td>(\d+)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [
      m[1],
      Number(m[2]),
      m[3],
    ]);
    // the cooperative's own buyer first, then who bought from it
    expect(rows).toEqual([
      ['Công ty Phân phối Nông sản Tây Bắc', 1, w.coop.org.name],
      ['Chuỗi Siêu thị Xanh Sạch', 1, 'Công ty Phân phối Nông sản Tây Bắc'],
    ]);
    expect(html).not.toContain(w.bystander.org.name);
  });

  it('after the recall, the page says how many buyers were sent a notice and links to who has acknowledged', async () => {
    const done = await staff.post('/console/recall/confirm', {
      kind: 'harvest_lot',
      harvestLotId: w.lot.id,
      ...reason,
      confirm: 'yes',
    });
    expect(done.status).toBe(303);
    expect(new URL(done.headers.get('location')!, 'https://x').searchParams.get('buyersNotified')).toBe('2');
    const html = await (await staff.follow(done)).text();
    expect(html).toContain('Đã gửi thông báo thu hồi tới 2 doanh nghiệp mua hàng.');
    expect(html).toContain('href="/console/recall-notices?all=yes"');
    const notified = await t.db.sql<{ name: string }[]>`
      select o.name from recall_notices n join organizations o on o.id = n.buyer_id order by o.name`;
    expect(notified.map((r) => r.name)).toEqual(['Chuỗi Siêu thị Xanh Sạch', 'Công ty Phân phối Nông sản Tây Bắc']);
  });
});

describe('a page of a trace with many sales stays small', () => {
  it('shows at most 12 shipments under a batch and 40 on a page, and says of every other sold batch how far it went', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(500, '2025-05-21');
    const buyers = await Promise.all([1, 2, 3].map((i) => buyer(t, `Đại lý Bán lẻ Số ${i}`)));
    const batches: { id: string; lotCode: string }[] = [];
    for (let i = 0; i < 16; i++) {
      const body = c.batchBody([{ harvestLotId: lot.id, quantity: 5 }]);
      const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body }), 201);
      batches.push((await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch);
    }
    let n = 0;
    const sell = (batchId: string, to: { org: { id: string } }) =>
      json(
        t.call('POST', `/api/v1/batches/${batchId}/shipments`, {
          key: c.coop.key,
          body: { buyerId: to.org.id, quantity: 1, unit: 'kg', despatchAdvice: `BL-${++n}`, shippedOn: '2025-06-10' },
        }),
        201,
      );
    // in the page's order (production day, lot code): the first batch is sold 14 times, each of the others 3 times
    const order: string[] = (
      await json(t.call('GET', `/api/v1/trace/forward?harvestLotId=${lot.id}`, { key: t.keys.staff }), 200)
    ).batches.map((b: { id: string }) => b.id);
    batches.sort((x, y) => order.indexOf(x.id) - order.indexOf(y.id));
    for (let i = 0; i < 14; i++) await sell(batches[0]!.id, buyers[i % 3]!);
    for (const b of batches.slice(1)) for (const x of buyers) await sell(b.id, x);

    const html = await staff.html(`/console/trace/forward?harvestLotId=${lot.id}`);
    expect(new TextEncoder().encode(html).length).toBeLessThan(60 * 1024);
    const lines = html.match(/phiếu giao BL-\d+/g) ?? [];
    expect(lines).toHaveLength(40);
    const entries = batches.map((b) =>
      batchEntry(
        html,
        b.lotCode,
        batches.map((x) => x.lotCode),
      ),
    );
    // 12 of the first batch's 14, then 3 for each batch while the page's 40 last: 12 + 9 × 3 + 1
    expect(entries.map((e) => (e.match(/phiếu giao BL-/g) ?? []).length)).toEqual([
      12, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 0, 0, 0, 0, 0,
    ]);
    expect(entries[0]).toContain('… và 2 chuyến giao khác (có trong tệp CSV).');
    expect(entries[10]).toContain('… và 2 chuyến giao khác');
    for (const e of entries.slice(11))
      expect(e).toContain('Đã bán cho 3 doanh nghiệp qua 3 chuyến giao (xem từng chuyến trong tệp CSV).');
  });
});

describe('the way of the goods as a tree', () => {
  const org = (id: string) => ({ id, name: id.toUpperCase() });
  const ship = (id: string, hop: number, from: string, to: string | null): ShipmentItem => ({
    id,
    hop,
    from: org(from),
    to: to ? org(to) : null,
    destination: null,
    item: 'lot',
    quantity: 1,
    unit: 'kg',
    despatchAdvice: id,
    eventId: id,
    shippedAt: new Date('2025-06-10T00:00:00Z'),
    received: true,
  });
  const shape = (nodes: ReturnType<typeof shipmentTree>): unknown =>
    nodes.map((n) => (n.onward.length ? { [n.s.id]: shape(n.onward) } : n.s.id));

  it('puts each onward shipment once, under the first shipment that brought the goods to its sender', () => {
    const tree = shipmentTree([
      ship('s1', 1, 'coop', 'a'),
      ship('s2', 1, 'coop', 'b'),
      ship('s3', 1, 'coop', 'a'), // a second sale to a
      ship('s4', 2, 'a', 'c'),
      ship('s5', 2, 'b', null),
      ship('s6', 3, 'c', 'd'),
    ]);
    expect(shape(tree)).toEqual([{ s1: [{ s4: ['s6'] }] }, { s2: ['s5'] }, 's3']);
  });

  it('keeps a shipment whose way in is not listed at the top rather than dropping it', () => {
    expect(shape(shipmentTree([ship('s1', 1, 'coop', 'a'), ship('s9', 3, 'x', 'y')]))).toEqual(['s1', 's9']);
  });
});
