import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { demoStampUrls } from '../../src/demo/stamps';
import { createTestContext, type TestContext } from '../support/app';
import { DEMO_VERDICT_HEADLINES } from '../support/demo-verdicts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  await seedDemo(t.db.sql, { clock: () => t.clock.now, keyring: t.keyring, baseUrl: 'https://trace.example.vn' });
});
afterAll(async () => {
  await t?.close();
});

describe('the demo stamps', () => {
  it('show every verdict and the scan warning', async () => {
    const urls = await demoStampUrls(t.db.sql);
    expect(urls.map((u) => u.label).sort()).toEqual(Object.keys(DEMO_VERDICT_HEADLINES).sort());
    for (const u of urls) {
      const r = await t.call('GET', u.url.replace('https://trace.example.vn', ''), {
        headers: { accept: 'text/html', 'user-agent': 'Mozilla/5.0 Chrome/120' },
      });
      expect(await r.text(), u.label).toMatch(DEMO_VERDICT_HEADLINES[u.label]!);
    }
  });

  it('carry fake reports and a run of unknown serials against one product', async () => {
    const [reports] = await t.db.sql`select count(*)::int as n from fake_reports`;
    expect(reports!.n).toBeGreaterThanOrEqual(3);
    const [guesses] = await t.db
      .sql`select count(*)::int as n from scans where client_hash = 'demo-guesser0001' and not known`;
    expect(guesses!.n).toBe(6);
    // the stamps' counters agree with the log
    const [bad] = await t.db.sql`
      select count(*)::int as n from stamps s
      where s.scan_count <> (select count(*) from scans x where x.serial = s.serial and not x.is_bot and x.known)`;
    expect(bad!.n).toBe(0);
  });
});
