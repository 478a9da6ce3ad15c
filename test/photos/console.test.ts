// The console's product photo pages: a cooperative operator uploads a photo with the multipart
// form (no script), sees why a disguised file is refused, makes another photo the main one and
// deletes one; another cooperative's product is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type ConsoleBrowser, type TestContext } from '../support/app';
import { productBody } from '../support/fixtures';
import { jpeg, PDF, png } from './images';

let t: TestContext;
let b: ConsoleBrowser;
let productId: string;
let foreignId: string;

beforeAll(async () => {
  t = await createTestContext();
  const coop = await t.cooperative();
  const other = await t.cooperative();
  const mk = async (key: string, owner: string, gtin: string) =>
    (await (await t.call('POST', '/api/v1/products', { key, body: productBody(owner, { gtin }) })).json()).id;
  productId = await mk(coop.key, coop.org.id, '8930000000019');
  foreignId = await mk(other.key, other.org.id, '8930000000026');
  const u = await t.user({ role: 'cooperative', organizationId: coop.org.id });
  b = await t.signIn(u.username, u.password);
});
afterAll(async () => {
  await t?.close();
});

function postPhoto(path: string, file: Uint8Array, type: string, fields: Record<string, string> = {}) {
  const f = new FormData();
  f.set('_csrf', b.csrf!);
  f.set('photo', new Blob([file as Uint8Array<ArrayBuffer>], { type }), 'anh.jpg');
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return t.app.request(`${t.config.PUBLIC_BASE_URL}${path}`, {
    method: 'POST',
    body: f,
    headers: {
      cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      origin: t.config.PUBLIC_BASE_URL,
    },
  });
}

describe('product photos in the console', () => {
  it('lists only the cooperative’s own products and offers a multipart upload form without script', async () => {
    const list = await b.html('/console/products');
    expect(list).toContain(`/console/products/${productId}`);
    expect(list).not.toContain(foreignId);
    const page = await b.html(`/console/products/${productId}`);
    expect(page).toMatch(
      /<form method="post" action="\/console\/products\/[^"]+\/photos" enctype="multipart\/form-data">/,
    );
    expect(page).toContain('accept="image/jpeg,image/png,image/webp"');
    expect(page).not.toContain('<script');
    expect(page.length).toBeLessThanOrEqual(60 * 1024);
  });

  it('uploads a photo and shows it; a PDF named .jpg gets a clear message beside the form, and nothing stored', async () => {
    const ok = await postPhoto(`/console/products/${productId}/photos`, await jpeg(800, 600), 'image/jpeg', {
      altVi: 'Hộp chè xanh',
    });
    expect(ok.status).toBe(303);
    const page = await (await b.follow(ok)).text();
    expect(page).toContain('Đã tải ảnh lên.');
    expect(page).toMatch(/<img src="\/media\/photos\/[^"]+-160\.webp" width="160" height="120" alt="Hộp chè xanh"/);
    expect(page).toContain('Ảnh chính');
    const bad = await postPhoto(`/console/products/${productId}/photos`, PDF, 'image/jpeg');
    expect(bad.status).toBe(415);
    const html = await bad.text();
    expect(html).toContain('Không tải được ảnh');
    expect(html).toContain('thật ra không phải ảnh (ví dụ tệp PDF hay SVG)');
    const [{ n }] = (await t.db.sql`select count(*)::int as n from product_photos`) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });

  it('makes another photo the main one and deletes one', async () => {
    const second = await postPhoto(`/console/products/${productId}/photos`, png(300, 300), 'image/png');
    expect(second.status).toBe(303);
    const [row] = await t.db.sql`select id from product_photos where product_id = ${productId} and not is_main`;
    const made = await b.post(`/console/products/${productId}/photos/${row!.id}/main`, {});
    expect(made.status).toBe(303);
    expect(await (await b.follow(made)).text()).toContain('Đã đổi ảnh chính.');
    const [main] = await t.db.sql`select id from product_photos where product_id = ${productId} and is_main`;
    expect(main!.id).toBe(row!.id);
    const del = await b.post(`/console/products/${productId}/photos/${row!.id}/delete`, {});
    expect(del.status).toBe(303);
    const left = await t.db.sql`select id, is_main from product_photos where product_id = ${productId}`;
    expect(left).toHaveLength(1);
    expect(left[0]!.isMain).toBe(true);
  });

  it("finds no other cooperative's product, and refuses an upload to it", async () => {
    expect((await b.get(`/console/products/${foreignId}`)).status).toBe(404);
    const r = await postPhoto(`/console/products/${foreignId}/photos`, await jpeg(64, 64), 'image/jpeg');
    expect(r.status).toBe(404);
    const [{ n }] = (await t.db
      .sql`select count(*)::int as n from product_photos where product_id = ${foreignId}`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(0);
  });
});
