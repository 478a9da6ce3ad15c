// /print-runs: a cooperative orders QR stamps for a sealed batch, downloads the PDF sheet (or
// the serial list as CSV for an outside printer), and activates or voids ranges of stamps.
import { z } from 'zod';
import { AppError, forbidden, notFound } from '../../errors';
import { stampUri } from '../../domain/digital-link';
import { SERIAL_ALPHABET, SERIAL_LENGTH } from '../../domain/serial';
import type { BatchRecord } from '../../domain/batch-record';
import { getBatch, getStoredRecord } from '../../db/batches-store';
import type { Db } from '../../db/client';
import { getProduct } from '../../db/products-store';
import {
  changeStampStates,
  getPrintRun,
  insertPrintRun,
  listPrintRuns,
  positionOfSerial,
  stampPage,
  stampsOfRun,
  type PrintRun,
} from '../../db/print-runs-store';
import { checkTemplate } from '../../labels';
import { attachment, estimatePrintRunPdf, printRunPdf, sampleUri, templateOf } from '../../print-runs/sheet';
import { decodeJwsPayload } from '../../signing';
import { op } from '../op';
import { code, optionalText, pageQuery, text, pageFilter, toPage, uuid } from '../schemas';
import type { Actor } from '../../domain/roles';

const serial = code(
  new RegExp(`^[${SERIAL_ALPHABET}]{${SERIAL_LENGTH}}$`),
  'must be a stamp serial of this run',
  'upper',
);

const createRun = z.strictObject({
  batchId: uuid,
  count: z.number().int().min(1, 'a run has 1 to 100,000 stamps').max(100_000, 'a run has 1 to 100,000 stamps'),
  templateId: z.string().max(63),
  note: optionalText(1000, { multiline: true }),
});
const rangeBody = { fromSerial: serial.optional(), toSerial: serial.optional() };

async function loadRun(db: Db, actor: Actor, id: string, write = false): Promise<PrintRun> {
  const run = await getPrintRun(db, id);
  if (!run) throw notFound('Print run', id);
  if (actor.role === 'cooperative' && run.cooperativeId !== actor.organizationId) {
    if (write) throw forbidden();
    throw notFound('Print run', id);
  }
  return run;
}

async function resolveRange(
  db: Db,
  run: PrintRun,
  body: { fromSerial?: string | undefined; toSerial?: string | undefined },
) {
  const from = body.fromSerial ? await positionOfSerial(db, run.id, body.fromSerial) : 1;
  const to = body.toSerial ? await positionOfSerial(db, run.id, body.toSerial) : run.count;
  const problems = [];
  if (from === null) problems.push({ path: 'body.fromSerial', message: 'this serial is not in the run' });
  if (to === null) problems.push({ path: 'body.toSerial', message: 'this serial is not in the run' });
  if (problems.length) throw new AppError('VALIDATION_FAILED', 'The range is not valid', problems);
  if (to! < from!)
    throw new AppError('VALIDATION_FAILED', 'The range is not valid', [
      { path: 'body.toSerial', message: 'comes before fromSerial in the run' },
    ]);
  return { from: from!, to: to! };
}

