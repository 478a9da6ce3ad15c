// A cooperative operator's whole job in the console, without JavaScript: the home panel, areas
// and contracts, a harvest, a batch from harvest lots, sealing, a print run with its PDF and
// serials, activation; and the fences: other cooperatives' records, CSRF, escaping, page size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type ConsoleBrowser, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { productBody } from '../support/fixtures';

let t: TestContext;
let a: Awaited<ReturnType<typeof producerChain>>;
let b: Awaited<ReturnType<typeof producerChain>>;
let op: ConsoleBrowser;
const MAX_PAGE = 60 * 1024;
const visited = new Map<string, number>();

/** GET expecting 200, remembering the page's size for the size check. */
async function html(path: string, who: ConsoleBrowser = op): Promise<string> {
  const text = await who.html(path);
  visited.set(path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id'), Buffer.byteLength(text));
  return text;
}

function gtin13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[11 - i]) * (i % 2 === 0 ? 3 : 1);
  return body12 + ((10 - (sum % 10)) % 10);
}

async function product(
  ownerId: string,
  key: string,
  nameVi: string,
  gtinBody: string,
  rating?: { stars: number; decisionDate: string },
) {
  const p = await json(
    t.call('POST', '/api/v1/products', {
      key,
      body: productBody(ownerId, { gtin: gtin13(gtinBody), nameVi, nameEn: null }),
    }),
    201,
  );
  if (rating) {
    await json(
      t.call('POST', `/api/v1/products/${p.id}/ratings`, {
        key: t.keys.admin,
        body: { ...rating, decisionNumber: `${gtinBody.slice(-4)}/QĐ-UBND`, issuingLevel: 'province' },
      }),
      201,
    );
  }
  return p;
}

const lotsRemaining = async (id: string) =>
  (await json(t.call('GET', `/api/v1/harvest-lots/${id}`, { key: a.coop.key }), 200)).remaining;
const idFrom = (res: Response) => /\/([0-9a-f-]{36})(?:\?|$)/.exec(res.headers.get('location') ?? '')![1]!;

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000' });
  a = await producerChain(t);
  b = await producerChain(t);
  const u = await t.user({ role: 'cooperative', organizationId: a.coop.org.id, displayName: 'Kế toán HTX A' });
  op = await t.signIn(u.username, u.password);
});
afterAll(async () => {
  await t?.close();
});

