// Targets (1) and (2) of the provincial scheme: association activities (with the members'
// organizations and small attached files), training courses with their attendance, and the
// people who should be trained. Also the two report figures and their drill-downs.
//
// Who sees what is a Scope: everything (admin, province staff), one association unit's area (the
// unit and every organization below it through parent_id, cooperatives included), or one
// organization (a cooperative's own people).
import type { Db } from './client';
import type { ActivityKind, CourseTopic, PersonRole } from '../domain/programme-people';
import { PRODUCER_KINDS } from '../domain/programme-people';

/** A piece of SQL built with the same client, put inside another query. */
// biome-ignore lint/suspicious/noExplicitAny: postgres.js fragments nest whatever rows they would return
type Fragment = any;

export type Scope =
  | { kind: 'all' }
  | { kind: 'unit'; unitId: string }
  | { kind: 'organization'; organizationId: string };

/** The association unit a staff key or console user is bound to (null: province level, sees all). */
export async function staffUnitOf(db: Db, keyId: string): Promise<string | null> {
  const [row] = await db<{ unitId: string | null }[]>`
    select association_unit_id as unit_id from api_keys where id = ${keyId}
    union all
    select association_unit_id as unit_id from users where id = ${keyId}
    limit 1`;
  return row?.unitId ?? null;
}

/** Binds a staff key or user to a unit (or to none); null when no staff key or user has this id. */
export async function setStaffUnit(
  db: Db,
  id: string,
  unitId: string | null,
): Promise<{ id: string; kind: 'key' | 'user'; associationUnitId: string | null } | null> {
  const keys = await db<{ id: string; associationUnitId: string | null }[]>`
    update api_keys set association_unit_id = ${unitId} where id = ${id} and role = 'staff'
    returning id, association_unit_id`;
  if (keys[0]) return { ...keys[0], kind: 'key' };
  const users = await db<{ id: string; associationUnitId: string | null }[]>`
    update users set association_unit_id = ${unitId} where id = ${id} and role = 'staff'
    returning id, association_unit_id`;
  return users[0] ? { ...users[0], kind: 'user' } : null;
}

/** The ids of a unit and of every organization below it (units, cooperatives, groups). */
const areaIds = (db: Db, unitId: string) => db`
  (with recursive area(id) as (
     select ${unitId}::uuid
     union
     select o.id from organizations o join area on o.parent_id = area.id
   ) select id from area)`;

/** A condition on an organization id column for a scope. */
export function inScope(db: Db, column: Fragment, scope: Scope) {
  if (scope.kind === 'all') return db`true`;
  if (scope.kind === 'organization') return db`${column} = ${scope.organizationId}::uuid`;
  return db`${column} in ${areaIds(db, scope.unitId)}`;
}

/** Whether an organization lies in a scope. */
export async function organizationInScope(db: Db, organizationId: string, scope: Scope): Promise<boolean> {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'organization') return scope.organizationId === organizationId;
  const [row] = await db<{ ok: boolean }[]>`select ${organizationId}::uuid in ${areaIds(db, scope.unitId)} as ok`;
  return row!.ok;
}

/**
 * The area a course organiser reaches: below it through parent_id; a top unit (no parent, the
 * province association) reaches every organization.
 */
export async function organiserReaches(db: Db, organiserId: string, organizationId: string): Promise<boolean> {
  const [row] = await db<{ ok: boolean }[]>`
    select (select parent_id is null from organizations where id = ${organiserId})
        or ${organizationId}::uuid in ${areaIds(db, organiserId)} as ok`;
  return row!.ok;
}

// ---- activities ----

export interface ActivityInput {
  unitId: string;
  heldOn: string;
  kind: ActivityKind;
  topic: string;
  place: string | null;
  participants: number;
  note: string | null;
  recordedBy: string;
  organizationIds: string[];
}

export interface Activity extends Omit<ActivityInput, 'recordedBy'> {
  id: string;
  unitName: string;
  recordedBy: string;
  attachments: { id: string; fileName: string; mediaType: string; size: number; createdAt: Date }[];
  createdAt: Date;
  updatedAt: Date;
}

