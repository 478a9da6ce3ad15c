// The programme report page for staff; organizations and API keys for admins; and who may open
// which staff page (a cooperative user gets the 403 page on every one of them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBrowser, TestContext } from '../support/app';
import { DEMO_PASSWORD, demoContext, expectSmall } from './staff-support';

let t: TestContext;
let staff: ConsoleBrowser;
let admin: ConsoleBrowser;
let coop: ConsoleBrowser;
let ids: { finding: string; area: string; org: string; key: string };

const count = async (table: 'organizations' | 'api_keys' | 'batch_recalls' | 'audit_log') =>
  (await t.db.sql<{ n: number }[]>`select count(*)::int as n from ${t.db.sql(table)}`)[0]!.n;

beforeAll(async () => {
  t = await demoContext();
  staff = await t.signIn('canbo', DEMO_PASSWORD);
  admin = await t.signIn('admin', DEMO_PASSWORD);
  coop = await t.signIn('htx.checaobo', DEMO_PASSWORD);
  await t.call('POST', '/api/v1/checks/run', { key: t.keys.staff, body: {} });
  const [f] = await t.db.sql<{ id: string }[]>`select id from link_findings order by seq limit 1`;
  const [a] = await t.db.sql<{ id: string }[]>`select id from raw_material_areas order by seq limit 1`;
  const [o] = await t.db.sql<{ id: string }[]>`select id from organizations order by seq limit 1`;
  const [k] = await t.db.sql<{ id: string }[]>`select id from api_keys order by seq limit 1`;
  ids = { finding: f!.id, area: a!.id, org: o!.id, key: k!.id };
});
afterAll(async () => {
  await t?.close();
});

describe('programme report page', () => {
  it('shows the figures per year beside their targets, with the printable page and the CSV', async () => {
    const html = await staff.html('/console/report');
    expectSmall(html, 'report');
    expect(html).toContain('Báo cáo tiến độ Đề án OCOP 2022–2025');
    expect(html).toContain('Sản phẩm OCOP mới');
    expect(html).toContain('Cách tính từng số liệu');
    const api = await (await t.call('GET', '/api/v1/report/programme', { key: t.keys.staff })).json();
    for (const f of api.figures) expect(html).toContain(`<td><b>${f.period}</b></td>`);
    const print = await staff.get('/console/report/print?from=2022&to=2025&lang=vi');
    expect(print.status).toBe(200);
    expect(await print.text()).toContain('Báo cáo tiến độ Đề án 2022–2025');
    const csv = await staff.get('/console/report/programme.csv?from=2022&to=2025');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain('new_products');
    const narrowed = await staff.html('/console/report?from=2024&to=2025');
    expect(narrowed).toContain('Báo cáo tiến độ Đề án OCOP 2024–2025');
    expect(narrowed).toContain('<th scope="col">Năm 2024</th>');
    expect(narrowed).not.toContain('<th scope="col">Năm 2023</th>');
  });

  it('says in words what its red figures mean (not colour alone), and lays each figure out as a card on a phone', async () => {
    const html = await staff.html('/console/report');
    expect(html).toContain('Số màu đỏ, có dấu ✗: chưa đạt chỉ tiêu của năm đó (hoặc của cả giai đoạn).');
    // the legend comes before the figures
    expect(html.indexOf('class="legend"')).toBeLessThan(html.indexOf('<table'));
    // every red figure carries the mark and the words
    const red = [
      ...html.matchAll(
        /<span class="unmet">([^<]*)<span aria-hidden="true">✗<\/span><span class="sr">([^<]*)<\/span>/g,
      ),
    ];
    expect(red.length).toBeGreaterThan(0);
    for (const m of red) expect(m[2]).toBe(' (chưa đạt)');
    expect(html.match(/class="unmet"/g)!.length).toBe(red.length + 1); // + the legend's own
    // a card per figure at phone width: each cell under its column's name
    expect(html).toMatch(/<div class="tbl cards c\w+ rep"/);
    expect(html).toMatch(/tbody>tr>:nth-child\(2\)::before\{content:"Năm 2022"\}/);
  });

  it('shows a wrong year range beside its field', async () => {
    const back = await staff.get('/console/report?from=2025&to=2022');
    expect(back.status).toBe(400);
    expect(await back.text()).toMatch(/id="f-to-err">Ngày kết thúc không được trước ngày bắt đầu/);
    const bad = await staff.get('/console/report?from=20x2');
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="f-from-err">Năm gồm 4 chữ số/);
    expect(html).toContain('value="20x2"');
  });
});

