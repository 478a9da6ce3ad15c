import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

let t: TestContext;
const PHONE = {
  'user-agent': 'Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36',
  accept: 'text/html',
};

interface Stamped {
  gtin: string;
  lot: string;
  serials: string[];
  batchId: string;
  coopKey: string;
  runId: string;
}

async function stamped(opts: { count?: number; nameVi?: string } = {}): Promise<Stamped> {
  const c = await producerChain(t);
  if (opts.nameVi)
    await json(
      t.call('PATCH', `/api/v1/products/${c.product.id}`, { key: c.coop.key, body: { nameVi: opts.nameVi } }),
      200,
    );
  const lot = await c.harvest(100);
  const draft = await json(
    t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([{ harvestLotId: lot.id, quantity: 40 }]) }),
    201,
  );
  const sealed = await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
  const run = await json(
    t.call('POST', '/api/v1/print-runs', {
      key: c.coop.key,
      body: { batchId: draft.id, count: opts.count ?? 10, templateId: 'a4-3x8' },
    }),
    201,
  );
  const csv = await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key })).text();
  const serials = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[1]!);
  return {
    gtin: c.product.gtin,
    lot: sealed.batch.lotCode,
    serials,
    batchId: draft.id,
    coopKey: c.coop.key,
    runId: run.id,
  };
}

const page = (s: Stamped, serial: string, q = '') => `/01/${s.gtin}/10/${s.lot}/21/${serial}${q}`;
const get = (path: string, headers: Record<string, string> = PHONE) => t.call('GET', path, { headers });

beforeAll(async () => {
  t = await createTestContext({
    SCAN_WARNING_THRESHOLD: '3',
    PUBLIC_RATE_LIMIT: '100000',
    UNKNOWN_SERIAL_RATE_LIMIT: '1000',
  });
});
afterAll(async () => {
  await t?.close();
});

