// /courses: training courses held for association officers and the directors of cooperatives and
// groups in OCOP (target (2) of the provincial scheme), and who attended them. The organiser is an
// association unit; attendees are people of its area (the province association reaches everyone).
// A person attends a course once: naming them again is a 409 and nothing of the request is kept.
import { z } from 'zod';
import { AppError, forbidden, notFound } from '../../errors';
import type { Db } from '../../db/client';
import { vietnamToday } from '../../domain/calendar';
import { getOrganization } from '../../db/organizations-store';
import {
  alreadyAttending,
  courseAttendees,
  deleteAttendance,
  deleteCourse,
  getCourse,
  getPerson,
  insertAttendances,
  insertCourse,
  listCourses,
  organiserReaches,
  organizationInScope,
  type Scope,
} from '../../db/programme-people-store';
import { COURSE_TOPICS } from '../../domain/programme-people';
import type { Actor } from '../../domain/roles';
import { op } from '../op';
import { invalid, periodProblems, scopeOf } from '../programme-scope';
import { isoDate, optionalText, pageQuery, text, toPage, uuid, yearFilter } from '../schemas';

const personIds = z
  .array(uuid)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'a person is named twice');

const createBody = z
  .strictObject({
    organiserId: uuid,
    title: text(300),
    topic: z.enum(COURSE_TOPICS, { error: `must be one of: ${COURSE_TOPICS.join(', ')}` }),
    topicOther: optionalText(300),
    startsOn: isoDate,
    endsOn: isoDate,
    place: optionalText(300),
    attendeeIds: personIds.optional(),
  })
  .refine((c) => c.endsOn >= c.startsOn, { message: 'endsOn must not be before startsOn', path: ['endsOn'] })
  .refine((c) => (c.topic === 'other') === !!c.topicOther, {
    message: 'topicOther says what an "other" course was about, and only then',
    path: ['topicOther'],
  });

async function visibleCourse(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
  const c = await getCourse(db, id, opts);
  if (!c || !(await organizationInScope(db, c.organiserId, await scopeOf(db, actor)))) throw notFound('Course', id);
  return c;
}

/**
 * Adds attendees to a course, all or none: each must exist, be seen by the caller and belong to the
 * organiser's area; one already on the course is a 409 naming them.
 */
async function addAttendees(
  db: Db,
  scope: Scope,
  course: { id: string; organiserId: string },
  ids: string[],
  path: string,
) {
  const problems: { path: string; message: string }[] = [];
  for (const [i, id] of ids.entries()) {
    const p = await getPerson(db, id);
    if (!p || !(await organizationInScope(db, p.organizationId, scope)))
      problems.push({ path: `${path}.${i}`, message: 'no person has this id' });
    else if (!(await organiserReaches(db, course.organiserId, p.organizationId)))
      problems.push({ path: `${path}.${i}`, message: "is not in the organiser's area" });
  }
  if (problems.length) throw invalid('attendance', problems);
  const already = await alreadyAttending(db, course.id, ids);
  if (already.length) {
    throw new AppError('DUPLICATE', 'Some of these people already attend this course; nothing was added', {
      personIds: already,
    });
  }
  if (ids.length) await insertAttendances(db, course.id, ids);
}

