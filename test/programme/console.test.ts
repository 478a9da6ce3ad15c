// The console pages of targets (1) and (2), without script: a unit's staff records an activity
// and a course with its attendance; a cooperative operator keeps its directors and sees nobody
// else's. Pages stay within the console's size budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '../../src/db/organizations-store';
import { createTestContext, type ConsoleBrowser, type TestContext } from '../support/app';
import { organization } from './support';

let t: TestContext;
let province: Organization;
let commune: Organization;
let coop: Organization;
let otherCoop: Organization;
let staff: ConsoleBrowser;
let operator: ConsoleBrowser;

const org = (
  kind: Organization['kind'],
  name: string,
  parentId: string | null,
  level?: 'province' | 'district' | 'commune',
) => organization(t, kind, name, parentId, level);

beforeAll(async () => {
  t = await createTestContext();
  province = await org('association_unit', 'Hội Nông dân tỉnh Thử nghiệm', null, 'province');
  commune = await org('association_unit', 'Hội Nông dân xã Thử', province.id, 'commune');
  coop = await org('cooperative', 'HTX Chè Thử', commune.id);
  otherCoop = await org('cooperative', 'HTX Khác', commune.id);
  const s = await t.user({ role: 'staff' });
  await t.db.sql`update users set association_unit_id = ${commune.id} where id = ${s.id}`;
  staff = await t.signIn(s.username, s.password);
  const o = await t.user({ role: 'cooperative', organizationId: coop.id });
  operator = await t.signIn(o.username, o.password);
  const other = await t.user({ role: 'cooperative', organizationId: otherCoop.id });
  const otherBrowser = await t.signIn(other.username, other.password);
  await otherBrowser.html('/console/directors');
  const r = await otherBrowser.post('/console/directors', {
    fullName: 'Giám đốc HTX Khác',
    role: 'cooperative_director',
    activeFrom: '2021-01-01',
  });
  expect(r.status).toBe(303);
}, 60_000);
afterAll(() => t?.close());

