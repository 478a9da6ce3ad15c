// The behaviour suite shared by the Node entry and the Worker entry: written once against a
// target (a base URL reached over real HTTP, and the test database behind it), run by
// node.test.ts and workerd.test.ts. What it covers is what a province relies on wherever the
// service runs: the GS1 Digital Link resolver, every stamp verdict, exact scan counts under
// concurrency, sealing and verifying a record, a print run's PDF read back by zbar, the console
// per role, and the limits.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { createApiKey } from '../../src/db/api-keys-store';
import { insertOrganization } from '../../src/db/organizations-store';
import { DEMO_PASSWORD } from '../../src/demo/users';
import { demoStampUrls } from '../../src/demo/stamps';
import { followRefreshes } from '../support/meta-refresh';
import { consoleBrowser } from '../support/app';
import { areaBody, productBody } from '../support/fixtures';
import { decodeAll, loadTemplate } from '../labels/helpers';
import { DEMO_VERDICT_HEADLINES } from '../support/demo-verdicts';
import { compressedStampLink } from '../support/digital-link';
import { LIMITS, type Target } from './target';
import { decodeWebp, jpeg, PDF } from '../photos/images';

const UA = 'Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36';
const GS1 = 'https://gs1.org/voc/';

let networks = 0;
/**
 * A phone on a network of its own (X-Forwarded-For, TRUST_PROXY is on): the per-network limits
 * of one test do not touch another's. Pass `network` to speak for one network several times.
 */
export function phone(network?: string, extra: Record<string, string> = {}): Record<string, string> {
  networks += 1;
  return {
    'user-agent': UA,
    accept: 'text/html',
    'x-forwarded-for': network ?? `10.${(networks >> 8) & 255}.${networks & 255}.7`,
    ...extra,
  };
}

/** A GTIN-13 from its first 12 digits and the GS1 mod-10 check digit. */
function gtin13(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return body + ((10 - (sum % 10)) % 10);
}

