// The cooperative's console as a sequence of steps (issue 19): irreversible actions (sealing,
// voiding stamps) ask on a confirmation page that says what cannot be undone, with a "Hủy", and a
// POST without the confirmation does nothing; stamp ranges by their position in the run's table;
// a new batch chooses its product first and lists only that cooperative's harvest lots; each
// completed step links to the natural next one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type ConsoleBrowser, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { productBody } from '../support/fixtures';

let t: TestContext;
let a: Awaited<ReturnType<typeof producerChain>>;
let b: Awaited<ReturnType<typeof producerChain>>;
let op: ConsoleBrowser;

const batchOf = async (id: string) => json(t.call('GET', `/api/v1/batches/${id}`, { key: a.coop.key }), 200);
const stateCounts = async (runId: string) =>
  Object.fromEntries(
    (
      await t.db.sql<{ state: string; n: number }[]>`
        select state, count(*)::int as n from stamps where print_run_id = ${runId} group by state`
    ).map((r) => [r.state, r.n]),
  );
const statesByPosition = async (runId: string) =>
  (await t.db.sql<{ state: string }[]>`select state from stamps where print_run_id = ${runId} order by position`).map(
    (r) => r.state,
  );

/** A GTIN-13 from its first 12 digits (GS1 mod-10 check digit). */
function gtin13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[11 - i]) * (i % 2 === 0 ? 3 : 1);
  return body12 + ((10 - (sum % 10)) % 10);
}

/** A draft of chain a drawing 10 kg from a fresh harvest lot. */
async function draft() {
  const lot = await a.harvest(50);
  return json(
    t.call('POST', '/api/v1/batches', { key: a.coop.key, body: a.batchBody([{ harvestLotId: lot.id, quantity: 10 }]) }),
    201,
  );
}

/** A sealed batch of chain a with a run of 24 stamps not yet activated (A4 3×8). */
async function run24() {
  const d = await draft();
  await json(t.call('POST', `/api/v1/batches/${d.id}/seal`, { key: a.coop.key }), 200);
  return json(
    t.call('POST', '/api/v1/print-runs', { key: a.coop.key, body: { batchId: d.id, count: 24, templateId: 'a4-3x8' } }),
    201,
  );
}

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000' });
  a = await producerChain(t);
  b = await producerChain(t);
  const u = await t.user({ role: 'cooperative', organizationId: a.coop.org.id, displayName: 'Thủ kho HTX A' });
  op = await t.signIn(u.username, u.password);
});
afterAll(async () => {
  await t?.close();
});

describe('sealing asks first', () => {
  it('shows a confirmation page saying what cannot be undone, with a Hủy back to the batch', async () => {
    const d = await draft();
    const review = await op.html(`/console/batches/${d.id}`);
    // the review page's seal button only opens the confirmation (a GET form, no CSRF needed)
    expect(review).toContain(`<form method="get" action="/console/batches/${d.id}/seal">`);
    const page = await op.html(`/console/batches/${d.id}/seal`);
    expect(page).toContain(`Niêm phong lô ${d.lotCode}?`);
    expect(page).toContain('Không thể hoàn tác');
    expect(page).toContain('không sửa và không xóa được lô sản xuất này nữa');
    const cancel = page.indexOf(`<a class="cancel" href="/console/batches/${d.id}">Hủy</a>`);
    const form = page.indexOf(`<form method="post" action="/console/batches/${d.id}/seal" class="confirm">`);
    expect(cancel).toBeGreaterThan(0);
    expect(form).toBeGreaterThan(cancel);
    const confirmForm = page.slice(form);
    expect(confirmForm).toMatch(/name="_csrf" value="[^"]+"/);
    expect(confirmForm).toContain('name="confirm" value="yes"');
    expect(confirmForm).toContain('class="danger">Niêm phong và ký số ngay</button>');
    expect((await batchOf(d.id)).status).toBe('draft');
  });

  it('does nothing on a POST without the confirmation, and seals with it', async () => {
    const d = await draft();
    const unconfirmed = await op.post(`/console/batches/${d.id}/seal`, {});
    expect(unconfirmed.status).toBe(400);
    const text = await unconfirmed.text();
    expect(text).toContain('Chưa niêm phong: hãy xác nhận ở nút đỏ bên dưới.');
    expect(text).toContain('Không thể hoàn tác');
    expect((await batchOf(d.id)).status).toBe('draft');
    const sealed = await op.post(`/console/batches/${d.id}/seal`, { confirm: 'yes' });
    expect(sealed.status).toBe(303);
    expect((await batchOf(d.id)).status).toBe('sealed');
  });
});

