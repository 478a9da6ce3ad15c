// The console homes' charts on the demo province: a cooperative's scans per week per product and
// the share of its stamps activated and scanned; the staff's findings per week and recalls and
// fake reports per month. The numbers drawn are the API's (GET /organizations/{id}/charts,
// /charts/staff), which are checked against counts written independently here; every chart has a
// text alternative; the pages stay within the console's 60 KB; a cooperative reads only its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBrowser, TestContext } from '../support/app';
import { DEMO_NOW, DEMO_PASSWORD, demoContext, expectSmall } from '../console/staff-support';

let t: TestContext;
let coop: ConsoleBrowser;
let staff: ConsoleBrowser;
let orgId: string;
let otherOrg: string;

beforeAll(async () => {
  t = await demoContext();
  coop = await t.signIn('htx.checaobo', DEMO_PASSWORD);
  staff = await t.signIn('canbo', DEMO_PASSWORD);
  await t.call('POST', '/api/v1/checks/run', { key: t.keys.staff, body: {} });
  const [u] = await t.db.sql<
    { org: string }[]
  >`select organization_id as org from users where username = 'htx.checaobo'`;
  orgId = u!.org;
  const [o] = await t.db.sql<{ id: string }[]>`
    select distinct owner_id as id from products where owner_id <> ${orgId} limit 1`;
  otherOrg = o!.id;
});
afterAll(async () => {
  await t?.close();
});

const numbersOf = (html: string) => [...html.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]!);

describe("a cooperative's home", () => {
  it('draws scans per week for each product over 26 weeks, with the same numbers as the API and the scan log', async () => {
    const api = await (await t.call('GET', `/api/v1/organizations/${orgId}/charts`, { key: t.keys.staff })).json();
    expect(api.weeks).toHaveLength(26);
    // the last week is this one (Monday 2026-11-23 in Vietnam), the first 25 weeks before
    expect(api.weeks.at(-1)).toBe('2026-11-23');
    expect(api.weeks[0]).toBe('2026-06-01');
    // an independent count: the product's known, non-bot scans since the first Monday
    const [row] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from scans s join products p on p.gtin = s.gtin
       where p.owner_id = ${orgId} and s.known and not s.is_bot
         and s.at >= '2026-06-01T00:00:00+07:00' and s.at <= ${DEMO_NOW}`;
    const total = api.products.reduce((a: number, p: { scans: number[] }) => a + p.scans.reduce((x, y) => x + y, 0), 0);
    expect(total).toBe(row!.n);
    expect(total).toBeGreaterThan(0);

    const html = await coop.html('/console');
    expectSmall(html, 'cooperative home');
    expect(html).toContain('Lượt quét tem trong 26 tuần qua');
    const sparks = [...html.matchAll(/<svg class="spark"[^>]*aria-labelledby="(spark-\d+)-title \1-desc"/g)];
    expect(sparks).toHaveLength(api.products.length);
    for (const [i] of sparks.entries()) {
      const desc = html.match(new RegExp(`<desc id="spark-${i}-desc">([^<]*)</desc>`))![1]!;
      const sum = api.products[i].scans.reduce((a: number, b: number) => a + b, 0);
      expect(desc).toMatch(sum === 0 ? /Chưa có lượt quét/ : new RegExp(`^Tổng ${sum} lượt quét`));
    }
    // the table: a row per week, a column per product, the API's numbers
    const start = html.indexOf('<details class="ctab">', html.indexOf('Lượt quét tem trong 26 tuần qua'));
    const table = html.slice(start, html.indexOf('</details>', start));
    const rows = numbersOf(table);
    expect(rows).toHaveLength(26 * api.products.length);
    const expected = api.weeks.flatMap((_: string, w: number) =>
      api.products.map((p: { scans: number[] }) => String(p.scans[w])),
    );
    expect(rows).toEqual(expected);
  });

  it('shows the share of printed stamps that are active and that were scanned, in words', async () => {
    const api = await (await t.call('GET', `/api/v1/organizations/${orgId}/charts`, { key: t.keys.staff })).json();
    const [s] = await t.db.sql<{ printed: number; active: number; scanned: number }[]>`
      select count(*)::int as printed, count(*) filter (where st.state = 'active')::int as active,
             count(*) filter (where exists (select 1 from scans x where x.serial = st.serial and x.known and not x.is_bot))::int as scanned
        from stamps st join print_runs r on r.id = st.print_run_id where r.cooperative_id = ${orgId}`;
    expect(api.stamps).toEqual(s);
    const html = await coop.html('/console');
    const pct = (a: number) => Math.round((a / s!.printed) * 100);
    expect(html).toContain(`Đang kích hoạt: ${s!.active} / ${s!.printed} (${pct(s!.active)} %)`);
    expect(html).toContain(`Đã được quét: ${s!.scanned} / ${s!.printed} (${pct(s!.scanned)} %)`);
    expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="stamp-shares-title stamp-shares-desc"/);
  });

  it("lets a cooperative read its own charts only (another organization's answers 404)", async () => {
    const mine = await (await t.call('GET', `/api/v1/organizations/${orgId}/charts`, { key: t.keys.staff })).json();
    expect(mine.products.length).toBeGreaterThan(0);
    const c = await t.cooperative('HTX Thử');
    expect((await t.call('GET', `/api/v1/organizations/${c.org.id}/charts`, { key: c.key })).status).toBe(200);
    const other = await t.call('GET', `/api/v1/organizations/${otherOrg}/charts`, { key: c.key });
    expect(other.status).toBe(404);
    expect((await other.json()).error.code).toBe('NOT_FOUND');
    const bad = await t.call('GET', '/api/v1/organizations/not-a-uuid/charts', { key: t.keys.staff });
    expect(bad.status).toBe(404);
    expect((await t.call('GET', '/api/v1/charts/staff', { key: c.key })).status).toBe(403);
  });
});

describe("the staff's home", () => {
  it('draws findings opened and resolved per week, and recalls and fake reports per month, from the API', async () => {
    const api = await (await t.call('GET', '/api/v1/charts/staff', { key: t.keys.staff })).json();
    expect(api.weeks).toHaveLength(12);
    expect(api.months).toHaveLength(12);
    expect(api.months.at(-1)).toBe('2026-11-01');
    const [f] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from link_findings where first_found_at >= ${`${api.weeks[0]}T00:00:00+07:00`}`;
    expect(api.findingsOpened.reduce((a: number, b: number) => a + b, 0)).toBe(f!.n);
    expect(f!.n).toBeGreaterThan(0);
    const [r] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from fake_reports where created_at >= '2025-12-01T00:00:00+07:00'`;
    expect(api.fakeReports.reduce((a: number, b: number) => a + b, 0)).toBe(r!.n);
    const [rc] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from batch_recalls where recalled_on >= '2025-12-01'`;
    expect(api.recalls.reduce((a: number, b: number) => a + b, 0)).toBe(rc!.n);

    const html = await staff.html('/console');
    expectSmall(html, 'staff home');
    for (const id of ['chart-findings', 'chart-monthly']) {
      const start = html.indexOf(`<figure class="chart" id="${id}">`);
      expect(start, id).toBeGreaterThan(-1);
      const fig = html.slice(start, html.indexOf('</figure>', start));
      expect(fig).toMatch(new RegExp(`role="img" aria-labelledby="${id}-title ${id}-desc"`));
      const [a, b] =
        id === 'chart-findings' ? [api.findingsOpened, api.findingsResolved] : [api.recalls, api.fakeReports];
      expect(numbersOf(fig)).toEqual(a.flatMap((v: number, i: number) => [String(v), String(b[i])]));
    }
  });
});
