// Stamps carry OCOP stars that the product did not hold on the batch's production day: no rating
// was in force (lapsed after 36 months, or not yet decided), or the rating in force had fewer
// stars than printed. The API prints the stars of the sealed record, so this catches runs from
// before a correction of the rating history and data that came in another way.
import { type CheckRule, inChunks } from '../rule';
import { viDate } from '../format';

export const ocopStarsLapsed: CheckRule = {
  code: 'OCOP_STARS_LAPSED',
  severity: 'critical',
  title: {
    vi: 'Tem in sao OCOP khi sản phẩm không còn được công nhận vào ngày sản xuất',
    en: 'Stamps printed with OCOP stars the product did not hold on the production day',
  },
  find(db, ctx) {
    return inChunks(
      db,
      ctx,
      db<
        {
          runId: string;
          runSeq: number;
          printed: number;
          stamps: number;
          batchId: string;
          lotCode: string;
          coopId: string;
          productId: string;
          productName: string;
          productionDate: string;
          ratedStars: number | null;
          lastValidUntil: string | null;
        }[]
      >`
      select r.id as "runId", r.seq as "runSeq", r.ocop_stars as printed,
             (select count(*) from stamps s where s.print_run_id = r.id and s.state <> 'void')::int as stamps,
             b.id as "batchId", b.lot_code, b.cooperative_id as "coopId",
             p.id as "productId", p.name_vi as "productName", b.production_date::text,
             inforce.stars as "ratedStars", lastr.valid_until::text as "lastValidUntil"
        from print_runs r
        join batches b on b.id = r.batch_id
        join products p on p.id = b.product_id
        left join lateral (
          select o.stars from ocop_ratings o
           where o.product_id = p.id and b.production_date between o.decision_date and o.valid_until
           order by o.decision_date desc limit 1) inforce on true
        left join lateral (
          select o.valid_until from ocop_ratings o
           where o.product_id = p.id and o.decision_date <= b.production_date
           order by o.decision_date desc limit 1) lastr on true
       where r.ocop_stars is not null
         and (inforce.stars is null or inforce.stars < r.ocop_stars)
         and (${ctx.batchId}::uuid is null or b.id = ${ctx.batchId})
         and (${ctx.cooperativeId}::uuid is null or b.cooperative_id = ${ctx.cooperativeId})
         and (${ctx.areaId}::uuid is null or exists (
               select 1 from batch_inputs i join harvest_lots h on h.id = i.harvest_lot_id
                where i.batch_id = b.id and h.area_id = ${ctx.areaId}))`,
      (r) => {
        const why =
          r.ratedStars !== null
            ? {
                vi: `sản phẩm chỉ được công nhận ${r.ratedStars} sao vào ngày đó`,
                en: `the product held only ${r.ratedStars} stars that day`,
              }
            : r.lastValidUntil
              ? {
                  vi: `giấy chứng nhận OCOP đã hết hiệu lực từ ${viDate(r.lastValidUntil)}`,
                  en: `its OCOP certificate lapsed after ${r.lastValidUntil}`,
                }
              : { vi: 'sản phẩm chưa được công nhận OCOP vào ngày đó', en: 'the product had not been rated by then' };
        return {
          subjectKey: `print_run:${r.runId}`,
          cooperativeId: r.coopId,
          objects: [
            { kind: 'print_run', id: r.runId, label: `#${r.runSeq}` },
            { kind: 'batch', id: r.batchId, label: r.lotCode },
            { kind: 'product', id: r.productId, label: r.productName },
          ],
          facts: {
            printedStars: r.printed,
            ratedStars: r.ratedStars,
            productionDate: r.productionDate,
            lastValidUntil: r.lastValidUntil,
            stamps: r.stamps,
          },
          message: {
            vi: `Đợt in #${r.runSeq} cho lô sản xuất ${r.lotCode} (${r.productName}) in ${r.printed} sao OCOP trên ${r.stamps} tem, nhưng ngày sản xuất ${viDate(r.productionDate)} ${why.vi}.`,
            en: `Print run #${r.runSeq} for batch ${r.lotCode} (${r.productName}) prints ${r.printed} OCOP stars on ${r.stamps} stamps, but on the production day ${r.productionDate} ${why.en}.`,
          },
        };
      },
    );
  },
};
