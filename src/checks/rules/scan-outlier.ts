// A stamp scanned far more often than its peers (the other scanned stamps of the same product):
// a genuine serial copied onto many packages. Reported when a stamp's counted scans reach both
// the configured minimum and the configured factor times the peers' 90th percentile. The basis
// is the count's power of two, so a resolved finding returns only when the copying goes on.
import { type CheckRule, inChunks } from '../rule';
import { viNum } from '../format';

export const scanOutlier: CheckRule = {
  code: 'SCAN_OUTLIER',
  severity: 'warning',
  title: {
    vi: 'Tem được quét nhiều bất thường so với các tem cùng sản phẩm',
    en: 'A stamp scanned far more often than its peers',
  },
  find(db, ctx) {
    const { scanPeerFactor, scanMinimum } = ctx.settings;
    return inChunks(
      db,
      ctx,
      db<
        {
          serial: string;
          scans: number;
          peerP90: number;
          peers: number;
          runId: string;
          runSeq: number;
          batchId: string;
          lotCode: string;
          coopId: string;
          productId: string;
          productName: string;
          firstScannedAt: Date | null;
        }[]
      >`
      with scanned as (
        select s.serial, s.scan_count, s.first_scanned_at, r.id as run_id, r.seq as run_seq, r.batch_id, b.product_id
          from stamps s
          join print_runs r on r.id = s.print_run_id
          join batches b on b.id = r.batch_id
         where s.scan_count > 0
           and (${ctx.cooperativeId}::uuid is null or r.cooperative_id = ${ctx.cooperativeId})
           and (${ctx.batchId}::uuid is null or r.batch_id = ${ctx.batchId})
           and (${ctx.areaId}::uuid is null or exists (
                 select 1 from batch_inputs i join harvest_lots h on h.id = i.harvest_lot_id
                  where i.batch_id = r.batch_id and h.area_id = ${ctx.areaId}))
      ), peers as (
        select product_id, percentile_cont(0.9) within group (order by scan_count) as p90, count(*) as n
          from scanned group by product_id
      )
      select x.serial, x.scan_count as scans, p.p90::float8 as "peerP90", p.n::int as peers, x.run_id,
             x.run_seq, x.batch_id, b.lot_code, b.cooperative_id as "coopId",
             pr.id as "productId", pr.name_vi as "productName", x.first_scanned_at
        from scanned x
        join peers p on p.product_id = x.product_id
        join batches b on b.id = x.batch_id
        join products pr on pr.id = x.product_id
       where x.scan_count >= ${scanMinimum}
         and x.scan_count >= ${scanPeerFactor} * p.p90`,
      (r) => ({
        subjectKey: `stamp:${r.serial}`,
        cooperativeId: r.coopId,
        objects: [
          { kind: 'stamp', id: r.serial, label: r.serial },
          { kind: 'print_run', id: r.runId, label: `#${r.runSeq}` },
          { kind: 'batch', id: r.batchId, label: r.lotCode },
          { kind: 'product', id: r.productId, label: r.productName },
        ],
        facts: {
          scans: r.scans,
          peerP90: r.peerP90,
          peers: r.peers,
          firstScannedAt: r.firstScannedAt?.toISOString() ?? null,
        },
        basis: { serial: r.serial, magnitude: Math.floor(Math.log2(r.scans)) },
        message: {
          vi:
            `Tem ${r.serial} (lô sản xuất ${r.lotCode}, ${r.productName}) đã được quét ${r.scans} lần, trong khi 90% tem cùng sản phẩm được quét không quá ` +
            `${viNum(r.peerP90)} lần: tem có thể đã bị sao chép.`,
          en:
            `Stamp ${r.serial} (batch ${r.lotCode}, ${r.productName}) has been scanned ${r.scans} times, while 90% of the product's scanned stamps ` +
            `were scanned at most ${r.peerP90} times: the stamp may have been copied.`,
        },
      }),
    );
  },
};