const activityCols = (db: Db) => db`
  a.id, a.unit_id, u.name as unit_name, a.held_on::text, a.kind, a.topic, a.place, a.participants, a.note,
  a.recorded_by, a.created_at, a.updated_at,
  coalesce((select array_agg(m.organization_id order by m.organization_id) from activity_organizations m
             where m.activity_id = a.id), '{}') as organization_ids,
  coalesce((select json_agg(json_build_object('id', f.id, 'fileName', f.file_name, 'mediaType', f.media_type,
                                              'size', octet_length(f.bytes), 'createdAt', f.created_at)
                            order by f.created_at, f.id)
              from activity_attachments f where f.activity_id = a.id), '[]') as attachments`;

export async function insertActivity(db: Db, input: ActivityInput): Promise<Activity> {
  const [row] = await db<{ id: string }[]>`
    insert into association_activities (unit_id, held_on, kind, topic, place, participants, note, recorded_by)
    values (${input.unitId}, ${input.heldOn}, ${input.kind}, ${input.topic}, ${input.place}, ${input.participants},
            ${input.note}, ${input.recordedBy})
    returning id`;
  if (input.organizationIds.length) {
    await db`
      insert into activity_organizations (activity_id, organization_id)
      select ${row!.id}, unnest(${input.organizationIds}::uuid[])`;
  }
  return (await getActivity(db, row!.id))!;
}

export async function getActivity(db: Db, id: string): Promise<Activity | null> {
  const [row] = await db<Activity[]>`
    select ${activityCols(db)} from association_activities a join organizations u on u.id = a.unit_id
    where a.id = ${id}`;
  return row ?? null;
}

export async function listActivities(
  db: Db,
  f: { scope: Scope; unitId?: string | undefined; year?: number | undefined; after: number; limit: number },
): Promise<(Activity & { seq: number })[]> {
  return db<(Activity & { seq: number })[]>`
    select a.seq, ${activityCols(db)} from association_activities a join organizations u on u.id = a.unit_id
    where a.seq > ${f.after} and ${inScope(db, db`a.unit_id`, f.scope)}
      ${f.unitId ? db`and a.unit_id = ${f.unitId}` : db``}
      ${f.year ? db`and a.held_on between ${`${f.year}-01-01`}::date and ${`${f.year}-12-31`}::date` : db``}
    order by a.seq limit ${f.limit + 1}`;
}

export async function deleteActivity(db: Db, id: string): Promise<void> {
  await db`delete from association_activities where id = ${id}`;
}

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_ACTIVITY = 10;

export async function insertAttachment(
  db: Db,
  a: { activityId: string; fileName: string; mediaType: string; contentHash: string; bytes: Uint8Array },
): Promise<{ id: string; fileName: string; mediaType: string; size: number; createdAt: Date }> {
  const [row] = await db<{ id: string; fileName: string; mediaType: string; size: number; createdAt: Date }[]>`
    insert into activity_attachments (activity_id, file_name, media_type, content_hash, bytes)
    values (${a.activityId}, ${a.fileName}, ${a.mediaType}, ${a.contentHash}, ${a.bytes})
    returning id, file_name, media_type, octet_length(bytes) as size, created_at`;
  return row!;
}

export async function countAttachments(db: Db, activityId: string): Promise<{ n: number; sameHash: string[] }> {
  const rows = await db<{ contentHash: string }[]>`
    select content_hash from activity_attachments where activity_id = ${activityId}`;
  return { n: rows.length, sameHash: rows.map((r) => r.contentHash) };
}

export async function getAttachment(
  db: Db,
  activityId: string,
  id: string,
): Promise<{ fileName: string; mediaType: string; bytes: Uint8Array } | null> {
  const [row] = await db<{ fileName: string; mediaType: string; bytes: Uint8Array }[]>`
    select file_name, media_type, bytes from activity_attachments where id = ${id} and activity_id = ${activityId}`;
  return row ?? null;
}

// ---- people ----

export interface PersonInput {
  organizationId: string;
  fullName: string;
  role: PersonRole;
  phone: string | null;
  activeFrom: string;
  activeTo: string | null;
}

