// Issue #12, security headers of the public pages: every HTML page outside the console gets a
// Content-Security-Policy allowing only what it needs (a script only by its hash, only where the
// page has one), no framing, nosniff and a Referrer-Policy; HSTS only when PUBLIC_BASE_URL is
// https; the console keeps its own headers exactly.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

let t: TestContext;
let plain: TestContext;
const HTML = { accept: 'text/html', 'user-agent': 'Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile' };

let stampPath: string;
let unknownStampPath: string;
let batchPath: string;
let productPath: string;

beforeAll(async () => {
  t = await createTestContext();
  plain = await createTestContext({ PUBLIC_BASE_URL: 'http://trace.example.vn' });
  const c = await producerChain(t);
  const lot = await c.harvest(100);
  const draft = await json(
    t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([{ harvestLotId: lot.id, quantity: 10 }]) }),
    201,
  );
  await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
  const run = await json(
    t.call('POST', '/api/v1/print-runs', {
      key: c.coop.key,
      body: { batchId: draft.id, count: 2, templateId: 'roll-50x30' },
    }),
    201,
  );
  const csv = await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key })).text();
  const serial = csv.trim().split('\r\n')[1]!.split(',')[1]!;
  productPath = `/01/${c.product.gtin}`;
  batchPath = `${productPath}/10/${draft.lotCode}`;
  stampPath = `${batchPath}/21/${serial}`;
  unknownStampPath = `${batchPath}/21/ZZZZZZZZZZZZZZ`;
}, 120_000);
afterAll(async () => {
  await t?.close();
  await plain?.close();
});

/** The CSP as directive → sources. */
function csp(r: Response): Map<string, string[]> {
  const header = r.headers.get('content-security-policy');
  expect(header, `${r.url} has a Content-Security-Policy`).toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const inlineScripts = (html: string) => [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

function expectCommon(r: Response, label: string) {
  const p = csp(r);
  expect(p.get('default-src'), label).toEqual(["'none'"]);
  expect(p.get('frame-ancestors'), label).toEqual(["'none'"]);
  expect(p.get('base-uri'), label).toEqual(["'none'"]);
  expect(r.headers.get('x-frame-options'), label).toBe('DENY');
  expect(r.headers.get('x-content-type-options'), label).toBe('nosniff');
  expect(r.headers.get('referrer-policy'), label).toBe('strict-origin-when-cross-origin');
  return p;
}

describe('security headers of the public pages', () => {
  it('lets the stamp page run only its share-position script, by hash, and post only to this site', async () => {
    const r = await t.call('GET', stampPath, { headers: HTML });
    expect(r.status).toBe(200);
    const html = await r.text();
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(1);
    const p = expectCommon(r, 'stamp');
    expect(p.get('script-src')).toEqual([sha256(scripts[0]!)]);
    expect(p.get('connect-src')).toEqual(["'self'"]);
    expect(p.get('form-action')).toEqual(["'self'"]);
    expect(html).not.toMatch(/ on[a-z]+=/i);
    // Another stamp of the same batch comes from the same cached page: the script, and so its hash, are the same.
    const again = await t.call('GET', stampPath, { headers: HTML });
    expect(csp(again).get('script-src')).toEqual([sha256(scripts[0]!)]);
  });

  it('gives batch, product, model, unknown-stamp and error pages a policy without any script', async () => {
    const pages: [string, string, number][] = [
      ['batch', batchPath, 200],
      ['product', productPath, 200],
      ['unknown stamp', unknownStampPath, 404],
      ['models', '/models', 200],
      ['unknown model', '/models/no-such-model', 404],
      ['bad Digital Link', '/01/12345', 400],
      ['no such product', '/01/08930000000019', 404],
    ];
    for (const [label, path, status] of pages) {
      const r = await t.call('GET', path, { headers: HTML });
      expect(r.status, label).toBe(status);
      expect(r.headers.get('content-type'), label).toMatch(/^text\/html/);
      const p = expectCommon(r, label);
      expect(p.has('script-src'), label).toBe(false);
      expect(p.has('connect-src'), label).toBe(false);
      expect(inlineScripts(await r.text()), label).toEqual([]);
    }
  });

  it('runs the inline script of /docs by its hash, never with unsafe-inline', async () => {
    const r = await t.call('GET', '/docs');
    const scripts = inlineScripts(await r.text());
    expect(scripts).toHaveLength(1);
    const p = expectCommon(r, '/docs');
    expect(p.get('script-src')).toEqual([sha256(scripts[0]!)]);
    expect(p.get('connect-src')).toEqual(["'self'"]);
    expect(r.headers.get('content-security-policy')).not.toContain("unsafe-inline'; script");
    expect(p.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('sends HSTS only when PUBLIC_BASE_URL is https', async () => {
    for (const path of ['/models', '/docs', '/healthz', '/01/12345']) {
      const secure = await t.call('GET', path, { headers: HTML });
      expect(secure.headers.get('strict-transport-security'), path).toBe('max-age=15552000; includeSubDomains');
      const open = await plain.call('GET', path, { headers: HTML });
      expect(open.headers.get('strict-transport-security'), path).toBeNull();
      expect(open.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('keeps the console’s own headers exactly as they were', async () => {
    const console = {
      'cache-control': 'no-store',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'strict-transport-security': 'max-age=15552000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'DENY',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    const security = (r: Response) =>
      Object.fromEntries(
        [...r.headers].filter(
          ([k]) => !['content-type', 'content-length', 'location', 'x-request-id', 'set-cookie', 'date'].includes(k),
        ),
      );
    for (const ctx of [t, plain]) {
      for (const path of ['/console/sign-in', '/console', '/console/nothing-here']) {
        const r = await ctx.call('GET', path, { headers: HTML });
        expect(security(r), `${ctx.config.PUBLIC_BASE_URL}${path}`).toEqual(console);
      }
    }
  });
});
