// /trace: staff follow a product backwards (stamp, batch or printed lot code → inputs → harvest
// lots → areas → operators and supply contracts) and forwards (area or harvest lot → batches →
// print runs, stamp states and scans → value-chain models), as JSON or as a CSV to export.
// Cooperative keys trace only their own batches and start forward only from their own areas.
import { z } from 'zod';
import { notFound } from '../../errors';
import { CSET82 } from '../../domain/identifiers';
import { SERIAL_ALPHABET, SERIAL_LENGTH } from '../../domain/serial';
import {
  backwardInputs,
  findForwardStart,
  findTracedBatch,
  forwardBatchesAll,
  forwardTrace,
  type BackwardInput,
  type BatchSelector,
  type ForwardBatch,
  type ForwardOrigin,
  type TracedBatch,
} from '../../db/trace-store';
import { op } from '../op';
import { gtin, isoDate, pageQuery, uuid } from '../schemas';
import type { Actor } from '../../domain/roles';
import { csvResponse, csvStreamResponse, type Cell } from '../csv';
import { shipmentsOfBatches, type ShipmentView } from '../../db/buyers-store';

const format = z.enum(['json', 'csv']).default('json');

const backwardQuery = z
  .strictObject({
    serial: z
      .string()
      .trim()
      .toUpperCase()
      .regex(
        new RegExp(`^[${SERIAL_ALPHABET}]{${SERIAL_LENGTH}}$`),
        `a stamp serial has ${SERIAL_LENGTH} letters and digits`,
      )
      .optional(),
    batchId: uuid.optional(),
    gtin: gtin.optional(),
    lot: z
      .string()
      .regex(CSET82, 'a lot code (GS1 AI 10) has 1–20 characters: letters, digits and !"%&\'()*+,-./:;<=>?_')
      .optional(),
    depth: z.enum(['1', 'all']).default('all'),
    format,
  })
  .superRefine((q, ctx) => {
    const given = [q.serial !== undefined, q.batchId !== undefined, q.gtin !== undefined || q.lot !== undefined].filter(
      Boolean,
    ).length;
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'name exactly one starting point: serial, batchId, or gtin with lot',
      });
    } else if ((q.gtin === undefined) !== (q.lot === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [q.gtin === undefined ? 'gtin' : 'lot'],
        message: 'gtin and lot go together: the lot code names a batch of one product',
      });
    }
  });

const forwardQuery = z
  .strictObject({
    areaId: uuid.optional(),
    harvestLotId: uuid.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    format,
    ...pageQuery,
  })
  .superRefine((q, ctx) => {
    if ((q.areaId === undefined) === (q.harvestLotId === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'name exactly one starting point: areaId or harvestLotId' });
    } else if (q.harvestLotId !== undefined && (q.from !== undefined || q.to !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [q.from !== undefined ? 'from' : 'to'],
        message: 'a date range applies to an area, not to one harvest lot',
      });
    }
    if (q.from && q.to && q.to < q.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
  });

const visibleTo = (actor: Actor) => (actor.role === 'cooperative' ? actor.organizationId : null);

// ---- CSV: see ../csv ----

const BACKWARD_HEADER = [
  'batch_id',
  'gtin',
  'product',
  'lot_code',
  'version',
  'status',
  'production_date',
  'batch_quantity',
  'batch_unit',
  'cooperative',
  'recalled',
  'quantity_used',
  'harvest_lot_id',
  'harvest_lot_code',
  'harvested_on',
  'harvest_quantity',
  'harvest_unit',
  'harvest_drawn',
  'area_code',
  'area_name',
  'province',
  'commune',
  'area_ha',
  'operator',
  'operator_kind',
  'contracts',
  'contract_covers_harvest_date',
];

function backwardRows(batch: TracedBatch, inputs: BackwardInput[]): Cell[][] {
  const head: Cell[] = [
    batch.id,
    batch.product.gtin,
    batch.product.nameVi,
    batch.lotCode,
    batch.version,
    batch.status,
    batch.productionDate,
    batch.quantity,
    batch.unit,
    batch.cooperative.name,
    batch.recalled,
  ];
  if (!inputs.length) return [[...head, ...BACKWARD_HEADER.slice(head.length).map(() => null)]];
  return inputs.map((i) => [
    ...head,
    i.quantityUsed,
    i.harvestLot.id,
    i.harvestLot.code,
    i.harvestLot.harvestedOn,
    i.harvestLot.quantity,
    i.harvestLot.unit,
    i.harvestLot.drawn,
    i.area.code,
    i.area.name,
    i.area.province,
    i.area.commune,
    i.area.areaHa,
    i.operator.name,
    i.operator.kind,
    i.contracts.map((c) => `${c.number} (${c.startsOn}..${c.endsOn})`).join('; '),
    i.contracts.some((c) => c.coversHarvestDate),
  ]);
}

