// Dated e-commerce listings (/listings): a cooperative keeps its own, another's is not found; a
// listing never ends before it went live; an ended listing leaves the shop links but stays in the
// yearly count of target (4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { productBody } from '../support/fixtures';

let t: TestContext;
let coopA: { org: { id: string }; key: string };
let coopB: { org: { id: string }; key: string };
let productA: { id: string };
let productB: { id: string };

beforeAll(async () => {
  t = await createTestContext(); // today is 2025-06-15 in Vietnam
  coopA = await t.cooperative('HTX Chè Cao Bồ');
  coopB = await t.cooperative('HTX Quế Phúc Lâm');
  productA = await json(
    t.call('POST', '/api/v1/products', { key: coopA.key, body: productBody(coopA.org.id, { listings: [] }) }),
    201,
  );
  productB = await json(
    t.call('POST', '/api/v1/products', { key: coopB.key, body: productBody(coopB.org.id, { listings: [] }) }),
    201,
  );
}, 120_000);
afterAll(() => t?.close());

const listingCount = async () =>
  (await t.db.sql<{ n: number }[]>`select count(*)::int as n from product_listings`)[0]!.n;

const shopee = (productId: string, over: Record<string, unknown> = {}) => ({
  productId,
  platform: 'shopee',
  url: `https://shopee.vn/p/${Math.random().toString(36).slice(2, 10)}`,
  wentLiveOn: '2023-04-01',
  ...over,
});

describe('a cooperative keeps its own listings', () => {
  it('records a listing with its platform and the day it went live; the channel defaults to the platform name', async () => {
    const l = await json(t.call('POST', '/api/v1/listings', { key: coopA.key, body: shopee(productA.id) }), 201);
    expect(l).toMatchObject({
      productId: productA.id,
      platform: 'shopee',
      channel: 'Shopee',
      wentLiveOn: '2023-04-01',
      endedOn: null,
    });
    const p = await json(t.call('GET', `/api/v1/products/${productA.id}`, { key: coopA.key }), 200);
    expect(p.listings).toContainEqual({ channel: 'Shopee', url: l.url });
  });

  it("does not see, change or delete another cooperative's listing (404), nor list one for its product", async () => {
    const theirs = await json(t.call('POST', '/api/v1/listings', { key: coopB.key, body: shopee(productB.id) }), 201);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { endedOn: '2024-01-01' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await t.call(method, `/api/v1/listings/${theirs.id}`, { key: coopA.key, body });
      expect(res.status, method).toBe(404);
    }
    const before = await listingCount();
    const res = await t.call('POST', '/api/v1/listings', { key: coopA.key, body: shopee(productB.id) });
    expect(res.status).toBe(404);
    expect(await listingCount()).toBe(before);
    const mine = await json(t.call('GET', '/api/v1/listings?limit=200', { key: coopA.key }), 200);
    expect(mine.items.every((i: { ownerId: string }) => i.ownerId === coopA.org.id)).toBe(true);
    expect(mine.items.some((i: { id: string }) => i.id === theirs.id)).toBe(false);
    // staff read every cooperative's, and may not write them
    const all = await json(t.call('GET', '/api/v1/listings?limit=200', { key: t.keys.staff }), 200);
    expect(all.items.some((i: { id: string }) => i.id === theirs.id)).toBe(true);
    expect((await t.call('POST', '/api/v1/listings', { key: t.keys.staff, body: shopee(productB.id) })).status).toBe(
      403,
    );
    expect((await t.call('GET', `/api/v1/listings/${theirs.id}`, { key: coopB.key })).status).toBe(200);
  });
});