describe('organizations (admin)', () => {
  it('registers an organization, keeping what was typed when the API refuses it', async () => {
    const before = await count('organizations');
    const form = {
      kind: 'cooperative',
      associationLevel: 'district',
      name: 'HTX <Rau> sạch Nà Sơn',
      registrationCode: '9801000999',
      province: '',
      commune: 'Xã Nà Sơn',
      address: '',
      gln: '8930000000001',
      parentId: '',
      contactName: 'Bà Lò Thị Mai',
      contactPhone: '0912 345 678',
      contactEmail: '',
    };
    const bad = await admin.post('/console/organizations/new', form);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="f-province-err">Không được để trống/);
    expect(html).toMatch(/id="f-gln-err">/);
    expect(html).toContain('value="HTX &lt;Rau&gt; sạch Nà Sơn"');
    expect(html).toContain('value="Bà Lò Thị Mai"');
    expect(await count('organizations')).toBe(before);
    const level = await admin.post('/console/organizations/new', { ...form, province: 'Tỉnh Sơn Lâm', gln: '' });
    expect(level.status).toBe(400);
    expect(await level.text()).toMatch(/id="f-associationLevel-err">/);
    const ok = await admin.post('/console/organizations/new', {
      ...form,
      province: 'Tỉnh Sơn Lâm',
      gln: '',
      associationLevel: '',
    });
    expect(ok.status).toBe(303);
    const page = await (await admin.follow(ok)).text();
    expectSmall(page, 'organization');
    expect(page).toContain('Đã đăng ký tổ chức.');
    expect(page).toContain('HTX &lt;Rau&gt; sạch Nà Sơn');
    expect(page).not.toContain('HTX <Rau>');
    const id = ok.headers.get('location')!.match(/organizations\/([0-9a-f-]{36})/)![1]!;
    const [row] = await t.db.sql`select name, province, address, contact_email from organizations where id = ${id}`;
    expect(row).toEqual({ name: 'HTX <Rau> sạch Nà Sơn', province: 'Tỉnh Sơn Lâm', address: null, contactEmail: null });
    const [audit] = await t.db.sql<
      { actor: string }[]
    >`select actor from audit_log where entity = 'organization' and entity_id = ${id} and action = 'create'`;
    expect(audit!.actor).toBe('admin:admin');
    // edit, then find it in the filtered list
    const edited = await admin.post(`/console/organizations/${id}`, {
      ...form,
      province: 'Tỉnh Sơn Lâm',
      gln: '',
      associationLevel: '',
      address: 'Thôn Bản Pài',
    });
    expect(edited.status).toBe(303);
    expect(await (await admin.follow(edited)).text()).toContain('Đã lưu thay đổi.');
    const list = await admin.html('/console/organizations?kind=cooperative&q=Rau');
    expectSmall(list, 'organizations');
    expect(list).toContain(`href="/console/organizations/${id}"`);
    expect(list).not.toContain('Hội Nông dân tỉnh Sơn Lâm');
  });
});

describe('API keys (admin)', () => {
  it('creates a key shown once, never listed, and revokes it', async () => {
    const bad = await admin.post('/console/keys/new', { name: 'Máy in tem', role: 'cooperative', organizationId: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="f-organizationId-err">Khóa của hợp tác xã phải thuộc một đơn vị/);
    const [org] = await t.db.sql<
      { id: string }[]
    >`select id from organizations where name = 'HTX Chè Shan tuyết Cao Bồ'`;
    const res = await admin.post('/console/keys/new', {
      name: 'Máy in tem HTX Cao Bồ',
      role: 'cooperative',
      organizationId: org!.id,
    });
    expect(res.status).toBe(201);
    const html = await res.text();
    expectSmall(html, 'new key');
    const key = html.match(/<code id="new-key">(ocop_[a-z0-9]{10}_[a-z0-9]{50})<\/code>/)![1]!;
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await t.call('GET', '/api/v1/areas', { key })).status).toBe(200);
    const list = await admin.html('/console/keys');
    expectSmall(list, 'keys');
    expect(list).toContain('Máy in tem HTX Cao Bồ');
    expect(list).toContain(`${key.slice(0, 15)}_…`);
    expect(list).not.toContain(key.slice(16));
    const [row] = await t.db.sql<{ id: string }[]>`select id from api_keys where name = 'Máy in tem HTX Cao Bồ'`;
    const [created] = await t.db.sql<{ actor: string; body: string }[]>`
      select actor, after::text as body from audit_log where entity = 'api_key' and entity_id = ${row!.id} and action = 'create'`;
    expect(created!.actor).toBe('admin:admin');
    expect(created!.body).not.toContain(key.slice(16));
    const revoke = await admin.post(`/console/keys/${row!.id}/revoke`, {});
    expect(revoke.status).toBe(303);
    expect(await (await admin.follow(revoke)).text()).toContain('Đã thu hồi khóa.');
    expect((await t.call('GET', '/api/v1/areas', { key })).status).toBe(401);
  });

  it('refuses admin forms without the CSRF token, writing nothing', async () => {
    const before = {
      orgs: await count('organizations'),
      keys: await count('api_keys'),
      audit: await count('audit_log'),
    };
    const form = { kind: 'cooperative', name: 'HTX CSRF', province: 'Tỉnh Sơn Lâm' };
    expect((await admin.post('/console/organizations/new', form, { csrf: null })).status).toBe(403);
    expect((await admin.post(`/console/organizations/${ids.org}`, form, { csrf: 'z'.repeat(43) })).status).toBe(403);
    expect(
      (await admin.post('/console/keys/new', { name: 'CSRF', role: 'staff', organizationId: '' }, { csrf: null }))
        .status,
    ).toBe(403);
    expect((await admin.post(`/console/keys/${ids.key}/revoke`, {}, { csrf: null })).status).toBe(403);
    expect({
      orgs: await count('organizations'),
      keys: await count('api_keys'),
      audit: await count('audit_log'),
    }).toEqual(before);
    const [k] = await t.db.sql<{ revokedAt: Date | null }[]>`select revoked_at from api_keys where id = ${ids.key}`;
    expect(k!.revokedAt).toBeNull();
  });
});