const FORWARD_HEADER = [
  'batch_id',
  'gtin',
  'product',
  'lot_code',
  'version',
  'status',
  'production_date',
  'cooperative',
  'drawn',
  'recalled',
  'print_runs',
  'stamps_printed',
  'stamps_issued',
  'stamps_active',
  'stamps_void',
  'scans',
  'buyers',
  'shipments',
];

/**
 * The CSV rows of a forward trace, page by page; each batch ends with the buyers its goods reached
 * (names, hop by hop) and its shipments, as `shipmentsOf` reads them for the page's batches.
 */
async function* forwardCsvRows(
  pages: AsyncIterable<ForwardBatch[]>,
  shipmentsOf: (batchIds: string[]) => Promise<ShipmentView[]>,
): AsyncGenerator<Cell[][]> {
  for await (const batches of pages) {
    const sold = new Map<string, ShipmentView[]>();
    for (const s of await shipmentsOf(batches.map((b) => b.id)))
      sold.set(s.batch.id, [...(sold.get(s.batch.id) ?? []), s]);
    const receivers = (id: string) => [...new Set((sold.get(id) ?? []).flatMap((s) => (s.to ? [s.to.name] : [])))];
    yield batches.map((b) => [
      b.id,
      b.product.gtin,
      b.product.nameVi,
      b.lotCode,
      b.version,
      b.status,
      b.productionDate,
      b.cooperative.name,
      b.drawn,
      b.recalled,
      b.printRuns.length,
      b.printRuns.reduce((n, r) => n + r.count, 0),
      b.printRuns.reduce((n, r) => n + r.stamps.issued, 0),
      b.printRuns.reduce((n, r) => n + r.stamps.active, 0),
      b.printRuns.reduce((n, r) => n + r.stamps.void, 0),
      b.scans,
      receivers(b.id).join('; '),
      sold.get(b.id)?.length ?? 0,
    ]);
  }
}

/** How far past the batch an actor follows the goods: a cooperative, to its own buyers; staff, every hop. */
const maxHopFor = (actor: { role: string }) => (actor.role === 'cooperative' ? 1 : 5);