describe('stamp verdicts', () => {
  it('says genuine for an active stamp, with the facts of the batch', async () => {
    const s = await stamped();
    await json(t.call('POST', `/api/v1/print-runs/${s.runId}/activate`, { key: s.coopKey, body: {} }), 200);
    const r = await get(page(s, s.serials[0]!));
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const html = await r.text();
    expect(html).toContain('Tem chính hãng, đang lưu hành');
    expect(html).toContain('Chè Shan tuyết cổ thụ Cao Bồ');
    expect(html).toContain('4 sao');
    expect(html).toContain('Vùng chè Shan tuyết Cao Bồ');
    expect(html).toContain('VG-2024-001');
    expect(html).toContain('openstreetmap.org/?mlat=');
    expect(html).toContain('Hợp lệ');
    expect(html).toContain('Tem này đã được quét 1 lần');
    // a measured value entered as "4.8" reads with a decimal comma on a Vietnamese page
    expect(html).toContain('Độ ẩm: 4,8 %');
    expect(html).toMatch(/<html lang="vi">/);
    expect(new TextEncoder().encode(html).length).toBeLessThanOrEqual(30 * 1024);
  });

  it('tells not activated, void, recalled, unknown and mistyped apart', async () => {
    const s = await stamped();
    expect(await (await get(page(s, s.serials[0]!))).text()).toContain('chưa được kích hoạt');
    await json(
      t.call('POST', `/api/v1/print-runs/${s.runId}/void`, {
        key: s.coopKey,
        body: { fromSerial: s.serials[1], toSerial: s.serials[1], reason: 'Rách' },
      }),
      200,
    );
    expect(await (await get(page(s, s.serials[1]!))).text()).toContain('Tem đã bị hủy');
    const unknown = await get(page(s, 'ABCDEFGHJKMNP2'));
    expect(unknown.status).toBe(404);
    const u = await unknown.text();
    expect(u).toMatch(/Không tìm thấy — có thể là hàng giả|Số tem bị nhập sai/);
    const good = s.serials[2]!;
    const typo = good.slice(0, 4) + (good[4] === 'X' ? 'Y' : 'X') + good.slice(5);
    const mistyped = await get(page(s, typo));
    expect(mistyped.status).toBe(404);
    expect(await mistyped.text()).toContain('Số tem bị nhập sai');
    expect(await (await get(page(s, 'ABCDEFGHJKMNP2', '?lang=en'))).text()).toMatch(
      /Not found — possibly counterfeit|Stamp code mistyped/,
    );
    // a serial of this product under another lot is not genuine
    expect((await get(`/01/${s.gtin}/10/OTHER-LOT/21/${s.serials[3]}`)).status).toBe(404);
  });

  it('shows a recall on every stamp of the batch as soon as it is recorded', async () => {
    const s = await stamped();
    await json(t.call('POST', `/api/v1/print-runs/${s.runId}/activate`, { key: s.coopKey, body: {} }), 200);
    expect(await (await get(page(s, s.serials[0]!))).text()).toContain('Tem chính hãng');
    await json(
      t.call('POST', `/api/v1/batches/${s.batchId}/recall`, {
        key: t.keys.staff,
        body: { reason: 'Dư lượng <b>vượt ngưỡng</b>', authority: 'Chi cục QLCL', recalledOn: '2025-06-15' },
      }),
      201,
    );
    // the promise is "within 5 seconds, whichever instance serves it": poll until it shows
    const recordedAt = Date.now();
    while (!(await (await get(page(s, s.serials[0]!))).text()).includes('Sản phẩm đang bị thu hồi')) {
      expect(Date.now() - recordedAt).toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const serial of s.serials.slice(0, 3)) {
      const html = await (await get(page(s, serial))).text();
      expect(html).toContain('Sản phẩm đang bị thu hồi');
      expect(html).toContain('Dư lượng &lt;b&gt;vượt ngưỡng&lt;/b&gt;');
    }
    expect(await (await get(`/01/${s.gtin}/10/${s.lot}`)).text()).toContain('Sản phẩm đang bị thu hồi');
  });

  it('switches to English by query or Accept-Language, with a visible switch', async () => {
    const s = await stamped();
    const en = await (await get(page(s, s.serials[0]!), { ...PHONE, 'accept-language': 'en-US,en;q=0.9' })).text();
    expect(en).toMatch(/<html lang="en">/);
    expect(en).toContain('Genuine stamp, not yet activated');
    expect(en).toContain('Tiếng Việt');
    expect(await (await get(page(s, s.serials[0]!, '?lang=en'))).text()).toContain('Cao Bo ancient Shan tuyet tea');
  });

  it('escapes every text from the database', async () => {
    const s = await stamped({ nameVi: '<script>alert(1)</script>"><img src=x onerror=alert(2)>' });
    const html = await (await get(page(s, s.serials[0]!))).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('scan log', () => {
  it('counts every scan exactly, including the one being answered, under concurrent requests', async () => {
    const s = await stamped();
    await json(t.call('POST', `/api/v1/print-runs/${s.runId}/activate`, { key: s.coopKey, body: {} }), 200);
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => get(page(s, s.serials[0]!)).then((r) => r.text())),
    );
    const shown = answers.map((h) => Number(/quét (\d+) lần/.exec(h)![1])).sort((a, b) => a - b);
    expect(shown).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const [row] = await t.db.sql`select count(*)::int as n from scans where serial = ${s.serials[0]!} and not is_bot`;
    expect(row!.n).toBe(25);
  });

  it('records HEAD requests and link previewers as bots, not counted toward the warning', async () => {
    const s = await stamped();
    await t.call('HEAD', page(s, s.serials[0]!), { headers: PHONE });
    await get(page(s, s.serials[0]!), { 'user-agent': 'facebookexternalhit/1.1', accept: 'text/html' });
    await get(page(s, s.serials[0]!), { 'user-agent': 'Zalo Link Preview', accept: 'text/html' });
    const html = await (await get(page(s, s.serials[0]!))).text();
    expect(html).toContain('đã được quét 1 lần');
    const rows = await t.db
      .sql`select is_bot, user_agent_family, known from scans where serial = ${s.serials[0]!} order by id`;
    expect(rows.map((r) => r.isBot)).toEqual([true, true, true, false]);
    expect(rows.every((r) => r.known)).toBe(true);
  });

  it('warns when a stamp is scanned more often than the threshold', async () => {
    const s = await stamped();
    for (let i = 0; i < 3; i++) expect(await (await get(page(s, s.serials[0]!))).text()).not.toContain('Cảnh báo');
    expect(await (await get(page(s, s.serials[0]!))).text()).toContain('Cảnh báo');
  });

  it('logs unknown serials against the product and stores fake reports', async () => {
    const s = await stamped();
    await get(page(s, 'ZZZZZZZZZZZZZ2'));
    const [log] = await t.db.sql`select known, gtin from scans where serial = 'ZZZZZZZZZZZZZ2'`;
    expect(log).toEqual({ known: false, gtin: s.gtin });
    const form = new URLSearchParams({
      gtin: s.gtin,
      lot: s.lot,
      serial: 'ZZZZZZZZZZZZZ2',
      verdict: 'unknown',
      message: 'Mua ở chợ <huyện>',
      contact: '0912345678',
    });
    const r = await t.call('POST', '/report', {
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(201);
    expect(await r.text()).toContain('Cảm ơn bạn');
    const [rep] = await t.db.sql`select message, contact, status from fake_reports where serial = 'ZZZZZZZZZZZZZ2'`;
    expect(rep).toEqual({ message: 'Mua ở chợ <huyện>', contact: '0912345678', status: 'new' });
    const listed = await json(t.call('GET', `/api/v1/fake-reports?gtin=${s.gtin}`, { key: t.keys.staff }), 200);
    expect(listed.items[0]).toMatchObject({ serial: 'ZZZZZZZZZZZZZ2', message: 'Mua ở chợ <huyện>', status: 'new' });
    const coop = await t.cooperative();
    expect((await t.call('GET', '/api/v1/fake-reports', { key: coop.key })).status).toBe(403);
    const bad = await t.call('POST', '/report', {
      body: JSON.stringify({ gtin: s.gtin, serial: 'X', verdict: 'unknown', message: '' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
  });
});

describe('GS1 Digital Link resolver', () => {
  it('serves an RFC 9264 linkset with the GS1 link types, by Accept or ?linkType=linkset', async () => {
    const s = await stamped();
    for (const r of [
      await get(page(s, s.serials[0]!, '?linkType=linkset')),
      await get(page(s, s.serials[0]!), { accept: 'application/linkset+json' }),
    ]) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/linkset+json');
      const body = await r.json();
      const set = body.linkset[0];
      expect(set.anchor).toBe(`https://trace.example.vn${page(s, s.serials[0]!)}`);
      for (const type of ['pip', 'verificationService', 'traceability', 'certificationInfo', 'hasRetailers']) {
        expect(set[`https://gs1.org/voc/${type}`], type).toBeDefined();
      }
      expect(set['https://gs1.org/voc/pip'].map((l: { hreflang: string[] }) => l.hreflang[0])).toEqual(['vi', 'en']);
    }
    // no stamp was scanned by asking for links
    const [row] = await t.db.sql`select count(*)::int as n from scans where serial = ${s.serials[0]!}`;
    expect(row!.n).toBe(0);
  });

  it('redirects ?linkType=gs1:… with 307, passing the query on, or answers 404', async () => {
    const s = await stamped();
    const trace = await get(page(s, s.serials[0]!, '?linkType=gs1:traceability'));
    expect(trace.status).toBe(307);
    expect(trace.headers.get('location')).toBe(`https://trace.example.vn/api/v1/batches/${s.batchId}/record`);
    const pip = await get(page(s, s.serials[0]!, '?linkType=gs1:pip&lang=en&utm_source=qr'));
    expect(pip.status).toBe(307);
    expect(pip.headers.get('location')).toMatch(/\?lang=en&lang=en&utm_source=qr$|\?lang=en&utm_source=qr$/);
    const none = await get(`/01/${s.gtin}?linkType=gs1:traceability`);
    expect(none.status).toBe(404);
    expect((await none.json()).error.code).toBe('NOT_FOUND');
    const full = await get(page(s, s.serials[0]!, '?linkType=https://gs1.org/voc/verificationService'));
    expect(full.status).toBe(307);
    const v = await get(full.headers.get('location')!.replace('https://trace.example.vn', ''));
    expect(await v.json()).toMatchObject({ verdict: 'not_activated', genuine: false });
  });

  it('sends a Link header and CORS headers on every answer, and answers HEAD and OPTIONS', async () => {
    const s = await stamped();
    for (const path of [page(s, s.serials[0]!), `/01/${s.gtin}/10/${s.lot}`, `/01/${s.gtin}`]) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('link')).toMatch(/rel="linkset"; type="application\/linkset\+json"/);
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
    }
    const head = await t.call('HEAD', `/01/${s.gtin}`);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const options = await t.call('OPTIONS', page(s, s.serials[0]!));
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-methods')).toContain('HEAD');
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(options.headers.get('access-control-allow-headers')).toMatch(/Accept-Language/);
    // refusals carry CORS too, so a cross-origin verifier can read why
    const wrongCheck = `${s.gtin.slice(0, -1)}${(Number(s.gtin.at(-1)) + 1) % 10}`;
    const bad = await t.call('GET', `/01/${wrongCheck}`, { headers: { origin: 'https://shop.example' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
    expect(bad.headers.get('access-control-expose-headers')).toMatch(/Link/);
    const verify = await t.call('GET', `/verify/${s.gtin}/${s.lot}/${s.serials[0]!}`);
    expect(verify.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('accepts GTIN-8/12/13/14 and answers 400 for a wrong check digit or a malformed path', async () => {
    const s = await stamped();
    const gtin13 = s.gtin.slice(1);
    expect((await get(`/01/${gtin13}`)).status).toBe(200);
    const wrong = gtin13.slice(0, 12) + ((Number(gtin13[12]) + 1) % 10);
    const r = await get(`/01/${wrong}`, { accept: 'application/json' });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/check digit/);
    expect((await get(`/01/${gtin13}`, { accept: 'text/html' })).status).toBe(200);
    expect((await get(`/01/${wrong}`, PHONE)).status).toBe(400);
    expect((await get(`/01/${s.gtin}/21/ABC/10/LOT`)).status).toBe(400);
    expect((await get(`/01/${s.gtin}/99/x`)).status).toBe(400);
    expect((await get(`/01/${s.gtin}/10/${'A'.repeat(21)}`)).status).toBe(400);
    expect((await get('/01/12345')).status).toBe(400);
  });

  it('describes itself at /.well-known/gs1resolver', async () => {
    const r = await json(get('/.well-known/gs1resolver'), 200);
    expect(r).toMatchObject({ resolverRoot: 'https://trace.example.vn', supportedPrimaryKeys: ['01'] });
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-network limits', async () => {
    const limited = await createTestContext({
      PUBLIC_RATE_LIMIT: '5',
      UNKNOWN_SERIAL_RATE_LIMIT: '3',
      REPORT_RATE_LIMIT: '1',
    });
    try {
      const s = { gtin: '08930000000019', lot: 'L1' };
      const h = { ...PHONE, 'x-forwarded-for': '203.0.113.7' };
      const statuses = [];
      for (let i = 0; i < 6; i++)
        statuses.push(
          (await limited.call('GET', `/01/${s.gtin}/10/L1/21/ZZZZZZZZZZZZZ${i + 2}`, { headers: h })).status,
        );
      expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
      expect(statuses.slice(3)).toEqual([429, 429, 429]);
      const r = await limited.call('GET', '/01/08930000000019', {
        headers: { ...h, 'x-forwarded-for': '203.0.113.8' },
      });
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await r.text()).toContain('Quá nhiều lượt kiểm tra'); // a browser gets a page
      // another network is not affected
      expect(
        (
          await limited.call('GET', '/01/08930000000019/10/L1/21/ZZZZZZZZZZZZZ2', {
            headers: { ...PHONE, 'x-forwarded-for': '198.51.100.9' },
          })
        ).status,
      ).toBe(404);
    } finally {
      await limited.close();
    }
  });
});
