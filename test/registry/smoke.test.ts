import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';

let t: TestContext;
beforeAll(async () => { t = await createTestContext(); });
afterAll(async () => { await t?.close(); });

describe('smoke', () => {
  it('answers healthz and readyz', async () => {
    expect((await t.call('GET', '/healthz')).status).toBe(200);
    const r = await t.call('GET', '/readyz');
    expect(r.status).toBe(200);
  });
  it('creates an organization', async () => {
    const r = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: { kind: 'cooperative', name: 'HTX A', province: 'Tuyên Quang' } });
    const body = await r.json();
    expect(r.status, JSON.stringify(body)).toBe(201);
  });
});
