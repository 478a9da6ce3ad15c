// Migration 00019 on a database that already holds listings: each gets the day its product was
// registered (in Vietnam) as the day it went live, and the platform its channel text names.
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrations';
import { loadMigrations } from '../../src/entry/migration-files';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase | undefined;
afterAll(() => db?.close());

describe('migration 00019 on listings recorded without dates', () => {
  it('dates each listing from its product, reads its platform from the channel, and keeps a live one per address', async () => {
    db = await createTestDatabase({ migrate: false });
    const all = loadMigrations();
    await applyMigrations(
      db.sql,
      all.filter((m) => m.name < '00019'),
    );
    const [org] = await db.sql<{ id: string }[]>`
      insert into organizations (kind, name, province) values ('cooperative', 'HTX Cũ', 'Tỉnh Thử nghiệm') returning id`;
    // 18:30 UTC on 31 March 2023 is already 1 April in Vietnam
    const [product] = await db.sql<{ id: string }[]>`
      insert into products (gtin, name_vi, ocop_group, owner_id, created_at)
      values ('08930000000019', 'Chè cũ', 1, ${org!.id}, '2023-03-31T18:30:00Z') returning id`;
    await db.sql`
      insert into product_listings (product_id, channel, url) values
        (${product!.id}, 'Gian hàng Shopee', 'https://shopee.vn/che-cu'),
        (${product!.id}, 'Chợ phiên', 'https://example.vn/che-cu')`;
    await applyMigrations(db.sql, all);
    const rows = await db.sql<{ url: string; platform: string; wentLiveOn: string; endedOn: string | null }[]>`
      select url, platform, went_live_on::text as went_live_on, ended_on::text as ended_on
        from product_listings order by url`;
    expect(rows).toEqual([
      { url: 'https://example.vn/che-cu', platform: 'other', wentLiveOn: '2023-04-01', endedOn: null },
      { url: 'https://shopee.vn/che-cu', platform: 'shopee', wentLiveOn: '2023-04-01', endedOn: null },
    ]);
    await expect(
      db.sql`update product_listings set ended_on = '2023-03-31' where url = 'https://shopee.vn/che-cu'`,
    ).rejects.toMatchObject({ code: '23514' });
  }, 180_000);
});