describe('who may open the staff pages', () => {
  const staffPages = () => [
    '/console/findings',
    `/console/findings/${ids.finding}`,
    '/console/trace',
    `/console/trace/forward?areaId=${ids.area}`,
    '/console/trace/backward?q=X',
    '/console/recall',
    `/console/recall/view?kind=area&id=${ids.area}`,
    '/console/report',
    '/console/report/print',
    '/console/report/programme.csv',
    `/console/trace/forward.csv?areaId=${ids.area}`,
  ];
  const adminPages = () => [
    '/console/organizations',
    '/console/organizations/new',
    `/console/organizations/${ids.org}`,
    '/console/keys',
    '/console/keys/new',
  ];

  it('gives a cooperative user the 403 page on every staff page and form, writing nothing', async () => {
    for (const p of [...staffPages(), ...adminPages()]) {
      const res = await coop.get(p);
      expect(res.status, p).toBe(403);
      expect(res.headers.get('content-type'), p).toMatch(/^text\/html/);
      expect(await res.text(), p).toContain('Bạn không có quyền thực hiện thao tác này.');
    }
    const before = {
      recalls: await count('batch_recalls'),
      orgs: await count('organizations'),
      keys: await count('api_keys'),
    };
    const posts: [string, Record<string, string>][] = [
      ['/console/findings/run', {}],
      [`/console/findings/${ids.finding}/acknowledge`, { note: 'x' }],
      [`/console/findings/${ids.finding}/resolve`, { note: 'x' }],
      [
        '/console/recall/preview',
        { kind: 'area', areaId: ids.area, reason: 'x', authority: 'x', recalledOn: '2026-11-27' },
      ],
      [
        '/console/recall/confirm',
        { kind: 'area', areaId: ids.area, reason: 'x', authority: 'x', recalledOn: '2026-11-27' },
      ],
      ['/console/recall/lift', { kind: 'area', id: ids.area, reason: 'x' }],
      ['/console/organizations/new', { kind: 'cooperative', name: 'x', province: 'x' }],
      [`/console/keys/${ids.key}/revoke`, {}],
      ['/console/keys/new', { name: 'x', role: 'admin', organizationId: '' }],
    ];
    for (const [p, form] of posts) expect((await coop.post(p, form)).status, p).toBe(403);
    expect({
      recalls: await count('batch_recalls'),
      orgs: await count('organizations'),
      keys: await count('api_keys'),
    }).toEqual(before);
    const [f] = await t.db.sql<{ status: string }[]>`select status from link_findings where id = ${ids.finding}`;
    expect(f!.status).toBe('open');
    const home = await coop.html('/console');
    for (const href of [
      '/console/findings',
      '/console/trace',
      '/console/recall',
      '/console/report',
      '/console/organizations',
      '/console/keys',
    ]) {
      expect(home).not.toContain(`href="${href}"`);
    }
  });

  it('lets staff use the staff pages but not the admin ones; admins see both in the nav', async () => {
    for (const p of adminPages()) expect((await staff.get(p)).status, p).toBe(403);
    for (const p of ['/console/findings', '/console/trace', '/console/recall', '/console/report'])
      expect((await staff.get(p)).status, p).toBe(200);
    const staffHome = await staff.html('/console');
    expect(staffHome).toContain('href="/console/findings">Bất thường cần xử lý</a>');
    expect(staffHome).not.toContain('href="/console/keys"');
    const adminHome = await admin.html('/console?lang=en');
    for (const label of ['Findings', 'Trace', 'Recall', 'Report', 'Organizations', 'API keys', 'Users'])
      expect(adminHome).toContain(`>${label}</a>`);
    for (const p of [...staffPages(), ...adminPages()])
      expect((await admin.get(p)).status, p).toBe(p.includes('backward?q=X') ? 400 : 200);
    await admin.html('/console?lang=vi');
  });
});
