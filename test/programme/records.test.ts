// Activities, courses, people and OCOP candidates through the API: who may record and see what
// (province staff, staff of a unit, a cooperative, another cooperative), and the bad input that must be refused
// whole (dates outside the programme period, an attendee counted twice, files that are not PDF,
// JPEG or PNG). The test clock is 2025-06-15; the programme period 2022–2025.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/db/api-keys-store';
import type { Organization } from '../../src/db/organizations-store';
import { createTestContext, type TestContext } from '../support/app';
import { organization } from './support';
import { json } from '../support/chain';

let t: TestContext;
const org = (
  kind: Organization['kind'],
  name: string,
  parentId: string | null,
  level?: 'province' | 'district' | 'commune',
) => organization(t, kind, name, parentId, level);

let province: Organization;
let districtA: Organization;
let communeA: Organization;
let districtB: Organization;
let coopA: Organization;
let coopB: Organization;
let unitStaff: string;
let coopAKey: string;
let coopBKey: string;

const count = async (table: 'association_activities' | 'training_courses' | 'course_attendances' | 'people') =>
  (await t.db.sql<{ n: number }[]>`select count(*)::int as n from ${t.db.sql(table)}`)[0]!.n;

beforeAll(async () => {
  t = await createTestContext();
  province = await org('association_unit', 'Hội Nông dân tỉnh Thử nghiệm', null, 'province');
  districtA = await org('association_unit', 'Hội Nông dân huyện A', province.id, 'district');
  communeA = await org('association_unit', 'Hội Nông dân xã A1', districtA.id, 'commune');
  districtB = await org('association_unit', 'Hội Nông dân huyện B', province.id, 'district');
  coopA = await org('cooperative', 'HTX A', communeA.id);
  coopB = await org('cooperative', 'HTX B', districtB.id);
  const staff = await createApiKey(t.db.sql, {
    name: 'cán bộ huyện A',
    role: 'staff',
    organizationId: null,
    createdBy: null,
  });
  unitStaff = staff.key;
  await json(
    t.call('PUT', `/api/v1/keys/${staff.row.id}/association-unit`, {
      key: t.keys.admin,
      body: { associationUnitId: districtA.id },
    }),
    200,
  );
  coopAKey = (
    await createApiKey(t.db.sql, { name: 'HTX A', role: 'cooperative', organizationId: coopA.id, createdBy: null })
  ).key;
  coopBKey = (
    await createApiKey(t.db.sql, { name: 'HTX B', role: 'cooperative', organizationId: coopB.id, createdBy: null })
  ).key;
}, 60_000);
afterAll(() => t?.close());

const activity = (unitId: string, heldOn = '2025-03-01') => ({
  unitId,
  heldOn,
  kind: 'communication',
  topic: 'Tuyên truyền Chương trình OCOP',
  participants: 30,
});