describe("the operator's home panel", () => {
  it('shows its products with OCOP stars, warns of a rating expiring within 90 days or lapsed, and nothing of another cooperative', async () => {
    // decided 2022-08-01: valid to 2025-07-31, 46 days after the frozen today (2025-06-15)
    await product(a.coop.org.id, a.coop.key, 'Mật ong sắp hết hạn', '893100900001', {
      stars: 3,
      decisionDate: '2022-08-01',
    });
    await product(a.coop.org.id, a.coop.key, 'Miến đã hết hạn', '893100900002', {
      stars: 3,
      decisionDate: '2021-01-10',
    });
    await product(b.coop.org.id, b.coop.key, 'Sản phẩm của HTX B', '893100900003');
    const page = await html('/console');
    expect(page).toContain('Sản phẩm OCOP của hợp tác xã');
    expect(page).toContain(a.product.nameVi);
    expect(page).toContain('aria-label="4 sao"');
    expect(page).toContain('★★★★');
    expect(page).toMatch(/Mật ong sắp hết hạn[\s\S]*Sắp hết hạn: còn 46 ngày/);
    expect(page).toMatch(/Miến đã hết hạn[\s\S]*Đã hết hạn từ 09\/01\/2024/);
    expect(page).not.toContain('Sản phẩm của HTX B');
    expect(page).toContain('Lô sản xuất đang soạn');
    expect(page).toContain('Lượt quét tem gần đây');
    expect(page).toContain('Báo cáo nghi ngờ hàng giả');
    // nav for the cooperative
    for (const label of ['Vùng nguyên liệu', 'Thu hoạch', 'Lô sản xuất', 'In tem'])
      expect(page).toContain(`>${label}</a>`);
    const en = await html('/console?lang=en');
    expect(en).toContain('The cooperative’s OCOP products');
    expect(en).toContain('Expires soon: 46 days left');
    await html('/console?lang=vi');
  });

  it('lists open drafts, recent print runs, recent scans and fake reports about its products', async () => {
    const lot = await a.harvest(100);
    const sealed = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: lot.id, quantity: 10 }]),
      }),
      201,
    );
    await json(t.call('POST', `/api/v1/batches/${sealed.id}/seal`, { key: a.coop.key }), 200);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: lot.id, quantity: 10 }], { lotCode: 'NHAP-01' }),
      }),
      201,
    );
    const run = await json(
      t.call('POST', '/api/v1/print-runs', {
        key: a.coop.key,
        body: { batchId: sealed.id, count: 2, templateId: 'a4-3x8' },
      }),
      201,
    );
    const csv = await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: a.coop.key })).text();
    const serial = csv.trim().split('\r\n')[1]!.split(',')[1]!;
    await t.call('GET', `/01/${a.product.gtin}/10/${sealed.lotCode}/21/${serial}`, {
      headers: { accept: 'text/html', 'user-agent': 'Mozilla/5.0 (iPhone) Mobile Safari' },
    });
    const form = new URLSearchParams({
      gtin: a.product.gtin,
      lot: sealed.lotCode,
      serial: 'ZZZZZZZZZZZZZ5',
      verdict: 'unknown',
      message: 'Mua ở chợ <script>alert(1)</script>',
    });
    expect(
      (
        await t.call('POST', '/report', {
          body: form.toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(201);
    const page = await html('/console');
    expect(page).toContain(`/console/batches/${draft.id}`);
    expect(page).toContain('NHAP-01');
    expect(page).toContain(`/console/print-runs/${run.id}`);
    expect(page).toContain(serial);
    expect(page).toContain('ZZZZZZZZZZZZZ5');
    expect(page).toContain('Mua ở chợ &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
  });
});

describe('raw-material areas and supply contracts', () => {
  it('adds an area from latitude/longitude, crops as a list and a certification row, then edits it', async () => {
    const form = await html('/console/areas/new');
    expect(form).toContain('name="lat"');
    expect(form).toContain('name="certifications.0.scheme"');
    const res = await op.post('/console/areas/new', {
      code: 'VNL-CONSOLE-1',
      name: 'Đồi chè <script>x</script>',
      province: 'Tỉnh Sơn Lâm',
      commune: 'Xã Cao Bồ',
      lat: '22,731',
      lon: '104.962',
      geojson: '',
      areaHa: '12,5',
      crops: 'chè shan tuyết, quế',
      households: '14',
      plantingAreaCode: '',
      certRows: '2',
      'certifications.0.scheme': 'vietgap',
      'certifications.0.number': 'VG-77',
      'certifications.0.issuer': 'QUACERT',
      'certifications.0.validFrom': '2024-01-01',
      'certifications.0.validTo': '2026-12-31',
      'certifications.1.scheme': '',
      'certifications.1.number': '',
      'certifications.1.issuer': '',
      'certifications.1.validFrom': '',
      'certifications.1.validTo': '',
    });
    expect(res.status).toBe(303);
    const id = idFrom(res);
    const area = await json(t.call('GET', `/api/v1/areas/${id}`, { key: a.coop.key }), 200);
    expect(area).toMatchObject({
      operatorId: a.coop.org.id,
      areaHa: 12.5,
      crops: ['chè shan tuyết', 'quế'],
      households: 14,
      location: { type: 'Point', coordinates: [104.962, 22.731] },
      certifications: [
        { scheme: 'vietgap', number: 'VG-77', issuer: 'QUACERT', validFrom: '2024-01-01', validTo: '2026-12-31' },
      ],
    });
    const view = await html(`/console/areas/${id}`);
    expect(view).toContain('Đồi chè &lt;script&gt;x&lt;/script&gt;');
    expect(view).not.toContain('<script>x');
    const list = await html('/console/areas');
    expect(list).toContain('Đồi chè &lt;script&gt;x&lt;/script&gt;');
    expect(list).not.toContain(b.area.code);
    const edit = await html(`/console/areas/${id}/edit`);
    expect(edit).toContain('value="VG-77"');
    expect(edit).toContain('value="22.731"');
    const changed = await op.post(`/console/areas/${id}/edit`, {
      code: 'VNL-CONSOLE-1',
      name: 'Đồi chè Cao Bồ',
      province: 'Tỉnh Sơn Lâm',
      commune: '',
      lat: '22.731',
      lon: '104.962',
      geojson: '',
      areaHa: '13',
      crops: 'chè shan tuyết',
      households: '15',
      plantingAreaCode: 'VN-SL-001',
      certRows: '0',
    });
    expect(changed.status).toBe(303);
    const after = await json(t.call('GET', `/api/v1/areas/${id}`, { key: a.coop.key }), 200);
    expect(after).toMatchObject({
      name: 'Đồi chè Cao Bồ',
      commune: null,
      areaHa: 13,
      households: 15,
      plantingAreaCode: 'VN-SL-001',
      certifications: [],
    });
  });

  it('shows a polygon as GeoJSON when editing, and keeps what was typed when the location or a number is wrong', async () => {
    const edit = await html(`/console/areas/${a.area.id}/edit`);
    expect(edit).toContain('&quot;Polygon&quot;');
    const before = await json(t.call('GET', `/api/v1/areas/${a.area.id}`, { key: a.coop.key }), 200);
    const bad = await op.post(`/console/areas/${a.area.id}/edit`, {
      code: before.code,
      name: 'Tên mới chưa lưu',
      province: 'Tỉnh Sơn Lâm',
      commune: '',
      lat: '',
      lon: '',
      geojson: '{"type":"Polygon",',
      areaHa: '5',
      crops: '',
      households: '1',
      plantingAreaCode: '',
      certRows: '0',
    });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toMatch(/id="f-geojson-err"[^>]*>Không đọc được GeoJSON/);
    expect(text).toContain('value="Tên mới chưa lưu"');
    const missing = await op.post('/console/areas/new', {
      code: 'VNL-CONSOLE-2',
      name: 'Vùng thiếu vị trí',
      province: 'Tỉnh Sơn Lâm',
      lat: '',
      lon: '',
      geojson: '',
      areaHa: 'mười',
      crops: 'mơ',
      households: '',
      certRows: '0',
    });
    expect(missing.status).toBe(400);
    const m = await missing.text();
    expect(m).toContain('Hãy nhập vĩ độ và kinh độ, hoặc GeoJSON');
    expect(m).toMatch(/id="f-areaHa-err"[^>]*>Hãy nhập một số/);
    expect(m).toContain('value="mười"');
    expect(m).toContain('value="Vùng thiếu vị trí"');
    expect(await json(t.call('GET', `/api/v1/areas/${a.area.id}`, { key: a.coop.key }), 200)).toEqual(before);
  });

  it("records and edits a supply contract for another operator's area by its id", async () => {
    const res = await op.post('/console/contracts/new', {
      areaId: '',
      otherAreaId: b.area.id,
      number: 'HĐ-01/2025',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
    });
    expect(res.status).toBe(303);
    const id = idFrom(res);
    // the buyer's word alone: waiting for the operator, the area's record still closed
    const view = await html(`/console/contracts/${id}`);
    expect(view).toContain('HĐ-01/2025');
    expect(view).toContain(b.area.name);
    expect(view).toContain('Chờ xác nhận');
    expect(view).not.toContain(`href="/console/areas/${b.area.id}"`);
    expect(await html('/console/harvests/new')).not.toContain(`value="${b.area.id}"`);
    const bad = await op.post(`/console/contracts/${id}`, {
      number: 'HĐ-01/2025',
      startsOn: '2025-06-01',
      endsOn: '2025-01-01',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="f-endsOn-err"/);
    expect(
      (
        await op.post(`/console/contracts/${id}`, {
          number: 'HĐ-01/2025-PL1',
          startsOn: '2025-01-01',
          endsOn: '2026-06-30',
        })
      ).status,
    ).toBe(303);
    expect(await json(t.call('GET', `/api/v1/contracts/${id}`, { key: a.coop.key }), 200)).toMatchObject({
      number: 'HĐ-01/2025-PL1',
      endsOn: '2026-06-30',
    });
    // once its operator confirms, the contracted area is listed, and offered for harvests, but not editable
    await json(t.call('POST', `/api/v1/contracts/${id}/confirm`, { key: b.coop.key }), 200);
    expect(await html(`/console/contracts/${id}`)).toContain(`href="/console/areas/${b.area.id}"`);
    expect(await html('/console/areas')).toContain('Theo hợp đồng liên kết');
    expect((await op.get(`/console/areas/${b.area.id}/edit`)).status).toBe(403);
    expect(await html('/console/harvests/new')).toContain(`value="${b.area.id}"`);
    await html('/console/contracts/new');
  });
});

describe('harvests', () => {
  it('records a harvest lot; a bad quantity is shown beside the field with everything typed kept', async () => {
    const form = await html('/console/harvests/new');
    expect(form).toContain('value="2025-06-15"');
    const bad = await op.post('/console/harvests/new', {
      areaId: a.area.id,
      harvestedOn: '2025-06-10',
      quantity: '-5',
      unit: 'kg',
      code: '',
      notes: 'Hái đợt hai, <trời nắng>',
    });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toMatch(/<input id="f-quantity"[^>]*value="-5"[^>]*aria-invalid="true"/);
    expect(text).toMatch(/id="f-quantity-err"[^>]*>Phải lớn hơn 0/);
    expect(text).toContain('Hái đợt hai, &lt;trời nắng&gt;</textarea>');
    expect(text).toMatch(new RegExp(`<option value="${a.area.id}" selected`));
    const words = await op.post('/console/harvests/new', {
      areaId: a.area.id,
      harvestedOn: '2025-06-10',
      quantity: 'nhiều',
      unit: 'kg',
      code: '',
      notes: '',
    });
    expect(await words.text()).toMatch(/id="f-quantity-err"[^>]*>Hãy nhập một số/);
    const before = (
      await t.db.sql`select count(*)::int as n from harvest_lots where cooperative_id = ${a.coop.org.id}`
    )[0]!.n;
    const ok = await op.post('/console/harvests/new', {
      areaId: a.area.id,
      harvestedOn: '2025-06-10',
      quantity: '120,5',
      unit: 'kg',
      code: 'TH-CONSOLE-1',
      notes: 'Hái đợt hai',
    });
    expect(ok.status).toBe(303);
    const list = await (await op.follow(ok)).text();
    expect(list).toContain('Đã ghi lô thu hoạch TH-CONSOLE-1.');
    expect(list).toContain('120,5 kg');
    const [lot] = await t.db
      .sql`select quantity::float8 as q, notes, cooperative_id from harvest_lots where code = 'TH-CONSOLE-1'`;
    expect(lot).toEqual({ q: 120.5, notes: 'Hái đợt hai', cooperativeId: a.coop.org.id });
    expect(
      (await t.db.sql`select count(*)::int as n from harvest_lots where cooperative_id = ${a.coop.org.id}`)[0]!.n,
    ).toBe(before + 1);
    await html('/console/harvests');
  });

  it('explains a harvest from an area the cooperative is not linked to on that day', async () => {
    const res = await op.post('/console/harvests/new', {
      areaId: b.area.id,
      harvestedOn: '2024-06-10',
      quantity: '5',
      unit: 'kg',
      code: '',
      notes: '',
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/id="f-areaId-err"[^>]*>Hợp tác xã không quản lý vùng này/);
  });
});

describe('a batch from harvest lots to print run', () => {
  let lotId: string;
  let batchId: string;
  let lotCode: string;
  let runId: string;

  it('offers harvest lots with what remains in each, and refuses drawing more than remains beside that lot', async () => {
    const lot = await a.harvest(100, '2025-05-25');
    lotId = lot.id;
    await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: lot.id, quantity: 30 }]),
      }),
      201,
    );
    const form = await html(`/console/batches/new?productId=${a.product.id}`);
    expect(form).toContain(lot.code);
    expect(form).toMatch(new RegExp(`${lot.code}</td>[\\s\\S]*?<b>70 kg</b>[\\s\\S]*?name="use.${lot.id}"`));
    expect(form).toContain('name="testResults.2.name"');
    expect(form).toContain('name="events.3.type"');
    const fields = {
      productId: a.product.id,
      lotCode: 'CB-2506-01',
      productionDate: '2025-06-01',
      packingDate: '',
      expiryDate: '',
      quantity: '20',
      unit: 'kg',
      standards: '',
      carriesOcop: 'true',
      [`use.${lot.id}`]: '80',
      testRows: '3',
      'testResults.0.name': 'Độ ẩm',
      'testResults.0.value': '4,8',
      'testResults.0.unit': '%',
      'testResults.0.lab': 'Trung tâm Kiểm nghiệm',
      'testResults.0.date': '2025-06-02',
      'events.0.type': 'processing',
      'events.0.occurredAt': '2025-06-01T08:00',
      'events.0.place': `org:${a.coop.org.id}`,
      'events.0.details': 'Sao chè',
      'events.1.type': 'harvesting',
      'events.1.occurredAt': '2025-05-25T06:30',
      'events.1.place': `area:${a.area.id}`,
      'events.1.details': '',
    };
    const over = await op.post('/console/batches/new', fields);
    expect(over.status).toBe(409);
    const text = await over.text();
    expect(text).toMatch(new RegExp(`id="f-use-${lot.id}-err"[^>]*>Lô này chỉ còn 70 kg`));
    expect(text).toContain('value="CB-2506-01"');
    expect(text).toContain('value="Sao chè"');
    expect(await lotsRemaining(lot.id)).toBe(70);
    const bad = await op.post('/console/batches/new', {
      ...fields,
      [`use.${lot.id}`]: '50',
      quantity: 'hai mươi',
      'testResults.1.name': 'Tro',
      'testResults.1.value': '',
    });
    expect(bad.status).toBe(400);
    const b2 = await bad.text();
    expect(b2).toMatch(/id="f-quantity-err"[^>]*>Hãy nhập một số/);
    expect(b2).toMatch(/id="f-testResults-1-value-err"/);

    const ok = await op.post('/console/batches/new', { ...fields, [`use.${lot.id}`]: '50' });
    expect(ok.status).toBe(303);
    batchId = idFrom(ok);
    expect(await lotsRemaining(lot.id)).toBe(20);
    const batch = await json(t.call('GET', `/api/v1/batches/${batchId}`, { key: a.coop.key }), 200);
    lotCode = batch.lotCode;
    expect(batch).toMatchObject({
      status: 'draft',
      quantity: 20,
      inputs: [{ harvestLotId: lot.id, quantity: 50 }],
      testResults: [{ name: 'Độ ẩm', value: '4,8', unit: '%' }],
    });
    expect(batch.events.map((e: { type: string; occurredAt: string }) => [e.type, e.occurredAt])).toEqual([
      ['harvesting', '2025-05-24T23:30:00.000Z'],
      ['processing', '2025-06-01T01:00:00.000Z'],
    ]);
  });

  it('reviews, edits the draft (its own draws count as available) and adds and removes a step', async () => {
    const review = await html(`/console/batches/${batchId}`);
    expect(review).toContain('Bản nháp');
    expect(review).toContain('Niêm phong và ký số');
    expect(review).toContain('Trang công khai của lô có sau khi niêm phong.');
    const edit = await html(`/console/batches/${batchId}/edit`);
    expect(edit).toMatch(new RegExp(`<b>70 kg</b>[\\s\\S]*?name="use.${lotId}"[^>]*value="50"`));
    const v = {
      lotCode,
      productionDate: '2025-06-01',
      packingDate: '2025-06-03',
      expiryDate: '',
      quantity: '25',
      unit: 'kg',
      standards: 'TCCS 01:2023',
      carriesOcop: 'true',
      [`use.${lotId}`]: '70',
      testRows: '3',
      'testResults.0.name': 'Độ ẩm',
      'testResults.0.value': '4,9',
    };
    const res = await op.post(`/console/batches/${batchId}/edit`, v);
    expect(res.status).toBe(303);
    expect(await lotsRemaining(lotId)).toBe(0);
    const added = await op.post(`/console/batches/${batchId}/events`, {
      'event.type': 'packing',
      'event.occurredAt': '2025-06-03T09:00',
      'event.place': `org:${a.coop.org.id}`,
      'event.details': 'Đóng túi 100 g',
    });
    expect(added.status).toBe(303);
    const badEvent = await op.post(`/console/batches/${batchId}/events`, {
      'event.type': 'packing',
      'event.occurredAt': 'hôm qua',
      'event.place': `org:${a.coop.org.id}`,
      'event.details': '',
    });
    expect(badEvent.status).toBe(400);
    expect(await badEvent.text()).toMatch(/id="f-event-occurredAt-err"/);
    const batch = await json(t.call('GET', `/api/v1/batches/${batchId}`, { key: a.coop.key }), 200);
    expect(batch).toMatchObject({
      quantity: 25,
      packingDate: '2025-06-03',
      standards: ['TCCS 01:2023'],
      inputs: [{ quantity: 70 }],
    });
    expect(batch.events).toHaveLength(3);
    const packing = batch.events.find((e: { type: string }) => e.type === 'packing');
    expect((await op.post(`/console/batches/${batchId}/events/${packing.id}/delete`, {})).status).toBe(303);
    expect((await json(t.call('GET', `/api/v1/batches/${batchId}`, { key: a.coop.key }), 200)).events).toHaveLength(2);
  });

  it('seals the draft and shows the signature as valid, with the public page one click away', async () => {
    const res = await op.post(`/console/batches/${batchId}/seal`, { confirm: 'yes' });
    expect(res.status).toBe(303);
    const page = await (await op.follow(res)).text();
    expect(page).toContain('Đã niêm phong lô và ký số hồ sơ.');
    expect(page).toContain('Hợp lệ: hồ sơ đã ký khớp với dữ liệu hiện tại');
    const href = `/01/${a.product.gtin}/10/${lotCode}`;
    expect(page).toContain(`href="${href}"`);
    const pub = await t.call('GET', href, { headers: { accept: 'text/html' } });
    expect(pub.status).toBe(200);
    expect(await pub.text()).toContain(lotCode);
    expect(page).not.toContain(`/console/batches/${batchId}/edit`);
    await html(`/console/batches/${batchId}`);
    await html('/console/batches');
    await html('/console/batches?status=sealed');
  });

  it('orders 24 stamps on A4 3×8 from a picture of the template', async () => {
    const form = await html(`/console/print-runs/new?batchId=${batchId}`);
    expect(form).toMatch(/<input type="radio" id="tpl-a4-3x8" name="templateId" value="a4-3x8" checked/);
    expect((form.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(8); // a sheet and a label per template
    expect(form).toContain('24 tem mỗi tờ');
    expect(form).not.toMatch(/<img|<script/);
    const bad = await op.post('/console/print-runs/new', {
      batchId,
      templateId: 'a4-3x8',
      count: '0',
      note: 'Đợt đầu',
    });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toMatch(/id="f-count-err"/);
    expect(badText).toContain('value="Đợt đầu"');
    const res = await op.post('/console/print-runs/new', {
      batchId,
      templateId: 'a4-3x8',
      count: '24',
      note: 'Đợt đầu',
    });
    expect(res.status).toBe(303);
    runId = idFrom(res);
    const page = await (await op.follow(res)).text();
    expect(page).toContain('Đã tạo đợt in.');
    expect(page).toContain(`/console/print-runs/${runId}/pdf`);
    expect(page).toContain(`/console/print-runs/${runId}/serials.csv`);
  });

  it('downloads the PDF and the CSV through the console, and lists the serials a page at a time', async () => {
    const pdf = await op.get(`/console/print-runs/${runId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const preview = await op.get(`/console/print-runs/${runId}/pdf?preview=1`);
    expect(preview.headers.get('content-type')).toBe('application/pdf');
    const csv = await op.get(`/console/print-runs/${runId}/serials.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const serials = (await csv.text())
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[1]!);
    expect(serials).toHaveLength(24);
    const page = await html(`/console/print-runs/${runId}`);
    for (const s of serials) expect(page).toContain(`<code>${s}</code>`);
    expect(page).toContain('Tem số 1–24');
  });

  it('activates the run, then voids a range of it', async () => {
    const res = await op.post(`/console/print-runs/${runId}/activate`, { fromSerial: '', toSerial: '' });
    expect(res.status).toBe(303);
    expect(await (await op.follow(res)).text()).toContain('Đã kích hoạt 24 tem.');
    const states = async () =>
      Object.fromEntries(
        (
          await t.db.sql<{ state: string; n: number }[]>`
      select state, count(*)::int as n from stamps where print_run_id = ${runId} group by state`
        ).map((r) => [r.state, r.n]),
      );
    expect(await states()).toEqual({ active: 24 });
    const serials = (
      await t.db.sql<{ serial: string }[]>`select serial from stamps where print_run_id = ${runId} order by position`
    ).map((r) => r.serial);
    const noReason = await op.post(`/console/print-runs/${runId}/void`, {
      confirm: 'yes',
      fromSerial: serials[22]!,
      toSerial: serials[23]!,
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toMatch(
      new RegExp(`id="f-void-fromSerial"[^>]*value="${serials[22]}"[\\s\\S]*id="f-reason-err"`),
    );
    const wrong = await op.post(`/console/print-runs/${runId}/void`, {
      confirm: 'yes',
      fromSerial: '23456789ABCDEF',
      toSerial: '',
      reason: 'Hỏng',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/id="f-void-fromSerial-err"/);
    const voided = await op.post(`/console/print-runs/${runId}/void`, {
      confirm: 'yes',
      fromSerial: serials[22]!,
      toSerial: serials[23]!,
      reason: 'Tờ bị kẹt máy in',
    });
    expect(voided.status).toBe(303);
    expect(await (await op.follow(voided)).text()).toContain('Đã hủy 2 tem.');
    expect(await states()).toEqual({ active: 22, void: 2 });
    await html('/console/print-runs');
  });

  it('deletes a draft only with the confirmation ticked, giving its raw material back', async () => {
    const lot = await a.harvest(40);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: lot.id, quantity: 15 }]),
      }),
      201,
    );
    await html(`/console/batches/${draft.id}/edit`);
    const unconfirmed = await op.post(`/console/batches/${draft.id}/delete`, {});
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Hãy đánh dấu ô xác nhận trước khi xóa');
    expect(await lotsRemaining(lot.id)).toBe(25);
    const res = await op.post(`/console/batches/${draft.id}/delete`, { confirm: 'yes' });
    expect(res.status).toBe(303);
    expect(await (await op.follow(res)).text()).toContain('Đã xóa lô nháp');
    expect(await lotsRemaining(lot.id)).toBe(40);
  });

  it('refuses to seal a draft without raw material, saying why', async () => {
    const draft = await json(t.call('POST', '/api/v1/batches', { key: a.coop.key, body: a.batchBody([]) }), 201);
    const res = await op.post(`/console/batches/${draft.id}/seal`, { confirm: 'yes' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Lô cần ít nhất một lô thu hoạch làm nguyên liệu trước khi niêm phong.');
    expect((await json(t.call('GET', `/api/v1/batches/${draft.id}`, { key: a.coop.key }), 200)).status).toBe('draft');
  });
});

