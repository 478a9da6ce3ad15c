// The buyer role: a key or user bound to one enterprise, refused wherever a cooperative's or the
// staff's work is done, and seeing only its own recall notices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { buyer } from './support';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('the buyer role', () => {
  it('creates a buyer key only for an enterprise, and never without an organization', async () => {
    const b = await buyer(t);
    const coop = await t.cooperative();
    const ok = await json(
      t.call('POST', '/api/v1/keys', {
        key: t.keys.admin,
        body: { name: 'Kho', role: 'buyer', organizationId: b.org.id },
      }),
      201,
    );
    expect(ok.role).toBe('buyer');
    expect(ok.organizationId).toBe(b.org.id);
    const wrongKind = await json(
      t.call('POST', '/api/v1/keys', {
        key: t.keys.admin,
        body: { name: 'Kho', role: 'buyer', organizationId: coop.org.id },
      }),
      400,
    );
    expect(wrongKind.error.details[0]).toMatchObject({ path: 'body.organizationId' });
    await json(t.call('POST', '/api/v1/keys', { key: t.keys.admin, body: { name: 'Kho', role: 'buyer' } }), 400);
  });

  it('the database refuses a buyer key or user without an organization', async () => {
    await expect(
      t.db.sql`insert into api_keys (name, prefix, secret_hash, role) values ('x', 'pfx_nobuyer', 'h', 'buyer')`,
    ).rejects.toThrow(/api_keys_check/);
  });

  it('a buyer user can be created for an enterprise', async () => {
    const b = await buyer(t);
    const u = await json(
      t.call('POST', '/api/v1/users', {
        key: t.keys.admin,
        body: {
          username: 'kho.thu',
          displayName: 'Kho Thử',
          role: 'buyer',
          organizationId: b.org.id,
          password: 'correct horse battery',
        },
      }),
      201,
    );
    expect(u.role).toBe('buyer');
  });

  it('a buyer key gets 403 on cooperative-only and staff-only operations', async () => {
    const b = await buyer(t);
    const chain = await producerChain(t);
    const forbidden: [string, string, unknown?][] = [
      ['GET', '/api/v1/areas'],
      ['POST', '/api/v1/areas', {}],
      ['GET', '/api/v1/batches'],
      ['POST', '/api/v1/harvest-lots', {}],
      ['GET', `/api/v1/trace/forward?areaId=${chain.area.id}`],
      ['POST', '/api/v1/recalls/preview', { origin: { kind: 'area', id: chain.area.id } }],
      ['POST', '/api/v1/recalls', {}],
      ['GET', '/api/v1/keys'],
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/organizations'],
    ];
    for (const [method, path, body] of forbidden) {
      const res = await t.call(method, path, { key: b.key, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it('a cooperative key gets 403 on the buyer’s own operations', async () => {
    const coop = await t.cooperative();
    for (const [method, path] of [
      ['GET', '/api/v1/buyer/receipts'],
      ['GET', '/api/v1/recall-notices'],
      ['PUT', '/api/v1/buyer/webhook'],
    ] as const) {
      const res = await t.call(method, path, {
        key: coop.key,
        body: method === 'PUT' ? { url: 'https://x.vn' } : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it('a webhook URL must be a public https address, and its secret is shown once', async () => {
    const b = await buyer(t);
    // the server makes the request: nothing on its own machine or network, nor plain http
    for (const url of [
      'http://shop.example.vn/hook',
      'http://127.0.0.1:5432/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:10.0.0.1]/hook',
      'https://db.internal/hook',
    ]) {
      const refused = await json(t.call('PUT', '/api/v1/buyer/webhook', { key: b.key, body: { url } }), 400);
      expect(refused.error.code, url).toBe('VALIDATION_FAILED');
      expect(refused.error.details, url).toEqual([{ path: 'body.url', message: expect.stringMatching(/^must /) }]);
    }
    await json(t.call('GET', '/api/v1/buyer/webhook', { key: b.key }), 404);
    const first = await json(
      t.call('PUT', '/api/v1/buyer/webhook', { key: b.key, body: { url: 'https://shop.example.vn/hook' } }),
      200,
    );
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const again = await json(
      t.call('PUT', '/api/v1/buyer/webhook', { key: b.key, body: { url: 'https://shop.example.vn/hook2' } }),
      200,
    );
    expect(again.secret).toBeUndefined();
    const read = await json(t.call('GET', '/api/v1/buyer/webhook', { key: b.key }), 200);
    expect(read).toMatchObject({ url: 'https://shop.example.vn/hook2' });
    expect(read.secret).toBeUndefined();
    const rotated = await json(
      t.call('PUT', '/api/v1/buyer/webhook', {
        key: b.key,
        body: { url: 'https://shop.example.vn/hook2', rotateSecret: true },
      }),
      200,
    );
    expect(rotated.secret).not.toBe(first.secret);
  });
});
