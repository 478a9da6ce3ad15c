// Shared by the staff console page tests: the demo province seeded on a pinned clock (with its
// console users), and the checks every page must pass (small, no raw user markup).
import { expect } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { DEMO_PASSWORD } from '../../src/demo/users';
import { createTestContext, type TestContext } from '../support/app';

export const DEMO_NOW = new Date('2026-11-28T03:00:00Z');
export { DEMO_PASSWORD };

export async function demoContext(): Promise<TestContext> {
  const t = await createTestContext();
  t.clock.now = DEMO_NOW;
  await seedDemo(t.db.sql, {
    clock: () => DEMO_NOW,
    keyring: t.keyring,
    baseUrl: t.config.PUBLIC_BASE_URL,
    passwords: t.passwords,
  });
  return t;
}

/** At most 60 KB of HTML and CSS (the console has no other resources). */
export function expectSmall(html: string, what = 'page') {
  expect(new TextEncoder().encode(html).length, `${what} size`).toBeLessThan(60 * 1024);
}