describe('bad input: nothing is written', () => {
  it('refuses a listing that ends before it went live, with a clear 400 naming endedOn', async () => {
    const before = await listingCount();
    const res = await t.call('POST', '/api/v1/listings', {
      key: coopA.key,
      body: shopee(productA.id, { wentLiveOn: '2024-05-01', endedOn: '2024-04-30' }),
    });
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details).toContainEqual(
      expect.objectContaining({ path: 'body.endedOn', message: 'a listing cannot end before the day it went live' }),
    );
    expect(await listingCount()).toBe(before);
  });

  it('refuses ending a recorded listing before the day it went live, leaving it as it was', async () => {
    const l = await json(
      t.call('POST', '/api/v1/listings', { key: coopA.key, body: shopee(productA.id, { wentLiveOn: '2024-05-01' }) }),
      201,
    );
    const res = await t.call('PATCH', `/api/v1/listings/${l.id}`, { key: coopA.key, body: { endedOn: '2024-01-31' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe('body.endedOn');
    expect((await json(t.call('GET', `/api/v1/listings/${l.id}`, { key: coopA.key }), 200)).endedOn).toBeNull();
  });

  it('refuses days after today, an unknown platform, a bad date and unknown fields', async () => {
    const before = await listingCount();
    for (const over of [
      { wentLiveOn: '2025-06-16' },
      { endedOn: '2025-07-01' },
      { platform: 'amazon' },
      { wentLiveOn: '2024-02-30' },
      { wentLiveOn: '9999-01-01' },
      { extra: 1 },
    ]) {
      const res = await t.call('POST', '/api/v1/listings', { key: coopA.key, body: shopee(productA.id, over) });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect((await res.json()).error.code).toBe('VALIDATION_FAILED');
    }
    expect(await listingCount()).toBe(before);
  });

  it('refuses a second live listing at the same address of a product (409), and allows it again once ended', async () => {
    const body = shopee(productA.id, { wentLiveOn: '2022-03-01' });
    const first = await json(t.call('POST', '/api/v1/listings', { key: coopA.key, body }), 201);
    expect((await t.call('POST', '/api/v1/listings', { key: coopA.key, body })).status).toBe(409);
    await json(
      t.call('PATCH', `/api/v1/listings/${first.id}`, { key: coopA.key, body: { endedOn: '2022-12-31' } }),
      200,
    );
    await json(
      t.call('POST', '/api/v1/listings', { key: coopA.key, body: { ...body, wentLiveOn: '2024-02-01' } }),
      201,
    );
  });
});

describe('an ended listing', () => {
  it('leaves the shop links of the product, and still counts in the years it was live', async () => {
    const coop = await t.cooperative('HTX Mật ong Bắc Hà');
    const product = await json(
      t.call('POST', '/api/v1/products', { key: coop.key, body: productBody(coop.org.id, { listings: [] }) }),
      201,
    );
    const l = await json(
      t.call('POST', '/api/v1/listings', {
        key: coop.key,
        body: { productId: product.id, platform: 'voso', url: 'https://voso.vn/mat-ong', wentLiveOn: '2022-06-01' },
      }),
      201,
    );
    const ended = await json(
      t.call('PATCH', `/api/v1/listings/${l.id}`, { key: coop.key, body: { endedOn: '2023-03-31' } }),
      200,
    );
    expect(ended.endedOn).toBe('2023-03-31');
    const p = await json(t.call('GET', `/api/v1/products/${product.id}`, { key: coop.key }), 200);
    expect(p.listings).toEqual([]);
    const byYear = await json(
      t.call('GET', `/api/v1/report/programme/records/ecommerce_products?year=2023`, { key: t.keys.staff }),
      200,
    );
    expect(byYear.items.map((i: { productId: string }) => i.productId)).toContain(product.id);
    const y2024 = await json(
      t.call('GET', `/api/v1/report/programme/records/ecommerce_products?year=2024`, { key: t.keys.staff }),
      200,
    );
    expect(y2024.items.map((i: { productId: string }) => i.productId)).not.toContain(product.id);
  });

  it("keeps a listing's dates when the product's list is sent again, and dates a new address today", async () => {
    const coop = await t.cooperative('HTX Miến dong Nà Sơn');
    const product = await json(
      t.call('POST', '/api/v1/products', { key: coop.key, body: productBody(coop.org.id, { listings: [] }) }),
      201,
    );
    await json(
      t.call('POST', '/api/v1/listings', {
        key: coop.key,
        body: {
          productId: product.id,
          platform: 'postmart',
          url: 'https://postmart.vn/mien',
          wentLiveOn: '2022-01-15',
        },
      }),
      201,
    );
    await json(
      t.call('PATCH', `/api/v1/products/${product.id}`, {
        key: coop.key,
        body: {
          listings: [
            { channel: 'Postmart Sơn Lâm', url: 'https://postmart.vn/mien' },
            { channel: 'Tiki', url: 'https://tiki.vn/mien' },
          ],
        },
      }),
      200,
    );
    const list = await json(t.call('GET', `/api/v1/listings?productId=${product.id}`, { key: coop.key }), 200);
    const byUrl = Object.fromEntries(list.items.map((i: { url: string }) => [i.url, i]));
    expect(byUrl['https://postmart.vn/mien']).toMatchObject({
      channel: 'Postmart Sơn Lâm',
      platform: 'postmart',
      wentLiveOn: '2022-01-15',
    });
    expect(byUrl['https://tiki.vn/mien']).toMatchObject({ platform: 'tiki', wentLiveOn: '2025-06-15', endedOn: null });
  });
});
