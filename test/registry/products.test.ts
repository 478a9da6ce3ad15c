import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { productBody } from '../support/fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

describe('products', () => {
  it('stores a GTIN-13 as GTIN-14 and finds it by any length', async () => {
    const { org, key } = await t.cooperative();
    const r = await t.call('POST', '/api/v1/products', { key, body: productBody(org.id, { gtin: '8930000000019' }) });
    expect(r.status).toBe(201);
    const p = await r.json();
    expect(p).toMatchObject({
      gtin: '08930000000019',
      nameVi: 'Chè Shan tuyết cổ thụ Cao Bồ',
      ratings: [],
      currentRating: null,
    });
    expect(p.listings).toEqual([{ channel: 'Shopee', url: 'https://shopee.vn/che-shan-tuyet-cao-bo' }]);
    const byGtin = await (await t.call('GET', '/api/v1/products?gtin=8930000000019', { key: t.keys.staff })).json();
    expect(byGtin.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });

  it('refuses a wrong check digit, a wrong length and an OCOP group outside 1–6', async () => {
    const { org, key } = await t.cooperative();
    const cd = await (
      await t.call('POST', '/api/v1/products', { key, body: productBody(org.id, { gtin: '8930000000018' }) })
    ).json();
    expect(cd.error.details[0]).toMatchObject({ path: 'body.gtin', message: expect.stringMatching(/check digit/) });
    const len = await (
      await t.call('POST', '/api/v1/products', { key, body: productBody(org.id, { gtin: '89300000001' }) })
    ).json();
    expect(len.error.details[0].message).toMatch(/8, 12, 13 or 14 digits/);
    const grp = await (
      await t.call('POST', '/api/v1/products', { key, body: productBody(org.id, { ocopGroup: 7 }) })
    ).json();
    expect(grp.error.details[0].path).toBe('body.ocopGroup');
  });

  it('refuses the same GTIN twice with 409', async () => {
    const { org, key } = await t.cooperative();
    expect(
      (await t.call('POST', '/api/v1/products', { key, body: productBody(org.id, { gtin: '8930000000026' }) })).status,
    ).toBe(201);
    const r = await t.call('POST', '/api/v1/products', { key, body: productBody(org.id, { gtin: '08930000000026' }) });
    expect(r.status).toBe(409);
  });

  it('keeps a rating history whose validity (36 months) is derived, and shows the rating in force', async () => {
    const { org, key } = await t.cooperative();
    const p = await (
      await t.call('POST', '/api/v1/products', { key, body: productBody(org.id, { gtin: '8930000000033' }) })
    ).json();
    const old = await t.call('POST', `/api/v1/products/${p.id}/ratings`, {
      key: t.keys.admin,
      body: { stars: 3, decisionNumber: '125/QĐ-UBND', issuingLevel: 'district', decisionDate: '2020-03-10' },
    });
    expect(old.status).toBe(201);
    expect(await old.json()).toMatchObject({ validUntil: '2023-03-09' });
    const fresh = await t.call('POST', `/api/v1/products/${p.id}/ratings`, {
      key: t.keys.admin,
      body: { stars: 4, decisionNumber: '2210/QĐ-UBND', issuingLevel: 'province', decisionDate: '2024-11-20' },
    });
    expect(fresh.status).toBe(201);
    const got = await (await t.call('GET', `/api/v1/products/${p.id}`, { key })).json();
    expect(got.ratings.map((r: { stars: number }) => r.stars)).toEqual([4, 3]);
    expect(got.currentRating).toMatchObject({ stars: 4, validUntil: '2027-11-19' });
  });

  it('refuses a typed-in validUntil, a future decision and a provincial 5★', async () => {
    const { org, key } = await t.cooperative();
    const p = await (
      await t.call('POST', '/api/v1/products', { key, body: productBody(org.id, { gtin: '8930000000040' }) })
    ).json();
    const base = { stars: 4, decisionNumber: '1/QĐ', issuingLevel: 'province', decisionDate: '2024-01-01' };
    expect(
      (
        await t.call('POST', `/api/v1/products/${p.id}/ratings`, {
          key: t.keys.admin,
          body: { ...base, validUntil: '2030-01-01' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.call('POST', `/api/v1/products/${p.id}/ratings`, {
          key: t.keys.admin,
          body: { ...base, decisionDate: '2025-07-01' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await t.call('POST', `/api/v1/products/${p.id}/ratings`, { key: t.keys.admin, body: { ...base, stars: 5 } }))
        .status,
    ).toBe(400);
    expect(
      (await t.call('POST', `/api/v1/products/${p.id}/ratings`, { key: t.keys.admin, body: { ...base, stars: 6 } }))
        .status,
    ).toBe(400);
    // ratings are official decisions: cooperatives and staff cannot record them
    expect((await t.call('POST', `/api/v1/products/${p.id}/ratings`, { key, body: base })).status).toBe(403);
    expect((await t.call('POST', `/api/v1/products/${p.id}/ratings`, { key: t.keys.staff, body: base })).status).toBe(
      403,
    );
  });

  it('refuses stars outside 1–5 in the schema itself', async () => {
    const { org, key } = await t.cooperative();
    const p = await (
      await t.call('POST', '/api/v1/products', { key, body: productBody(org.id, { gtin: '8930000000057' }) })
    ).json();
    await expect(
      t.db.sql`insert into ocop_ratings (product_id, stars, decision_number, issuing_level, decision_date)
               values (${p.id}, 6, 'x', 'province', '2024-01-01')`,
    ).rejects.toThrow(/check constraint/);
    await expect(t.db.sql`update products set gtin = '123' where id = ${p.id}`).rejects.toThrow(/check constraint/);
  });

  it('keeps cooperatives to their own products', async () => {
    const a = await t.cooperative();
    const b = await t.cooperative();
    const p = await (
      await t.call('POST', '/api/v1/products', { key: b.key, body: productBody(b.org.id, { gtin: '8930000000064' }) })
    ).json();
    expect((await t.call('GET', `/api/v1/products/${p.id}`, { key: a.key })).status).toBe(404);
    expect(
      (await t.call('PATCH', `/api/v1/products/${p.id}`, { key: a.key, body: { nameVi: 'Giả mạo' } })).status,
    ).toBe(403);
    expect(
      (await t.call('POST', '/api/v1/products', { key: a.key, body: productBody(b.org.id, { gtin: '8930000000071' }) }))
        .status,
    ).toBe(403);
    const ok = await t.call('PATCH', `/api/v1/products/${p.id}`, {
      key: b.key,
      body: { listings: [{ channel: 'Postmart', url: 'https://postmart.vn/p/1' }], nameEn: 'Tea' },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).listings).toEqual([{ channel: 'Postmart', url: 'https://postmart.vn/p/1' }]);
  });
});
