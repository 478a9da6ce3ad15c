import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { areaBody, productBody } from '../support/fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

async function chain() {
  const lead = await t.cooperative('HTX Chè Shan tuyết Cao Bồ');
  const buyer = await t.cooperative('Công ty CP Thương mại Sơn Lâm');
  const area = await (await t.call('POST', '/api/v1/areas', { key: lead.key, body: areaBody(lead.org.id) })).json();
  const product = await (
    await t.call('POST', '/api/v1/products', {
      key: lead.key,
      body: productBody(lead.org.id, { gtin: '8930000000088' }),
    })
  ).json();
  return { lead, buyer, area, product };
}

describe('value-chain models', () => {
  it('links areas, cooperatives, buyers and products under a slug', async () => {
    const { lead, buyer, area, product } = await chain();
    const r = await t.call('POST', '/api/v1/models', {
      key: t.keys.admin,
      body: {
        slug: 'che-shan-tuyet-cao-bo',
        name: 'Mô hình liên kết chuỗi giá trị chè Shan tuyết Cao Bồ',
        yearFounded: 2022,
        description: 'Liên kết hộ trồng chè với HTX chế biến và doanh nghiệp bao tiêu.',
        leadCooperativeId: lead.org.id,
        members: [
          { organizationId: lead.org.id, role: 'producer' },
          { organizationId: lead.org.id, role: 'processor' },
          { organizationId: buyer.org.id, role: 'buyer' },
          { organizationId: buyer.org.id, role: 'buyer' },
        ],
        areaIds: [area.id, area.id],
        productIds: [product.id],
      },
    });
    expect(r.status).toBe(201);
    const m = await r.json();
    expect(m).toMatchObject({
      slug: 'che-shan-tuyet-cao-bo',
      status: 'active',
      areaIds: [area.id],
      productIds: [product.id],
    });
    expect(m.members).toHaveLength(3);
    // every role may read models (they are public information)
    expect((await t.call('GET', `/api/v1/models/${m.id}`, { key: buyer.key })).status).toBe(200);
    const mine = await (await t.call('GET', `/api/v1/models?memberId=${buyer.org.id}`, { key: t.keys.staff })).json();
    expect(mine.items.map((x: { id: string }) => x.id)).toEqual([m.id]);
    const patched = await (
      await t.call('PATCH', `/api/v1/models/${m.id}`, { key: t.keys.admin, body: { status: 'suspended', areaIds: [] } })
    ).json();
    expect(patched).toMatchObject({ status: 'suspended', areaIds: [] });
  });

  it('refuses unknown linked records, a bad slug and a duplicate slug', async () => {
    const { lead } = await chain();
    const base = { slug: 'mien-dong', name: 'Mô hình miến dong', yearFounded: 2023, leadCooperativeId: lead.org.id };
    const missing = await (
      await t.call('POST', '/api/v1/models', {
        key: t.keys.admin,
        body: { ...base, areaIds: ['00000000-0000-4000-8000-000000000001'] },
      })
    ).json();
    expect(missing.error.details[0]).toMatchObject({ path: 'body.areaIds' });
    const slug = await (
      await t.call('POST', '/api/v1/models', { key: t.keys.admin, body: { ...base, slug: 'Miến Dong' } })
    ).json();
    expect(slug.error.details[0].path).toBe('body.slug');
    expect((await t.call('POST', '/api/v1/models', { key: t.keys.admin, body: base })).status).toBe(201);
    expect((await t.call('POST', '/api/v1/models', { key: t.keys.admin, body: base })).status).toBe(409);
  });

  it('lets only admins create or change models', async () => {
    const { lead } = await chain();
    const body = { slug: 'mat-ong', name: 'Mô hình mật ong', yearFounded: 2024, leadCooperativeId: lead.org.id };
    expect((await t.call('POST', '/api/v1/models', { key: lead.key, body })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/models', { key: t.keys.staff, body })).status).toBe(403);
  });
});