describe('stamp ranges by position', () => {
  it('activates "1" to "12" as the table numbers them, and "13" alone to the end', async () => {
    const run = await run24();
    const res = await op.post(`/console/print-runs/${run.id}/activate`, { fromSerial: '1', toSerial: '12' });
    expect(res.status).toBe(303);
    expect(await (await op.follow(res)).text()).toContain('Đã kích hoạt 12 tem.');
    const states = await statesByPosition(run.id);
    expect(states.slice(0, 12).every((s) => s === 'active')).toBe(true);
    expect(states.slice(12).every((s) => s === 'issued')).toBe(true);
    const rest = await op.post(`/console/print-runs/${run.id}/activate`, { fromSerial: '13', toSerial: '' });
    expect(rest.status).toBe(303);
    expect(await stateCounts(run.id)).toEqual({ active: 24 });
  });

  it('takes one stamp by position, and still takes serials', async () => {
    const run = await run24();
    const serials = (
      await t.db.sql<{ serial: string }[]>`select serial from stamps where print_run_id = ${run.id} order by position`
    ).map((r) => r.serial);
    expect((await op.post(`/console/print-runs/${run.id}/activate`, { fromSerial: '12', toSerial: '12' })).status).toBe(
      303,
    );
    expect((await statesByPosition(run.id))[11]).toBe('active');
    expect(await stateCounts(run.id)).toEqual({ active: 1, issued: 23 });
    const bySerial = await op.post(`/console/print-runs/${run.id}/activate`, {
      fromSerial: serials[0]!.toLowerCase(),
      toSerial: serials[1]!,
    });
    expect(bySerial.status).toBe(303);
    expect(await stateCounts(run.id)).toEqual({ active: 3, issued: 21 });
  });

  it('refuses positions outside the run or backwards, beside the field, changing nothing', async () => {
    const run = await run24();
    const out = await op.post(`/console/print-runs/${run.id}/activate`, { fromSerial: '0', toSerial: '25' });
    expect(out.status).toBe(400);
    const text = await out.text();
    expect(text).toMatch(/id="f-fromSerial-err"[^>]*>Đợt này có tem số thứ tự 1 đến 24/);
    expect(text).toMatch(/id="f-toSerial-err"[^>]*>Đợt này có tem số thứ tự 1 đến 24/);
    const back = await op.post(`/console/print-runs/${run.id}/activate`, { fromSerial: '12', toSerial: '1' });
    expect(back.status).toBe(400);
    expect(await back.text()).toMatch(/id="f-toSerial-err"[^>]*>Tem cuối phải đứng sau tem đầu trong bảng/);
    expect(await stateCounts(run.id)).toEqual({ issued: 24 });
  });
});

