// /activities: the communication, advice and support activities of the association units
// (target (1) of the provincial scheme). Staff of a unit record and see those of their unit and
// the units below it; province staff and admins all of them. An activity may carry small files
// (photos or minutes: PDF, JPEG or PNG up to 2 MB, as told by their first bytes).
import { z } from 'zod';
import type { Context } from 'hono';
import { AppError, forbidden, notFound } from '../../errors';
import type { Db } from '../../db/client';
import { vietnamToday } from '../../domain/calendar';
import { getOrganization } from '../../db/organizations-store';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_ACTIVITY,
  countAttachments,
  deleteActivity,
  getActivity,
  getAttachment,
  insertActivity,
  insertAttachment,
  listActivities,
  organiserReaches,
  organizationInScope,
  type Scope,
} from '../../db/programme-people-store';
import { ACTIVITY_KINDS } from '../../domain/programme-people';
import type { Actor } from '../../domain/roles';
import { op } from '../op';
import { invalid, periodProblems, scopeOf } from '../programme-scope';
import { isoDate, optionalText, pageQuery, text, toPage, uuid, yearFilter } from '../schemas';
import type { AppEnv } from '../types';

const createBody = z.strictObject({
  unitId: uuid,
  heldOn: isoDate,
  kind: z.enum(ACTIVITY_KINDS, { error: `must be one of: ${ACTIVITY_KINDS.join(', ')}` }),
  topic: text(300),
  place: optionalText(300),
  participants: z.number().int('must be a whole number').min(0).max(100000),
  note: optionalText(2000, { multiline: true }),
  organizationIds: z
    .array(uuid)
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, 'an organization is named twice')
    .optional(),
});

/** An activity the caller may see, else NOT_FOUND (another unit's activity is not revealed). */
async function visibleActivity(db: Db, actor: Actor, id: string) {
  const a = await getActivity(db, id);
  if (!a || !(await organizationInScope(db, a.unitId, await scopeOf(db, actor)))) throw notFound('Activity', id);
  return a;
}

async function unitInScope(db: Db, scope: Scope, unitId: string, path: string) {
  const unit = await getOrganization(db, unitId);
  if (unit?.kind !== 'association_unit') {
    throw invalid('activity', [
      { path, message: unit ? 'must be an association unit' : 'no organization has this id' },
    ]);
  }
  if (!(await organizationInScope(db, unitId, scope))) {
    throw forbidden('Staff of a unit record activities of their own unit and the units below it only');
  }
  return unit;
}

const ATTACHMENT_TYPES = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' } as const;

/** The type of a file from its first bytes: PDF, JPEG or PNG, else null. */
export function sniffAttachment(b: Uint8Array): string | null {
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return ATTACHMENT_TYPES.pdf;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return ATTACHMENT_TYPES.jpeg;
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((v, i) => b[i] === v)) return ATTACHMENT_TYPES.png;
  return null;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(d)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

interface Upload {
  bytes: Uint8Array;
  mediaType: string;
  hash: string;
  fileName: string;
}

/** The raw file (any Content-Type; the bytes decide) with its name in ?name=. */
async function readAttachment(c: Context<AppEnv>): Promise<{ raw: string; value: unknown }> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `An attachment is at most ${MAX_ATTACHMENT_BYTES / 1048576} MB`, {
      maxBytes: MAX_ATTACHMENT_BYTES,
    });
  }
  if (bytes.length === 0) throw invalid('attachment', [{ path: 'body', message: 'the file is empty' }]);
  const mediaType = sniffAttachment(bytes);
  if (!mediaType) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'An attachment is a PDF, JPEG or PNG file (judged by its content)');
  }
  const hash = await sha256Hex(bytes);
  const fileName = c.req.query('name') ?? `dinh-kem.${mediaType === ATTACHMENT_TYPES.pdf ? 'pdf' : mediaType.slice(6)}`;
  return { raw: JSON.stringify({ hash, fileName }), value: { bytes, mediaType, hash, fileName } };
}

