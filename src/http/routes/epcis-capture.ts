// The EPCIS 2.0 capture interface for buyers: POST /api/v1/epcis/capture takes an EPCISDocument, runs the
// capture inside the request (one transaction: everything or nothing) and answers as the
// standard's capture interface does — 202 Accepted with Location: …/epcis/capture/{captureID} — or
// 400 application/problem+json (RFC 9457) naming each problem's event index and field.
// GET …/epcis/capture/{captureID} and GET …/epcis/capture show capture jobs in the standard's shape.
// Mounted at /api/v1/epcis (src/app.ts), behind the API's key authentication; its body limit is its own.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, notFound } from '../../errors';
import { retryRead, transaction } from '../../db/client';
import { recordAudit } from '../../db/audit-store';
import { getCaptureJob, listCaptureJobs, type CaptureJob } from '../../db/buyers-store';
import type { Actor } from '../../domain/roles';
import type { EpcisEvent } from '../../domain/epcis-event';
import { validateEpcisDocument } from '../../domain/epcis-validate';
import { CaptureRefused, captureEpcisDocument } from '../../buyers/capture';
import { epcisSupport } from './epcis';
import type { AppDeps, AppEnv } from '../types';

/** Announced in GET /epcis and on every capture answer (GS1-EPCIS-Capture-Limit, …-File-Size-Limit). */
export const CAPTURE_LIMIT_EVENTS = 10_000;
export const CAPTURE_FILE_SIZE_LIMIT = 2 * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CAPTURE_HEADERS = {
  'GS1-EPCIS-Version': '2.0.0',
  'GS1-CBV-Version': '2.0.0',
  'GS1-EPCIS-Capture-Limit': String(CAPTURE_LIMIT_EVENTS),
  'GS1-EPCIS-Capture-File-Size-Limit': String(CAPTURE_FILE_SIZE_LIMIT),
  'GS1-Capture-Error-Behaviour': 'rollback',
};

function problemJson(
  c: Context<AppEnv>,
  status: 400 | 413,
  p: { type: string; title: string; detail: string; errors?: unknown[] },
) {
  return c.body(JSON.stringify({ ...p, status, instance: c.req.path, requestId: c.get('requestId') }), status, {
    'Content-Type': 'application/problem+json',
    ...CAPTURE_HEADERS,
  });
}

/** A capture job as the standard's capture interface shows it. */
export function captureJobOut(j: CaptureJob) {
  return {
    captureID: j.id,
    createdAt: j.createdAt.toISOString(),
    ...(j.finishedAt ? { finishedAt: j.finishedAt.toISOString() } : {}),
    running: j.status === 'running',
    success: j.status === 'success',
    captureErrorBehaviour: 'rollback',
    errors: j.errors ?? [],
    eventCount: j.eventCount,
  };
}

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>"');
  return actor;
}

/** A buyer sees its own jobs; staff and admins every job. */
function ownerFilter(actor: Actor): string | null {
  if (actor.role === 'buyer') return actor.organizationId;
  if (actor.role === 'admin' || actor.role === 'staff') return null;
  throw new AppError('FORBIDDEN', 'Capture jobs are a buyer’s, or staff’s to read');
}