describe('voiding asks first', () => {
  it('shows the range and reason on a confirmation page with a Hủy; a POST without the confirmation voids nothing', async () => {
    const run = await run24();
    const runPage = await op.html(`/console/print-runs/${run.id}`);
    expect(runPage).toContain(`<form method="get" action="/console/print-runs/${run.id}/void"`);
    const page = await op.html(
      `/console/print-runs/${run.id}/void?fromSerial=1&toSerial=12&reason=${encodeURIComponent('Tờ bị kẹt máy in')}`,
    );
    expect(page).toContain('Hủy tem?');
    expect(page).toContain('Tem thứ tự 1 đến 12: tối đa 12 tem');
    expect(page).toContain('Tờ bị kẹt máy in');
    expect(page).toContain('Không thể hoàn tác');
    expect(page).toContain('Tem đã hủy không kích hoạt lại được và không dùng lại được.');
    const cancel = page.indexOf(`<a class="cancel" href="/console/print-runs/${run.id}">Hủy bỏ, không hủy tem</a>`);
    const form = page.indexOf(`<form method="post" action="/console/print-runs/${run.id}/void" class="confirm">`);
    expect(cancel).toBeGreaterThan(0);
    expect(form).toBeGreaterThan(cancel);
    expect(page.slice(form)).toContain('name="confirm" value="yes"');
    expect(page.slice(form)).toMatch(/name="_csrf" value="[^"]+"/);
    expect(await stateCounts(run.id)).toEqual({ issued: 24 });

    const unconfirmed = await op.post(`/console/print-runs/${run.id}/void`, {
      fromSerial: '1',
      toSerial: '12',
      reason: 'Tờ bị kẹt máy in',
    });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Chưa hủy tem nào: hãy xác nhận ở nút đỏ bên dưới.');
    expect(await stateCounts(run.id)).toEqual({ issued: 24 });

    const voided = await op.post(`/console/print-runs/${run.id}/void`, {
      fromSerial: '1',
      toSerial: '12',
      reason: 'Tờ bị kẹt máy in',
      confirm: 'yes',
    });
    expect(voided.status).toBe(303);
    expect(await (await op.follow(voided)).text()).toContain('Đã hủy 12 tem.');
    expect(await stateCounts(run.id)).toEqual({ issued: 12, void: 12 });
  });

  it('asks for the reason before the confirmation page', async () => {
    const run = await run24();
    const res = await op.get(`/console/print-runs/${run.id}/void?fromSerial=1&toSerial=2&reason=`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="f-reason-err"[^>]*>Hãy ghi lý do hủy tem/);
  });
});

