// Staff recall in the console, impact shown before confirming: origin and reason, a preview with
// the counts, confirm, the counts again on the origin's page, the stamp pages showing the recall,
// and lifting it; for an area, a harvest lot and one batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBrowser, TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { DEMO_PASSWORD, demoContext, expectSmall } from './staff-support';

let t: TestContext;
let staff: ConsoleBrowser;
let area: { id: string; code: string };
let stampPage: string;
const RECALLED = 'Sản phẩm đang bị thu hồi';
const PHONE = { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile', accept: 'text/html' };
const reason = {
  reason: 'Dư lượng thuốc bảo vệ thực vật vượt ngưỡng',
  authority: 'Chi cục Quản lý chất lượng NLS&TS',
  recalledOn: '2026-11-27',
};

/** The five figures of a preview page, in order. */
const figures = (html: string) =>
  [...html.matchAll(/<li[^>]*><b>([\d.]+)<\/b>/g)].map((m) => Number(m[1]!.replace(/\./g, '')));
const recallCount = async () => (await t.db.sql<{ n: number }[]>`select count(*)::int as n from batch_recalls`)[0]!.n;

beforeAll(async () => {
  t = await demoContext();
  staff = await t.signIn('canbo', DEMO_PASSWORD);
  // an area with activated stamps downstream (through a sealed batch)
  const [row] = await t.db.sql<{ id: string; code: string; serial: string; gtin: string; lot: string }[]>`
    select a.id, a.code, s.serial, r.gtin, r.lot_code as lot
    from stamps s join print_runs r on r.id = s.print_run_id join batches b on b.id = r.batch_id and b.status = 'sealed'
    join batch_inputs i on i.batch_id = b.id join harvest_lots h on h.id = i.harvest_lot_id join raw_material_areas a on a.id = h.area_id
    where s.state = 'active' and not exists (select 1 from batch_recalls x where x.batch_id = b.id)
    order by r.seq, s.position limit 1`;
  area = { id: row!.id, code: row!.code };
  stampPage = `/01/${row!.gtin}/10/${encodeURIComponent(row!.lot)}/21/${row!.serial}`;
});
afterAll(async () => {
  await t?.close();
});

describe('recall pages', () => {
  it('keeps what was typed and shows each error beside its field, recalling nothing', async () => {
    const form = await staff.html(`/console/recall?kind=area&id=${area.id}`);
    expectSmall(form, 'recall form');
    expect(form).toMatch(new RegExp(`<option value="${area.id}" selected="">`));
    const before = await recallCount();
    const res = await staff.post('/console/recall/preview', {
      kind: 'area',
      areaId: area.id,
      from: '2026-09-01',
      to: '2026-01-01',
      reason: '  ',
      authority: 'Chi cục <b>QLCL</b>',
      recalledOn: '',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-reason-err">Hãy ghi lý do</);
    expect(html).toMatch(/id="f-recalledOn-err">Hãy chọn ngày trên lịch \(ngày\/tháng\/năm\)</);
    expect(html).toMatch(/id="f-to-err">Ngày kết thúc không được trước ngày bắt đầu</);
    expect(html).toContain('value="Chi cục &lt;b&gt;QLCL&lt;/b&gt;"');
    expect(html).toContain('value="2026-09-01"');
    expect(html).toMatch(new RegExp(`<option value="${area.id}" selected="">`));
    const noLot = await staff.post('/console/recall/preview', { kind: 'harvest_lot', areaId: '', ...reason });
    expect(noLot.status).toBe(400);
    expect(await noLot.text()).toMatch(/id="f-harvestLotId-err">Hãy chọn vùng nguyên liệu ở trên/);
    // with the area chosen, the page lists that area's harvest lots to choose from
    const lots = await staff.post('/console/recall/preview', { kind: 'harvest_lot', areaId: area.id, ...reason });
    const lotsHtml = await lots.text();
    expect(lotsHtml).toMatch(/id="f-harvestLotId-err">Hãy chọn một lô thu hoạch/);
    expect(lotsHtml).toMatch(/<select id="f-harvestLotId" name="harvestLotId"/);
    const badRef = await staff.post('/console/recall/preview', { kind: 'batch', batchRef: 'not a stamp', ...reason });
    expect(await badRef.text()).toMatch(/id="f-batchRef-err">Không đọc được số tem/);
    expect(await recallCount()).toBe(before);
  });

  it('recalls an area: the preview counts are the result counts, and the stamp page shows the recall', async () => {
    expect(await (await t.call('GET', stampPage, { headers: PHONE })).text()).not.toContain(RECALLED);
    const before = await recallCount();
    const prev = await staff.post('/console/recall/preview', {
      kind: 'area',
      areaId: area.id,
      from: '',
      to: '',
      ...reason,
    });
    expect(prev.status).toBe(200);
    const html = await prev.text();
    expectSmall(html, 'recall preview');
    expect(html).toContain('Bước 2: Kiểm tra phạm vi trước khi xác nhận');
    expect(html).toContain(area.code);
    expect(await recallCount()).toBe(before); // a preview writes nothing
    const [batches, already, printRuns, stamps, scanned] = figures(html);
    expect(batches).toBeGreaterThan(0);
    expect(stamps).toBeGreaterThan(0);
    // the figures are the API's own preview
    const api = await (
      await t.call('POST', '/api/v1/recalls/preview', {
        key: t.keys.staff,
        body: { origin: { kind: 'area', id: area.id } },
      })
    ).json();
    expect([api.batches, api.alreadyRecalled, api.printRuns, api.stamps, api.stampsScanned]).toEqual([
      batches,
      already,
      printRuns,
      stamps,
      scanned,
    ]);
    // the confirm form carries the same values and the session's CSRF token
    const confirm = html.slice(html.indexOf('action="/console/recall/confirm"'));
    expect(confirm).toMatch(/name="_csrf" value="[^"]+"/);
    expect(confirm).toContain(`name="areaId" value="${area.id}"`);
    expect(confirm).toContain(`name="reason" value="${reason.reason}"`);
    expect(confirm).toContain(`Xác nhận thu hồi ${batches} lô sản xuất`);
    expect(confirm).toContain('name="confirm" value="yes"');
    // what cannot be undone, and a "Hủy" that recalls nothing, before (and well apart from) the red button
    const cancelAt = html.indexOf('<a class="cancel" href="/console/recall">Hủy, không thu hồi</a>');
    expect(cancelAt).toBeGreaterThan(html.indexOf('Không thể hoàn tác'));
    expect(cancelAt).toBeLessThan(html.indexOf('action="/console/recall/confirm"'));
    expect(html).toMatch(/<form method="post" action="\/console\/recall\/confirm" class="confirm">/);

    // without the confirmation, the same post recalls nothing and shows the preview again
    const recallsBefore = await recallCount();
    const unconfirmed = await staff.post('/console/recall/confirm', { kind: 'area', areaId: area.id, ...reason });
    expect(unconfirmed.status).toBe(400);
    const again = await unconfirmed.text();
    expect(again).toContain('Chưa thu hồi gì: hãy xác nhận ở nút đỏ bên dưới.');
    expect(again).toContain('Không thể hoàn tác');
    expect(await recallCount()).toBe(recallsBefore);

    const done = await staff.post('/console/recall/confirm', {
      kind: 'area',
      areaId: area.id,
      ...reason,
      confirm: 'yes',
    });
    expect(done.status).toBe(303);
    const location = new URL(done.headers.get('location')!, 'https://x');
    expect(location.pathname).toBe('/console/recall/view');
    expect(
      ['batches', 'alreadyRecalled', 'printRuns', 'stamps', 'stampsScanned'].map((k) =>
        Number(location.searchParams.get(k)),
      ),
    ).toEqual([batches, already, printRuns, stamps, scanned]);
    const view = await (await staff.follow(done)).text();
    expectSmall(view, 'recall view');
    expect(view).toContain(
      `Đã thu hồi ${batches} lô sản xuất (${already} lô đã bị thu hồi từ trước): ${printRuns} đợt in, ${stamps} tem, trong đó ${scanned} tem đã được quét.`,
    );
    expect(view).toContain(`${batches} lô đang bị thu hồi`);
    expect(view).toMatch(/href="\/01\/\d{14}\/10\/[^"]+">Trang công khai<\/a>/);
    expect(view).toMatch(/href="\/console\/trace\/print-runs\/[0-9a-f-]{36}\/serials\.csv"/);
    expect(await recallCount()).toBe(before + batches!);
    const [audit] = await t.db.sql<
      { actor: string }[]
    >`select actor from audit_log where action = 'recall_propagate' and entity_id = ${area.id}`;
    expect(audit!.actor).toBe('staff:canbo');

    const start = Date.now();
    for (;;) {
      const page = await (await t.call('GET', stampPage, { headers: PHONE })).text();
      if (page.includes(RECALLED)) break;
      if (Date.now() - start > 5000) throw new Error('the stamp page did not show the recall within 5 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(Date.now() - start).toBeLessThanOrEqual(5000);
  });

  it('lifts the area recall with a reason (empty reason → error beside the field)', async () => {
    const view = `/console/recall/view?kind=area&id=${area.id}`;
    expect(await staff.html(view)).toContain('Dỡ bỏ mọi lệnh thu hồi đang có hiệu lực từ nguồn này');
    const empty = await staff.post('/console/recall/lift', { kind: 'area', id: area.id, reason: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/id="f-lift-reason-err">Hãy ghi lý do</);
    const lifted = await staff.post('/console/recall/lift', {
      kind: 'area',
      id: area.id,
      reason: 'Kiểm nghiệm lại đạt yêu cầu',
    });
    expect(lifted.status).toBe(303);
    const after = await (await staff.follow(lifted)).text();
    expect(after).toMatch(/Đã dỡ bỏ \d+ lệnh thu hồi\. Lịch sử vẫn được lưu\./);
    expect(after).toContain('0 lô đang bị thu hồi');
  });

  it('counts and lifts a recall whose batches all lie past the first page of the origin', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(200);
    const make = (over: Record<string, unknown> = {}) =>
      json(
        t.call('POST', '/api/v1/batches', {
          key: c.coop.key,
          body: c.batchBody([{ harvestLotId: lot.id, quantity: 1 }], over),
        }),
        201,
      );
    for (let i = 0; i < 50; i++) await make();
    // produced a day later than the fifty drafts, so it comes after them, on the second page
    const late = await make({ productionDate: '2025-06-02' });
    await json(t.call('POST', `/api/v1/batches/${late.id}/seal`, { key: c.coop.key }), 200);
    await json(
      t.call('POST', '/api/v1/recalls', {
        key: t.keys.staff,
        body: { origin: { kind: 'harvest_lot', id: lot.id }, ...reason },
      }),
      201,
    );
    const html = await staff.html(`/console/recall/view?kind=harvest_lot&id=${lot.id}`);
    expectSmall(html, 'recall status');
    expect(html).toContain('1 lô đang bị thu hồi');
    expect(html).toContain('… và 1 lô khác.');
    expect(html).toContain(`href="/console/trace/forward?harvestLotId=${lot.id}"`);
    expect(html).toContain('Dỡ bỏ mọi lệnh thu hồi đang có hiệu lực từ nguồn này');
    const lifted = await staff.post('/console/recall/lift', {
      kind: 'harvest_lot',
      id: lot.id,
      reason: 'Kiểm nghiệm lại đạt yêu cầu',
    });
    expect(lifted.status).toBe(303);
    expect(await (await staff.follow(lifted)).text()).toContain('0 lô đang bị thu hồi');
  });

  it('recalls one batch found from a typed stamp, shows its recall and lifts it', async () => {
    const serial = stampPage.split('/21/')[1]!;
    const prev = await staff.post('/console/recall/preview', {
      kind: 'batch',
      batchRef: serial.toLowerCase(),
      ...reason,
    });
    expect(prev.status).toBe(200);
    const html = await prev.text();
    const [batches, , printRuns, stamps] = figures(html);
    expect(batches).toBe(1);
    const batchId = html.match(/name="batchId" value="([0-9a-f-]{36})"/)![1]!;
    const done = await staff.post('/console/recall/confirm', { kind: 'batch', batchId, ...reason, confirm: 'yes' });
    expect(done.status).toBe(303);
    const view = await (await staff.follow(done)).text();
    expect(view).toContain(
      `Đã thu hồi 1 lô sản xuất (0 lô đã bị thu hồi từ trước): ${printRuns} đợt in, ${stamps} tem`,
    );
    expect(view).toContain('đang hiệu lực');
    expect(view).toContain(reason.reason);
    // a second recall of the same batch is refused beside the batch
    const again = await staff.post('/console/recall/preview', { kind: 'batch', batchId, ...reason });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/id="f-batchRef-err"><br\/>Lô sản xuất này đang bị thu hồi/);
    const recallId = view.match(/name="recallId" value="([0-9a-f-]{36})"/)![1]!;
    const lift = await staff.post('/console/recall/lift', {
      kind: 'batch',
      id: batchId,
      recallId,
      reason: 'Quyết định thu hồi đã được hủy',
    });
    expect(lift.status).toBe(303);
    expect(await (await staff.follow(lift)).text()).toContain('Quyết định thu hồi đã được hủy');
  });

  it('recalls a harvest lot chosen from a trace link', async () => {
    const [lot] = await t.db.sql<{ id: string; code: string }[]>`
      select h.id, h.code from harvest_lots h where exists (
        select 1 from batch_inputs i join batches b on b.id = i.batch_id where i.harvest_lot_id = h.id and b.status = 'sealed'
          and not exists (select 1 from batch_recalls x where x.batch_id = b.id and x.lifted_at is null))
      order by h.seq limit 1`;
    const form = await staff.html(`/console/recall?kind=harvest_lot&id=${lot!.id}`);
    expect(form).toMatch(new RegExp(`<option value="${lot!.id}" selected="">${lot!.code}`));
    const prev = await staff.post('/console/recall/preview', { kind: 'harvest_lot', harvestLotId: lot!.id, ...reason });
    const [batches, already, printRuns, stamps, scanned] = figures(await prev.text());
    const done = await staff.post('/console/recall/confirm', {
      kind: 'harvest_lot',
      harvestLotId: lot!.id,
      ...reason,
      confirm: 'yes',
    });
    const location = new URL(done.headers.get('location')!, 'https://x');
    expect(
      ['batches', 'alreadyRecalled', 'printRuns', 'stamps', 'stampsScanned'].map((k) =>
        Number(location.searchParams.get(k)),
      ),
    ).toEqual([batches, already, printRuns, stamps, scanned]);
  });

  it('writes nothing without the CSRF token', async () => {
    const before = await recallCount();
    for (const csrf of [null, 'y'.repeat(43)]) {
      expect(
        (
          await staff.post(
            '/console/recall/confirm',
            { kind: 'area', areaId: area.id, ...reason, confirm: 'yes' },
            { csrf },
          )
        ).status,
      ).toBe(403);
      expect(
        (await staff.post('/console/recall/preview', { kind: 'area', areaId: area.id, ...reason }, { csrf })).status,
      ).toBe(403);
      expect(
        (await staff.post('/console/recall/lift', { kind: 'area', id: area.id, reason: 'x' }, { csrf })).status,
      ).toBe(403);
    }
    expect(await recallCount()).toBe(before);
  });
});
