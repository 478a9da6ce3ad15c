// Staff trace in the console: backwards from a serial typed, a stamp URL pasted (or typed by a
// barcode scanner), a GTIN with a lot code; forwards from an area or a harvest lot; CSV exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBrowser, TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { DEMO_PASSWORD, demoContext, expectSmall } from './staff-support';

let t: TestContext;
let staff: ConsoleBrowser;
let stamp: {
  serial: string;
  gtin: string;
  lot: string;
  batchId: string;
  lotCodes: string[];
  areaCodes: string[];
  areaId: string;
};

beforeAll(async () => {
  t = await demoContext();
  staff = await t.signIn('canbo', DEMO_PASSWORD);
  const [s] = await t.db.sql<{ serial: string; gtin: string; lot: string; batchId: string }[]>`
    select s.serial, r.gtin, r.lot_code as lot, r.batch_id
    from stamps s join print_runs r on r.id = s.print_run_id
    where s.state = 'active' and exists (select 1 from batch_inputs i where i.batch_id = r.batch_id)
    order by r.seq, s.position limit 1`;
  const inputs = await t.db.sql<{ code: string; areaCode: string; areaId: string }[]>`
    select h.code, a.code as "areaCode", a.id as "areaId" from batch_inputs i join harvest_lots h on h.id = i.harvest_lot_id
    join raw_material_areas a on a.id = h.area_id where i.batch_id = ${s!.batchId} order by h.harvested_on`;
  stamp = {
    ...s!,
    lotCodes: inputs.map((i) => i.code),
    areaCodes: inputs.map((i) => i.areaCode),
    areaId: inputs[0]!.areaId,
  };
});
afterAll(async () => {
  await t?.close();
});