export const traceOps = {
  backward: op({
    method: 'get',
    path: '/trace/backward',
    tag: 'Tracing',
    summary: 'Trace backwards from a stamp serial, a batch or a GTIN with a lot code',
    description:
      'Give exactly one of serial, batchId, or gtin with lot. A lot code names the newest version of the lot ' +
      '(the sealed correction, if any); `batch.versions` lists every version, each traceable by batchId. ' +
      'depth=1 stops at the batch and its harvest lots; depth=all (the default) adds areas, operators and supply contracts. ' +
      '`shipments` says where the lot went past the cooperative, hop by hop, as in the forward trace. ' +
      'format=csv answers one row per input. A cooperative key sees only its own batches (others are not found) and only its own sales.',
    roles: ['admin', 'staff', 'cooperative'],
    query: backwardQuery,
    async handler({ db, query, actor }) {
      const sel: BatchSelector =
        query.serial !== undefined
          ? { kind: 'serial', serial: query.serial }
          : query.batchId !== undefined
            ? { kind: 'batch', batchId: query.batchId.toLowerCase() }
            : { kind: 'lot', gtin: query.gtin!, lot: query.lot! };
      const found = await findTracedBatch(db, sel, visibleTo(actor));
      if (!found) {
        throw notFound(
          sel.kind === 'serial' ? 'Stamp' : 'Batch',
          sel.kind === 'serial' ? sel.serial : sel.kind === 'batch' ? sel.batchId : `${sel.gtin}/${sel.lot}`,
        );
      }
      const { batch, stamp } = found;
      const inputs = await backwardInputs(db, batch.id);
      if (query.format === 'csv') {
        return csvResponse(
          `trace-backward-${batch.product.gtin}-${batch.lotCode}-v${batch.version}.csv`,
          BACKWARD_HEADER,
          backwardRows(batch, inputs),
        );
      }
      const { modelId: _m, ...batchOut } = batch;
      // where the lot went past the cooperative (a cooperative key: its own sales)
      const shipments = await shipmentsOfBatches(db, [batch.id], maxHopFor(actor));
      return {
        origin: sel,
        ...(stamp ? { stamp } : {}),
        batch: batchOut,
        depth: query.depth,
        inputs:
          query.depth === '1'
            ? inputs.map((i) => ({ quantityUsed: i.quantityUsed, harvestLot: i.harvestLot }))
            : inputs,
        shipments: shipments.map(({ seq: _s, batch: _b, ...x }) => x),
      };
    },
  }),
  forward: op({
    method: 'get',
    path: '/trace/forward',
    tag: 'Tracing',
    summary: 'Trace forwards from a raw-material area (optionally harvest dates from/to) or a harvest lot',
    description:
      "Every batch that drew on the origin's harvest lots (any status: drafts draw too, and superseded versions may have stamps " +
      'in circulation), with the quantity drawn, its print runs with stamp counts by state, its non-bot scans, and the ' +
      'value-chain models that include the area, the products or the batches. ' +
      'The batches come a page at a time in production order (day, lot code, version): `limit` (default 50, at most 200) per page, ' +
      'and `nextCursor`, when not null, is the `cursor` of the next page (keyset paging: batches added meanwhile do not shift the pages). ' +
      '`totals` counts the whole trace (harvest lots, batches, batches under an open recall, print runs, stamps printed and by state, scans), whatever the page; ' +
      '`harvestLots` and `models` are whole on every page. ' +
      'format=csv answers one row per batch, every batch of the trace (not paged), ending with the buyers its goods reached (names, hop by hop) and its shipments. ' +
      'Each batch lists its `shipments` past the cooperative: the sales to buyers (hop 1) and what buyers shipped on, to ' +
      'whom (hops 2–5), with whether the receiver captured its receipt; `totals.buyers` and `totals.shipments` count them over the whole trace. ' +
      'A cooperative key starts only from an area it operates or holds a confirmed contract for, or from its own harvest lot, and sees only its own lots and batches.',
    roles: ['admin', 'staff', 'cooperative'],
    query: forwardQuery,
    async handler({ db, query, actor }) {
      const origin: ForwardOrigin =
        query.areaId !== undefined
          ? { kind: 'area', areaId: query.areaId.toLowerCase(), from: query.from ?? null, to: query.to ?? null }
          : { kind: 'harvest_lot', harvestLotId: query.harvestLotId!.toLowerCase() };
      const start = await findForwardStart(db, origin, visibleTo(actor));
      if (!start?.visible) {
        throw origin.kind === 'area' ? notFound('Area', origin.areaId) : notFound('Harvest lot', origin.harvestLotId);
      }
      if (query.format === 'csv') {
        const name =
          origin.kind === 'area'
            ? `trace-forward-${start.area.code}${origin.from ? `-from-${origin.from}` : ''}${origin.to ? `-to-${origin.to}` : ''}.csv`
            : `trace-forward-${start.area.code}-${start.harvestLot!.code}.csv`;
        const rows = forwardCsvRows(forwardBatchesAll(db, origin, visibleTo(actor)), (ids) =>
          shipmentsOfBatches(db, ids, maxHopFor(actor)),
        );
        return csvStreamResponse(name, FORWARD_HEADER, rows);
      }
      const answer = await forwardTrace(db, origin, start.area.id, visibleTo(actor), {
        after: query.cursor ? Number(query.cursor) : 0,
        limit: query.limit,
      });
      // Past the batch: its sales to buyers and what they shipped on, hop by hop (a cooperative key: its own sales).
      const shipments = await shipmentsOfBatches(
        db,
        answer.batches.map((b) => b.id),
        maxHopFor(actor),
      );
      const byBatch = new Map<string, Omit<ShipmentView, 'seq' | 'batch'>[]>();
      for (const { seq: _s, batch, ...s } of shipments) byBatch.set(batch.id, [...(byBatch.get(batch.id) ?? []), s]);
      return {
        origin: {
          kind: origin.kind,
          ...(origin.kind === 'area' ? { from: origin.from, to: origin.to } : { harvestLot: start.harvestLot }),
          area: start.area,
          operator: start.operator,
        },
        harvestLots: answer.harvestLots,
        batches: answer.batches.map(({ modelId: _m, ...b }) => ({ ...b, shipments: byBatch.get(b.id) ?? [] })),
        nextCursor: answer.nextCursor,
        totals: answer.totals,
        models: answer.models,
      };
    },
  }),
};