describe('the new batch form', () => {
  it("asks for the product first, then lists only that product's cooperative's harvest lots", async () => {
    // a second product, so there is a choice to make
    await json(
      t.call('POST', '/api/v1/products', {
        key: a.coop.key,
        body: productBody(a.coop.org.id, { gtin: gtin13('893100900004'), nameVi: 'Trà túi lọc', nameEn: null }),
      }),
      201,
    );
    const mine = await a.harvest(70);
    const theirs = await b.harvest(80);
    const step1 = await op.html('/console/batches/new');
    expect(step1).toContain('<form method="get" action="/console/batches/new"');
    expect(step1).toContain('Chọn sản phẩm trước');
    expect(step1).not.toContain('name="use.');
    expect(step1).not.toContain(mine.code);

    const step2 = await op.html(`/console/batches/new?productId=${a.product.id}`);
    expect(step2).toContain(`<input type="hidden" name="productId" value="${a.product.id}"/>`);
    expect(step2).toContain(`name="use.${mine.id}"`);
    expect(step2).not.toContain(`name="use.${theirs.id}"`);
    expect(step2).not.toContain(theirs.code);
    // every lot offered is the product's cooperative's
    const offered = [...step2.matchAll(/name="use\.([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(offered.length).toBeGreaterThan(0);
    const owners = await t.db.sql<{ cooperativeId: string }[]>`
      select cooperative_id from harvest_lots where id = any(${offered}::uuid[])`;
    expect(new Set(owners.map((o) => o.cooperativeId))).toEqual(new Set([a.product.ownerId]));

    // another cooperative's product cannot be chosen: step 1 again, no lots
    const other = await op.html(`/console/batches/new?productId=${b.product.id}`);
    expect(other).not.toContain('name="use.');
  });

  it('puts the save button before the optional sections, within the first 50 inputs', async () => {
    // more lots than fit: the newest 30 are listed, the rest one link away
    for (let i = 0; i < 35; i++) await a.harvest(10 + i);
    const page = await op.html(`/console/batches/new?productId=${a.product.id}`);
    const button = page.indexOf('<button type="submit" aria-describedby="save-hint">Lưu bản nháp</button>');
    expect(button).toBeGreaterThan(0);
    const inputsBefore = (
      page.slice(page.indexOf('<main'), button).match(/<(input|select|textarea)\b(?![^>]*type="hidden")/g) ?? []
    ).length;
    expect(inputsBefore).toBeLessThanOrEqual(50);
    expect(page).toMatch(/Xem thêm \d+ lô thu hoạch cũ hơn/);
    const all = await op.html(`/console/batches/new?productId=${a.product.id}&allLots=1`);
    expect((all.match(/name="use\./g) ?? []).length).toBeGreaterThan((page.match(/name="use\./g) ?? []).length);
    // test results and process steps are folded away until used
    expect(page).toMatch(/<details class="opt"><summary>Kết quả kiểm nghiệm/);
    expect(page).toMatch(/<details class="opt"><summary>Quá trình sản xuất/);
  });
});

describe('next steps', () => {
  it('after saving a harvest, links to making a batch from it, which pre-selects it', async () => {
    const saved = await op.post('/console/harvests/new', {
      areaId: a.area.id,
      harvestedOn: '2025-06-10',
      quantity: '120',
      unit: 'kg',
      code: 'TH-NEXT-01',
      notes: '',
    });
    expect(saved.status).toBe(303);
    const list = await (await op.follow(saved)).text();
    const m =
      /href="\/console\/batches\/new\?harvestLotId=([0-9a-f-]{36})">→ Tạo lô sản xuất từ lô thu hoạch này</.exec(list);
    expect(m, 'the next-step link').not.toBeNull();
    const lotId = m![1]!;
    const step1 = await op.html(`/console/batches/new?harvestLotId=${lotId}`);
    expect(step1).toContain(`<input type="hidden" name="harvestLotId" value="${lotId}"/>`);
    const form = await op.html(`/console/batches/new?harvestLotId=${lotId}&productId=${a.product.id}`);
    expect(form).toContain('Lấy nguyên liệu từ lô thu hoạch TH-NEXT-01');
    expect(form).toMatch(new RegExp(`name="use.${lotId}"[^>]*value="120"`));
    // offered first
    expect(form.indexOf(`name="use.${lotId}"`)).toBe(form.indexOf('name="use.'));
  });

  it('after creating a draft links to sealing it, after sealing to ordering stamps, after ordering to printing and activating', async () => {
    const d = await draft();
    const review = await op.html(`/console/batches/${d.id}?done=created`);
    expect(review).toContain(
      `<a href="/console/batches/${d.id}/seal">→ Bước tiếp theo: niêm phong và ký số lô này</a>`,
    );
    const sealed = await op.post(`/console/batches/${d.id}/seal`, { confirm: 'yes' });
    const after = await (await op.follow(sealed)).text();
    expect(after).toContain(
      `<a href="/console/print-runs/new?batchId=${d.id}">→ Bước tiếp theo: đặt in tem cho lô này</a>`,
    );
    const ordered = await op.post('/console/print-runs/new', {
      batchId: d.id,
      templateId: 'a4-3x8',
      count: '24',
      note: '',
    });
    expect(ordered.status).toBe(303);
    const run = await (await op.follow(ordered)).text();
    expect(run).toMatch(/href="\/console\/print-runs\/[0-9a-f-]{36}\/pdf">→ Bước tiếp theo: tải tệp PDF để in/);
    expect(run).toContain('<a href="#activate">→ Sau khi dán tem: kích hoạt tem</a>');
  });
});