describe('trace pages', () => {
  it('shows the search forms with the areas to pick from', async () => {
    const html = await staff.html('/console/trace');
    expectSmall(html, 'trace search');
    expect(html).toContain('name="q"');
    expect(html).toContain(`<option value="${stamp.areaId}">`);
  });

  it('traces back from a pasted stamp URL to the batch, harvest lots, areas, operators and contracts', async () => {
    const url = `https://trace.example.vn/01/${stamp.gtin}/10/${encodeURIComponent(stamp.lot)}/21/${stamp.serial}`;
    const html = await staff.html(`/console/trace/backward?q=${encodeURIComponent(url)}`);
    expectSmall(html, 'backward trace');
    expect(html).toContain(`<code>${stamp.serial}</code>`);
    expect(html).toContain(stamp.lot);
    for (const code of [...stamp.lotCodes, ...stamp.areaCodes]) expect(html).toContain(code);
    expect(html).toContain('Đơn vị quản lý vùng');
    expect(html).toContain('Hợp đồng liên kết với hợp tác xã');
    expect(html).toContain(`href="/01/${stamp.gtin}/10/`); // the public pages, one click away
    const csv = html.match(/href="(\/console\/trace\/backward\.csv\?[^"]+)"/)![1]!.replace(/&amp;/g, '&');
    const res = await staff.get(csv);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    expect(text).toContain(stamp.lotCodes[0]!);
    expect(text.split('\r\n').length).toBeGreaterThan(2);
  });

  it('reads what a scanner or a person types: a bare serial in any case, with spaces; the path alone; GTIN and lot', async () => {
    const spaced = stamp.serial.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect(await staff.html(`/console/trace/backward?q=${encodeURIComponent(spaced)}`)).toContain(
      `<code>${stamp.serial}</code>`,
    );
    const path = `/01/${stamp.gtin}/10/${encodeURIComponent(stamp.lot)}/21/${stamp.serial}`;
    expect(await staff.html(`/console/trace/backward?q=${encodeURIComponent(path)}`)).toContain(
      `<code>${stamp.serial}</code>`,
    );
    const byLot = await staff.html(`/console/trace/backward?gtin=${stamp.gtin}&lot=${encodeURIComponent(stamp.lot)}`);
    expect(byLot).toContain(stamp.lotCodes[0]!);
    const byLink = await staff.html(
      `/console/trace/backward?q=${encodeURIComponent(`https://trace.example.vn/01/${stamp.gtin}/10/${encodeURIComponent(stamp.lot)}`)}`,
    );
    expect(byLink).toContain(stamp.lotCodes[0]!);
    expect(await staff.html(`/console/trace/backward?batchId=${stamp.batchId}`)).toContain(stamp.lotCodes[0]!);
  });

  it('says beside the field what is wrong with what was typed, keeping it', async () => {
    const mistyped = stamp.serial.slice(0, 13) + (stamp.serial[13] === 'A' ? 'B' : 'A');
    const a = await staff.get(`/console/trace/backward?q=${mistyped}`);
    expect(a.status).toBe(400);
    const html = await a.text();
    expect(html).toMatch(/id="f-q-err">Số tem bị nhập sai một ký tự/);
    expect(html).toContain(`value="${mistyped}"`);
    const b = await staff.get('/console/trace/backward?q=hello');
    expect(b.status).toBe(400);
    expect(await b.text()).toMatch(/id="f-q-err">Không đọc được/);
    // a well-formed serial no stamp carries
    const unknown = '2345678923456';
    const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
    let sum = 0;
    for (let i = 0; i < unknown.length; i++) sum += (i + 1) * alphabet.indexOf(unknown[i]!);
    const c = await staff.get(`/console/trace/backward?q=${unknown}${alphabet[sum % 31]}`);
    expect(c.status).toBe(404);
    expect(await c.text()).toMatch(/id="f-q-err">Không có tem nào mang mã này/);
    const d = await staff.get(`/console/trace/backward?gtin=12345678&lot=X`);
    expect(d.status).toBe(400);
    expect(await d.text()).toMatch(/id="f-gtin-err">/);
    const escaped = await staff.get(`/console/trace/backward?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    const text = await escaped.text();
    expect(text).not.toContain('<script>alert(1)');
    expect(text).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('traces forward from an area to batches, print runs with stamp counts, scans and models, and from a harvest lot', async () => {
    const html = await staff.html(`/console/trace/forward?areaId=${stamp.areaId}`);
    expectSmall(html, 'forward trace');
    expect(html).toContain(stamp.areaCodes[0]!);
    expect(html).toContain(stamp.lot);
    expect(html).toMatch(/tem: \d+ đang lưu hành, \d+ chưa kích hoạt, \d+ đã hủy; \d+ lượt quét/);
    expect(html).toContain('Mô hình chuỗi giá trị liên quan');
    const lotLink = html.match(/href="\/console\/trace\/forward\?harvestLotId=([0-9a-f-]{36})"/)![1]!;
    const fromLot = await staff.html(`/console/trace/forward?harvestLotId=${lotLink}`);
    expect(fromLot).toContain('Lô sản xuất đã dùng nguyên liệu này');
    const csv = await staff.get(`/console/trace/forward.csv?areaId=${stamp.areaId}`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain(stamp.lot);
    const runCsv = html.match(/href="(\/console\/trace\/print-runs\/[0-9a-f-]{36}\/serials\.csv)"/)![1]!;
    const serials = await staff.get(runCsv);
    expect(serials.status).toBe(200);
    expect(await serials.text()).toMatch(/^position,serial,state,uri\r\n1,/);
  });

  it('pages the batches of a forward trace with a next link, the figures counting the whole trace', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(200);
    for (let i = 0; i < 53; i++)
      await json(
        t.call('POST', '/api/v1/batches', {
          key: c.coop.key,
          body: c.batchBody([{ harvestLotId: lot.id, quantity: 1 }]),
        }),
        201,
      );
    const first = await staff.html(`/console/trace/forward?harvestLotId=${lot.id}`);
    expectSmall(first, 'forward trace, first page');
    const batchLinks = (html: string) => html.match(/href="\/console\/trace\/backward\?batchId=[0-9a-f-]{36}"/g) ?? [];
    expect(batchLinks(first)).toHaveLength(50);
    expect(first).toContain('<b>53</b>');
    const next = first.match(/href="(\/console\/trace\/forward\?[^"]*cursor=\d+)"/)![1]!.replace(/&amp;/g, '&');
    const second = await staff.html(next);
    expect(batchLinks(second)).toHaveLength(3);
    expect(second).toContain('<b>53</b>');
    expect(second).not.toContain('Trang sau');
    expect(second).toContain(`href="/console/trace/forward?harvestLotId=${lot.id}"`); // back to the first page
    expect(new Set([...batchLinks(first), ...batchLinks(second)]).size).toBe(53);
  });

  it('narrows a forward trace by harvest dates and refuses a range that ends before it starts', async () => {
    const empty = await staff.html(`/console/trace/forward?areaId=${stamp.areaId}&from=2000-01-01&to=2000-12-31`);
    expect(empty).toContain('Không có lô thu hoạch nào trong khoảng này.');
    const bad = await staff.get(`/console/trace/forward?areaId=${stamp.areaId}&from=2026-05-01&to=2026-01-01`);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="f-to-err">/);
    expect(html).toContain('value="2026-05-01"');
    const none = await staff.get('/console/trace/forward');
    expect(none.status).toBe(400);
    expect(await none.text()).toMatch(/id="f-areaId-err">Hãy chọn một vùng nguyên liệu/);
    expect((await staff.get('/console/trace/forward?areaId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
