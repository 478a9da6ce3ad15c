// Shared by the end-to-end tests in Debian's Chromium (public.test.ts, console.test.ts): where the
// browser and the PDF → QR tools are, the real HTTP server with the demo province, launching
// Chromium (never a downloaded browser), axe-core, the phone layout check and screenshots.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { nodePhotoCodecs } from '../../src/entry/photos-node';
import { createTestContext, type TestContext } from '../support/app';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
const onPath = (tool: string) => (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, tool)));
export const HAVE_QR_TOOLS = onPath('pdftoppm') && onPath('zbarimg');

/** The demo's clock: every e2e server is pinned to it. */
export const NOW = new Date('2026-11-28T03:00:00Z');
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** A real phone browser: a headless user agent would be counted as a bot and not as a scan. */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'vi-VN',
  userAgent:
    'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
};
/** An office PC. */
export const DESKTOP = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  locale: 'vi-VN',
};

export interface DemoServer {
  t: TestContext;
  server: ServerType;
  origin: string;
}

/**
 * The real app over HTTP on 127.0.0.1 (a free port) with the demo province seeded on the pinned
 * clock. PUBLIC_BASE_URL is the server's origin, so the stamps' QR codes point at it.
 * `passwords` also seeds the demo console users (password DEMO_PASSWORD).
 */
export async function startDemoServer(
  opts: { env?: Record<string, string>; passwords?: boolean } = {},
): Promise<DemoServer> {
  // listen first: the origin is only known then, and it is printed into the demo stamps' QR codes
  let app: TestContext['app'] | undefined;
  const server = serve({ fetch: (req, env) => app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    else server.once('listening', () => resolve()).once('error', reject);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t = await createTestContext({ PUBLIC_BASE_URL: origin, ...opts.env });
  t.clock.now = NOW;
  app = t.app;
  await seedDemo(t.db.sql, {
    clock: () => NOW,
    keyring: t.keyring,
    baseUrl: origin,
    ...(opts.passwords ? { passwords: t.passwords } : {}),
    // the demo products' drawn pictures: the pages are checked with their photos
    photos: nodePhotoCodecs(),
  });
  return { t, server, origin };
}

export async function stopDemoServer(s: Partial<DemoServer>): Promise<void> {
  await new Promise<void>((resolve) => (s.server ? s.server.close(() => resolve()) : resolve()));
  await s.t?.close();
}

/** Debian's Chromium, headless, with nothing that phones home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** Runs axe-core in the page and returns the serious and critical violations, described. */
export async function axeProblems(page: Page): Promise<string[]> {
  // The console's Content-Security-Policy refuses every script tag: there axe is evaluated
  // through the DevTools protocol instead, which a page's CSP does not govern.
  await page.addScriptTag({ path: AXE_PATH }).catch(async (e: Error) => {
    if (!/Content Security Policy/.test(e.message)) throw e;
    await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  });
  const { passes, violations } = await page.evaluate(async () => {
    const r = await (
      globalThis as unknown as { axe: { run(): Promise<{ passes: unknown[]; violations: AxeViolation[] }> } }
    ).axe.run();
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
      })),
    };
  });
  expect(passes, 'axe ran its rules').toBeGreaterThan(10);
  if (process.env.E2E_AXE_VERBOSE)
    for (const v of violations) console.log(`axe ${page.url()}: ${v.impact} ${v.id} (${v.nodes.length})`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${JSON.stringify(n.target)} ${n.html.slice(0, 120)}`)
          .join(' | ')}`,
    );
}

/**
 * Nothing wider than the phone. Compared with the viewport asked for, not with innerWidth: a phone
 * browser widens the layout viewport (and innerWidth) to fit content that overflows.
 */
export async function noHorizontalScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const width = PHONE.viewport.width;
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide on a ${width}px phone`).toBeLessThanOrEqual(width + 1);
  expect(innerWidth).toBe(width);
}

/**
 * A full-page screenshot into test/e2e/screenshots/. At phone width (the default) one image pixel
 * per CSS pixel, 360 px wide; at desktop width the first `maxHeight` CSS pixels of the page.
 * Either way the committed files stay small.
 */
export async function screenshot(page: Page, name: string, opts: { maxHeight?: number } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? PHONE.viewport.width;
  const height = await page.evaluate(() => document.scrollingElement!.scrollHeight);
  await page.screenshot({
    path: join(SCREENSHOTS, name),
    fullPage: true,
    scale: 'css',
    animations: 'disabled',
    clip: { x: 0, y: 0, width, height: opts.maxHeight ? Math.min(height, opts.maxHeight) : height },
  });
}

/** The QR codes zbar finds in an image (zbar prints D-Bus noise on stderr: dropped). */
export function decodeQr(png: string): string[] {
  return execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', png], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Renders page 1 of a PDF at 300 dpi in grey to `out`.png (pdftoppm), optionally cropped (pdftoppm's -x -y -W -H). */
export function renderPdfPage(pdf: string, out: string, crop: string[] = []) {
  execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', ...crop, pdf, out], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
