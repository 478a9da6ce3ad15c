// The API keys list pages by keyset (keys pile up over the years: every cooperative's, the
// revoked ones): walking the pages gives every key once, in order, even with keys added between
// pages; a cursor it did not give is refused in the JSON error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  for (let i = 1; i <= 6; i++)
    await json(t.call('POST', '/api/v1/keys', { key: t.keys.admin, body: { name: `Khoá ${i}`, role: 'staff' } }), 201);
});
afterAll(async () => {
  await t?.close();
});

async function walk(order: 'oldest' | 'newest', between?: (page: number) => Promise<void>) {
  const names: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { items: { name: string }[]; nextCursor: string | null } = await json(
      t.call('GET', `/api/v1/keys?order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { key: t.keys.admin }),
      200,
    );
    expect(page.items.length).toBeLessThanOrEqual(3);
    names.push(...page.items.map((k) => k.name));
    cursor = page.nextCursor;
    await between?.(++pages);
  } while (cursor && pages < 20);
  return names;
}

describe('the API keys list, a page at a time', () => {
  it('walks every key exactly once, oldest or newest first', async () => {
    const all = (await t.db.sql<{ name: string }[]>`select name from api_keys order by seq`).map((r) => r.name);
    expect(all.length).toBeGreaterThan(6);
    expect(await walk('oldest')).toEqual(all);
    expect(await walk('newest')).toEqual([...all].reverse());
  });

  it('gives keys added between pages once, at the end of an oldest-first walk', async () => {
    const before = await walk('oldest');
    const walked = await walk('oldest', async (n) => {
      if (n === 1)
        await json(
          t.call('POST', '/api/v1/keys', { key: t.keys.admin, body: { name: 'Khoá mới', role: 'staff' } }),
          201,
        );
    });
    expect(walked).toEqual([...before, 'Khoá mới']);
  });

  it('refuses a cursor or a limit it did not give', async () => {
    for (const q of ['cursor=abc', 'limit=0', 'limit=500', 'order=sideways']) {
      const body = await json(t.call('GET', `/api/v1/keys?${q}`, { key: t.keys.admin }), 400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});