describe('fences', () => {
  let other: { draftId: string; sealedId: string; runId: string };

  beforeAll(async () => {
    const lot = await b.harvest(100);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: b.coop.key,
        body: b.batchBody([{ harvestLotId: lot.id, quantity: 10 }]),
      }),
      201,
    );
    const sealed = await json(
      t.call('POST', '/api/v1/batches', {
        key: b.coop.key,
        body: b.batchBody([{ harvestLotId: lot.id, quantity: 10 }]),
      }),
      201,
    );
    await json(t.call('POST', `/api/v1/batches/${sealed.id}/seal`, { key: b.coop.key }), 200);
    const run = await json(
      t.call('POST', '/api/v1/print-runs', {
        key: b.coop.key,
        body: { batchId: sealed.id, count: 3, templateId: 'a4-3x8' },
      }),
      201,
    );
    other = { draftId: draft.id, sealedId: sealed.id, runId: run.id };
  });

  it("answers another cooperative's area, contract, batch and print run with the 404 page", async () => {
    const k = await json(
      t.call('POST', '/api/v1/contracts', {
        key: b.coop.key,
        body: {
          areaId: b.area.id,
          cooperativeId: b.coop.org.id,
          number: 'HĐ-B',
          startsOn: '2025-01-01',
          endsOn: '2025-12-31',
        },
      }),
      201,
    );
    const lone = await producerChain(t);
    for (const path of [
      `/console/areas/${lone.area.id}`,
      `/console/areas/${lone.area.id}/edit`,
      `/console/contracts/${k.id}`,
      `/console/batches/${other.draftId}`,
      `/console/batches/${other.draftId}/edit`,
      `/console/batches/${other.sealedId}`,
      `/console/print-runs/${other.runId}`,
      `/console/print-runs/${other.runId}/pdf`,
      `/console/print-runs/${other.runId}/serials.csv`,
      '/console/batches/not-a-uuid',
    ]) {
      const res = await op.get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
    }
  });

  it("changes nothing when posting to another cooperative's records", async () => {
    const snapshot = async () => ({
      batches: await t.db
        .sql`select id, status, quantity::float8, lot_code from batches where cooperative_id = ${b.coop.org.id} order by id`,
      events: await t.db
        .sql`select e.id from batch_events e join batches x on x.id = e.batch_id where x.cooperative_id = ${b.coop.org.id} order by e.id`,
      stamps: await t.db.sql`select serial, state from stamps where print_run_id = ${other.runId} order by position`,
      area: await json(t.call('GET', `/api/v1/areas/${b.area.id}`, { key: t.keys.admin }), 200),
      runs: await t.db.sql`select count(*)::int as n from print_runs`,
    });
    const before = await snapshot();
    const lone = await producerChain(t);
    const posts: [string, Record<string, string>][] = [
      [
        `/console/areas/${lone.area.id}/edit`,
        { code: 'X', name: 'Bị đổi', province: 'P', lat: '1', lon: '1', areaHa: '1', certRows: '0' },
      ],
      [`/console/batches/${other.draftId}/seal`, {}],
      [`/console/batches/${other.draftId}/delete`, { confirm: 'yes' }],
      [
        `/console/batches/${other.draftId}/edit`,
        { lotCode: 'HACKED', productionDate: '2025-06-01', quantity: '1', unit: 'kg' },
      ],
      [
        `/console/batches/${other.draftId}/events`,
        { 'event.type': 'other', 'event.occurredAt': '2025-06-01T08:00', 'event.place': `org:${a.coop.org.id}` },
      ],
      [`/console/print-runs/${other.runId}/activate`, {}],
      [`/console/print-runs/${other.runId}/void`, { reason: 'phá' }],
    ];
    for (const [path, form] of posts) {
      const res = await op.post(path, form);
      expect(res.status, path).toBe(404);
    }
    // ordering stamps for another cooperative's batch is refused by the operation itself
    const run = await op.post('/console/print-runs/new', { batchId: other.sealedId, templateId: 'a4-3x8', count: '5' });
    expect(run.status).toBe(403);
    const { area, ...rest } = before;
    const after = await snapshot();
    expect(after.area).toEqual(area);
    expect({ ...after, area: undefined }).toEqual({ ...rest, area: undefined });
    expect((await json(t.call('GET', `/api/v1/areas/${lone.area.id}`, { key: t.keys.admin }), 200)).name).not.toBe(
      'Bị đổi',
    );
  });

  it('enforces CSRF on every form: without the token nothing is written', async () => {
    const lot = await a.harvest(10);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: lot.id, quantity: 5 }]),
      }),
      201,
    );
    const run = (
      await t.db.sql<{ id: string }[]>`select id from print_runs where cooperative_id = ${a.coop.org.id} limit 1`
    )[0]!.id;
    const count = async () =>
      (
        await t.db.sql<{ n: number }[]>`
      select (select count(*) from harvest_lots) + (select count(*) from batches) + (select count(*) from raw_material_areas)
           + (select count(*) from print_runs) + (select count(*) from supply_contracts) + (select count(*) from batch_events)
           + (select count(*) from audit_log) as n`
      )[0]!.n;
    const before = await count();
    const forms: [string, Record<string, string>][] = [
      ['/console/harvests/new', { areaId: a.area.id, harvestedOn: '2025-06-10', quantity: '5', unit: 'kg' }],
      [
        '/console/areas/new',
        { code: 'CSRF-1', name: 'x', province: 'p', lat: '22', lon: '104', areaHa: '1', certRows: '0' },
      ],
      [
        `/console/areas/${a.area.id}/edit`,
        { code: 'CSRF-2', name: 'x', province: 'p', lat: '22', lon: '104', areaHa: '1', certRows: '0' },
      ],
      [
        '/console/contracts/new',
        { otherAreaId: b.area.id, number: 'CSRF', startsOn: '2025-01-01', endsOn: '2025-12-31' },
      ],
      [
        '/console/batches/new',
        {
          productId: a.product.id,
          lotCode: 'CSRF',
          productionDate: '2025-06-01',
          quantity: '1',
          unit: 'kg',
          [`use.${lot.id}`]: '1',
        },
      ],
      [`/console/batches/${draft.id}/seal`, {}],
      [`/console/batches/${draft.id}/delete`, { confirm: 'yes' }],
      [
        `/console/batches/${draft.id}/events`,
        { 'event.type': 'other', 'event.occurredAt': '2025-06-01T08:00', 'event.place': `org:${a.coop.org.id}` },
      ],
      ['/console/print-runs/new', { batchId: draft.id, templateId: 'a4-3x8', count: '1' }],
      [`/console/print-runs/${run}/activate`, {}],
      [`/console/print-runs/${run}/void`, { reason: 'x' }],
    ];
    for (const [path, form] of forms) {
      for (const csrf of [null, 'x'.repeat(43)]) {
        const res = await op.post(path, form, { csrf });
        expect(res.status, `${path} ${csrf}`).toBe(403);
        expect(await res.text()).toContain('Biểu mẫu đã hết hạn');
      }
    }
    expect(await count()).toBe(before);
    expect((await json(t.call('GET', `/api/v1/batches/${draft.id}`, { key: a.coop.key }), 200)).status).toBe('draft');
  });

  it('shows staff and admins the 403 page on the cooperative pages', async () => {
    for (const role of ['staff', 'admin'] as const) {
      const u = await t.user({ role });
      const who = await t.signIn(u.username, u.password);
      for (const path of [
        '/console/areas',
        '/console/harvests/new',
        '/console/batches',
        '/console/print-runs/new',
        `/console/batches/${other.sealedId}`,
      ]) {
        const res = await who.get(path);
        expect(res.status, `${role} ${path}`).toBe(403);
        expect(await res.text()).toContain('Bạn không có quyền');
      }
      const home = await who.html('/console');
      expect(home).not.toContain('Sản phẩm OCOP của hợp tác xã');
      expect(home).not.toContain('>Thu hoạch</a>');
    }
  });

  it('escapes a product name with a script in every page that shows it', async () => {
    const p = await product(a.coop.org.id, a.coop.key, '<script>alert("x")</script> Trà', '893100900009', {
      stars: 3,
      decisionDate: '2024-01-05',
    });
    const lot = await a.harvest(10);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: { ...a.batchBody([{ harvestLotId: lot.id, quantity: 5 }]), productId: p.id },
      }),
      201,
    );
    for (const path of ['/console', '/console/batches', `/console/batches/${draft.id}`, '/console/batches/new']) {
      const text = await html(path);
      expect(text, path).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Trà');
      expect(text, path).not.toContain('<script');
    }
  });

  it('keeps every page under 60 KB of HTML and CSS', async () => {
    for (const path of [
      '/console/areas/new',
      '/console/contracts/new',
      '/console/harvests/new',
      '/console/print-runs/new',
      '/console/harvests?lang=en',
      '/console/batches/new?lang=vi',
    ])
      await html(path);
    expect(visited.size).toBeGreaterThan(15);
    for (const [path, size] of visited) expect(size, path).toBeLessThan(MAX_PAGE);
  });
});