export const printRunOps = {
  templates: op({
    method: 'get',
    path: '/templates',
    tag: 'Print runs',
    summary: 'The label templates stamps can be printed on',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ deps }) {
      return {
        items: [...deps.labels.templates.values()].map((t) => ({
          id: t.id,
          name: t.name,
          page: t.page,
          label: t.label,
          layout: t.layout,
          activateOnPrint: t.activateOnPrint,
        })),
      };
    },
  }),
  create: op({
    method: 'post',
    path: '/print-runs',
    tag: 'Print runs',
    summary: 'Order a print run of QR stamps for a sealed batch',
    description: 'Each stamp gets its own serial; the QR holds {PUBLIC_BASE_URL}/01/{gtin14}/10/{lot}/21/{serial}.',
    roles: ['admin', 'cooperative'],
    body: createRun,
    idempotent: true,
    async handler({ db, body, actor, audit, now, deps }) {
      const batch = await getBatch(db, body.batchId);
      if (!batch)
        throw new AppError('VALIDATION_FAILED', 'The print run is not valid', [
          { path: 'body.batchId', message: 'no batch has this id' },
        ]);
      if (actor.role === 'cooperative' && batch.cooperativeId !== actor.organizationId) {
        throw forbidden('A cooperative key may print stamps only for its own batches');
      }
      if (batch.status === 'draft')
        throw new AppError('BATCH_NOT_SEALED', 'Stamps are printed only for sealed batches; seal the batch first');
      if (batch.status === 'superseded') {
        throw new AppError('BATCH_SUPERSEDED', 'This batch was corrected; print for its newest version', {
          supersededById: batch.supersededById,
        });
      }
      if (batch.recalled)
        throw new AppError('BATCH_RECALLED', 'This batch is under recall; no stamps can be printed for it');
      const template = templateOf(deps.labels, body.templateId);
      const product = (await getProduct(db, batch.productId))!;
      checkTemplate(template, sampleUri(deps.config.PUBLIC_BASE_URL, product.gtin, batch.lotCode));
      // Stars are printed only when the signed record carries a rating valid on the production date.
      const rec = decodeJwsPayload((await getStoredRecord(db, batch.id))!.jws!) as BatchRecord | null;
      const ocopStars = batch.carriesOcop && rec?.ocop?.status === 'valid' ? rec.ocop.rating.stars : null;
      const run = await insertPrintRun(
        db,
        {
          batchId: batch.id,
          cooperativeId: batch.cooperativeId,
          templateId: template.id,
          count: body.count,
          note: body.note ?? null,
          baseUrl: deps.config.PUBLIC_BASE_URL,
          gtin: product.gtin,
          lotCode: batch.lotCode,
          ocopStars,
          createdBy: { keyId: actor.keyId, name: actor.name, role: actor.role },
        },
        template.activateOnPrint ? 'active' : 'issued',
        now,
      );
      await audit({
        action: 'create',
        entity: 'print_run',
        entityId: run.id,
        after: { ...run, initialState: template.activateOnPrint ? 'active' : 'issued' },
      });
      return run;
    },
  }),
  list: op({
    method: 'get',
    path: '/print-runs',
    tag: 'Print runs',
    summary: 'List print runs with their stamp counts by state',
    roles: ['admin', 'staff', 'cooperative'],
    description: '`order=newest` lists the latest runs first (the cursor then pages further back).',
    query: z.strictObject({
      batchId: uuid.optional(),
      cooperativeId: uuid.optional(),
      order: z.enum(['oldest', 'newest']).optional(),
      ...pageQuery,
    }),
    async handler({ db, query, actor }) {
      const rows = await listPrintRuns(db, { ...pageFilter(query, actor), newestFirst: query.order === 'newest' });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/print-runs/:id',
    tag: 'Print runs',
    summary: 'Get a print run',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      return loadRun(db, actor, params.id!);
    },
  }),
  pdf: op({
    method: 'get',
    path: '/print-runs/:id/pdf',
    tag: 'Print runs',
    summary: 'The stamps as a printable PDF (streamed); ?preview=true gives the first sheet only',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({ preview: z.enum(['true', 'false', '1', '0']).optional() }),
    async handler({ db, params, actor, deps, query }) {
      const run = await loadRun(db, actor, params.id!);
      const preview = query.preview === 'true' || query.preview === '1';
      const pdf = await printRunPdf(db, deps.labels, run, { preview });
      const headers: Record<string, string> = {
        'Content-Type': 'application/pdf',
        'Content-Disposition': attachment(pdf.filename),
        'Cache-Control': 'private, no-store',
      };
      if (preview) {
        // One sheet: small enough to make whole, so its exact length is known.
        const bytes = new Uint8Array(await new Response(pdf.body).arrayBuffer());
        return new Response(bytes, { headers: { ...headers, 'Content-Length': String(bytes.byteLength) } });
      }
      // The whole run is streamed as it is made: its exact length is not known before the end.
      const estimate = await estimatePrintRunPdf(db, deps.labels, run);
      headers['X-Estimated-Content-Length'] = String(estimate.estimatedBytes);
      headers['X-Page-Count'] = String(estimate.pages);
      return new Response(pdf.body, { headers });
    },
  }),
  pdfEstimate: op({
    method: 'get',
    path: '/print-runs/:id/pdf/estimate',
    tag: 'Print runs',
    summary: 'How many pages the run’s PDF has and about how large it is, before downloading it',
    description:
      'pages: sheets of the template (stampsPerPage stamps each). estimatedBytes: measured by making one and three sheets ' +
      'of this run’s labels with the real PDF machinery (sample serials), counting the font and document structure once ' +
      'and each page at the measured size; within a few per cent for runs of thousands of stamps. The PDF download sends ' +
      'it too, as X-Estimated-Content-Length (the file is streamed as it is made, so there is no Content-Length).',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor, deps }) {
      const run = await loadRun(db, actor, params.id!);
      return estimatePrintRunPdf(db, deps.labels, run);
    },
  }),
  stamps: op({
    method: 'get',
    path: '/print-runs/:id/stamps',
    tag: 'Print runs',
    summary: 'The stamps of a run in printing order, a page at a time, with state, scan count and Digital Link URI',
    description: 'The cursor is the position of the last stamp of the previous page (nextCursor).',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      cursor: z
        .string()
        .regex(/^[0-9]{1,9}$/, 'must be the nextCursor of a previous page')
        .optional(),
    }),
    async handler({ db, params, actor, query }) {
      const run = await loadRun(db, actor, params.id!);
      const rows = await stampPage(db, run.id, query.cursor ? Number(query.cursor) : 0, query.limit);
      const more = rows.length > query.limit;
      const items = (more ? rows.slice(0, query.limit) : rows).map((s) => ({
        ...s,
        uri: stampUri(run.baseUrl, run.gtin, run.lotCode, s.serial),
      }));
      return { items, nextCursor: more ? String(items[items.length - 1]!.position) : null };
    },
  }),
  serialsCsv: op({
    method: 'get',
    path: '/print-runs/:id/serials.csv',
    tag: 'Print runs',
    summary: 'The serials and Digital Link URIs of a run as CSV, for printing elsewhere',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      const run = await loadRun(db, actor, params.id!);
      const enc = new TextEncoder();
      const rows = stampsOfRun(db, run.id);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(enc.encode('position,serial,state,uri\r\n'));
        },
        async pull(controller) {
          const next = await rows.next();
          if (next.done) return controller.close();
          controller.enqueue(
            enc.encode(
              next.value
                .map(
                  (s) =>
                    `${s.position},${s.serial},${s.state},${stampUri(run.baseUrl, run.gtin, run.lotCode, s.serial)}\r\n`,
                )
                .join(''),
            ),
          );
        },
      });
      return new Response(body, {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': attachment(`serials-${run.lotCode}-${run.id.slice(0, 8)}.csv`),
        },
      });
    },
  }),
  activate: op({
    method: 'post',
    path: '/print-runs/:id/activate',
    tag: 'Print runs',
    summary: 'Activate the stamps of a run, or of a serial range (printing order, inclusive)',
    description: 'Only active stamps are reported genuine. Void stamps stay void.',
    roles: ['admin', 'cooperative'],
    status: 200,
    body: z.strictObject(rangeBody),
    async handler({ db, params, body, actor, audit, now }) {
      const run = await loadRun(db, actor, params.id!, true);
      const range = await resolveRange(db, run, body);
      const changed = await changeStampStates(db, run.id, range, ['issued'], 'active', now);
      await audit({
        action: 'activate_stamps',
        entity: 'print_run',
        entityId: run.id,
        after: { ...range, ...body, changed },
      });
      return { changed, range, run: await getPrintRun(db, run.id) };
    },
  }),
  voidStamps: op({
    method: 'post',
    path: '/print-runs/:id/void',
    tag: 'Print runs',
    summary: 'Void (cancel) the stamps of a run or a serial range: damaged sheets, lost rolls',
    roles: ['admin', 'cooperative'],
    status: 200,
    body: z.strictObject({ ...rangeBody, reason: text(500, { multiline: true }) }),
    async handler({ db, params, body, actor, audit, now }) {
      const run = await loadRun(db, actor, params.id!, true);
      const range = await resolveRange(db, run, body);
      const changed = await changeStampStates(db, run.id, range, ['issued', 'active'], 'void', now);
      await audit({
        action: 'void_stamps',
        entity: 'print_run',
        entityId: run.id,
        after: { ...range, ...body, changed },
      });
      return { changed, range, run: await getPrintRun(db, run.id) };
    },
  }),
};
