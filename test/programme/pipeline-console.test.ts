// The console pages of the pipeline, the listings and the report's drill-downs, on the demo
// province: staff see the board of a year with its stalled candidates and record the next stage;
// a cooperative's operator sees and ends its own listings only; every figure links its records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoContext, expectSmall } from '../console/staff-support';
import type { TestContext } from '../support/app';

let t: TestContext;
let staff: Awaited<ReturnType<TestContext['signIn']>>;
let coop: Awaited<ReturnType<TestContext['signIn']>>;

beforeAll(async () => {
  t = await demoContext();
  staff = await t.signIn('canbo', DEMO_PASSWORD);
  coop = await t.signIn('htx.checaobo', DEMO_PASSWORD);
}, 240_000);
afterAll(() => t?.close());

describe('the pipeline board (staff)', () => {
  it('shows the candidates of 2024 by stage against 10 new products, and the stalled one', async () => {
    const html = await staff.html('/console/pipeline?year=2024');
    expectSmall(html);
    expect(html).toContain('Đã đánh giá, xếp hạng: 2 / chỉ tiêu 10 sản phẩm mới mỗi năm');
    expect(html).toContain('Chè vàng Cao Bồ');
    const stalled = html.slice(html.indexOf('Chủ thể chững lại'), html.indexOf('Danh sách chủ thể'));
    expect(stalled).toContain('Rượu ngô men lá Thượng Sơn');
    expect(stalled).not.toContain('Khăn choàng thổ cẩm Lãnh');
  });

  it('records the next stage of a candidate, and refuses one going back with words beside the form', async () => {
    const [c] = await t.db.sql<{ id: string }[]>`select id from ocop_candidates where product_name = 'Chè vàng Cao Bồ'`;
    const back = await staff.post(`/console/pipeline/${c!.id}/stages`, {
      stage: 'plan',
      reachedOn: '2026-11-01',
      note: '',
    });
    expect(back.status).toBe(409);
    expect(await back.text()).toContain('Các bước chỉ đi tiếp');
    const ok = await staff.post(`/console/pipeline/${c!.id}/stages`, {
      stage: 'dossier',
      reachedOn: '2026-11-20',
      note: '',
    });
    expect(ok.status).toBe(303);
    const page = await staff.html(`/console/pipeline/${c!.id}`);
    expect(page).toContain('Hoàn thiện hồ sơ');
  });

  it('is for association staff only', async () => {
    expect((await coop.get('/console/pipeline')).status).toBe(403);
  });
});

describe("a cooperative's listings", () => {
  it('lists its own listings with their dates, and no other cooperative’s', async () => {
    const html = await coop.html('/console/listings');
    expectSmall(html);
    expect(html).toContain('Chè Shan tuyết cổ thụ Cao Bồ');
    expect(html).not.toContain('Mật ong hoa bạc hà');
    expect((await staff.get('/console/listings')).status).toBe(403);
  });

  it('refuses an end before the day the listing went live, and records a good one', async () => {
    const [l] = await t.db.sql<{ id: string }[]>`
      select id from product_listings where url = 'https://postmart.vn/san-pham/che-shan-tuyet-co-thu-cao-bo'`;
    const bad = await coop.post(`/console/listings/${l!.id}/end`, { endedOn: '2022-01-01' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Ngày ngừng bán không được trước ngày lên sàn');
    const ok = await coop.post(`/console/listings/${l!.id}/end`, { endedOn: '2026-11-01' });
    expect(ok.status).toBe(303);
    const [after] = await t.db.sql<
      { e: string }[]
    >`select ended_on::text as e from product_listings where id = ${l!.id}`;
    expect(after!.e).toBe('2026-11-01');
  });
});

describe("the report's drill-downs in the console", () => {
  it('links every figure to its records, and lists them per year', async () => {
    const html = await staff.html('/console/report');
    expect(html).toContain('/console/report/records/ecommerce_products?from=2022&amp;to=2025');
    expect(html).toContain('Chu trình OCOP');
    const records = await staff.html('/console/report/records/ecommerce_products?from=2022&to=2025&year=2022');
    expectSmall(records);
    expect(records).toContain('6 bản ghi');
    expect(records).toContain('Miến dong Nà Sơn');
    const csv = await staff.get('/console/report/records/ocop_candidates.csv?from=2022&to=2025');
    expect(csv.status).toBe(200);
    expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(1 + 17);
    expect((await staff.get('/console/report/records/nothing')).status).toBe(404);
  });
});
