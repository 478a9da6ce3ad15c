// The stamps printed for a batch do not match its size: more stamps (not void) than units by the
// configured factor (stamps to spare for goods that are not in the batch), or the reverse (units
// sold without stamps). Only batches counted in units that take one stamp each (pieces, bottles,
// jars, packs, boxes, bags, bunches) and with at least one print run are judged; a batch weighed
// in kilograms says nothing about how many packages carry a stamp.
import { num, viNum, viUnit } from '../format';
import { type CheckRule, inChunks } from '../rule';

export const stampCountMismatch: CheckRule = {
  code: 'STAMP_COUNT_MISMATCH',
  severity: 'warning',
  title: {
    vi: 'Số tem in không khớp với số lượng của lô sản xuất',
    en: 'Stamps printed do not match the batch quantity',
  },
  find(db, ctx) {
    const factor = ctx.settings.stampFactor;
    return inChunks(
      db,
      ctx,
      db<
        {
          batchId: string;
          lotCode: string;
          coopId: string;
          productName: string;
          quantity: number;
          unit: string;
          stamps: number;
          runs: number;
        }[]
      >`
      select b.id as "batchId", b.lot_code, b.cooperative_id as "coopId", p.name_vi as "productName",
             b.quantity::float8 as quantity, b.unit,
             count(s.serial) filter (where s.state <> 'void')::int as stamps, count(distinct r.id)::int as runs
        from batches b
        join products p on p.id = b.product_id
        join print_runs r on r.batch_id = b.id
        left join stamps s on s.print_run_id = r.id
       where b.unit in ('piece', 'bottle', 'jar', 'pack', 'box', 'bag', 'bunch')
         and b.status <> 'draft'
         and (${ctx.batchId}::uuid is null or b.id = ${ctx.batchId})
         and (${ctx.cooperativeId}::uuid is null or b.cooperative_id = ${ctx.cooperativeId})
         and (${ctx.areaId}::uuid is null or exists (
               select 1 from batch_inputs i join harvest_lots h on h.id = i.harvest_lot_id
                where i.batch_id = b.id and h.area_id = ${ctx.areaId}))
       group by b.id, p.name_vi
      having count(s.serial) filter (where s.state <> 'void') > ${factor} * b.quantity
          or b.quantity > ${factor} * count(s.serial) filter (where s.state <> 'void')`,
      (r) => {
        const more = r.stamps > r.quantity;
        return {
          subjectKey: `batch:${r.batchId}`,
          cooperativeId: r.coopId,
          objects: [{ kind: 'batch', id: r.batchId, label: r.lotCode }],
          facts: { quantity: r.quantity, unit: r.unit, stamps: r.stamps, printRuns: r.runs, factor },
          message: more
            ? {
                vi: `Lô sản xuất ${r.lotCode} (${r.productName}) có ${viNum(Number(r.quantity), 3)} ${viUnit(r.unit)} nhưng đã in ${r.stamps} tem còn hiệu lực (gấp ${viNum(r.stamps / r.quantity, 1)} lần): tem thừa có thể bị dán lên hàng ngoài lô.`,
                en: `Batch ${r.lotCode} (${r.productName}) holds ${r.quantity} ${r.unit} but ${r.stamps} stamps not void were printed (${num(r.stamps / r.quantity, 1)}×): spare stamps could end up on goods from outside the batch.`,
              }
            : {
                vi: `Lô sản xuất ${r.lotCode} (${r.productName}) có ${viNum(Number(r.quantity), 3)} ${viUnit(r.unit)} nhưng chỉ in ${r.stamps} tem còn hiệu lực: phần lớn sản phẩm không có tem truy xuất.`,
                en: `Batch ${r.lotCode} (${r.productName}) holds ${r.quantity} ${r.unit} but only ${r.stamps} stamps not void were printed: most of it carries no traceability stamp.`,
              },
        };
      },
    );
  },
};
