import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

const org = (over: Record<string, unknown> = {}) => ({
  kind: 'cooperative',
  name: 'HTX Nông nghiệp Thượng Sơn',
  registrationCode: `HTX-${Math.random().toString(36).slice(2, 10)}`,
  province: 'Tỉnh Sơn Lâm',
  commune: 'Xã Thượng Sơn',
  address: 'Thôn Nà Hu, xã Thượng Sơn',
  contactName: 'Nguyễn Văn Hùng',
  contactPhone: '+84 912 345 678',
  contactEmail: 'htx.thuongson@example.vn',
  ...over,
});

describe('organizations', () => {
  it('registers an association unit hierarchy and a cooperative under it', async () => {
    const province = await t.call('POST', '/api/v1/organizations', {
      key: t.keys.admin,
      body: {
        kind: 'association_unit',
        associationLevel: 'province',
        name: 'Hội Nông dân tỉnh Sơn Lâm',
        province: 'Tỉnh Sơn Lâm',
      },
    });
    expect(province.status).toBe(201);
    const p = await province.json();
    expect(p).toMatchObject({ kind: 'association_unit', associationLevel: 'province', parentId: null });
    const coop = await t.call('POST', '/api/v1/organizations', {
      key: t.keys.admin,
      body: org({ parentId: p.id, gln: '8930000000019' }),
    });
    expect(coop.status).toBe(201);
    const c = await coop.json();
    expect(c).toMatchObject({ name: 'HTX Nông nghiệp Thượng Sơn', parentId: p.id, gln: '8930000000019' });
    const got = await t.call('GET', `/api/v1/organizations/${c.id}`, { key: t.keys.staff });
    expect(await got.json()).toEqual(c);
  });

  it('refuses a GLN with a wrong check digit, naming the field', async () => {
    const r = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: org({ gln: '8930000000018' }) });
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toEqual([
      expect.objectContaining({ path: 'body.gln', message: expect.stringMatching(/check digit/) }),
    ]);
    expect(body.error.requestId).toMatch(/.+/);
  });

  it('refuses a level on a cooperative and a parent that is not an association unit', async () => {
    const lvl = await t.call('POST', '/api/v1/organizations', {
      key: t.keys.admin,
      body: org({ associationLevel: 'commune' }),
    });
    expect((await lvl.json()).error.details[0].path).toBe('body.associationLevel');
    const parent = await (await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: org() })).json();
    const r = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: org({ parentId: parent.id }) });
    expect(r.status).toBe(400);
    expect((await r.json()).error.details[0]).toMatchObject({ path: 'body.parentId' });
  });

  it('refuses unknown fields and missing required ones', async () => {
    const r = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: { ...org(), colour: 'red' } });
    expect(r.status).toBe(400);
    expect(JSON.stringify((await r.json()).error.details)).toMatch(/colour/);
    const r2 = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: { kind: 'cooperative' } });
    const paths = (await r2.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.province']));
  });

  it('answers a duplicate registration code with 409', async () => {
    const body = org({ registrationCode: 'HTX-DUP-1' });
    expect((await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body })).status).toBe(201);
    const r = await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body });
    expect(r.status).toBe(409);
    expect((await r.json()).error.code).toBe('DUPLICATE');
  });

  it('lists with filters, a hard maximum page size and a stable cursor', async () => {
    for (let i = 0; i < 5; i++) {
      await t.call('POST', '/api/v1/organizations', {
        key: t.keys.admin,
        body: org({ kind: 'enterprise', name: `Công ty Thương mại ${i}` }),
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `?kind=enterprise&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await (await t.call('GET', `/api/v1/organizations${qs}`, { key: t.keys.staff })).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((o: { name: string }) => o.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `Công ty Thương mại ${i}`));
    const tooBig = await t.call('GET', '/api/v1/organizations?limit=201', { key: t.keys.staff });
    expect(tooBig.status).toBe(400);
    expect((await tooBig.json()).error.details[0].path).toBe('query.limit');
    const q = await (
      await t.call('GET', `/api/v1/organizations?q=${encodeURIComponent('Thương mại 3')}`, { key: t.keys.admin })
    ).json();
    expect(q.items.map((o: { name: string }) => o.name)).toEqual(['Công ty Thương mại 3']);
  });

  it('lets a cooperative see and edit the contact of its own organization only', async () => {
    const a = await t.cooperative();
    const b = await t.cooperative();
    const own = await t.call('GET', `/api/v1/organizations/${a.org.id}`, { key: a.key });
    expect(own.status).toBe(200);
    expect((await t.call('GET', `/api/v1/organizations/${b.org.id}`, { key: a.key })).status).toBe(404);
    const list = await (await t.call('GET', '/api/v1/organizations', { key: a.key })).json();
    expect(list.items.map((o: { id: string }) => o.id)).toEqual([a.org.id]);
    const ok = await t.call('PATCH', `/api/v1/organizations/${a.org.id}`, {
      key: a.key,
      body: { contactPhone: '0912 000 111' },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).contactPhone).toBe('0912 000 111');
    const rename = await t.call('PATCH', `/api/v1/organizations/${a.org.id}`, {
      key: a.key,
      body: { name: 'Tên khác' },
    });
    expect(rename.status).toBe(403);
    const other = await t.call('PATCH', `/api/v1/organizations/${b.org.id}`, {
      key: a.key,
      body: { contactPhone: '0912 000 111' },
    });
    expect(other.status).toBe(403);
    const create = await t.call('POST', '/api/v1/organizations', { key: a.key, body: org() });
    expect(create.status).toBe(403);
  });

  it('audits every change with before and after, in the same transaction', async () => {
    const c = await (
      await t.call('POST', '/api/v1/organizations', { key: t.keys.admin, body: org({ name: 'HTX Kiểm toán' }) })
    ).json();
    await t.call('PATCH', `/api/v1/organizations/${c.id}`, { key: t.keys.admin, body: { name: 'HTX Kiểm toán mới' } });
    const log = await (
      await t.call('GET', `/api/v1/audit?entity=organization&entityId=${c.id}`, { key: t.keys.staff })
    ).json();
    expect(log.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
    expect(log.items[1].before.name).toBe('HTX Kiểm toán');
    expect(log.items[1].after.name).toBe('HTX Kiểm toán mới');
    expect(log.items[1].actor).toBe('admin:test admin');
    // a refused change leaves no trace
    const before = log.items.length;
    await t.call('PATCH', `/api/v1/organizations/${c.id}`, { key: t.keys.admin, body: { parentId: c.id } });
    const after = await (
      await t.call('GET', `/api/v1/audit?entity=organization&entityId=${c.id}`, { key: t.keys.admin })
    ).json();
    expect(after.items.length).toBe(before);
  });

  it('refuses to rewrite or delete audit entries at the SQL level', async () => {
    await expect(t.db.sql`update audit_log set actor = 'someone else'`).rejects.toThrow(/append-only/);
    await expect(t.db.sql`delete from audit_log`).rejects.toThrow(/append-only/);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect(
      (await t.call('GET', '/api/v1/organizations/00000000-0000-4000-8000-000000000000', { key: t.keys.admin })).status,
    ).toBe(404);
    const r = await t.call('GET', '/api/v1/organizations/not-a-uuid', { key: t.keys.admin });
    expect(r.status).toBe(404);
    expect((await r.json()).error.code).toBe('NOT_FOUND');
  });
});