/** A day in Vietnam, `offset` days from today, as YYYY-MM-DD. */
function vnDay(offset = 0): string {
  return new Date(Date.now() + 7 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

export function behaviourSuite(start: () => Promise<Target>): void {
  let t: Target;
  /** The demo's stamp URLs by verdict label, made relative to the target. */
  let stamps: Record<string, string>;
  /** The genuine, active demo stamp: /01/{gtin}/10/{lot}/21/{serial} */
  let g: { path: string; gtin: string; lot: string; serial: string };

  const get = (path: string, headers: Record<string, string> = phone()) =>
    fetch(`${t.base}${path}`, { headers, redirect: 'manual' });
  const api = async (method: string, path: string, key: string, body?: unknown) => {
    const r = await fetch(`${t.base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (r.headers.get('content-type') ?? '').includes('json') ? await r.json() : null };
  };
  const ok = async (method: string, path: string, key: string, body?: unknown) => {
    const r = await api(method, path, key, body);
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    return r.body;
  };

  beforeAll(async () => {
    t = await start();
    stamps = {};
    for (const u of await demoStampUrls(t.sql)) stamps[u.label] = u.url.replace(t.base, '');
    const path = stamps['genuine, active']!;
    const m = /^\/01\/(\d{14})\/10\/([^/]+)\/21\/([^/?]+)$/.exec(path)!;
    g = { path, gtin: m[1]!, lot: decodeURIComponent(m[2]!), serial: m[3]! };
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('every stamp verdict', () => {
    it('shows each demo stamp with its verdict', async () => {
      expect(Object.keys(stamps).sort()).toEqual(Object.keys(DEMO_VERDICT_HEADLINES).sort());
      for (const [label, path] of Object.entries(stamps)) {
        const r = await get(path);
        expect(await r.text(), label).toMatch(DEMO_VERDICT_HEADLINES[label]!);
      }
    });
  });

  // Checks drawn from GS1's conformance list for Digital Link resolvers (GS1-Conformant
  // resolver standard, ISO/IEC 18975); the count is reported in the issue note.
  describe('GS1 Digital Link resolver conformance', () => {
    it('01 describes itself at /.well-known/gs1resolver', async () => {
      const r = await get('/.well-known/gs1resolver', phone(undefined, { accept: 'application/json' }));
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ resolverRoot: t.base, supportedPrimaryKeys: ['01'] });
    });

    it('02 resolves a GTIN, a lot and a serial to a page, with data attributes in the query', async () => {
      for (const path of [`/01/${g.gtin}`, `/01/${g.gtin}/10/${g.lot}`, g.path, `${g.path}?17=301231`]) {
        const r = await get(path);
        expect(r.status, path).toBe(200);
        expect(r.headers.get('content-type'), path).toMatch(/^text\/html/);
      }
    });

    it('03 accepts a GTIN-13 as its GTIN-14, and percent-encoded path segments', async () => {
      expect((await get(`/01/${g.gtin.slice(1)}`)).status).toBe(200);
      const encoded = [...g.lot].map((ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).join('');
      expect((await get(`/01/${g.gtin}/10/${encoded}`)).status).toBe(200);
    });

    it('04 answers HEAD like GET, without a body', async () => {
      for (const path of [`/01/${g.gtin}`, g.path]) {
        const r = await fetch(`${t.base}${path}`, { method: 'HEAD', headers: phone() });
        expect(r.status, path).toBe(200);
        expect(r.headers.get('content-type'), path).toMatch(/^text\/html/);
        expect(r.headers.get('link'), path).toMatch(/rel="linkset"/);
        expect(await r.text(), path).toBe('');
      }
    });

    it('05 answers OPTIONS with the methods allowed, for CORS preflight', async () => {
      const r = await fetch(`${t.base}${g.path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' },
      });
      expect(r.status).toBe(204);
      expect(r.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(r.headers.get('access-control-allow-methods')).toContain('HEAD');
      expect(r.headers.get('access-control-allow-headers')).toMatch(/Accept-Language/);
    });

    it('06 allows any origin to read its answers (CORS)', async () => {
      const r = await get(`/01/${g.gtin}`, phone(undefined, { origin: 'https://shop.example' }));
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect(r.headers.get('access-control-expose-headers')).toMatch(/Link/);
    });

    it('07 links every answer to its linkset in a Link header', async () => {
      for (const path of [`/01/${g.gtin}`, `/01/${g.gtin}/10/${g.lot}`, g.path]) {
        expect((await get(path)).headers.get('link'), path).toMatch(/rel="linkset"; type="application\/linkset\+json"/);
      }
    });

    it('08 serves the linkset for ?linkType=linkset', async () => {
      const r = await get(`${g.path}?linkType=linkset`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/linkset+json');
    });

    it('09 serves the linkset for Accept: application/linkset+json', async () => {
      const r = await get(g.path, phone(undefined, { accept: 'application/linkset+json' }));
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/linkset+json');
    });

    it('10 anchors the linkset at the request URI, with the GS1 link types', async () => {
      const set = (await (await get(`${g.path}?linkType=linkset`)).json()).linkset[0];
      expect(set.anchor).toBe(`${t.base}${g.path}`);
      for (const type of ['pip', 'verificationService', 'traceability', 'certificationInfo', 'hasRetailers'])
        expect(set[`${GS1}${type}`], type).toBeDefined();
    });

    it('11 has exactly one default link', async () => {
      const set = (await (await get(`${g.path}?linkType=linkset`)).json()).linkset[0];
      expect(set[`${GS1}defaultLink`]).toHaveLength(1);
      expect(set[`${GS1}defaultLink`][0].href).toBe(`${t.base}${g.path}`);
    });

    it('12 answers ?linkType=all with the linkset', async () => {
      const r = await get(`${g.path}?linkType=all`, phone());
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/linkset+json');
    });

    it('13 redirects ?linkType=gs1:pip with 307, passing the query on', async () => {
      const r = await get(`${g.path}?linkType=gs1:pip&utm_source=qr`);
      expect(r.status).toBe(307);
      expect(r.headers.get('location')).toMatch(/utm_source=qr/);
    });

    it('14 redirects ?linkType=gs1:traceability to the signed batch record', async () => {
      const r = await get(`${g.path}?linkType=gs1:traceability`);
      expect(r.status).toBe(307);
      const location = r.headers.get('location')!;
      expect(location).toMatch(new RegExp(`^${t.base}/api/v1/batches/[0-9a-f-]{36}/record$`));
      const record = await fetch(location);
      expect(record.status).toBe(200);
      expect((await record.json()).verification).toMatchObject({ status: 'valid', signature: { valid: true } });
    });

    it('15 takes a link type written as its full URI', async () => {
      const r = await get(`${g.path}?linkType=${GS1}verificationService`);
      expect(r.status).toBe(307);
      const v = await get(
        r.headers.get('location')!.replace(t.base, ''),
        phone(undefined, { accept: 'application/json' }),
      );
      expect(await v.json()).toMatchObject({ verdict: 'genuine', genuine: true });
    });

    it('16 answers 404 for a link type it does not have', async () => {
      const r = await get(`/01/${g.gtin}?linkType=gs1:traceability`);
      expect(r.status).toBe(404);
      expect((await r.json()).error.code).toBe('NOT_FOUND');
    });

    it('17 answers 400 for a GTIN with a wrong check digit, readable cross-origin', async () => {
      const wrong = `${g.gtin.slice(0, -1)}${(Number(g.gtin.at(-1)) + 1) % 10}`;
      const r = await get(
        `/01/${wrong}`,
        phone(undefined, { accept: 'application/json', origin: 'https://x.example' }),
      );
      expect(r.status).toBe(400);
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect((await r.json()).error.message).toMatch(/check digit/);
    });

    it('18 answers 400 for qualifiers out of order, unknown AIs, too long values and short GTINs', async () => {
      for (const path of [
        `/01/${g.gtin}/21/${g.serial}/10/${g.lot}`,
        `/01/${g.gtin}/99/x`,
        `/01/${g.gtin}/10/${'A'.repeat(21)}`,
        '/01/12345',
      ])
        expect((await get(path, phone(undefined, { accept: 'application/json' }))).status, path).toBe(400);
    });

    it('19 resolves a compressed Digital Link like the uncompressed one', async () => {
      const path = `/${compressedStampLink(g.gtin, g.lot, g.serial)}`;
      const r = await get(`${path}?linkType=linkset`);
      expect(r.status).toBe(200);
      expect((await r.json()).linkset[0].anchor).toBe(`${t.base}${g.path}`);
      const page = await get(path);
      expect(page.headers.get('link')).toContain(`<${t.base}${g.path}>; rel="canonical"`);
    });

    it('20 answers a GTIN not on record with 404, as the linkset asks', async () => {
      const r = await get('/ARHKVAdpQg', phone(undefined, { accept: 'application/linkset+json' }));
      expect(r.status).toBe(404);
      expect((await r.json()).error.message).toBe('No product has this GTIN');
    });

    it('21 offers the product page in Vietnamese and English, and follows Accept-Language', async () => {
      const set = (await (await get(`${g.path}?linkType=linkset`)).json()).linkset[0];
      expect(set[`${GS1}pip`].map((l: { hreflang: string[] }) => l.hreflang[0])).toEqual(['vi', 'en']);
      const en = await get(`/01/${g.gtin}`, phone(undefined, { 'accept-language': 'en-US,en;q=0.9' }));
      expect(await en.text()).toMatch(/<html lang="en">/);
    });

    it('records no scan for linkset requests, HEAD or OPTIONS', async () => {
      // a stamp of its own, never opened as a page
      const [row] = await t.sql<{ gtin: string; lotCode: string; serial: string }[]>`
        select r.gtin, r.lot_code, s.serial from stamps s join print_runs r on r.id = s.print_run_id
        where s.state = 'active' and s.scan_count = 0 and s.serial <> ${g.serial} order by s.serial limit 1`;
      const path = `/01/${row!.gtin}/10/${row!.lotCode}/21/${row!.serial}`;
      await get(`${path}?linkType=linkset`);
      await get(`${path}?linkType=all`);
      await fetch(`${t.base}${path}`, { method: 'OPTIONS' });
      const [n] = await t.sql<{ n: number }[]>`select count(*)::int as n from scans where serial = ${row!.serial}`;
      expect(n!.n).toBe(0);
    });
  });

  describe('a batch, sealed, printed and scanned', () => {
    let coopKey: string;
    let batchId: string;
    let runId: string;
    let uris: string[];

    it('seals a batch through the API; its record verifies against the JWKS', async () => {
      const org = await insertOrganization(t.sql, {
        kind: 'cooperative',
        associationLevel: null,
        name: `HTX Bộ kiểm thử ${t.runtime}`,
        registrationCode: `HTX-SUITE-${t.runtime}`,
        address: null,
        province: 'Tỉnh Thử nghiệm',
        commune: null,
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        gln: null,
        parentId: null,
      });
      coopKey = (
        await createApiKey(t.sql, { name: org.name, role: 'cooperative', organizationId: org.id, createdBy: null })
      ).key;
      const area = await ok('POST', '/areas', coopKey, areaBody(org.id));
      const product = await ok('POST', '/products', coopKey, productBody(org.id, { gtin: gtin13('893123450000') }));
      await ok('POST', `/products/${product.id}/ratings`, t.adminKey, {
        stars: 4,
        decisionNumber: '77/QĐ-UBND',
        issuingLevel: 'province',
        decisionDate: vnDay(-60),
      });
      const lot = await ok('POST', '/harvest-lots', coopKey, {
        areaId: area.id,
        harvestedOn: vnDay(-10),
        quantity: 100,
        unit: 'kg',
      });
      const draft = await ok('POST', '/batches', coopKey, {
        productId: product.id,
        lotCode: `SUITE-${t.runtime.toUpperCase()}`,
        productionDate: vnDay(-5),
        quantity: 20,
        unit: 'kg',
        testResults: [{ name: 'Độ ẩm', value: '4.8', unit: '%', lab: 'Trung tâm Kiểm nghiệm tỉnh', date: vnDay(-4) }],
        inputs: [{ harvestLotId: lot.id, quantity: 40 }],
        events: [{ type: 'harvesting', occurredAt: `${vnDay(-10)}T06:00:00+07:00`, placeAreaId: area.id }],
      });
      batchId = draft.id;
      const sealed = await ok('POST', `/batches/${batchId}/seal`, coopKey);
      expect(sealed.batch.status).toBe('sealed');

      const record = await ok('GET', `/batches/${batchId}/record`, coopKey);
      expect(record.verification).toMatchObject({ status: 'valid', signature: { valid: true } });
      const jwks = await (await fetch(`${t.base}/.well-known/jwks.json`)).json();
      const { payload, protectedHeader } = await compactVerify(record.jws, createLocalJWKSet(jwks), {
        algorithms: ['EdDSA'],
      });
      expect(protectedHeader.typ).toBe('ocop-batch-record+jws');
      expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(record.payload);
      const listed = await ok('GET', '/batches', coopKey);
      expect(listed.items.map((b: { id: string }) => b.id)).toContain(batchId);
    });

    it('prints a run whose PDF decodes, stamp by stamp, to the run’s Digital Links', async () => {
      const run = await ok('POST', '/print-runs', coopKey, { batchId, count: 4, templateId: 'roll-50x30' });
      runId = run.id;
      const csv = await fetch(`${t.base}/api/v1/print-runs/${runId}/serials.csv`, {
        headers: { authorization: `Bearer ${coopKey}` },
      });
      expect(csv.status).toBe(200);
      const lines = (await csv.text()).trim().split('\r\n').slice(1);
      uris = lines.map((l) => l.split(',').find((f) => f.startsWith('http'))!);
      expect(uris).toHaveLength(4);
      for (const u of uris) expect(u.startsWith(`${t.base}/01/`)).toBe(true);
      const pdf = await fetch(`${t.base}/api/v1/print-runs/${runId}/pdf`, {
        headers: { authorization: `Bearer ${coopKey}` },
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const dir = mkdtempSync(join(tmpdir(), 'ocop-suite-pdf-'));
      try {
        const file = join(dir, 'run.pdf');
        writeFileSync(file, new Uint8Array(await pdf.arrayBuffer()));
        expect(decodeAll(loadTemplate('roll-50x30'), file, 4, 300, dir)).toEqual(uris);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('counts 30 concurrent scans of one stamp exactly, each answer its own count', async () => {
      await ok('POST', `/print-runs/${runId}/activate`, coopKey, {});
      const path = uris[0]!.replace(t.base, '');
      const serial = path.slice(-14);
      const pages = await Promise.all(
        Array.from({ length: 30 }, () => get(path).then(async (r) => ({ status: r.status, html: await r.text() }))),
      );
      expect(pages.map((p) => p.status)).toEqual(Array(30).fill(200));
      const shown = pages.map((p) => Number(/quét (\d+) lần/.exec(p.html)?.[1])).sort((a, b) => a - b);
      expect(shown).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      const [row] = await t.sql<{ scans: number; counted: number }[]>`
        select (select count(*)::int from scans where serial = ${serial} and not is_bot) as scans,
               (select scan_count from stamps where serial = ${serial}) as counted`;
      expect(row).toEqual({ scans: 30, counted: 30 });
    });

    it('finds the demo’s certification problems when the link checks run', async () => {
      const summary = await ok('POST', '/checks/run', t.adminKey, {});
      const rule = summary.rules.find((r: { code: string }) => r.code === 'CERTIFICATION_NOT_HELD');
      expect(rule.found).toBeGreaterThan(0);
    });
  });

  describe('the console', () => {
    const browser = () =>
      consoleBrowser(
        { request: (url, init) => fetch(url, { ...init, redirect: 'manual' }) },
        { PUBLIC_BASE_URL: t.base } as Config,
        { headers: phone() },
      );

    it('signs in the demo admin, who sees the users', async () => {
      const b = browser();
      await b.signIn('admin', DEMO_PASSWORD);
      const users = await b.html('/console/users');
      for (const u of ['admin', 'canbo', 'htx.checaobo']) expect(users).toContain(`>${u}</a>`);
    });

    it('signs in the demo staff officer, who sees the link checks’ findings', async () => {
      const b = browser();
      await b.signIn('canbo', DEMO_PASSWORD);
      // the link checks ran above: their certification finding is listed
      expect(await b.html('/console/findings')).toContain(
        'Sản phẩm công bố chứng nhận mà vùng nguyên liệu không có vào ngày thu hoạch',
      );
    });

    it('runs the link checks in the background from the console, and the run’s page reaches the result', async () => {
      const b = browser();
      await b.signIn('canbo', DEMO_PASSWORD);
      await b.html('/console/findings');
      const res = await b.post('/console/findings/run', {});
      expect(res.status).toBe(303);
      const location = res.headers.get('location')!;
      expect(location).toMatch(/^\/console\/findings\/runs\/[0-9a-f-]{36}$/);
      // on Workers the run goes on under the request's waitUntil after the answer
      const pages = await followRefreshes((p) => b.html(p), location);
      expect(pages.at(-1)).toContain('Kết quả theo quy tắc');
      expect(pages.at(-1)).toContain('href="/console/findings?rule=CERTIFICATION_NOT_HELD"');
    });

    it('signs in a cooperative, who sees its batches and print runs', async () => {
      const b = browser();
      await b.signIn('htx.checaobo', DEMO_PASSWORD);
      expect(await b.html('/console')).toContain('HTX Chè Shan tuyết Cao Bồ');
      expect(await b.html('/console/batches')).toContain('CST-260410');
      expect(await b.html('/console/print-runs')).toContain('CST-260410');
    });

    it('refuses a wrong password', async () => {
      await expect(browser().signIn('admin', 'not the password')).rejects.toThrow();
    });
  });

  describe('the limits', () => {
    it('answers 429 past the unknown-serial limit of a network, and not to another network', async () => {
      const net = '198.51.100.23';
      const unknown = (i: number) => `/01/${g.gtin}/10/${g.lot}/21/ZZZZZZZZZZZZ${'23456789'[i]}${'Z'}`;
      const statuses: number[] = [];
      for (let i = 0; i <= LIMITS.unknownSerials; i++) statuses.push((await get(unknown(i), phone(net))).status);
      expect(statuses).toEqual([...Array(LIMITS.unknownSerials).fill(404), 429]);
      expect((await get(unknown(7), phone())).status).toBe(404);
    });

    it('answers 429 past the fake-report limit of a network', async () => {
      const net = '198.51.101.23';
      const report = () =>
        fetch(`${t.base}/report`, {
          method: 'POST',
          headers: { ...phone(net), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            gtin: g.gtin,
            lot: g.lot,
            serial: 'ZZZZZZZZZZZZZ2',
            verdict: 'unknown',
            message: 'Mua ở chợ huyện',
            contact: '',
          }).toString(),
        });
      const statuses: number[] = [];
      for (let i = 0; i <= LIMITS.reports; i++) statuses.push((await report()).status);
      expect(statuses).toEqual([...Array(LIMITS.reports).fill(201), 429]);
    });

    it('answers 429 with Retry-After past the flood limit of a network', async () => {
      const net = '198.51.102.23';
      const statuses: number[] = [];
      let refused: Response | undefined;
      // A fixed window (the Workers binding) may roll over once during the run: twice the limit
      // and one more always reach a refusal.
      for (let i = 0; i <= 2 * LIMITS.flood && !refused; i++) {
        const r = await get(`/01/${g.gtin}`, phone(net, { accept: 'application/json' }));
        statuses.push(r.status);
        if (r.status === 429) refused = r;
        else await r.body?.cancel();
      }
      expect(statuses.slice(0, LIMITS.flood)).toEqual(Array(LIMITS.flood).fill(200));
      expect(refused?.status).toBe(429);
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused!.json()).error.code).toBe('RATE_LIMITED');
    });
  });

  describe('product photos', () => {
    it('resizes an uploaded JPEG to WebP widths with the runtime’s codecs, serves them cached, and refuses a disguised PDF', async () => {
      const form = new FormData();
      form.set('photo', new Blob([(await jpeg(700, 500)) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'a.jpg');
      const r = await fetch(`${t.base}/api/v1/products/${await productId()}/photos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.adminKey}` },
        body: form,
      });
      const photo = await r.json();
      expect(r.status, JSON.stringify(photo)).toBe(201);
      expect(photo.variants.map((v: { width: number }) => v.width)).toEqual([160, 320, 640, 700]);
      const file = await fetch(photo.variants[2].url);
      expect(file.headers.get('content-type')).toBe('image/webp');
      expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const px = await decodeWebp(new Uint8Array(await file.arrayBuffer()));
      expect([px.width, px.height]).toEqual([640, 457]);
      const again = await fetch(photo.variants[2].url, { headers: { 'if-none-match': file.headers.get('etag')! } });
      expect(again.status).toBe(304);
      const pdf = await fetch(`${t.base}/api/v1/products/${await productId()}/photos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'image/jpeg' },
        body: PDF as Uint8Array<ArrayBuffer>,
      });
      expect(pdf.status).toBe(415);
      expect((await pdf.json()).error.details.disguised).toBe(true);
    });
  });

  /** The genuine demo stamp's product. */
  async function productId(): Promise<string> {
    const [row] = await t.sql<{ id: string }[]>`select id from products where gtin = ${g.gtin}`;
    return row!.id;
  }
}