describe('a cooperative operator keeps its directors', () => {
  it('adds its director, sees only its own, and records the day one left', async () => {
    const empty = await operator.html('/console/directors');
    expect(empty).toContain('Ban giám đốc');
    expect(empty).not.toContain('Giám đốc HTX Khác');
    const r = await operator.post('/console/directors', {
      fullName: 'Lê Thị Chè',
      role: 'cooperative_director',
      phone: '0912 000 111',
      activeFrom: '2020-05-01',
    });
    expect(r.status).toBe(303);
    const page = await (await operator.follow(r)).text();
    expect(page).toContain('Lê Thị Chè');
    expect(page).not.toContain('Giám đốc HTX Khác');
    const [person] = await t.db.sql<{ id: string }[]>`select id from people where full_name = 'Lê Thị Chè'`;
    const bad = await operator.post(`/console/directors/${person!.id}/left`, { activeTo: '2019-01-01' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Ngày thôi giữ chức không được trước ngày bắt đầu');
    const left = await operator.post(`/console/directors/${person!.id}/left`, { activeTo: '2025-03-31' });
    expect(left.status).toBe(303);
    // the other cooperative's person is not found from here
    const [other] = await t.db.sql<{ id: string }[]>`select id from people where full_name = 'Giám đốc HTX Khác'`;
    expect((await operator.post(`/console/directors/${other!.id}/left`, { activeTo: '2025-03-31' })).status).toBe(404);
    // nor may an operator open the association's pages
    expect((await operator.get('/console/activities')).status).toBe(403);
  });
});

describe("a unit's staff records activities and training", () => {
  it('records an activity in two steps, refusing a day outside the programme period in Vietnamese', async () => {
    const form = await staff.html(`/console/activities/new?unitId=${commune.id}`);
    expect(form).toContain('HTX Chè Thử');
    expect(Buffer.byteLength(form)).toBeLessThan(60_000);
    const fields = {
      unitId: commune.id,
      heldOn: '2021-12-01',
      kind: 'advice',
      topic: 'Tư vấn hồ sơ OCOP',
      place: 'Nhà văn hóa xã',
      participants: '25',
      note: '',
      organizationIds: [coop.id],
    };
    const bad = await staff.post('/console/activities/new', fields);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(
      'Phải là một ngày trong thời gian thực hiện Đề án, từ 01/01/2022 đến 31/12/2025',
    );
    const ok = await staff.post('/console/activities/new', { ...fields, heldOn: '2025-04-02' });
    expect(ok.status).toBe(303);
    const list = await (await staff.follow(ok)).text();
    expect(list).toContain('Tư vấn hồ sơ OCOP');
    const [row] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from activity_organizations where organization_id = ${coop.id}`;
    expect(row!.n).toBe(1);
    // another unit is refused
    const above = await staff.post('/console/activities/new', { ...fields, unitId: province.id, heldOn: '2025-04-02' });
    expect(above.status).toBe(403);
  });

  it('records an officer, then a course with the ticked attendees, then refuses ticking one twice', async () => {
    const r = await staff.post('/console/training/people', {
      fullName: 'Cán bộ Xã Thử',
      role: 'association_officer',
      organizationId: commune.id,
      activeFrom: '2020-01-01',
    });
    expect(r.status).toBe(303);
    const form = await staff.html(`/console/training/new?organiserId=${commune.id}`);
    expect(form).toContain('Cán bộ Xã Thử');
    expect(form).toContain('Lê Thị Chè');
    const ids = await t.db.sql<{ id: string; fullName: string }[]>`select id, full_name from people order by full_name`;
    const officer = ids.find((p) => p.fullName === 'Cán bộ Xã Thử')!.id;
    const director = ids.find((p) => p.fullName === 'Lê Thị Chè')!.id;
    const created = await staff.post('/console/training/new', {
      organiserId: commune.id,
      title: 'Tập huấn truy xuất nguồn gốc',
      topic: 'traceability',
      topicOther: '',
      startsOn: '2024-09-10',
      endsOn: '2024-09-11',
      place: '',
      personIds: [officer],
    });
    expect(created.status).toBe(303);
    const course = await (await staff.follow(created)).text();
    expect(course).toContain('Tập huấn truy xuất nguồn gốc');
    expect(course).toContain('Đã ghi lớp tập huấn.');
    const courseUrl = new URL(created.headers.get('location')!, 'https://x').pathname;
    const twice = await staff.post(`${courseUrl}/attendees`, { personIds: [director, officer] });
    expect(twice.status).toBe(409);
    const [attending] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from course_attendances`;
    expect(attending!.n).toBe(1);
    const added = await staff.post(`${courseUrl}/attendees`, { personIds: [director] });
    expect(added.status).toBe(303);
    const after = await (await staff.follow(added)).text();
    expect(after).toContain('Người tham dự (2)');
  });

  it('lists the units of its area with no activity, and who is not yet trained', async () => {
    const without = await staff.html('/console/activities/without?year=2024');
    expect(without).toContain('Hội Nông dân xã Thử');
    // only its own area: the province unit above it (named as its parent) is not listed
    expect(without).toContain('Đơn vị Hội chưa có hoạt động (1)');
    expect(without).not.toContain('<td>Hội Nông dân tỉnh Thử nghiệm');
    const untrained = await staff.html('/console/training/untrained?year=2025');
    // the officer was trained in 2024; the cooperative owns no OCOP product, so its director is not counted
    expect(untrained).toContain('Không có ai.');
    expect(untrained).not.toContain('Cán bộ Xã Thử');
  });

  it("takes the report's records link of targets (1) and (2) to these pages, for the same year", async () => {
    const activity = await staff.get('/console/report/records/association_activity?year=2024');
    expect(activity.status).toBe(303);
    expect(activity.headers.get('location')).toBe('/console/activities/without?year=2024');
    const trained = await staff.get('/console/report/records/trained_people');
    expect(trained.headers.get('location')).toBe('/console/training/untrained');
    // any other name is the report's own records page (an unknown one: its 404), never a redirect
    expect((await staff.get('/console/report/records/constructor')).status).toBe(404);
  });
});
