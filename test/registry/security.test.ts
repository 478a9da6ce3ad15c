import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ MAX_BODY_BYTES: '2048' });
});
afterAll(async () => {
  await t?.close();
});

const coopBody = { kind: 'cooperative', name: 'HTX Bảo mật', province: 'Tỉnh Sơn Lâm' };

describe('authentication', () => {
  it('answers 401 in the error shape without a key, with a malformed key and with an unknown key', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer nonsense' },
      { authorization: `Bearer ocop_aaaaaaaaaa_${'b'.repeat(50)}` },
      { authorization: 'Basic abc' },
    ]) {
      const r = await t.call('GET', '/api/v1/organizations', { headers });
      expect(r.status).toBe(401);
      const body = await r.json();
      expect(body).toEqual({
        error: { code: 'UNAUTHENTICATED', message: expect.any(String), details: null, requestId: expect.any(String) },
      });
    }
  });

  it('creates a key shown once, stores only its hash and stops accepting it once revoked', async () => {
    const r = await t.call('POST', '/api/v1/keys', {
      key: t.keys.admin,
      body: { name: 'Cán bộ huyện', role: 'staff' },
    });
    expect(r.status).toBe(201);
    const created = await r.json();
    expect(created.key).toMatch(/^ocop_[a-z0-9]{10}_[a-z0-9]{50}$/);
    const stored = await t.db.sql`select * from api_keys where id = ${created.id}`;
    expect(JSON.stringify(stored)).not.toContain(created.key.split('_')[2]);
    const list = await (await t.call('GET', '/api/v1/keys', { key: t.keys.admin })).json();
    expect(JSON.stringify(list)).not.toContain(created.key);
    expect((await t.call('GET', '/api/v1/organizations', { key: created.key })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/keys/${created.id}/revoke`, { key: t.keys.admin })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/organizations', { key: created.key })).status).toBe(401);
  });

  it('binds cooperative keys to an organization and refuses it for other roles', async () => {
    const { org } = await t.cooperative();
    expect(
      (await t.call('POST', '/api/v1/keys', { key: t.keys.admin, body: { name: 'x', role: 'cooperative' } })).status,
    ).toBe(400);
    expect(
      (
        await t.call('POST', '/api/v1/keys', {
          key: t.keys.admin,
          body: { name: 'x', role: 'staff', organizationId: org.id },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.call('POST', '/api/v1/keys', {
          key: t.keys.admin,
          body: { name: 'x', role: 'cooperative', organizationId: org.id },
        })
      ).status,
    ).toBe(201);
  });

  it('lets only admins manage keys', async () => {
    const coop = await t.cooperative();
    expect((await t.call('GET', '/api/v1/keys', { key: t.keys.staff })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/keys', { key: coop.key, body: { name: 'x', role: 'admin' } })).status).toBe(
      403,
    );
    expect((await t.call('GET', '/api/v1/audit', { key: coop.key })).status).toBe(403);
  });
});

describe('request hygiene', () => {
  it('answers 413 for a body over the configured size', async () => {
    const r = await t.call('POST', '/api/v1/organizations', {
      key: t.keys.admin,
      body: { ...coopBody, address: 'x'.repeat(5000) },
    });
    expect(r.status).toBe(413);
    expect((await r.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const r = await t.call('POST', '/api/v1/organizations', {
      key: t.keys.admin,
      body: 'kind=cooperative',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(415);
    expect((await r.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 400 for malformed JSON, never 500', async () => {
    const r = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: '{"kind": "cooperative",' });
    expect(r.status).toBe(400);
    expect((await r.json()).error.code).toBe('BAD_JSON');
    const wrongType = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: '[1,2,3]' });
    expect(wrongType.status).toBe(400);
    const nul = await t.call('POST', '/api/v1/organizations', {
      key: t.keys.admin,
      body: { ...coopBody, name: 'HTX \u0000' },
    });
    expect(nul.status).toBeLessThan(500);
  });

  it('answers 404 in the error shape for unknown routes', async () => {
    const r = await t.call('GET', '/api/v1/nothing-here', { key: t.keys.admin });
    expect(r.status).toBe(404);
    expect((await r.json()).error.code).toBe('NOT_FOUND');
  });

  it('echoes a safe request id and makes one up otherwise', async () => {
    const r = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'abc-12345678' } });
    expect(r.headers.get('x-request-id')).toBe('abc-12345678');
    const r2 = await t.call('GET', '/healthz', { headers: { 'x-request-id': '<script>' } });
    expect(r2.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the request id and the security headers on every answer, downloads and errors included', async () => {
    const answers = [
      await t.call('GET', '/api/v1/report/programme?format=csv', {
        key: t.keys.staff,
        headers: { 'x-request-id': 'csv-req-1' },
      }),
      await t.call('GET', '/api/v1/organizations/not-a-uuid', {
        key: t.keys.staff,
        headers: { 'x-request-id': 'err-req-1' },
      }),
      await t.call('GET', '/01/08930000000019', { headers: { 'x-request-id': 'page-req-1' } }),
    ];
    expect(answers.map((r) => r.headers.get('x-request-id'))).toEqual(['csv-req-1', 'err-req-1', 'page-req-1']);
    expect(answers[0]!.headers.get('content-type')).toMatch(/^text\/csv/);
    for (const r of answers) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    }
  });
});

describe('idempotent creates', () => {
  it('returns the first answer to a retry and creates nothing new', async () => {
    const headers = { 'idempotency-key': 'create-org-1' };
    const first = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: coopBody, headers });
    const second = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: coopBody, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    const n = (await t.db.sql`select count(*)::int as n from organizations where name = 'HTX Bảo mật'`)[0]!.n;
    expect(n).toBe(1);
  });

  it('creates exactly one record when the same retry arrives many times at once', async () => {
    const body = { ...coopBody, name: 'HTX Đồng thời' };
    const headers = { 'idempotency-key': 'create-org-concurrent' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body, headers })),
    );
    const ids = new Set(await Promise.all(answers.map(async (r) => (await r.json()).id)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(ids.size).toBe(1);
    const n = (await t.db.sql`select count(*)::int as n from organizations where name = 'HTX Đồng thời'`)[0]!.n;
    expect(n).toBe(1);
  });

  it('refuses the same key for a different request, and does not keep keys of failed requests', async () => {
    const headers = { 'idempotency-key': 'reused-key' };
    await t.call('POST', '/api/v1/organizations', {
      key: t.keys.admin,
      body: { ...coopBody, name: 'HTX Một' },
      headers,
    });
    const r = await t.call('POST', '/api/v1/organizations', {
      key: t.keys.admin,
      body: { ...coopBody, name: 'HTX Hai' },
      headers,
    });
    expect(r.status).toBe(422);
    expect((await r.json()).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const failed = { 'idempotency-key': 'failed-first' };
    expect(
      (
        await t.call('POST', '/api/v1/organizations', {
          key: t.keys.admin,
          body: { ...coopBody, gln: '123' },
          headers: failed,
        })
      ).status,
    ).toBe(400);
    expect(
      (await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: coopBody, headers: failed })).status,
    ).toBe(201);
  });

  it('keeps idempotency keys per API key', async () => {
    const headers = { 'idempotency-key': 'shared-name' };
    const a = await t.cooperative();
    const b = await t.cooperative();
    const area = (org: string) => ({
      code: `VNL-IDEM-${org.slice(0, 6)}`,
      name: 'Vùng',
      operatorId: org,
      province: 'Tỉnh Sơn Lâm',
      location: { type: 'Point', coordinates: [105, 22] },
      areaHa: 1,
    });
    const ra = await (await t.call('POST', '/api/v1/areas', { key: a.key, body: area(a.org.id), headers })).json();
    const rb = await (await t.call('POST', '/api/v1/areas', { key: b.key, body: area(b.org.id), headers })).json();
    expect(ra.id).not.toBe(rb.id);
  });
});

describe('documentation', () => {
  it('publishes an OpenAPI 3.1 document listing every operation', async () => {
    const doc = await (await t.call('GET', '/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/organizations',
      '/api/v1/areas/{id}',
      '/api/v1/contracts',
      '/api/v1/products/{id}/ratings',
      '/api/v1/models',
      '/api/v1/keys',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(
      doc.paths['/api/v1/products'].post.requestBody.content['application/json'].schema.properties.gtin,
    ).toBeDefined();
    const docs = await t.call('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/api/v1/organizations');
  });
});