export interface Person extends PersonInput {
  id: string;
  organizationName: string;
  organizationKind: string;
  associationLevel: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const personCols = (db: Db) => db`
  p.id, p.organization_id, o.name as organization_name, o.kind as organization_kind, o.association_level,
  p.full_name, p.role, p.phone, p.active_from::text, p.active_to::text, p.created_at, p.updated_at`;

export async function insertPerson(db: Db, p: PersonInput): Promise<Person> {
  const [row] = await db<{ id: string }[]>`
    insert into people (organization_id, full_name, role, phone, active_from, active_to)
    values (${p.organizationId}, ${p.fullName}, ${p.role}, ${p.phone}, ${p.activeFrom}, ${p.activeTo})
    returning id`;
  return (await getPerson(db, row!.id))!;
}

export async function getPerson(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Person | null> {
  const [row] = await db<Person[]>`
    select ${personCols(db)} from people p join organizations o on o.id = p.organization_id where p.id = ${id}
    ${opts.forUpdate ? db`for update of p` : db``}`;
  return row ?? null;
}

export async function updatePerson(db: Db, id: string, patch: Partial<PersonInput>, now: Date): Promise<Person> {
  const values: Record<string, unknown> = { updated_at: now };
  if (patch.fullName !== undefined) values.full_name = patch.fullName;
  if (patch.role !== undefined) values.role = patch.role;
  if (patch.phone !== undefined) values.phone = patch.phone;
  if (patch.activeFrom !== undefined) values.active_from = patch.activeFrom;
  if (patch.activeTo !== undefined) values.active_to = patch.activeTo;
  await db`update people set ${db(values as never)} where id = ${id}`;
  return (await getPerson(db, id))!;
}

export async function listPeople(
  db: Db,
  f: {
    scope: Scope;
    organizationId?: string | undefined;
    role?: PersonRole | undefined;
    q?: string | undefined;
    /** Only people an organiser reaches (its area; a top unit reaches everyone). */
    areaOf?: string | undefined;
    after: number;
    limit: number;
  },
): Promise<(Person & { seq: number })[]> {
  return db<(Person & { seq: number })[]>`
    select p.seq, ${personCols(db)} from people p join organizations o on o.id = p.organization_id
    where p.seq > ${f.after} and ${inScope(db, db`p.organization_id`, f.scope)}
      ${f.organizationId ? db`and p.organization_id = ${f.organizationId}` : db``}
      ${f.role ? db`and p.role = ${f.role}` : db``}
      ${
        f.areaOf
          ? db`and ((select parent_id is null from organizations where id = ${f.areaOf})
                    or p.organization_id in ${areaIds(db, f.areaOf)})`
          : db``
      }
      ${f.q ? db`and p.full_name ilike ${`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}` : db``}
    order by p.seq limit ${f.limit + 1}`;
}

// ---- courses ----

export interface CourseInput {
  organiserId: string;
  title: string;
  topic: CourseTopic;
  topicOther: string | null;
  startsOn: string;
  endsOn: string;
  place: string | null;
}

export interface Course extends CourseInput {
  id: string;
  organiserName: string;
  attendees: number;
  createdAt: Date;
  updatedAt: Date;
}

const courseCols = (db: Db) => db`
  c.id, c.organiser_id, o.name as organiser_name, c.title, c.topic, c.topic_other, c.starts_on::text,
  c.ends_on::text, c.place, c.created_at, c.updated_at,
  (select count(*)::int from course_attendances a where a.course_id = c.id) as attendees`;

export async function insertCourse(db: Db, c: CourseInput): Promise<Course> {
  const [row] = await db<{ id: string }[]>`
    insert into training_courses (organiser_id, title, topic, topic_other, starts_on, ends_on, place)
    values (${c.organiserId}, ${c.title}, ${c.topic}, ${c.topicOther}, ${c.startsOn}, ${c.endsOn}, ${c.place})
    returning id`;
  return (await getCourse(db, row!.id))!;
}

export async function getCourse(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Course | null> {
  const [row] = await db<Course[]>`
    select ${courseCols(db)} from training_courses c join organizations o on o.id = c.organiser_id where c.id = ${id}
    ${opts.forUpdate ? db`for update of c` : db``}`;
  return row ?? null;
}

export async function listCourses(
  db: Db,
  f: { scope: Scope; year?: number | undefined; after: number; limit: number },
): Promise<(Course & { seq: number })[]> {
  return db<(Course & { seq: number })[]>`
    select c.seq, ${courseCols(db)} from training_courses c join organizations o on o.id = c.organiser_id
    where c.seq > ${f.after} and ${inScope(db, db`c.organiser_id`, f.scope)}
      ${f.year ? db`and c.starts_on between ${`${f.year}-01-01`}::date and ${`${f.year}-12-31`}::date` : db``}
    order by c.seq limit ${f.limit + 1}`;
}

export async function deleteCourse(db: Db, id: string): Promise<void> {
  await db`delete from training_courses where id = ${id}`;
}

export async function courseAttendees(db: Db, courseId: string): Promise<Person[]> {
  return db<Person[]>`
    select ${personCols(db)} from course_attendances a
    join people p on p.id = a.person_id join organizations o on o.id = p.organization_id
    where a.course_id = ${courseId} order by p.full_name, p.seq`;
}

/** Which of these people already attend the course. */
export async function alreadyAttending(db: Db, courseId: string, personIds: string[]): Promise<string[]> {
  const rows = await db<{ personId: string }[]>`
    select person_id from course_attendances where course_id = ${courseId} and person_id = any(${personIds}::uuid[])`;
  return rows.map((r) => r.personId);
}

export async function insertAttendances(db: Db, courseId: string, personIds: string[]): Promise<void> {
  await db`
    insert into course_attendances (course_id, person_id) select ${courseId}, unnest(${personIds}::uuid[])`;
}

export async function deleteAttendance(db: Db, courseId: string, personId: string): Promise<boolean> {
  const rows =
    await db`delete from course_attendances where course_id = ${courseId} and person_id = ${personId} returning person_id`;
  return rows.length > 0;
}

// ---- the report: targets (1) and (2) ----

export interface ShareCounts {
  /** Per year: how many count, of how many. */
  perYear: Record<number, { count: number; of: number }>;
  period: { count: number; of: number };
}

const yearsOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Target (1): association units (every level) with at least one activity dated in the year; for
 * the period, units with at least one activity in every year of it.
 */
export async function activityShares(db: Db, opts: { from: number; to: number }): Promise<ShareCounts> {
  const { from, to } = opts;
  const rows = await db<{ year: number | null; count: number; of: number }[]>`
    with units as (select id from organizations where kind = 'association_unit'),
    active as (
      select distinct unit_id, extract(year from held_on)::int as year
        from association_activities
       where held_on between ${`${from}-01-01`}::date and ${`${to}-12-31`}::date
    )
    select y.year, (select count(*)::int from units) as of,
           (select count(distinct a.unit_id)::int from active a join units u on u.id = a.unit_id where a.year = y.year) as count
      from generate_series(${from}::int, ${to}::int) as y(year)
    union all
    select null, (select count(*)::int from units),
           (select count(*)::int from (select a.unit_id from active a join units u on u.id = a.unit_id
                                        group by a.unit_id having count(*) = ${to - from + 1}::int) full_years)`;
  return collectShares(rows, from, to);
}

function collectShares(
  rows: { year: number | null; count: number; of: number }[],
  from: number,
  to: number,
): ShareCounts {
  const perYear: ShareCounts['perYear'] = {};
  for (const y of yearsOf(from, to)) perYear[y] = { count: 0, of: 0 };
  let period = { count: 0, of: 0 };
  for (const r of rows) {
    if (r.year === null) period = { count: r.count, of: r.of };
    else perYear[r.year] = { count: r.count, of: r.of };
  }
  return { perYear, period };
}

/**
 * The people who should be trained, each with the day their organization entered OCOP (for
 * producers: its earliest OCOP rating decision, or the first day of the year it was first
 * registered as an OCOP candidate) and the last day of their first course. A
 * fragment: the figure and the drill-down both read it.
 */
const population = (db: Db) => db`
  select p.id, p.full_name, p.role, p.organization_id, o.name as organization_name, o.kind as organization_kind,
         o.association_level, p.active_from, p.active_to,
         case when p.role = 'association_officer' then date '0001-01-01' else ocop.since end as ocop_since,
         trained.first_day as trained_on
    from people p
    join organizations o on o.id = p.organization_id
    left join (select owner_id, min(since) as since from (
                 select pr.owner_id, r.decision_date as since
                   from products pr join ocop_ratings r on r.product_id = pr.id
                 union all
                 -- registered as an OCOP candidate: in OCOP from the first day of its registration year
                 select c.organization_id, make_date(c.year_registered, 1, 1)
                   from ocop_candidates c where c.organization_id is not null) entered
               group by owner_id) ocop
           on ocop.owner_id = o.id
    left join (select a.person_id, min(c.ends_on) as first_day
                 from course_attendances a join training_courses c on c.id = a.course_id group by a.person_id) trained
           on trained.person_id = p.id
   where (p.role = 'association_officer' and o.kind = 'association_unit')
      or (p.role <> 'association_officer' and o.kind in ${db(PRODUCER_KINDS as unknown as string[])})`;

/** Whether a population row counts in the window [first, last]: in office then, and its organization in OCOP by `last`. */
const counts = (db: Db, first: Fragment, last: Fragment) => db`
  pop.active_from <= ${last} and (pop.active_to is null or pop.active_to >= ${first})
  and pop.ocop_since <= ${last}`;

/**
 * Target (2): of the people who should be trained in the year (officers in office during the
 * year; directors and group leaders in office during the year of organizations with an OCOP
 * rating decided by its end), those who finished a course by the end of the year. For the
 * period: in office at any time in it, trained by its end.
 */
export async function trainedShares(db: Db, opts: { from: number; to: number }): Promise<ShareCounts> {
  const { from, to } = opts;
  const first = db`${`${from}-01-01`}::date`;
  const last = db`${`${to}-12-31`}::date`;
  const rows = await db<{ year: number | null; count: number; of: number }[]>`
    with pop as (${population(db)})
    select y.year, count(pop.id)::int as of,
           count(pop.id) filter (where pop.trained_on <= make_date(y.year, 12, 31))::int as count
      from generate_series(${from}::int, ${to}::int) as y(year)
      left join pop on ${counts(db, db`make_date(y.year, 1, 1)`, db`make_date(y.year, 12, 31)`)}
     group by y.year
    union all
    select null, count(*)::int, count(*) filter (where pop.trained_on <= ${last})::int
      from pop where ${counts(db, first, last)}`;
  return collectShares(rows, from, to);
}

export interface UnitWithoutActivity {
  id: string;
  name: string;
  associationLevel: string;
  parentId: string | null;
  parentName: string | null;
  /** The years of the window with no activity. */
  yearsWithout: number[];
}

/** Drill-down of target (1): the units (in scope) with no activity in one of the window's years. */
export async function unitsWithoutActivity(
  db: Db,
  f: { from: number; to: number; scope: Scope },
): Promise<UnitWithoutActivity[]> {
  return db<UnitWithoutActivity[]>`
    select u.id, u.name, u.association_level, u.parent_id, parent.name as parent_name,
           array(select y from generate_series(${f.from}::int, ${f.to}::int) y
                  where not exists (select 1 from association_activities a
                                     where a.unit_id = u.id
                                       and a.held_on between make_date(y, 1, 1) and make_date(y, 12, 31))
                  order by y) as years_without
      from organizations u left join organizations parent on parent.id = u.parent_id
     where u.kind = 'association_unit' and ${inScope(db, db`u.id`, f.scope)}
       and exists (select 1 from generate_series(${f.from}::int, ${f.to}::int) y
                    where not exists (select 1 from association_activities a
                                       where a.unit_id = u.id
                                         and a.held_on between make_date(y, 1, 1) and make_date(y, 12, 31)))
     order by case u.association_level when 'province' then 0 when 'district' then 1 else 2 end, u.name, u.id`;
}

export interface UntrainedPerson {
  id: string;
  fullName: string;
  role: PersonRole;
  organizationId: string;
  organizationName: string;
  organizationKind: string;
  associationLevel: string | null;
}

/** Drill-down of target (2): the people who should be trained in the window and were not by its end. */
export async function untrainedPeople(
  db: Db,
  f: { from: number; to: number; scope: Scope },
): Promise<UntrainedPerson[]> {
  const first = db`${`${f.from}-01-01`}::date`;
  const last = db`${`${f.to}-12-31`}::date`;
  return db<UntrainedPerson[]>`
    with pop as (${population(db)})
    select pop.id, pop.full_name, pop.role, pop.organization_id, pop.organization_name, pop.organization_kind,
           pop.association_level
      from pop
     where ${counts(db, first, last)} and (pop.trained_on is null or pop.trained_on > ${last})
       and ${inScope(db, db`pop.organization_id`, f.scope)}
     order by pop.organization_name, pop.full_name, pop.id`;
}