export const courseOps = {
  create: op({
    method: 'post',
    path: '/courses',
    tag: 'Programme: training',
    summary: 'Record a training course, with its attendees',
    description:
      `topic is one of the scheme's training topics (${COURSE_TOPICS.join(', ')}); "other" needs topicOther. ` +
      "The organiser is an association unit in the caller's area; startsOn and endsOn lie in the programme period and " +
      "not after today. attendeeIds (optional) are people of the organiser's area; the course and its attendance are " +
      'written together or not at all.',
    roles: ['admin', 'staff'],
    body: createBody,
    idempotent: true,
    async handler({ db, body, actor, audit, now, deps }) {
      const problems = periodProblems(deps.config, vietnamToday(now), [
        { path: 'body.startsOn', value: body.startsOn },
        { path: 'body.endsOn', value: body.endsOn },
      ]);
      if (problems.length) throw invalid('course', problems);
      const scope = await scopeOf(db, actor);
      const organiser = await getOrganization(db, body.organiserId);
      if (organiser?.kind !== 'association_unit') {
        throw invalid('course', [
          {
            path: 'body.organiserId',
            message: organiser ? 'must be an association unit' : 'no organization has this id',
          },
        ]);
      }
      if (!(await organizationInScope(db, organiser.id, scope))) {
        throw forbidden('Staff of a unit record courses of their own unit and the units below it only');
      }
      const course = await insertCourse(db, {
        organiserId: organiser.id,
        title: body.title,
        topic: body.topic,
        topicOther: body.topicOther ?? null,
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        place: body.place ?? null,
      });
      await addAttendees(db, scope, course, body.attendeeIds ?? [], 'body.attendeeIds');
      const after = (await getCourse(db, course.id))!;
      await audit({
        action: 'create',
        entity: 'training_course',
        entityId: course.id,
        after: { ...after, attendeeIds: body.attendeeIds ?? [] },
      });
      return after;
    },
  }),
  list: op({
    method: 'get',
    path: '/courses',
    tag: 'Programme: training',
    summary: 'List training courses',
    roles: ['admin', 'staff'],
    query: z.strictObject({ year: yearFilter, ...pageQuery }),
    async handler({ db, query, actor }) {
      const rows = await listCourses(db, {
        scope: await scopeOf(db, actor),
        year: query.year,
        after: query.cursor ? Number(query.cursor) : 0,
        limit: query.limit,
      });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/courses/:id',
    tag: 'Programme: training',
    summary: 'Get a training course with its attendees',
    roles: ['admin', 'staff'],
    async handler({ db, params, actor }) {
      const course = await visibleCourse(db, actor, params.id);
      return { ...course, attendeeList: await courseAttendees(db, course.id) };
    },
  }),
  remove: op({
    method: 'delete',
    path: '/courses/:id',
    tag: 'Programme: training',
    summary: 'Delete a course recorded by mistake (with its attendance)',
    roles: ['admin', 'staff'],
    async handler({ db, params, actor, audit }) {
      const before = await visibleCourse(db, actor, params.id, { forUpdate: true });
      await deleteCourse(db, before.id);
      await audit({ action: 'delete', entity: 'training_course', entityId: before.id, before });
      return { deleted: true, id: before.id };
    },
  }),
  attend: op({
    method: 'post',
    path: '/courses/:id/attendees',
    tag: 'Programme: training',
    summary: 'Add attendees to a course',
    description:
      "personIds are people of the organiser's area. Someone already on the course is a 409 (DUPLICATE) naming them, " +
      'and none of the list is added.',
    roles: ['admin', 'staff'],
    status: 200,
    body: z.strictObject({ personIds: personIds.min(1, 'name at least one person') }),
    async handler({ db, params, actor, body, audit }) {
      const course = await visibleCourse(db, actor, params.id, { forUpdate: true });
      await addAttendees(db, await scopeOf(db, actor), course, body.personIds, 'body.personIds');
      await audit({
        action: 'update',
        entity: 'training_course',
        entityId: course.id,
        after: { addedAttendees: body.personIds },
      });
      return { ...(await getCourse(db, course.id))!, attendeeList: await courseAttendees(db, course.id) };
    },
  }),
  unattend: op({
    method: 'delete',
    path: '/courses/:id/attendees/:personId',
    tag: 'Programme: training',
    summary: 'Remove an attendee recorded by mistake',
    roles: ['admin', 'staff'],
    async handler({ db, params, actor, audit }) {
      const course = await visibleCourse(db, actor, params.id, { forUpdate: true });
      if (!(await deleteAttendance(db, course.id, params.personId))) throw notFound('Attendee', params.personId);
      await audit({
        action: 'update',
        entity: 'training_course',
        entityId: course.id,
        after: { removedAttendee: params.personId },
      });
      return { deleted: true, courseId: course.id, personId: params.personId };
    },
  }),
};