const uploadBody = z.strictObject({
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
  mediaType: z.string(),
  hash: z.string(),
  fileName: text(200).refine((n) => !/[\\/"]/.test(n), 'a file name has no slashes or quotes'),
}) as unknown as z.ZodType<Upload>;

export const activityOps = {
  create: op({
    method: 'post',
    path: '/activities',
    tag: 'Programme: activities',
    summary: 'Record an association activity (communication, advice or support)',
    description:
      'unitId is the association unit that held it; staff bound to a unit record for their unit and the units below it. ' +
      'heldOn must lie in the programme period (PROGRAMME_FROM_YEAR..PROGRAMME_TO_YEAR) and not after today. ' +
      "organizationIds names the members' organizations that took part, where known; each must be in the unit's area.",
    roles: ['admin', 'staff'],
    body: createBody,
    idempotent: true,
    async handler({ db, body, actor, audit, now, deps }) {
      const problems = periodProblems(deps.config, vietnamToday(now), [{ path: 'body.heldOn', value: body.heldOn }]);
      if (problems.length) throw invalid('activity', problems);
      const scope = await scopeOf(db, actor);
      await unitInScope(db, scope, body.unitId, 'body.unitId');
      const orgIds = body.organizationIds ?? [];
      const orgProblems: { path: string; message: string }[] = [];
      for (const [i, id] of orgIds.entries()) {
        const org = await getOrganization(db, id);
        if (!org) orgProblems.push({ path: `body.organizationIds.${i}`, message: 'no organization has this id' });
        else if (!(await organiserReaches(db, body.unitId, id)))
          orgProblems.push({ path: `body.organizationIds.${i}`, message: "is not in the unit's area" });
      }
      if (orgProblems.length) throw invalid('activity', orgProblems);
      const activity = await insertActivity(db, {
        unitId: body.unitId,
        heldOn: body.heldOn,
        kind: body.kind,
        topic: body.topic,
        place: body.place ?? null,
        participants: body.participants,
        note: body.note ?? null,
        recordedBy: actor.name,
        organizationIds: orgIds,
      });
      await audit({ action: 'create', entity: 'association_activity', entityId: activity.id, after: activity });
      return activity;
    },
  }),
  list: op({
    method: 'get',
    path: '/activities',
    tag: 'Programme: activities',
    summary: 'List association activities',
    description: "Staff bound to a unit see their unit's and those of the units below it.",
    roles: ['admin', 'staff'],
    query: z.strictObject({
      unitId: uuid.optional(),
      year: yearFilter,
      ...pageQuery,
    }),
    async handler({ db, query, actor }) {
      const rows = await listActivities(db, {
        scope: await scopeOf(db, actor),
        unitId: query.unitId,
        year: query.year,
        after: query.cursor ? Number(query.cursor) : 0,
        limit: query.limit,
      });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/activities/:id',
    tag: 'Programme: activities',
    summary: 'Get an association activity',
    roles: ['admin', 'staff'],
    async handler({ db, params, actor }) {
      return visibleActivity(db, actor, params.id);
    },
  }),
  remove: op({
    method: 'delete',
    path: '/activities/:id',
    tag: 'Programme: activities',
    summary: 'Delete an association activity recorded by mistake (its attachments go with it)',
    roles: ['admin', 'staff'],
    async handler({ db, params, actor, audit }) {
      const before = await visibleActivity(db, actor, params.id);
      await deleteActivity(db, before.id);
      await audit({ action: 'delete', entity: 'association_activity', entityId: before.id, before });
      return { deleted: true, id: before.id };
    },
  }),
  attach: op({
    method: 'post',
    path: '/activities/:id/attachments',
    tag: 'Programme: activities',
    summary: 'Attach a photo or the minutes to an activity',
    description: `The raw file as the body (PDF, JPEG or PNG, judged by its first bytes; at most ${MAX_ATTACHMENT_BYTES / 1048576} MB), its name in ?name=. At most ${MAX_ATTACHMENTS_PER_ACTIVITY} files an activity; the same file twice is refused (409).`,
    roles: ['admin', 'staff'],
    body: uploadBody,
    readBody: (c) => readAttachment(c),
    requestBody: {
      required: true,
      content: {
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
        'image/jpeg': { schema: { type: 'string', format: 'binary' } },
        'image/png': { schema: { type: 'string', format: 'binary' } },
      },
    },
    async handler({ db, params, actor, body, audit }) {
      const activity = await visibleActivity(db, actor, params.id);
      const existing = await countAttachments(db, activity.id);
      if (existing.n >= MAX_ATTACHMENTS_PER_ACTIVITY) {
        throw new AppError('CONFLICT', `An activity has at most ${MAX_ATTACHMENTS_PER_ACTIVITY} attachments`);
      }
      if (existing.sameHash.includes(body.hash)) throw new AppError('DUPLICATE', 'This file is already attached');
      const row = await insertAttachment(db, {
        activityId: activity.id,
        fileName: body.fileName,
        mediaType: body.mediaType,
        contentHash: body.hash,
        bytes: body.bytes,
      });
      await audit({ action: 'create', entity: 'activity_attachment', entityId: row.id, after: row });
      return row;
    },
  }),
  download: op({
    method: 'get',
    path: '/activities/:id/attachments/:attachmentId',
    tag: 'Programme: activities',
    summary: "Download an activity's attachment",
    roles: ['admin', 'staff'],
    async handler({ db, params, actor }) {
      const activity = await visibleActivity(db, actor, params.id);
      const file = await getAttachment(db, activity.id, params.attachmentId);
      if (!file) throw notFound('Attachment', params.attachmentId);
      return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
        headers: {
          'Content-Type': file.mediaType,
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'private, no-store',
        },
      });
    },
  }),
};