describe('activities: who records and sees them', () => {
  it('lets staff of a unit record for their unit and the units below it, and nowhere else', async () => {
    const own = await json(t.call('POST', '/api/v1/activities', { key: unitStaff, body: activity(districtA.id) }), 201);
    expect(own).toMatchObject({ unitId: districtA.id, kind: 'communication', heldOn: '2025-03-01' });
    const below = await json(
      t.call('POST', '/api/v1/activities', {
        key: unitStaff,
        body: { ...activity(communeA.id), organizationIds: [coopA.id] },
      }),
      201,
    );
    expect(below.organizationIds).toEqual([coopA.id]);
    const other = await json(
      t.call('POST', '/api/v1/activities', { key: unitStaff, body: activity(districtB.id) }),
      403,
    );
    expect(other.error.code).toBe('FORBIDDEN');
    const above = await t.call('POST', '/api/v1/activities', { key: unitStaff, body: activity(province.id) });
    expect(above.status).toBe(403);
  });

  it("shows a unit's staff only their area's activities; province staff see them all", async () => {
    const b = await json(
      t.call('POST', '/api/v1/activities', { key: t.keys.staff, body: activity(districtB.id) }),
      201,
    );
    const mine = await json(t.call('GET', '/api/v1/activities', { key: unitStaff }), 200);
    expect(mine.items.map((a: { unitId: string }) => a.unitId).sort()).toEqual([districtA.id, communeA.id].sort());
    expect((await t.call('GET', `/api/v1/activities/${b.id}`, { key: unitStaff })).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/activities/${b.id}`, { key: unitStaff })).status).toBe(404);
    const all = await json(t.call('GET', '/api/v1/activities', { key: t.keys.staff }), 200);
    expect(all.items).toHaveLength(3);
  });

  it('keeps cooperatives out of the association records', async () => {
    expect((await t.call('GET', '/api/v1/activities', { key: coopAKey })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/courses', { key: coopAKey, body: {} })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/report/programme/records/trained_people', { key: coopAKey })).status).toBe(
      403,
    );
  });

  it("refuses a member organization outside the unit's area", async () => {
    const r = await json(
      t.call('POST', '/api/v1/activities', {
        key: t.keys.staff,
        body: { ...activity(communeA.id), organizationIds: [coopB.id] },
      }),
      400,
    );
    expect(r.error.details).toEqual([expect.objectContaining({ path: 'body.organizationIds.0' })]);
  });
});

describe('activities and courses: dates outside the programme period', () => {
  it.each([
    ['2021-12-31', 'programme period'],
    ['2026-01-01', 'programme period'],
    ['2025-06-16', 'after today'],
  ])('refuses an activity held on %s and writes nothing', async (heldOn, words) => {
    const before = await count('association_activities');
    const r = await json(
      t.call('POST', '/api/v1/activities', { key: t.keys.staff, body: activity(province.id, heldOn) }),
      400,
    );
    expect(r.error.code).toBe('VALIDATION_FAILED');
    expect(r.error.details[0].path).toBe('body.heldOn');
    expect(r.error.details[0].message).toContain(words);
    expect(await count('association_activities')).toBe(before);
  });

  it('refuses a course starting before the period, and one ending before it starts', async () => {
    const before = await count('training_courses');
    const early = await json(
      t.call('POST', '/api/v1/courses', {
        key: t.keys.staff,
        body: {
          organiserId: province.id,
          title: 'Lớp cũ',
          topic: 'traceability',
          startsOn: '2021-12-30',
          endsOn: '2022-01-02',
        },
      }),
      400,
    );
    expect(early.error.details[0].path).toBe('body.startsOn');
    const backwards = await json(
      t.call('POST', '/api/v1/courses', {
        key: t.keys.staff,
        body: {
          organiserId: province.id,
          title: 'Lớp',
          topic: 'traceability',
          startsOn: '2024-05-02',
          endsOn: '2024-05-01',
        },
      }),
      400,
    );
    expect(backwards.error.details[0].path).toBe('body.endsOn');
    expect(await count('training_courses')).toBe(before);
  });
});

describe('people: a cooperative keeps its own directors', () => {
  it('records its own director, never another organization nor an association officer', async () => {
    const d = await json(
      t.call('POST', '/api/v1/people', {
        key: coopAKey,
        body: { fullName: 'Nguyễn Văn An', role: 'cooperative_director', activeFrom: '2020-01-01' },
      }),
      201,
    );
    expect(d).toMatchObject({ organizationId: coopA.id, organizationName: 'HTX A', role: 'cooperative_director' });
    expect(
      (
        await t.call('POST', '/api/v1/people', {
          key: coopAKey,
          body: { organizationId: coopB.id, fullName: 'X', role: 'cooperative_director', activeFrom: '2020-01-01' },
        })
      ).status,
    ).toBe(403);
    const officer = await json(
      t.call('POST', '/api/v1/people', {
        key: coopAKey,
        body: { fullName: 'Y', role: 'association_officer', activeFrom: '2020-01-01' },
      }),
      400,
    );
    expect(officer.error.details[0].path).toBe('body.role');
    // another cooperative neither lists nor opens it
    const other = await json(t.call('GET', '/api/v1/people', { key: coopBKey }), 200);
    expect(other.items).toEqual([]);
    expect((await t.call('GET', `/api/v1/people/${d.id}`, { key: coopBKey })).status).toBe(404);
    expect(
      (await t.call('PATCH', `/api/v1/people/${d.id}`, { key: coopBKey, body: { activeTo: '2025-01-01' } })).status,
    ).toBe(404);
    // its own: the day the director left
    const left = await json(
      t.call('PATCH', `/api/v1/people/${d.id}`, { key: coopAKey, body: { activeTo: '2025-01-01' } }),
      200,
    );
    expect(left.activeTo).toBe('2025-01-01');
    const bad = await json(
      t.call('PATCH', `/api/v1/people/${d.id}`, { key: coopAKey, body: { activeTo: '2019-01-01' } }),
      400,
    );
    expect(bad.error.details[0].path).toBe('body.activeTo');
  });
});

describe('courses: attendance', () => {
  let a1: string;
  let a2: string;
  let b1: string;
  beforeAll(async () => {
    const person = async (organizationId: string, fullName: string, role: string) =>
      (
        await json(
          t.call('POST', '/api/v1/people', {
            key: t.keys.staff,
            body: { organizationId, fullName, role, activeFrom: '2021-01-01' },
          }),
          201,
        )
      ).id as string;
    a1 = await person(communeA.id, 'Cán bộ xã A1', 'association_officer');
    a2 = await person(coopA.id, 'Giám đốc HTX A', 'cooperative_director');
    b1 = await person(coopB.id, 'Giám đốc HTX B', 'cooperative_director');
  });

  it('records a course with its attendees together, or nothing when one is outside the organiser’s area', async () => {
    const courses = await count('training_courses');
    const attendances = await count('course_attendances');
    const r = await json(
      t.call('POST', '/api/v1/courses', {
        key: t.keys.staff,
        body: {
          organiserId: districtA.id,
          title: 'Tập huấn truy xuất nguồn gốc',
          topic: 'traceability',
          startsOn: '2024-03-04',
          endsOn: '2024-03-05',
          attendeeIds: [a1, b1],
        },
      }),
      400,
    );
    expect(r.error.details).toEqual([expect.objectContaining({ path: 'body.attendeeIds.1' })]);
    expect(await count('training_courses')).toBe(courses);
    expect(await count('course_attendances')).toBe(attendances);
  });

  it('refuses an attendee counted twice with a clear 409, adding none of the list', async () => {
    const course = await json(
      t.call('POST', '/api/v1/courses', {
        key: unitStaff,
        body: {
          organiserId: districtA.id,
          title: 'Tập huấn tiêu chí OCOP',
          topic: 'scoring_rating',
          startsOn: '2024-03-04',
          endsOn: '2024-03-05',
          attendeeIds: [a1],
        },
      }),
      201,
    );
    expect(course.attendees).toBe(1);
    const twiceInList = await json(
      t.call('POST', `/api/v1/courses/${course.id}/attendees`, { key: unitStaff, body: { personIds: [a2, a2] } }),
      400,
    );
    expect(twiceInList.error.details[0].message).toContain('twice');
    const again = await json(
      t.call('POST', `/api/v1/courses/${course.id}/attendees`, { key: unitStaff, body: { personIds: [a2, a1] } }),
      409,
    );
    expect(again.error.code).toBe('DUPLICATE');
    expect(again.error.details).toEqual({ personIds: [a1] });
    const after = await json(t.call('GET', `/api/v1/courses/${course.id}`, { key: unitStaff }), 200);
    expect(after.attendeeList.map((p: { id: string }) => p.id)).toEqual([a1]);
    // a unit's staff cannot tick someone outside its area, province staff cannot either for this organiser
    const outside = await t.call('POST', `/api/v1/courses/${course.id}/attendees`, {
      key: t.keys.staff,
      body: { personIds: [b1] },
    });
    expect(outside.status).toBe(400);
    const ok = await json(
      t.call('POST', `/api/v1/courses/${course.id}/attendees`, { key: unitStaff, body: { personIds: [a2] } }),
      200,
    );
    expect(ok.attendees).toBe(2);
  });

  it('refuses "other" without its words', async () => {
    const r = await json(
      t.call('POST', '/api/v1/courses', {
        key: t.keys.staff,
        body: { organiserId: province.id, title: 'Lớp', topic: 'other', startsOn: '2024-05-01', endsOn: '2024-05-01' },
      }),
      400,
    );
    expect(r.error.details[0].path).toBe('body.topicOther');
  });
});

describe('activity attachments', () => {
  it('keeps a PDF, refuses what is not PDF, JPEG or PNG, and serves it back', async () => {
    const a = await json(t.call('POST', '/api/v1/activities', { key: t.keys.staff, body: activity(province.id) }), 201);
    const pdf = new TextEncoder().encode('%PDF-1.4\n% biên bản\n%%EOF\n');
    const up = await t.app.request(`/api/v1/activities/${a.id}/attachments?name=bien-ban.pdf`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.keys.staff}`, 'Content-Type': 'application/pdf' },
      body: pdf,
    });
    expect(up.status).toBe(201);
    const file = await up.json();
    expect(file).toMatchObject({ fileName: 'bien-ban.pdf', mediaType: 'application/pdf', size: pdf.length });
    const same = await t.app.request(`/api/v1/activities/${a.id}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.keys.staff}`, 'Content-Type': 'application/pdf' },
      body: pdf,
    });
    expect(same.status).toBe(409);
    const html = await t.app.request(`/api/v1/activities/${a.id}/attachments?name=x.pdf`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.keys.staff}`, 'Content-Type': 'application/pdf' },
      body: '<html><script>alert(1)</script></html>',
    });
    expect(html.status).toBe(415);
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(pdf);
    const tooBig = await t.app.request(`/api/v1/activities/${a.id}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.keys.staff}`, 'Content-Type': 'application/pdf' },
      body: big,
    });
    expect(tooBig.status).toBe(413);
    const back = await t.call('GET', `/api/v1/activities/${a.id}/attachments/${file.id}`, { key: t.keys.staff });
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(pdf);
    // a unit's staff from elsewhere does not reach it
    expect((await t.call('GET', `/api/v1/activities/${a.id}/attachments/${file.id}`, { key: unitStaff })).status).toBe(
      404,
    );
  });
});

describe('binding staff to a unit', () => {
  it('binds only staff, and only to an association unit', async () => {
    const admin = await createApiKey(t.db.sql, {
      name: 'admin 2',
      role: 'admin',
      organizationId: null,
      createdBy: null,
    });
    expect(
      (
        await t.call('PUT', `/api/v1/keys/${admin.row.id}/association-unit`, {
          key: t.keys.admin,
          body: { associationUnitId: districtA.id },
        })
      ).status,
    ).toBe(404);
    const staff = await createApiKey(t.db.sql, {
      name: 'staff 2',
      role: 'staff',
      organizationId: null,
      createdBy: null,
    });
    const r = await json(
      t.call('PUT', `/api/v1/keys/${staff.row.id}/association-unit`, {
        key: t.keys.admin,
        body: { associationUnitId: coopA.id },
      }),
      400,
    );
    expect(r.error.details[0].path).toBe('body.associationUnitId');
    expect(
      (
        await t.call('PUT', `/api/v1/keys/${staff.row.id}/association-unit`, {
          key: t.keys.staff,
          body: { associationUnitId: districtA.id },
        })
      ).status,
    ).toBe(403);
  });
});

describe('OCOP candidates: staff of a unit keep those their units support', () => {
  const candidate = (supportingUnitId: string, organizationId: string, productName: string) => ({
    organizationId,
    productName,
    yearRegistered: 2024,
    supportingUnitId,
    commune: 'Xã Thử nghiệm',
  });
  const candidates = async () =>
    (await t.db.sql<{ n: number }[]>`select count(*)::int as n from ocop_candidates`)[0]!.n +
    (await t.db.sql<{ n: number }[]>`select count(*)::int as n from ocop_candidate_stages`)[0]!.n;

  it('lists, reads and changes only their own; another unit’s is not found and nothing of it changes', async () => {
    const ours = await json(
      t.call('POST', '/api/v1/candidates', {
        key: t.keys.staff,
        body: candidate(communeA.id, coopA.id, 'Miến dong A'),
      }),
      201,
    );
    const theirs = await json(
      t.call('POST', '/api/v1/candidates', { key: t.keys.staff, body: candidate(districtB.id, coopB.id, 'Gạo nếp B') }),
      201,
    );
    const listed = await json(t.call('GET', '/api/v1/candidates?limit=200', { key: unitStaff }), 200);
    const ids = listed.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(ours.id);
    expect(ids).not.toContain(theirs.id);
    // province staff see both
    const all = await json(t.call('GET', '/api/v1/candidates?limit=200', { key: t.keys.staff }), 200);
    expect(all.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([ours.id, theirs.id]));

    await json(t.call('GET', `/api/v1/candidates/${ours.id}`, { key: unitStaff }), 200);
    const before = await candidates();
    await json(t.call('GET', `/api/v1/candidates/${theirs.id}`, { key: unitStaff }), 404);
    await json(
      t.call('POST', `/api/v1/candidates/${theirs.id}/stages`, {
        key: unitStaff,
        body: { stage: 'idea', reachedOn: '2024-03-01' },
      }),
      404,
    );
    await json(t.call('PATCH', `/api/v1/candidates/${theirs.id}`, { key: unitStaff, body: { note: 'x' } }), 404);
    expect(await candidates()).toBe(before);
    expect((await json(t.call('GET', `/api/v1/candidates/${theirs.id}`, { key: t.keys.staff }), 200)).note).toBeNull();

    // their own: a stage is recorded; province staff record the other unit's
    await json(
      t.call('POST', `/api/v1/candidates/${ours.id}/stages`, {
        key: unitStaff,
        body: { stage: 'idea', reachedOn: '2024-03-01' },
      }),
      201,
    );
    await json(
      t.call('POST', `/api/v1/candidates/${theirs.id}/stages`, {
        key: t.keys.staff,
        body: { stage: 'idea', reachedOn: '2024-03-01' },
      }),
      201,
    );
  });

  it('registers only for their units, and cannot hand a candidate to another unit', async () => {
    const before = await candidates();
    const refused = await json(
      t.call('POST', '/api/v1/candidates', { key: unitStaff, body: candidate(districtB.id, coopB.id, 'Chè B') }),
      403,
    );
    expect(refused.error.code).toBe('FORBIDDEN');
    expect(await candidates()).toBe(before);
    const own = await json(
      t.call('POST', '/api/v1/candidates', { key: unitStaff, body: candidate(communeA.id, coopA.id, 'Măng khô A') }),
      201,
    );
    await json(
      t.call('PATCH', `/api/v1/candidates/${own.id}`, { key: unitStaff, body: { supportingUnitId: districtB.id } }),
      403,
    );
    expect((await json(t.call('GET', `/api/v1/candidates/${own.id}`, { key: unitStaff }), 200)).supportingUnitId).toBe(
      communeA.id,
    );
  });

  it('the pipeline counts the province, and lists only their units’ stalled candidates', async () => {
    const mine = await json(t.call('GET', '/api/v1/pipeline?year=2024', { key: unitStaff }), 200);
    const province = await json(t.call('GET', '/api/v1/pipeline?year=2024', { key: t.keys.staff }), 200);
    const { stalledCandidates: a, ...countsMine } = mine;
    const { stalledCandidates: b, ...countsProvince } = province;
    expect(countsMine).toEqual(countsProvince);
    expect(b.some((c: { supportingUnitId: string }) => c.supportingUnitId === districtB.id)).toBe(true);
    expect(a.length).toBeGreaterThan(0);
    expect(a.every((c: { supportingUnitId: string }) => [districtA.id, communeA.id].includes(c.supportingUnitId))).toBe(
      true,
    );
  });
});
