// /metrics on Node (prom-client, src/entry/metrics-node.ts) over the real app on the demo
// province: the counters move with the requests, scans and group commits; the series are route
// groups, never raw paths; the main port answers only with METRICS_TOKEN (404 without it), and
// METRICS_PORT serves it on its own listener.
import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { ConfigError, parseConfig } from '../../src/config';
import { createSql } from '../../src/db/client';
import { seedDemo } from '../../src/demo/seed';
import { demoStampUrls } from '../../src/demo/stamps';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { createNodeMetrics, type NodeMetrics, serveMetrics } from '../../src/entry/metrics-node';
import { ROUTE_GROUPS, routeGroupOf } from '../../src/http/metrics';
import { createLogger } from '../../src/log';
import { batchingScanWriter } from '../../src/scanning/scan-writer';
import { createTestContext, type TestContext } from '../support/app';

const BASE = 'https://trace.example.vn';
const TOKEN = 'metrics-token-0123456789abcdef';
const PHONE = {
  accept: 'text/html',
  'user-agent': 'Mozilla/5.0 (Linux; Android 13) Chrome/124.0 Mobile Safari/537.36',
};

let t: TestContext;
let stampPath: string;

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  await seedDemo(t.db.sql, { clock: () => t.clock.now, keyring: t.keyring, baseUrl: BASE });
  stampPath = (await demoStampUrls(t.db.sql)).find((u) => u.label === 'genuine, active')!.url.replace(BASE, '');
});
afterAll(async () => {
  await t?.close();
});

/** The app as npm start builds it, with metrics; PUBLIC_RATE_LIMIT small so that a 429 is easy to get. */
function appWithMetrics(env: Record<string, string> = {}, sql = t.db.sql) {
  const config = parseConfig({
    PUBLIC_BASE_URL: BASE,
    TRUST_PROXY: 'true',
    CHECKS_AFTER_SEAL: 'false',
    PUBLIC_RATE_LIMIT: '3',
    ...env,
  });
  const metrics = createNodeMetrics(config);
  const scans = batchingScanWriter(sql, { onCommit: (n) => metrics.scansCommitted(n) });
  metrics.watch({ scans: scans.pending });
  const app = createApp({
    sql,
    config,
    clock: () => t.clock.now,
    log: createLogger('silent'),
    keyring: t.keyring,
    labels: loadLabelCatalog(),
    passwords: t.passwords,
    metrics: metrics.app,
    scans,
  });
  /** A request from its own client network unless `from` names one. */
  let n = 0;
  const get = async (path: string, headers: Record<string, string> = {}, from?: string) => {
    n += 1;
    const res = await app.request(BASE + path, {
      headers: { 'x-forwarded-for': from ?? `10.${n % 250}.${Math.floor(n / 250)}.7`, ...headers },
    });
    await res.arrayBuffer();
    return res;
  };
  return { app, metrics, get, scans };
}

