// Console page loads over a throttled connection: the demo province served over HTTP, Debian's
// Chromium with DevTools' "Slow 4G" network emulation (562.5 ms latency, 1.44 Mbps down =
// 180,000 bytes/s, 675 kbps up = 84,375 bytes/s), each main page loaded RUNS times per role
// (navigation to `load`). Target: under 1 s, at most 60 KB of HTML and CSS.
// Run: npx tsx bench/console-pages.ts [runs=7]
import type { BrowserContext } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/users';
import { DESKTOP, launchChromium, startDemoServer, stopDemoServer } from '../test/e2e/support';
import { machine } from './support/pg15';

const RUNS = Number(process.argv[2] ?? 7);
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const PAGES: Record<string, [string, string][]> = {
  'htx.checaobo': [
    ['cooperative home', '/console'],
    ['areas', '/console/areas'],
    ['harvest new', '/console/harvests/new'],
    ['batches', '/console/batches'],
    ['batch new', '/console/batches/new'],
    ['print runs', '/console/print-runs'],
    ['print run new', '/console/print-runs/new'],
  ],
  canbo: [
    ['staff home', '/console'],
    ['findings', '/console/findings?view=all'],
    ['trace', '/console/trace'],
    ['recall', '/console/recall'],
    ['report', '/console/report'],
  ],
  admin: [
    ['admin home', '/console'],
    ['users', '/console/users'],
    ['organizations', '/console/organizations'],
    ['API keys', '/console/keys'],
  ],
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const s = await startDemoServer({ passwords: true, env: { PUBLIC_RATE_LIMIT: '100000' } });
const browser = await launchChromium();
try {
  console.log(`console pages on Slow 4G, ${RUNS} loads each; ${machine()}`);
  console.log('  page                  median     max     size');
  let worst = 0;
  for (const [username, pages] of Object.entries(PAGES)) {
    const context: BrowserContext = await browser.newContext(DESKTOP);
    const signIn = await context.newPage();
    await signIn.goto(`${s.origin}/console/sign-in`);
    await signIn.fill('#f-username', username);
    await signIn.fill('#f-password', DEMO_PASSWORD);
    await Promise.all([
      signIn.waitForURL(`${s.origin}/console`),
      signIn.locator('form button[type=submit]').first().click(),
    ]);
    await signIn.close();
    for (const [name, path] of pages) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS + 1; i++) {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
        const res = await page.goto(s.origin + path, { waitUntil: 'load' });
        if (res?.status() !== 200 || new URL(page.url()).pathname === '/console/sign-in')
          throw new Error(`${path}: ${res?.status()} at ${page.url()}`);
        bytes = (await res.body()).length; // the CSS is inline: the document is the whole weight
        const ms = await page.evaluate(
          () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
        );
        if (i > 0) times.push(ms); // the first load warms the server's caches
        await page.close();
      }
      worst = Math.max(worst, median(times));
      console.log(
        `  ${name.padEnd(20)} ${median(times).toFixed(0).padStart(6)} ms ${Math.max(...times)
          .toFixed(0)
          .padStart(6)} ms ${(bytes / 1024).toFixed(1).padStart(6)} KB` +
          `  ${median(times) < 1000 && bytes <= 60 * 1024 ? 'OK' : 'MISSED (< 1 s, ≤ 60 KB)'}`,
      );
    }
    await context.close();
  }
  console.log(`slowest median ${worst.toFixed(0)} ms (one round trip alone is 562.5 ms)`);
} finally {
  await browser.close();
  await stopDemoServer(s);
}
