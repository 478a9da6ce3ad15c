// A real stamp's serial scanned under another product's address (or another lot of its own
// product): serials are unique on their own, and a genuine QR code carries its own GTIN and lot,
// so such a scan comes from a code someone made with a copied serial. The stamp page tells the
// consumer (verdict other_product); this tells staff. A lot differing only in case is the same
// address (it answers the stamp itself). Bots are left out. One finding per stamp and GTIN used;
// the basis is the scans' power of two, so a resolved finding returns only when the copying goes on.
// It is the finding of the stamp's cooperative (its stamp was copied); the product whose address
// was used is named among its records.
import { type CheckRule, inChunks } from '../rule';
import { viDate } from '../format';

export const stampOnOtherProduct: CheckRule = {
  code: 'STAMP_ON_OTHER_PRODUCT',
  severity: 'critical',
  title: {
    vi: 'Số tem thật được quét dưới địa chỉ của sản phẩm khác',
    en: 'A real stamp’s serial scanned under another product’s address',
  },
  find(db, ctx) {
    return inChunks(
      db,
      ctx,
      db<
        {
          serial: string;
          askedGtin: string;
          askedLots: string[] | null;
          scans: number;
          networks: number;
          firstAt: Date;
          lastAt: Date;
          firstDay: string;
          runId: string;
          runSeq: number;
          gtin: string;
          lotCode: string;
          batchId: string;
          coopId: string;
          productId: string;
          productName: string;
          askedProductId: string | null;
          askedProductName: string | null;
        }[]
      >`
      select s.serial, s.gtin as "askedGtin",
             (array_agg(distinct s.lot_code) filter (where s.lot_code is not null))[1:5] as "askedLots",
             count(*)::int as scans, count(distinct s.client_hash)::int as networks,
             min(s.at) as "firstAt", max(s.at) as "lastAt",
             (min(s.at) at time zone 'Asia/Ho_Chi_Minh')::date::text as "firstDay",
             r.id as "runId", r.seq as "runSeq", r.gtin, r.lot_code, r.batch_id, r.cooperative_id as "coopId",
             p.id as "productId", p.name_vi as "productName",
             ap.id as "askedProductId", ap.name_vi as "askedProductName"
        from scans s
        join stamps st on st.serial = s.serial
        join print_runs r on r.id = st.print_run_id
        join batches b on b.id = r.batch_id
        join products p on p.id = b.product_id
        left join products ap on ap.gtin = s.gtin
       where not s.known and not s.is_bot
         -- the stamp's own address, the lot compared without regard to case (as the stamp page does)
         and not (r.gtin = s.gtin and (s.lot_code is null or lower(r.lot_code) = lower(s.lot_code)))
         and (${ctx.cooperativeId}::uuid is null or r.cooperative_id = ${ctx.cooperativeId})
         and (${ctx.batchId}::uuid is null or r.batch_id = ${ctx.batchId})
         and (${ctx.areaId}::uuid is null or exists (
               select 1 from batch_inputs i join harvest_lots h on h.id = i.harvest_lot_id
                where i.batch_id = r.batch_id and h.area_id = ${ctx.areaId}))
       group by s.serial, s.gtin, r.id, p.id, ap.id
       order by s.serial, s.gtin`,
      (r) => {
        const lots = r.askedLots ?? [];
        const sameProduct = r.askedGtin === r.gtin;
        const askedVi = sameProduct
          ? `lô ${lots.join(', ')} của chính sản phẩm này`
          : (r.askedProductName ?? `GTIN ${r.askedGtin}`);
        const askedEn = sameProduct
          ? `lot ${lots.join(', ')} of the same product`
          : (r.askedProductName ?? `GTIN ${r.askedGtin}`);
        return {
          subjectKey: `stamp:${r.serial}/gtin:${r.askedGtin}`,
          cooperativeId: r.coopId,
          objects: [
            { kind: 'stamp', id: r.serial, label: r.serial },
            { kind: 'print_run', id: r.runId, label: `#${r.runSeq}` },
            { kind: 'batch', id: r.batchId, label: r.lotCode },
            { kind: 'product', id: r.productId, label: r.productName },
            ...(r.askedProductId && !sameProduct
              ? [{ kind: 'product' as const, id: r.askedProductId, label: r.askedProductName! }]
              : []),
          ],
          facts: {
            serial: r.serial,
            gtin: r.gtin,
            lot: r.lotCode,
            askedGtin: r.askedGtin,
            askedLots: lots,
            scans: r.scans,
            networks: r.networks,
            firstScannedAt: r.firstAt.toISOString(),
            lastScannedAt: r.lastAt.toISOString(),
          },
          basis: { serial: r.serial, askedGtin: r.askedGtin, magnitude: Math.floor(Math.log2(r.scans)) },
          message: {
            vi:
              `Tem ${r.serial} (${r.productName}, lô sản xuất ${r.lotCode}) đã được quét ${r.scans} lần dưới địa chỉ của ${askedVi} ` +
              `(từ ${r.networks} mạng, lần đầu ngày ${viDate(r.firstDay)}): số tem thật có thể đã bị sao chép sang hàng khác.`,
            en:
              `Stamp ${r.serial} (${r.productName}, batch ${r.lotCode}) was scanned ${r.scans} time${r.scans === 1 ? '' : 's'} under the address of ${askedEn} ` +
              `(from ${r.networks} network${r.networks === 1 ? '' : 's'}, first on ${r.firstDay}): the real serial may have been copied onto other goods.`,
          },
        };
      },
    );
  },
};
