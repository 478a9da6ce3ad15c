// A cooperative user acting through console pages (runOp with the session's actor) is held to
// exactly the tenant rules of a cooperative API key: the same answers, the same audit trail.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRoutes, callOp, submitOp, page, readForm, field, fieldErrors } from '../../src/console';
import { CONSOLE_MODULES } from '../../src/console/modules';
import type { ConsoleEnv, ConsoleModule } from '../../src/console/env';
import { requestId } from 'hono/request-id';
import { areaOps, fakeReportOps, harvestOps } from '../../src/http/routes';
import type { AppDeps, AppEnv } from '../../src/http/types';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { createLogger } from '../../src/log';
import { consoleBrowser, createTestContext, type ConsoleBrowser, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

/** A page module the way console pages are written: read an area, rename it, record a harvest. */
const probe: ConsoleModule = {
  path: '/probe',
  routes: (deps) => {
    const r = new Hono<ConsoleEnv>();
    r.get('/areas', async (c) => {
      const list = await callOp(deps, c, areaOps.list, { query: { limit: '200' } });
      return page(c, {
        title: 'areas',
        children: (
          <ul>
            {list.items.map((a) => (
              <li>{a.id}</li>
            ))}
          </ul>
        ),
      });
    });
    r.get('/areas/:id', async (c) => {
      const area = await callOp(deps, c, areaOps.get, { params: { id: c.req.param('id') } });
      return page(c, { title: area.name, children: <h1>{area.name}</h1> });
    });
    r.post('/areas/:id', async (c) => {
      const form = await readForm(c);
      const res = await submitOp(deps, c, areaOps.update, {
        params: { id: c.req.param('id') },
        body: { name: field(form, 'name') },
      });
      if (!res.ok)
        return page(c, {
          title: 'error',
          status: res.error.status,
          children: <p class="ferr">{fieldErrors(res.error, c.get('lang')).name}</p>,
        });
      return c.redirect(`/console/probe/areas/${c.req.param('id')}`, 303);
    });
    r.get('/fake-reports', async (c) => {
      await callOp(deps, c, fakeReportOps.list);
      return page(c, { title: 'reports', children: <p>ok</p> });
    });
    r.post('/harvests', async (c) => {
      const form = await readForm(c);
      const res = await submitOp(deps, c, harvestOps.create, {
        body: {
          areaId: field(form, 'areaId'),
          harvestedOn: '2025-06-01',
          quantity: Number(field(form, 'quantity')),
          unit: 'kg',
        },
      });
      if (!res.ok) return page(c, { title: 'error', status: res.error.status, children: <p>{res.error.code}</p> });
      return c.redirect('/console/probe/areas', 303);
    });
    return r;
  },
};

let t: TestContext;
let a: Awaited<ReturnType<typeof producerChain>>;
let b: Awaited<ReturnType<typeof producerChain>>;
let userA: ConsoleBrowser;
let userAId: string;

beforeAll(async () => {
  t = await createTestContext();
  a = await producerChain(t);
  b = await producerChain(t);
  const deps: AppDeps = {
    sql: t.db.sql,
    config: t.config,
    clock: () => t.clock.now,
    log: createLogger('silent'),
    keyring: t.keyring,
    labels: loadLabelCatalog(),
    passwords: t.passwords,
  };
  const app = new Hono<AppEnv>();
  app.use('*', requestId());
  app.route('/console', consoleRoutes(deps, [...CONSOLE_MODULES, probe]));
  const u = await t.user({ role: 'cooperative', organizationId: a.coop.org.id });
  userAId = u.id;
  userA = consoleBrowser(app, t.config);
  await userA.signIn(u.username, u.password);
});
afterAll(async () => {
  await t?.close();
});

describe('tenant isolation through the console', () => {
  it("sees its own area and not another cooperative's, exactly as its API key does", async () => {
    expect((await userA.get(`/console/probe/areas/${a.area.id}`)).status).toBe(200);
    const other = await userA.get(`/console/probe/areas/${b.area.id}`);
    expect(other.status).toBe(404);
    expect((await t.call('GET', `/api/v1/areas/${b.area.id}`, { key: a.coop.key })).status).toBe(404);
    const list = await userA.html('/console/probe/areas');
    expect(list).toContain(a.area.id);
    expect(list).not.toContain(b.area.id);
  });

  it("cannot change another cooperative's area (403 like the API), and nothing changes", async () => {
    const before = await json(t.call('GET', `/api/v1/areas/${b.area.id}`, { key: t.keys.admin }), 200);
    const res = await userA.post(`/console/probe/areas/${b.area.id}`, { name: 'Vùng bị đổi tên' });
    expect(res.status).toBe(403);
    expect(
      (await t.call('PATCH', `/api/v1/areas/${b.area.id}`, { key: a.coop.key, body: { name: 'Vùng bị đổi tên' } }))
        .status,
    ).toBe(403);
    expect(await json(t.call('GET', `/api/v1/areas/${b.area.id}`, { key: t.keys.admin }), 200)).toEqual(before);
  });

  it("cannot record a harvest from another cooperative's area, with the API's own refusal", async () => {
    const viaPage = await userA.post('/console/probe/harvests', { areaId: b.area.id, quantity: '10' });
    const viaKey = await t.call('POST', '/api/v1/harvest-lots', {
      key: a.coop.key,
      body: { areaId: b.area.id, harvestedOn: '2025-06-01', quantity: 10, unit: 'kg' },
    });
    expect(viaPage.status).toBe(viaKey.status);
    expect(viaPage.status).toBeGreaterThanOrEqual(400);
    expect(await viaPage.text()).toContain((await viaKey.json()).error.code);
  });

  it('changes its own area through the same operation, validated and audited as the user', async () => {
    const invalid = await userA.post(`/console/probe/areas/${a.area.id}`, { name: '   ' });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('class="ferr"');
    const ok = await userA.post(`/console/probe/areas/${a.area.id}`, { name: 'Đồi chè Lùng Tao (đổi tên)' });
    expect(ok.status).toBe(303);
    const [entry] = await t.db.sql<{ actor: string; actorKeyId: string }[]>`
      select actor, actor_key_id from audit_log
      where entity = 'area' and entity_id = ${a.area.id} and action = 'update' order by id desc limit 1`;
    expect(entry!.actorKeyId).toBe(userAId);
    expect(entry!.actor).toMatch(/^cooperative:/);
  });

  it('is refused operations its role may not call, like a cooperative key', async () => {
    const res = await userA.get('/console/probe/fake-reports');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await t.call('GET', '/api/v1/fake-reports', { key: a.coop.key })).status).toBe(403);
  });
});