export function epcisCaptureRoutes(deps: AppDeps) {
  const r = new Hono<AppEnv>();
  // GET /api/v1/epcis names the capture endpoint and its limits.
  epcisSupport.capture = {
    endpoint: '/api/v1/epcis/capture',
    jobs: '/api/v1/epcis/capture/{captureID}',
    roles: ['buyer'],
    captureLimit: CAPTURE_LIMIT_EVENTS,
    fileSizeLimit: CAPTURE_FILE_SIZE_LIMIT,
    captureErrorBehaviour: 'rollback',
    eventTypes: ['ObjectEvent', 'TransactionEvent', 'TransformationEvent'],
    bizSteps: ['receiving', 'accepting', 'shipping', 'departing', 'and any step of a TransformationEvent (repacking)'],
  };

  r.post(
    '/capture',
    bodyLimit({
      maxSize: CAPTURE_FILE_SIZE_LIMIT,
      onError: (c) =>
        problemJson(c as Context<AppEnv>, 413, {
          type: 'epcisException:CaptureLimitExceededException',
          title: 'The document is too large',
          detail: `A captured document may have at most ${CAPTURE_FILE_SIZE_LIMIT} bytes`,
        }),
    }),
    async (c) => {
      const actor = actorOf(c);
      if (actor.role !== 'buyer' || !actor.organizationId)
        throw new AppError(
          'FORBIDDEN',
          'Only a buyer key captures events; the service derives the others from its records',
        );
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(ld\+)?json\b/i.test(type))
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the EPCISDocument as application/json or application/ld+json',
        );
      let doc: unknown;
      try {
        doc = JSON.parse(await c.req.text());
      } catch {
        return problemJson(c, 400, {
          type: 'epcisException:ValidationException',
          title: 'The document is not JSON',
          detail: 'The request body could not be read as JSON',
          errors: [],
        });
      }
      const invalid = validateEpcisDocument(doc);
      if (invalid.length) {
        return problemJson(c, 400, {
          type: 'epcisException:ValidationException',
          title: 'The document is not a valid EPCIS 2.0 document',
          detail: `${invalid.length} problem(s) with the EPCIS 2.0 JSON Schema or the CBV 2.0 values; nothing was stored`,
          errors: invalid,
        });
      }
      const d = doc as { '@context': unknown; epcisBody: { eventList: EpcisEvent[] } };
      const events = d.epcisBody.eventList;
      if (events.length > CAPTURE_LIMIT_EVENTS) {
        return problemJson(c, 413, {
          type: 'epcisException:CaptureLimitExceededException',
          title: 'Too many events',
          detail: `A captured document may have at most ${CAPTURE_LIMIT_EVENTS} events; this one has ${events.length}`,
        });
      }
      const now = deps.clock();
      let job: CaptureJob;
      try {
        job = await transaction(deps.sql, async (tx) => {
          const j = await captureEpcisDocument(tx, {
            buyerId: actor.organizationId!,
            baseUrl: deps.config.PUBLIC_BASE_URL,
            events,
            documentContext: d['@context'],
            now,
          });
          await recordAudit(tx, {
            actor,
            action: 'capture',
            entity: 'epcis_capture',
            entityId: j.id,
            after: { eventCount: j.eventCount },
            requestId: c.get('requestId'),
            at: now,
          });
          return j;
        });
      } catch (e) {
        if (!(e instanceof CaptureRefused)) throw e;
        return problemJson(c, 400, {
          type: 'epcisException:ValidationException',
          title: 'The document names goods or steps this buyer may not capture',
          detail: `${e.problems.length} problem(s); nothing was stored. A buyer captures receiving, shipping and its own repacking, for goods it received (see the README).`,
          errors: e.problems,
        });
      }
      return c.json(captureJobOut(job), 202, { Location: `/api/v1/epcis/capture/${job.id}`, ...CAPTURE_HEADERS });
    },
  );

  r.get('/capture', async (c) => {
    const owner = ownerFilter(actorOf(c));
    const limitText = c.req.query('perPage') ?? '50';
    const token = c.req.query('nextPageToken');
    if (!/^[0-9]{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 200)
      throw new AppError('VALIDATION_FAILED', 'perPage is a number from 1 to 200', [
        { path: 'query.perPage', message: 'must be 1–200' },
      ]);
    if (token !== undefined && !/^[0-9]{1,18}$/.test(token))
      throw new AppError('VALIDATION_FAILED', 'nextPageToken is the token of a previous page', [
        { path: 'query.nextPageToken', message: 'must be the nextPageToken of a previous page' },
      ]);
    const limit = Number(limitText);
    const rows = await retryRead(deps.sql, () =>
      listCaptureJobs(deps.sql, { ownerId: owner, before: token ? Number(token) : null, limit }),
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const headers: Record<string, string> = { ...CAPTURE_HEADERS };
    if (more)
      headers.Link = `</api/v1/epcis/capture?perPage=${limit}&nextPageToken=${page[page.length - 1]!.seq}>; rel="next"`;
    return c.json(
      { captureJobs: page.map(captureJobOut), nextPageToken: more ? String(page[page.length - 1]!.seq) : null },
      200,
      headers,
    );
  });

  r.get('/capture/:captureID', async (c) => {
    const owner = ownerFilter(actorOf(c));
    const id = c.req.param('captureID');
    if (!UUID.test(id)) throw notFound('Capture job', id);
    const job = await retryRead(deps.sql, () => getCaptureJob(deps.sql, id.toLowerCase(), owner));
    if (!job) throw notFound('Capture job', id);
    return c.json(captureJobOut(job), 200, CAPTURE_HEADERS);
  });
  return r;
}

const problemResponse = {
  description:
    'The document was refused (nothing stored): application/problem+json (RFC 9457) with errors [{ eventIndex, field, message }]',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                eventIndex: { type: ['integer', 'null'] },
                field: { type: 'string', description: 'a JSON pointer within the event' },
                message: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
};
const jobSchema = {
  type: 'object',
  properties: {
    captureID: { type: 'string', format: 'uuid' },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    running: { type: 'boolean' },
    success: { type: 'boolean' },
    captureErrorBehaviour: { type: 'string', enum: ['rollback'] },
    errors: { type: 'array' },
    eventCount: { type: 'integer' },
  },
};

/** The capture interface in the OpenAPI document (it is a route of its own, not an operation of the list). */
export function withCapturePaths<D extends Record<string, unknown>>(doc: D): D {
  const paths = (doc.paths ?? {}) as Record<string, unknown>;
  paths['/api/v1/epcis/capture'] = {
    post: {
      tags: ['EPCIS'],
      summary: 'Capture an EPCISDocument (buyers): receiving, shipping and repacking of goods the buyer received',
      parameters: [],
      description:
        `Roles: buyer. At most ${CAPTURE_LIMIT_EVENTS} events and ${CAPTURE_FILE_SIZE_LIMIT} bytes. Validated against the ` +
        'EPCIS 2.0 JSON Schema and CBV 2.0, then the receipt rule (see the README): a receipt quotes the despatch advice ' +
        'of a shipment made to the buyer. Run in one transaction; 202 with Location of the capture job, or 400 with problem details.',
      requestBody: {
        required: true,
        content: {
          'application/ld+json': { schema: { type: 'object' } },
          'application/json': { schema: { type: 'object' } },
        },
      },
      responses: {
        '202': {
          description: 'Captured: the capture job',
          headers: { Location: { schema: { type: 'string' } } },
          content: { 'application/json': { schema: jobSchema } },
        },
        '400': problemResponse,
        '413': problemResponse,
      },
    },
    get: {
      tags: ['EPCIS'],
      summary: 'Capture jobs, newest first (a buyer: its own; staff and admins: all)',
      parameters: [
        { name: 'perPage', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
        { name: 'nextPageToken', in: 'query', schema: { type: 'string' } },
      ],
      responses: { '200': { description: 'A page of capture jobs' } },
    },
  };
  paths['/api/v1/epcis/capture/{captureID}'] = {
    get: {
      tags: ['EPCIS'],
      summary: 'One capture job',
      parameters: [{ name: 'captureID', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { '200': { description: 'The capture job', content: { 'application/json': { schema: jobSchema } } } },
    },
  };
  return { ...doc, paths };
}
