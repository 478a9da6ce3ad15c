// "Run the checks now" on the console, over a real HTTP server: the run goes on in the background,
// its page reloads itself (a meta refresh, no script) showing the progress by rule, and reaches
// the result page with what the run found, new, reopened and cleared by rule. A failed run's page
// says what happened in plain words.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleBrowser, consoleBrowser, type TestContext } from '../support/app';
import { followRefreshes, metaRefreshSeconds } from '../support/meta-refresh';
import { RULES } from '../../src/checks/rules';
import { DEMO_PASSWORD, demoContext, expectSmall } from './staff-support';

let t: TestContext;
let server: ReturnType<typeof serve>;
let base: string;
let staff: ConsoleBrowser;

beforeAll(async () => {
  t = await demoContext();
  server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // a browser of the console whose requests go over the network to the server
  const overHttp = {
    request: (url: string, init?: RequestInit) =>
      fetch(url.replace(t.config.PUBLIC_BASE_URL.replace(/\/+$/, ''), base), { ...init, redirect: 'manual' }),
  };
  staff = consoleBrowser(overHttp, t.config);
  await staff.signIn('canbo', DEMO_PASSWORD);
});
afterAll(async () => {
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await closed;
  }
  await t?.close();
});

const runPath = (res: Response) => {
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/^\/console\/findings\/runs\/[0-9a-f-]{36}$/);
  return location;
};

describe('the page of a link-check run', () => {
  it('refreshes itself while the run goes on, and reaches the result page', async () => {
    // On PostgreSQL the test holds up the first rule (it reads harvest lots) until it has seen the
    // page in progress; PGlite serves one transaction at a time, so there the page shows the result.
    const holdUp = process.env.TEST_DATABASE_URL;
    let release = () => {};
    const held = holdUp
      ? new Promise<void>((locked) => {
          const done = t.db.sql.begin(async (tx) => {
            await tx`lock table harvest_lots in access exclusive mode`;
            locked();
            await new Promise<void>((r) => {
              release = r;
            });
          });
          void done;
        })
      : Promise.resolve();
    await held;
    const location = runPath(await staff.post('/console/findings/run', {}));
    let sawProgress = false;
    const pages = await followRefreshes(async (path) => {
      const html = await staff.html(path);
      // in progress, reading the first rule (held up by the test on PostgreSQL)
      if (metaRefreshSeconds(html) !== null && !sawProgress && html.includes('AREA_NOT_LINKED')) {
        sawProgress = true;
        expect(html).toContain('<meta http-equiv="refresh" content="2"/>');
        expect(html).toContain('Đang chạy kiểm tra liên kết');
        expect(html).toContain('Đã xong 0/14 quy tắc');
        expect(html).toMatch(/Đang kiểm tra<\/dt><dd><a href="\/console\/findings\?rule=AREA_NOT_LINKED">/);
        expect(html).toContain('<progress id="run-progress" max="14"');
        expect(html).toContain('Trang này tự tải lại sau 2 giây');
        expect(html).not.toContain('<script');
        expectSmall(html, 'run in progress');
        release();
      }
      return html;
    }, location);
    release();
    if (holdUp) expect(sawProgress).toBe(true);
    const result = pages.at(-1)!;
    expect(metaRefreshSeconds(result)).toBeNull();
    expect(result).toContain('Kết quả kiểm tra liên kết');
    expect(result).toMatch(/Đã chạy kiểm tra: 17 bất thường \(17 mới, 0 mở lại\), 0 không còn thấy; 17 cần xử lý\./);
    expect(result).toContain('Kết quả theo quy tắc');
    for (const r of RULES) expect(result).toContain(`href="/console/findings?rule=${r.code}"`);
    expect(result).toContain('Nguyễn Văn Thành');
    expect(result).not.toContain('<script');
    expectSmall(result, 'run result');
    // the same page in English
    const en = await staff.html(`${location}?lang=en`);
    expect(en).toContain('Result of the link checks');
    expect(en).toContain('Result by rule');
    await staff.html(`${location}?lang=vi`);
  });

  it('says in plain words that a run failed and nothing was changed', async () => {
    const [row] = await t.db.sql<{ id: string }[]>`
      insert into link_check_runs (scope, actor, rules_total, status, error, finished_at)
      values ('{"kind":"all"}', 'staff:canbo', 14, 'failed', 'division by zero', now())
      returning id`;
    const html = await staff.html(`/console/findings/runs/${row!.id}`);
    expect(metaRefreshSeconds(html)).toBeNull();
    expect(html).toContain('Lượt kiểm tra không chạy xong');
    expect(html).toContain('Không có gì bị thay đổi: các bất thường vẫn như trước lượt này.');
    expect(html).toContain('<code>division by zero</code>');
    expect(html).toContain('action="/console/findings/run"');
  });

  it('is not found for an unknown run, and not shown to a cooperative', async () => {
    expect((await staff.get('/console/findings/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const [run] = await t.db.sql<{ id: string }[]>`select id from link_check_runs limit 1`;
    const coop = await t.signIn('htx.checaobo', DEMO_PASSWORD);
    expect((await coop.get(`/console/findings/runs/${run!.id}`)).status).toBe(403);
  });
});
