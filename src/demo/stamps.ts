// Demo seed, stage 3: print runs on each shipped template for sealed demo batches, most
// activated, one with a voided range, one left un-activated, and one printed for the batch that
// was later recalled, so that every stamp state can be seen on a demo stamp.
import type { DemoContext } from './seed';
import { DEMO_ACTOR } from './seed';
import { DEMO_RECALLED_LOT } from './batches';
import { changeStampStates, insertPrintRun } from '../db/print-runs-store';
import type { BatchRecord } from '../domain/batch-record';
import { decodeJwsPayload } from '../signing';
import { stampUri } from '../domain/digital-link';
import { generateSerials } from '../domain/serial';
import type { Db } from '../db/client';
import { firstStampOfKind, newestSealedBatchOfLot, type DemoStampKind } from '../db/demo-store';
import { gtinOfProduct } from '../db/products-store';

interface RunPlan {
  lot: string;
  template: 'a4-3x8' | 'a4-5x13' | 'roll-50x30' | 'round-30';
  count: number;
  /** what happened after printing */
  afterPrint: 'activate' | 'leave' | 'activate-and-void-range';
}

/** The demo stamp runs; lots refer to DEMO_SUPPLY prefixes and the RUNS dates of stage 2. */
export const DEMO_RUNS: readonly RunPlan[] = [
  { lot: 'CST-260410', template: 'a4-3x8', count: 48, afterPrint: 'activate' },
  { lot: 'CST-260918', template: 'a4-3x8', count: 24, afterPrint: 'leave' },
  { lot: 'HTS-260918', template: 'a4-5x13', count: 65, afterPrint: 'activate-and-void-range' },
  { lot: 'CS-260918', template: 'roll-50x30', count: 20, afterPrint: 'activate' },
  { lot: 'MOBH-260410', template: 'round-30', count: 30, afterPrint: 'activate' },
  { lot: 'MDNS-260410', template: 'a4-5x13', count: 65, afterPrint: 'activate' },
  { lot: DEMO_RECALLED_LOT, template: 'a4-3x8', count: 24, afterPrint: 'activate' },
  { lot: 'NCHV-260918', template: 'round-30', count: 30, afterPrint: 'activate' },
  { lot: 'TDQ-260918', template: 'roll-50x30', count: 10, afterPrint: 'activate' },
];

export async function seedDemoStamps(ctx: DemoContext, baseUrl: string): Promise<void> {
  const { tx } = ctx;
  ctx.counts.printRuns = 0;
  ctx.counts.stamps = 0;
  for (const plan of DEMO_RUNS) {
    // the newest sealed-or-later version of the lot (the honey batch was corrected)
    const batch = await newestSealedBatchOfLot(tx, plan.lot);
    if (!batch) continue; // an earlier clock did not produce this batch yet
    const gtin = (await gtinOfProduct(tx, batch.productId))!;
    const record = decodeJwsPayload(batch.jws) as BatchRecord;
    const printedAt = new Date(`${batch.productionDate}T09:00:00+07:00`);
    printedAt.setUTCDate(printedAt.getUTCDate() + 2);
    const run = await insertPrintRun(
      tx,
      {
        batchId: batch.id,
        cooperativeId: batch.cooperativeId,
        templateId: plan.template,
        count: plan.count,
        note: plan.afterPrint === 'leave' ? 'Chờ dán tem, chưa kích hoạt' : null,
        baseUrl,
        gtin,
        lotCode: plan.lot,
        ocopStars: batch.carriesOcop && record.ocop.status === 'valid' ? record.ocop.rating.stars : null,
        createdBy: DEMO_ACTOR,
      },
      plan.template === 'roll-50x30' ? 'active' : 'issued',
      printedAt,
    );
    const later = new Date(printedAt.getTime() + 86_400_000);
    if (plan.afterPrint !== 'leave')
      await changeStampStates(tx, run.id, { from: 1, to: run.count }, ['issued'], 'active', later);
    if (plan.afterPrint === 'activate-and-void-range') {
      await changeStampStates(tx, run.id, { from: 14, to: 26 }, ['issued', 'active'], 'void', later);
    }
    await ctx.audit('print_run', run.id, { ...run, afterPrint: plan.afterPrint });
    ctx.counts.printRuns = (ctx.counts.printRuns ?? 0) + 1;
    ctx.counts.stamps = (ctx.counts.stamps ?? 0) + run.count;
  }
}

/** One demo stamp URL per state, for the start-up banner and the README. */
export async function demoStampUrls(db: Db): Promise<{ label: string; url: string }[]> {
  const pick = async (label: string, kind: DemoStampKind) => {
    const row = await firstStampOfKind(db, kind);
    return row ? [{ label, url: stampUri(row.baseUrl, row.gtin, row.lot, row.serial) }] : [];
  };
  const urls = [
    ...(await pick('genuine, active', 'genuine')),
    ...(await pick('scanned too often', 'scanned-too-often')),
    ...(await pick('not yet activated', 'not-activated')),
    ...(await pick('void (cancelled)', 'void')),
    ...(await pick('recalled batch', 'recalled')),
  ];
  // Made from the first genuine URL: a serial that is not on record, one with a typo, and the
  // genuine serial under another product's address (a copied serial).
  const genuine = urls[0];
  if (genuine) {
    const serial = genuine.url.slice(-14);
    const [unknown] = generateSerials(1) as [string];
    const typo = serial.slice(0, 5) + (serial[5] === 'K' ? 'M' : 'K') + serial.slice(6);
    urls.push({ label: 'unknown serial', url: genuine.url.slice(0, -14) + unknown });
    urls.push({ label: 'mistyped serial', url: genuine.url.slice(0, -14) + typo });
    const gtinOf = (url: string) => /\/01\/(\d{14})\//.exec(url)?.[1];
    const other = urls.find((u) => gtinOf(u.url) !== gtinOf(genuine.url));
    if (other) urls.push({ label: 'on another product', url: other.url.slice(0, -14) + serial });
  }
  return urls;
}
