// Supply contracts in the console: the buyer records one and waits; the area's operator finds it
// on its home page and confirms or rejects it; staff do the same for a farmer professional
// group's area; either side ends a confirmed one. Every decision goes through the operations,
// so the answers and the audit entries are the API's; other cooperatives see nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrganization } from '../../src/db/organizations-store';
import { createTestContext, type ConsoleBrowser, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { areaBody, organizationRow } from '../support/fixtures';
import { expectSmall } from './staff-support';

let t: TestContext;
let buyer: Awaited<ReturnType<typeof producerChain>>;
let operator: Awaited<ReturnType<typeof producerChain>>;
let stranger: Awaited<ReturnType<typeof producerChain>>;
let asBuyer: ConsoleBrowser;
let asOperator: ConsoleBrowser;
let asStranger: ConsoleBrowser;
let asStaff: ConsoleBrowser;

const idFrom = (res: Response) => /\/contracts\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')![1]!;
let seq = 0;

const usernames = new Map<ConsoleBrowser, string>();
async function signedIn(role: 'cooperative' | 'staff', organizationId: string | null, displayName: string) {
  const u = await t.user({ role, organizationId, displayName });
  const b = await t.signIn(u.username, u.password);
  usernames.set(b, u.username);
  return b;
}
const nameOf = (b: ConsoleBrowser) => usernames.get(b)!;

/** The buyer records a contract for an area through the console; answers its id. */
async function recorded(areaId: string, over: Record<string, string> = {}) {
  const res = await asBuyer.post('/console/contracts/new', {
    areaId: '',
    otherAreaId: areaId,
    number: `HĐLK-${++seq}/2025`,
    startsOn: '2025-01-01',
    endsOn: '2026-12-31',
    ...over,
  });
  expect(res.status).toBe(303);
  return idFrom(res);
}

const audit = async (id: string) =>
  (
    await json(t.call('GET', `/api/v1/audit?entity=supply_contract&entityId=${id}`, { key: t.keys.admin }), 200)
  ).items.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`);

beforeAll(async () => {
  t = await createTestContext();
  buyer = await producerChain(t);
  operator = await producerChain(t);
  stranger = await producerChain(t);
  asBuyer = await signedIn('cooperative', buyer.coop.org.id, 'Kế toán HTX mua');
  asOperator = await signedIn('cooperative', operator.coop.org.id, 'Chủ nhiệm HTX vùng');
  asStranger = await signedIn('cooperative', stranger.coop.org.id, 'HTX ngoài cuộc');
  asStaff = await signedIn('staff', null, 'Cán bộ Hội');
});
afterAll(async () => {
  await t?.close();
});

describe("the area's operator", () => {
  it('finds the buyer’s contract waiting on its home page, confirms it, and the buyer may then harvest', async () => {
    const id = await recorded(operator.area.id);
    const mine = await asBuyer.html(`/console/contracts/${id}`);
    expect(mine).toContain('Chờ xác nhận');
    expect(mine).not.toContain(`/contracts/${id}/confirm`);
    expect(mine).toContain(`/contracts/${id}/withdraw`);

    const home = await asOperator.html('/console');
    expect(home).toContain('Hợp đồng liên kết chờ bạn xác nhận');
    expect(home).toContain(`href="/console/contracts/${id}"`);
    expectSmall(home, 'operator home');
    // the buyer's home has nothing waiting for it
    expect(await asBuyer.html('/console')).not.toContain('chờ bạn xác nhận');

    const page = await asOperator.html(`/console/contracts/${id}`);
    expect(page).toContain(buyer.coop.org.name);
    expect(page).toContain(`action="/console/contracts/${id}/confirm"`);
    expect(page).toContain(`action="/console/contracts/${id}/reject"`);
    expect(page).not.toContain(`/contracts/${id}/withdraw`);
    const res = await asOperator.post(`/console/contracts/${id}/confirm`, {});
    expect(res.status).toBe(303);
    const done = await (await asOperator.follow(res)).text();
    expect(done).toContain('Đã xác nhận hợp đồng.');
    expect(done).toContain('Đã xác nhận, đang hiệu lực');
    expect(done).toContain(`action="/console/contracts/${id}/end"`);
    expect(await asOperator.html('/console')).not.toContain(`href="/console/contracts/${id}"`);

    expect(await asBuyer.html('/console/harvests/new')).toContain(`value="${operator.area.id}"`);
    expect(await audit(id)).toEqual([
      `create cooperative:${nameOf(asBuyer)}`,
      `confirm cooperative:${nameOf(asOperator)}`,
    ]);
  });

  it('rejects with a reason, which it must give; the buyer sees why', async () => {
    const id = await recorded(operator.area.id);
    const empty = await asOperator.post(`/console/contracts/${id}/reject`, { reason: '  ' });
    expect(empty.status).toBe(400);
    const text = await empty.text();
    expect(text).toMatch(/id="f-reject-reason-err"[^>]*>Hãy ghi lý do/);
    const res = await asOperator.post(`/console/contracts/${id}/reject`, { reason: 'Chưa ký hợp đồng này' });
    expect(res.status).toBe(303);
    const seen = await asBuyer.html(`/console/contracts/${id}`);
    expect(seen).toContain('Bị từ chối');
    expect(seen).toContain('Chưa ký hợp đồng này');
    expect(seen).not.toContain(`/contracts/${id}/withdraw`);
    // deciding again (a page left open) is refused with the API's reason, and nothing changes
    const again = await asOperator.post(`/console/contracts/${id}/confirm`, {});
    expect(again.status).toBe(409);
    const after = await again.text();
    expect(after).toContain('chỉ hợp đồng đang chờ xác nhận mới được xác nhận');
    expect(after).not.toContain(`action="/console/contracts/${id}/confirm"`);
    expect((await json(t.call('GET', `/api/v1/contracts/${id}`, { key: t.keys.admin }), 200)).status).toBe('rejected');
  });
});

describe('the buyer', () => {
  it('withdraws a pending contract, ends a confirmed one, and sends a confirmed one back by changing its dates', async () => {
    const withdrawn = await recorded(operator.area.id);
    expect((await asBuyer.post(`/console/contracts/${withdrawn}/withdraw`, { reason: 'Nhập nhầm vùng' })).status).toBe(
      303,
    );
    expect(await asBuyer.html(`/console/contracts/${withdrawn}`)).toContain('Đã rút lại');

    const id = await recorded(operator.area.id);
    await json(t.call('POST', `/api/v1/contracts/${id}/confirm`, { key: operator.coop.key }), 200);
    const edit = await asBuyer.html(`/console/contracts/${id}`);
    expect(edit).toContain('sẽ đưa hợp đồng về trạng thái chờ xác nhận');
    const changed = await asBuyer.post(`/console/contracts/${id}`, {
      number: 'HĐLK-dài-hơn',
      startsOn: '2025-01-01',
      endsOn: '2030-12-31',
    });
    expect(changed.status).toBe(303);
    expect(await asBuyer.html(`/console/contracts/${id}`)).toContain('Chờ xác nhận');
    await json(t.call('POST', `/api/v1/contracts/${id}/confirm`, { key: operator.coop.key }), 200);

    const future = await asBuyer.post(`/console/contracts/${id}/end`, { reason: 'Thanh lý', lastDay: '2025-12-31' });
    expect(future.status).toBe(400);
    expect(await future.text()).toMatch(/id="f-lastDay-err"/);
    const ended = await asBuyer.post(`/console/contracts/${id}/end`, { reason: 'Thanh lý', lastDay: '2025-05-31' });
    expect(ended.status).toBe(303);
    const page = await asBuyer.html(`/console/contracts/${id}`);
    expect(page).toContain('Đã chấm dứt');
    expect(page).toContain('31/05/2025');
  });
});

describe('association staff', () => {
  it("confirm a farmer professional group's contracts from their home page and the contracts list, and no others", async () => {
    const group = await insertOrganization(
      t.db.sql,
      organizationRow({ kind: 'farmer_professional_group', name: 'Chi hội nghề nghiệp chè Tham Vè' }),
    );
    const area = await json(t.call('POST', '/api/v1/areas', { key: t.keys.admin, body: areaBody(group.id) }), 201);
    const forGroup = await recorded(area.id);
    const forCoop = await recorded(operator.area.id);

    const home = await asStaff.html('/console');
    expect(home).toContain('Hợp đồng liên kết chờ Hội xác nhận');
    expect(home).toContain(`href="/console/contracts/${forGroup}"`);
    expect(home).not.toContain(`href="/console/contracts/${forCoop}"`);
    const list = await asStaff.html('/console/contracts');
    expectSmall(list, 'contracts list');
    expect(list).toContain('Chi hội nghề nghiệp chè Tham Vè');
    expect(list).toContain(`href="/console/contracts/${forCoop}"`);

    expect(await asStaff.html(`/console/contracts/${forCoop}`)).not.toContain('/confirm"');
    const refused = await asStaff.post(`/console/contracts/${forCoop}/confirm`, {});
    expect(refused.status).toBe(403);
    expect(await asStaff.html(`/console/contracts/${forGroup}`)).toContain(
      `action="/console/contracts/${forGroup}/confirm"`,
    );
    expect((await asStaff.post(`/console/contracts/${forGroup}/confirm`, {})).status).toBe(303);
    expect(
      (await json(t.call('GET', `/api/v1/contracts/${forGroup}`, { key: t.keys.admin }), 200)).confirmedBy,
    ).toMatchObject({
      role: 'staff',
    });
  });
});

describe('another cooperative', () => {
  it('gets the 404 page for the contract and 403 for any decision on it, and nothing changes', async () => {
    const id = await recorded(operator.area.id);
    const res = await asStranger.get(`/console/contracts/${id}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    for (const action of ['confirm', 'reject', 'withdraw', 'end']) {
      expect((await asStranger.post(`/console/contracts/${id}/${action}`, { reason: 'x' })).status, action).toBe(403);
    }
    expect((await json(t.call('GET', `/api/v1/contracts/${id}`, { key: t.keys.admin }), 200)).status).toBe('pending');
    expect(await audit(id)).toEqual([`create cooperative:${nameOf(asBuyer)}`]);
  });
});