/** A TCP port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A sample's value in Prometheus text, 0 when absent. `labels` as written: 'group="stamp",status="2xx"'. */
function sample(text: string, name: string, labels?: string): number {
  const line = text.split('\n').find((l) => (labels ? l.startsWith(`${name}{${labels}} `) : l.startsWith(`${name} `)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const scrape = async (metrics: NodeMetrics) => (await metrics.app.exposition!()).body;

describe('the settings', () => {
  it('are off by default, and refuse a short token or the main port', () => {
    const c = parseConfig({});
    expect([c.METRICS_PORT, c.METRICS_TOKEN, c.METRICS_HOST, c.SHUTDOWN_TIMEOUT_MS]).toEqual([
      undefined,
      undefined,
      '127.0.0.1',
      10_000,
    ]);
    expect(parseConfig({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    const problem = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems.map((p) => p.variable);
      }
      return [];
    };
    expect(problem({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN']);
    expect(problem({ PORT: '8080', METRICS_PORT: '8080' })).toEqual(['METRICS_PORT']);
    expect(problem({ METRICS_PORT: '3000' })).toEqual(['METRICS_PORT']);
    expect(problem({ SHUTDOWN_TIMEOUT_MS: '10' })).toEqual(['SHUTDOWN_TIMEOUT_MS']);
  });
});

describe('route groups', () => {
  it('put every path in one of a few groups', () => {
    expect(routeGroupOf('/01/08936045120019/10/CST-260410/21/JDY4C67BQ9CWTK')).toBe('stamp');
    expect(routeGroupOf('/01/08936045120019/21/JDY4C67BQ9CWTK')).toBe('stamp');
    expect(routeGroupOf('/01/08936045120019/10/CST-260410')).toBe('public');
    expect(routeGroupOf('/01/08936045120019')).toBe('public');
    expect(routeGroupOf('/AQnO2IRCAhLAyDg')).toBe('public');
    expect(routeGroupOf('/verify/08936045120019/L1/ABC')).toBe('public');
    expect(routeGroupOf('/models/che-shan')).toBe('public');
    expect(routeGroupOf('/.well-known/jwks.json')).toBe('public');
    expect(routeGroupOf('/report')).toBe('public');
    expect(routeGroupOf('/api/v1/batches')).toBe('api');
    expect(routeGroupOf('/console')).toBe('console');
    expect(routeGroupOf('/console/batches/1')).toBe('console');
    expect(routeGroupOf('/consoles')).toBe('other');
    expect(routeGroupOf('/readyz')).toBe('health');
    expect(routeGroupOf('/docs')).toBe('docs');
    expect(routeGroupOf('/openapi.json')).toBe('docs');
    expect(routeGroupOf('/metrics')).toBe('metrics');
    expect(routeGroupOf('/wp-login.php')).toBe('other');
  });
});

describe('the counters', () => {
  it('move with answers, refusals, scans and group commits', async () => {
    const { metrics, get } = appWithMetrics();
    const before = await scrape(metrics);
    expect(sample(before, 'ocop_http_requests_total', 'group="stamp",status="2xx"')).toBe(0);

    for (let i = 0; i < 3; i++) expect((await get(stampPath, PHONE)).status).toBe(200);
    // one client network over PUBLIC_RATE_LIMIT (3 a minute): the fourth is refused, and no scan is written
    for (let i = 0; i < 3; i++) expect((await get(stampPath, PHONE, '192.0.2.1')).status).toBe(200);
    expect((await get(stampPath, PHONE, '192.0.2.1')).status).toBe(429);
    expect((await get('/api/v1/batches')).status).toBe(401);
    expect((await get('/api/v1/batches', { authorization: `Bearer ${t.keys.admin}` })).status).toBe(200);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/console/sign-in')).status).toBe(200);
    expect((await get('/openapi.json')).status).toBe(200);
    expect((await get('/no/such/page')).status).toBe(404);

    const text = await scrape(metrics);
    const requests = (labels: string) => sample(text, 'ocop_http_requests_total', labels);
    expect(requests('group="stamp",status="2xx"')).toBe(6);
    expect(requests('group="stamp",status="4xx"')).toBe(1);
    expect(sample(text, 'ocop_http_rate_limited_total', 'group="stamp"')).toBe(1);
    expect(sample(text, 'ocop_http_rate_limited_total', 'group="api"')).toBe(0);
    expect(requests('group="api",status="4xx"')).toBe(1);
    expect(requests('group="api",status="2xx"')).toBe(1);
    expect(requests('group="health",status="2xx"')).toBe(1);
    expect(requests('group="console",status="2xx"')).toBe(1);
    expect(requests('group="docs",status="2xx"')).toBe(1);
    expect(requests('group="other",status="4xx"')).toBe(1);
    expect(sample(text, 'ocop_http_request_duration_seconds_count', 'group="stamp",status="2xx"')).toBe(6);
    expect(sample(text, 'ocop_http_request_duration_seconds_bucket', 'le="+Inf",group="stamp",status="2xx"')).toBe(6);
    // every stamp page answered 200 wrote its scan, in groups
    expect(sample(text, 'ocop_scans_written_total')).toBe(6);
    expect(sample(text, 'ocop_scan_group_size_sum')).toBe(6);
    expect(sample(text, 'ocop_scan_group_size_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ocop_scans_queued')).toBe(0);
    expect(sample(text, 'ocop_db_pool_max')).toBe(10);
    expect(sample(text, 'ocop_db_available')).toBe(1);
    expect(sample(text, 'ocop_db_errors_total')).toBe(0);
    // Node's process defaults
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('keep to route groups whatever paths are asked for', async () => {
    const { metrics, get } = appWithMetrics({ PUBLIC_RATE_LIMIT: '1000' });
    for (let i = 0; i < 40; i++) await get(`/random-${i}/${Math.random().toString(36).slice(2)}`);
    for (let i = 0; i < 10; i++) await get(`/01/08936045120019/10/LOT${i}/21/SERIAL${i}X`);
    for (let i = 0; i < 10; i++) await get(`/api/v1/batches/${crypto.randomUUID()}`);
    const text = await scrape(metrics);
    const series = text.split('\n').filter((l) => l.startsWith('ocop_http_'));
    const groups = new Set(series.map((l) => /group="([^"]*)"/.exec(l)?.[1]).filter(Boolean));
    expect([...groups].every((g) => (ROUTE_GROUPS as readonly string[]).includes(g!))).toBe(true);
    expect(text).not.toMatch(/random-|SERIAL|LOT\d/);
    // groups × status classes (× buckets for the histogram), not one per path
    const counters = series.filter((l) => l.startsWith('ocop_http_requests_total{'));
    expect(counters.length).toBeLessThanOrEqual(ROUTE_GROUPS.length * 5);
  });

  it('count requests that failed on an unreachable database, and the outages', async () => {
    const port = await closedPort();
    const down = createSql(`postgres://ocop@127.0.0.1:${port}/ocop_trace`, { max: 1, connectTimeout: 2 });
    try {
      const { metrics, get } = appWithMetrics({ PUBLIC_RATE_LIMIT: '1000' }, down);
      expect((await get(stampPath, PHONE)).status).toBe(503);
      const text = await scrape(metrics);
      expect(sample(text, 'ocop_db_errors_total')).toBe(1);
      expect(sample(text, 'ocop_http_requests_total', 'group="stamp",status="5xx"')).toBe(1);
      // openDatabase's onAvailability drives these on Node
      metrics.databaseAvailable(false);
      const during = await scrape(metrics);
      expect(sample(during, 'ocop_db_available')).toBe(0);
      expect(sample(during, 'ocop_db_outages_total')).toBe(1);
      metrics.databaseAvailable(true);
      expect(sample(await scrape(metrics), 'ocop_db_available')).toBe(1);
    } finally {
      await down.end({ timeout: 0 });
    }
  });
});

describe('GET /metrics on the main port', () => {
  it('needs the bearer METRICS_TOKEN', async () => {
    const { get } = appWithMetrics({ METRICS_TOKEN: TOKEN });
    for (const auth of [undefined, 'Bearer wrong-token-0123456789abcdef', `Bearer ${TOKEN}x`, TOKEN]) {
      const r = await get('/metrics', auth ? { authorization: auth } : {});
      expect(r.status, auth).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    }
    const r = await get('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('answers the JSON error shape without the token', async () => {
    const { app } = appWithMetrics({ METRICS_TOKEN: TOKEN });
    const r = await app.request(`${BASE}/metrics`);
    const body = (await r.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(body.error.requestId).not.toBe('');
  });

  it('is 404 when METRICS_TOKEN is not set, or where nothing collects (the Worker)', async () => {
    const { get } = appWithMetrics();
    const r = await get('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(r.status).toBe(404);
    expect(((await t.call('GET', '/metrics')) as Response).status).toBe(404);
    const worker = createApp({
      sql: t.db.sql,
      config: parseConfig({ PUBLIC_BASE_URL: BASE, METRICS_TOKEN: TOKEN }),
      clock: () => t.clock.now,
      log: createLogger('silent'),
      keyring: t.keyring,
      labels: loadLabelCatalog(),
    });
    const w = await worker.request(`${BASE}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(w.status).toBe(404);
    expect(((await w.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own listener, bound to METRICS_HOST, with the token when one is set', async () => {
    const { metrics, get } = appWithMetrics({ PUBLIC_RATE_LIMIT: '1000' });
    await get(stampPath, PHONE);
    const open = await serveMetrics(metrics, { port: 0, host: '127.0.0.1' });
    const guarded = await serveMetrics(metrics, { port: 0, host: '127.0.0.1', token: TOKEN });
    try {
      const at = (s: typeof open) => {
        const a = s.address() as AddressInfo;
        expect(a.address).toBe('127.0.0.1');
        return `http://127.0.0.1:${a.port}`;
      };
      const r = await fetch(`${at(open)}/metrics`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(sample(await r.text(), 'ocop_http_requests_total', 'group="stamp",status="2xx"')).toBe(1);
      expect((await fetch(`${at(open)}/`)).status).toBe(404);
      expect((await fetch(`${at(guarded)}/metrics`)).status).toBe(401);
      const ok = await fetch(`${at(guarded)}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      await ok.arrayBuffer();
    } finally {
      for (const s of [open, guarded]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    }
  });
});
