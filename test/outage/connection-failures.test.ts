// The database unreachable or its connections dead, through a TCP proxy in front of the test
// database (PGlite or PostgreSQL alike): answers are 503 with Retry-After within the connect
// timeout, /readyz says not ready, and once the database answers again no request fails on a
// connection that died meanwhile. test/outage/postgres-restart.test.ts restarts a real server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { createSql, type Sql } from '../../src/db/client';
import { seedDemo } from '../../src/demo/seed';
import { demoStampUrls } from '../../src/demo/stamps';
import { createLogger } from '../../src/log';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { consoleBrowser, createTestContext, type ConsoleBrowser, type TestContext } from '../support/app';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const NOW = new Date('2026-11-28T03:00:00Z');
const PHONE =
  'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
/** DB_CONNECT_TIMEOUT here, in seconds. */
const CONNECT_TIMEOUT = 1;

let t: TestContext;
let proxy: TcpProxy;
let sql: Sql;
let app: ReturnType<typeof createApp>;
let stampPath: string;
let staff: ConsoleBrowser;

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = NOW;
  await seedDemo(t.db.sql, { clock: () => NOW, keyring: t.keyring, baseUrl: t.config.PUBLIC_BASE_URL });
  stampPath = new URL((await demoStampUrls(t.db.sql)).find((u) => u.label.startsWith('genuine'))!.url).pathname;
  proxy = await startTcpProxy(t.db.url);
  const config = { ...t.config, DB_CONNECT_TIMEOUT: CONNECT_TIMEOUT, PUBLIC_RATE_LIMIT: 100_000 };
  sql = createSql(proxy.url, { max: 4, connectTimeout: CONNECT_TIMEOUT });
  app = createApp({
    sql,
    config,
    clock: () => t.clock.now,
    log: createLogger('silent'),
    keyring: t.keyring,
    labels: loadLabelCatalog(),
    passwords: t.passwords,
  });
  const user = await t.user({ role: 'staff' });
  staff = consoleBrowser(app, config);
  await staff.signIn(user.username, user.password);
});

afterAll(async () => {
  await sql?.end({ timeout: 1 });
  await proxy?.close();
  await t?.close();
});

beforeEach(async () => {
  await proxy.forward();
});

const apiRead = () => app.request('/api/v1/models', { headers: { authorization: `Bearer ${t.keys.admin}` } });
const stampPage = () => app.request(stampPath, { headers: { 'user-agent': PHONE, accept: 'text/html' } });

/** Waits until the app answers the API read with 200 again (the database is back). */
async function untilBack(limitMs = 5000) {
  const until = Date.now() + limitMs;
  for (;;) {
    const res = await apiRead();
    if (res.status === 200) return;
    if (Date.now() > until) throw new Error(`still ${res.status} after ${limitMs} ms: ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await f();
  return { value, ms: performance.now() - started };
}

describe('while the database refuses connections', () => {
  it('answers the API, the stamp page and the console with 503 and Retry-After, and /readyz not ready', async () => {
    await untilBack();
    await proxy.refuse();

    const api = await apiRead();
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    const body = await api.json();
    expect(body.error).toMatchObject({ code: 'NOT_READY', details: { retryAfterSeconds: 5 } });

    const stamp = await stampPage();
    expect(stamp.status).toBe(503);
    expect(stamp.headers.get('retry-after')).toBe('5');
    expect(stamp.headers.get('content-type')).toMatch(/text\/html/);
    expect(await stamp.text()).toMatch(/tạm thời/);

    const consolePage = await staff.get('/console');
    expect(consolePage.status).toBe(503);
    expect(consolePage.headers.get('retry-after')).toBe('5');
    expect(await consolePage.text()).toMatch(/tạm thời/);

    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', database: 'unreachable' });
    expect((await app.request('/healthz')).status).toBe(200);

    await proxy.forward();
    await untilBack();
    expect((await app.request('/readyz')).status).toBe(200);
    expect((await stampPage()).status).toBe(200);
    expect((await staff.get('/console')).status).toBe(200);
  });
});

describe('while the database accepts connections and never answers', () => {
  it('answers every request with 503 within the connect timeout, however many wait', async () => {
    await untilBack();
    await proxy.blackhole();
    // the pool's open connections still work: they must die too for the outage to be whole
    proxy.cutAll();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => timed(async () => (i % 2 ? apiRead() : stampPage()))),
    );
    for (const a of answers) {
      expect(a.value.status).toBe(503);
      expect(a.value.headers.get('retry-after')).toBe('5');
    }
    const slowest = Math.max(...answers.map((a) => a.ms));
    expect(slowest).toBeLessThan(CONNECT_TIMEOUT * 1000 + 1000);
    await proxy.forward();
    await untilBack();
  });
});

describe('after pooled connections died unnoticed', () => {
  it('answers every read, write and stamp page: broken connections are dropped and reads retried once', async () => {
    await untilBack();
    // open every pooled connection, then kill them all behind the pool's back
    await Promise.all(Array.from({ length: 8 }, () => apiRead()));
    const before = proxy.opened;
    proxy.cutAll();

    const reads = await Promise.all(Array.from({ length: 12 }, () => apiRead()));
    expect(reads.map((r) => r.status)).toEqual(reads.map(() => 200));
    expect(proxy.opened).toBeGreaterThan(before);

    proxy.cutAll();
    const stamps = await Promise.all(Array.from({ length: 6 }, () => stampPage()));
    expect(stamps.map((r) => r.status)).toEqual(stamps.map(() => 200));

    proxy.cutAll();
    const write = await app.request('/api/v1/organizations', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'cooperative',
        name: 'HTX Sau Sự Cố',
        registrationCode: `HTX-OUTAGE-${Date.now().toString(36)}`,
        province: 'Tỉnh Sơn Lâm',
      }),
    });
    expect(write.status, await write.clone().text()).toBe(201);

    proxy.cutAll();
    expect((await staff.get('/console')).status).toBe(200);
  });
});

describe('a transaction whose connection closes under it', () => {
  // postgres.js 3.4.9 writes the next statement, or its ROLLBACK, on the closed socket from a
  // timer: an uncaught TypeError that would end the server (vitest reports it and fails the run).
  const settle = () => new Promise((r) => setTimeout(r, 200));

  it('fails with a connection error and writes nothing more, between statements', async () => {
    await untilBack();
    const work = sql.begin(async (tx) => {
      await tx`select 1`;
      await proxy.refuse();
      await settle(); // postgres.js has seen the close
      await tx`select 2`;
    });
    await expect(work).rejects.toMatchObject({ code: expect.stringMatching(/^CONNECTION_/) });
    await settle();
  });

  it('fails with a connection error and sends no ROLLBACK, during a statement', async () => {
    await untilBack();
    const work = sql.begin(async (tx) => {
      await tx`select 1`;
      const slow = tx`select pg_sleep(0.5)`.execute();
      setTimeout(() => void proxy.refuse(), 100);
      await slow;
    });
    await expect(work).rejects.toMatchObject({ code: expect.stringMatching(/^CONNECTION_/) });
    await settle();
  });
});
