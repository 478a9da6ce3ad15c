// Association staff work the link-check findings in the console: run the checks, filter,
// open a planted finding, acknowledge and resolve with a note, through the API's operations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBrowser, TestContext } from '../support/app';
import { RULES } from '../../src/checks/rules';
import { DEMO_PASSWORD, demoContext, expectSmall } from './staff-support';
import { followRefreshes } from '../support/meta-refresh';

let t: TestContext;
let staff: ConsoleBrowser;

const findingId = async (rule: string) => {
  const [row] = await t.db.sql<
    { id: string }[]
  >`select id from link_findings where rule = ${rule} order by seq limit 1`;
  return row!.id;
};
const findingRow = async (id: string) =>
  (
    await t.db.sql<{ status: string; note: string | null; reviewedBy: string | null }[]>`
    select status, note, reviewed_by from link_findings where id = ${id}`
  )[0]!;

beforeAll(async () => {
  t = await demoContext();
  staff = await t.signIn('canbo', DEMO_PASSWORD);
});
afterAll(async () => {
  await t?.close();
});

describe('findings pages', () => {
  it('says the checks never ran, instead of "nothing to handle", and offers to run them', async () => {
    for (const path of ['/console', '/console/findings']) {
      const html = await staff.html(path);
      expect(html).not.toContain('Không có bất thường nào cần xử lý.');
      expect(html).not.toContain('Không có bất thường nào khớp bộ lọc.');
      expect(html).toContain('Kiểm tra liên kết chưa chạy lần nào');
      expect(html).toContain('action="/console/findings/run"');
      expect(html).toContain('Chạy kiểm tra ngay');
    }
    expect(await staff.html('/console/findings?lang=en')).toContain('The link checks have never run');
    await staff.html('/console/findings?lang=vi');
  });

  it('runs the checks from the console and reports what they found', async () => {
    const res = await staff.post('/console/findings/run', {});
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/console\/findings\/runs\/[0-9a-f-]{36}$/);
    // the run's page reloads itself until the run has ended, then shows what it found
    const pages = await followRefreshes((p) => staff.html(p), location);
    const result = pages.at(-1)!;
    expect(result).toContain('Đã chạy kiểm tra: 17 bất thường (17 mới, 0 mở lại), 0 không còn thấy; 17 cần xử lý.');
    expectSmall(result, 'run result');
    const html = await staff.html('/console/findings');
    expect(html).toContain('Hiển thị 17 bất thường.');
    expectSmall(html, 'findings list');
    const [audit] = await t.db.sql<{ actor: string }[]>`select actor from audit_log where action = 'link_check_run'`;
    expect(audit!.actor).toBe('staff:canbo');
    // when and by whom, by the user's name, on the list and the home page
    for (const path of ['/console/findings', '/console']) {
      const page = await staff.html(path);
      expect(page).toContain('Kiểm tra liên kết chạy lần gần nhất lúc 10:00 28/11/2026, do Nguyễn Văn Thành chạy.');
      expect(page).not.toContain('chưa chạy lần nào');
    }
  });

  it('shows the counts needing attention on the home page, by severity, with links', async () => {
    const home = await staff.html('/console');
    expect(home).toContain('Bất thường cần xử lý');
    const [crit] = await t.db.sql<
      { n: number }[]
    >`select count(*)::int as n from link_findings where severity = 'critical'`;
    expect(home).toMatch(
      new RegExp(`<a href="/console/findings\\?severity=critical"><b>${crit!.n}</b>Nghiêm trọng</a>`),
    );
    expect(home).toContain('href="/console/findings"');
    expectSmall(home, 'home');
  });

  it('filters by rule, severity, cooperative and view with a GET form', async () => {
    const byRule = await staff.html('/console/findings?rule=AREA_NOT_LINKED');
    expect(byRule).toContain('Hiển thị 1 bất thường.');
    expect(byRule).toContain('TGCL-261020');
    expect(byRule).toMatch(/<option value="AREA_NOT_LINKED" selected="">/);
    const critical = await staff.html('/console/findings?severity=critical');
    const [n] = await t.db.sql<
      { n: number }[]
    >`select count(*)::int as n from link_findings where severity = 'critical'`;
    expect(critical).toContain(`Hiển thị ${n!.n} bất thường.`);
    expect(critical).not.toContain('class="sev sev-warning"');
    const [tea] = await t.db.sql<
      { id: string }[]
    >`select id from organizations where name = 'HTX Chè Shan tuyết Cao Bồ'`;
    const coop = await staff.html(`/console/findings?cooperativeId=${tea!.id}`);
    expect(coop).toContain('Hiển thị 6 bất thường.');
    expect(await staff.html('/console/findings?view=resolved')).toContain('Không có bất thường nào khớp bộ lọc.');
    const english = await staff.html('/console/findings?rule=AREA_NOT_LINKED&lang=en');
    expect(english).toContain('1 findings shown.');
    expect(english).toContain('<html lang="en">');
    await staff.html('/console/findings?lang=vi'); // the switch is remembered: back to Vietnamese
  });

  it('shows a wrong filter beside its field', async () => {
    const res = await staff.get('/console/findings?rule=NOT_A_RULE');
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="f-rule-err">/);
  });

  it('opens a planted finding with its records, facts and history, and acknowledges it with a note', async () => {
    const id = await findingId('AREA_NOT_LINKED');
    const html = await staff.html(`/console/findings/${id}`);
    expectSmall(html, 'finding');
    expect(html).toContain('TGCL-261020');
    expect(html).toContain('VNL-PL-02');
    expect(html).toMatch(/href="\/console\/trace\/backward\?batchId=[0-9a-f-]{36}">TGCL-261020<\/a>/);
    expect(html).toMatch(/href="\/console\/trace\/forward\?areaId=[0-9a-f-]{36}">VNL-PL-02<\/a>/);
    expect(html).toContain('Phát hiện lần đầu');
    expect(html).toContain('Số lần mở lại');
    const res = await staff.post(`/console/findings/${id}/acknowledge`, {
      note: 'Đã gọi HTX Phúc Lâm, đang xác minh hợp đồng',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/findings/${id}?done=acknowledged`);
    const after = await (await staff.follow(res)).text();
    expect(after).toContain('Đã ghi nhận bất thường.');
    expect(after).toContain('Đã gọi HTX Phúc Lâm, đang xác minh hợp đồng');
    expect(after).toMatch(/<dt>Người xem xét<\/dt><dd>Nguyễn Văn Thành<\/dd>/);
    expect(after).not.toContain('staff:canbo');
    expect(await findingRow(id)).toEqual({
      status: 'acknowledged',
      note: 'Đã gọi HTX Phúc Lâm, đang xác minh hợp đồng',
      reviewedBy: 'staff:canbo',
    });
    const [audit] = await t.db.sql<
      { actor: string }[]
    >`select actor from audit_log where action = 'finding_acknowledge' and entity_id = ${id}`;
    expect(audit!.actor).toBe('staff:canbo');
  });

  it('resolves another finding with a note; it leaves the attention list', async () => {
    const id = await findingId('HARVEST_LOT_UNUSED');
    const res = await staff.post(`/console/findings/${id}/resolve`, { note: 'Lô đã bán tươi, có hóa đơn' });
    expect(res.status).toBe(303);
    expect(await findingRow(id)).toMatchObject({ status: 'resolved', note: 'Lô đã bán tươi, có hóa đơn' });
    expect(await staff.html('/console/findings')).not.toContain(`/console/findings/${id}"`);
    expect(await staff.html('/console/findings?view=resolved')).toContain(`/console/findings/${id}"`);
  });

  it('refuses an empty note beside the field, and keeps what was typed when a note is refused', async () => {
    const id = await findingId('YIELD_RATIO_IMPLAUSIBLE');
    const empty = await staff.post(`/console/findings/${id}/resolve`, { note: '   ' });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toMatch(/id="f-resolve-note-err">Hãy ghi chú trước khi gửi</);
    expect(html).not.toMatch(/id="f-acknowledge-note-err"/);
    const long = 'Ghi chú quá dài '.repeat(130);
    const tooLong = await staff.post(`/console/findings/${id}/acknowledge`, { note: long });
    expect(tooLong.status).toBe(400);
    const page = await tooLong.text();
    expect(page).toMatch(/id="f-acknowledge-note-err">Ghi chú dài tối đa 2000 ký tự</);
    expect(page).toContain(long.trim());
    expect((await findingRow(id)).status).toBe('open');
  });

  it('escapes notes and enforces CSRF on its forms', async () => {
    const id = await findingId('MODEL_WITHOUT_AREA');
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    expect((await staff.post(`/console/findings/${id}/acknowledge`, { note: evil })).status).toBe(303);
    const html = await staff.html(`/console/findings/${id}`);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');

    const other = await findingId('SCAN_OUTLIER');
    const audits = async () => (await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0]!.n;
    const before = await audits();
    for (const csrf of [null, 'x'.repeat(43)]) {
      expect((await staff.post(`/console/findings/${other}/resolve`, { note: 'không có mã' }, { csrf })).status).toBe(
        403,
      );
      expect((await staff.post('/console/findings/run', {}, { csrf })).status).toBe(403);
    }
    expect(
      (
        await staff.post(
          `/console/findings/${other}/resolve`,
          { note: 'từ trang khác' },
          { headers: { origin: 'https://evil.example' } },
        )
      ).status,
    ).toBe(403);
    expect(await findingRow(other)).toMatchObject({ status: 'open', note: null });
    expect(await audits()).toBe(before);
  });

  it("shows every rule's facts under labels, with units and Vietnamese dates and numbers, never raw keys", async () => {
    const rows = await t.db.sql<{ id: string; rule: string; facts: Record<string, unknown> }[]>`
      select distinct on (rule) id, rule, facts from link_findings order by rule, seq`;
    expect(rows.map((r) => r.rule).sort()).toEqual(RULES.map((r) => r.code).sort());
    for (const r of rows) {
      for (const lang of ['vi', 'en'] as const) {
        const html = await staff.html(`/console/findings/${r.id}?lang=${lang}`);
        const facts = /<h2>(?:Dữ kiện|Facts)<\/h2><dl>([\s\S]*?)<\/dl>/.exec(html)?.[1];
        expect(facts, `${r.rule} ${lang}`).toBeTruthy();
        const text = facts!.replace(/<[^>]+>/g, ' ');
        if (lang === 'vi') {
          // the whole page: the message too speaks Vietnamese, with no English beside it
          const page = html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ');
          expect(page, r.rule).not.toMatch(/\d{4}-\d{2}-\d{2}/);
          for (const word of [
            'sê-ri',
            'lô sản phẩm',
            'lô hàng',
            'mã lô',
            'litre',
            'piece',
            ' genuine',
            'Báo cáo hàng giả',
          ]) {
            expect(page, `${r.rule} ${word}`).not.toContain(word);
          }
        }
        expect(text, `${r.rule} ${lang}`).not.toMatch(/\d{4}-\d{2}-\d{2}/);
        expect(facts, `${r.rule} ${lang}`).not.toContain('<code>');
        // English words may be keys too (lots, scans): in English, the camelCase keys
        for (const key of Object.keys(r.facts).filter((k) => lang === 'vi' || /[A-Z]/.test(k)))
          expect(text, `${r.rule} ${lang} ${key}`).not.toMatch(new RegExp(`\\b${key}\\b`));
        if (lang === 'vi') {
          // decimals with a comma (a dot only groups thousands: 1.050 kg)
          expect(text, r.rule).not.toMatch(/\d\.(?!\d{3}(?!\d))\d/);
          for (const raw of ['litre', 'piece', 'genuine', 'pending', 'planning', 'organic', 'null']) {
            expect(text, `${r.rule} ${raw}`).not.toContain(raw);
          }
        }
      }
    }
    await staff.html('/console/findings?lang=vi');
    const outlier = await staff.html(`/console/findings/${rows.find((r) => r.rule === 'SCAN_OUTLIER')!.id}`);
    expect(outlier).toMatch(/<dt>Số lượt quét<\/dt><dd>13 lượt<\/dd>/);
    expect(outlier).toMatch(/<dt>Quét lần đầu<\/dt><dd>09:40 19\/10\/2026<\/dd>/);
    const ceiling = await staff.html(`/console/findings/${rows.find((r) => r.rule === 'AREA_YIELD_CEILING')!.id}`);
    expect(ceiling).toMatch(/<dt>Sản lượng ghi nhận<\/dt><dd>40,345 tấn<\/dd>/);
    expect(ceiling).toMatch(/<dt>Diện tích vùng<\/dt><dd>8,3 ha<\/dd>/);
    const yieldRatio = await staff.html(
      `/console/findings/${rows.find((r) => r.rule === 'YIELD_RATIO_IMPLAUSIBLE')!.id}`,
    );
    expect(yieldRatio).toMatch(/<dt>Thành phẩm<\/dt><dd>300 lít<\/dd>/);
    expect(yieldRatio).toMatch(/<dt>Mức hợp lý<\/dt><dd>2,4–3,75 kg\/lít<\/dd>/);
  });

  it('answers 404 for an unknown finding', async () => {
    expect((await staff.get('/console/findings/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await staff.get('/console/findings/nope')).status).toBe(404);
  });
});
