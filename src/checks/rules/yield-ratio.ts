// The batch's output does not add up against its raw material: raw material per unit of product
// (kilograms of fresh leaves per kilogram of dried tea…) outside the plausible range configured
// for the product (table yield_ranges, PUT /api/v1/checks/yield-ranges/:productId). Products
// without a range, and batches whose inputs mix unit families, are not judged.
import { num, viNum, viUnit } from '../format';
import { type CheckRule, inChunks } from '../rule';

export const yieldRatio: CheckRule = {
  code: 'YIELD_RATIO_IMPLAUSIBLE',
  severity: 'warning',
  title: {
    vi: 'Tỷ lệ nguyên liệu trên thành phẩm không hợp lý',
    en: 'Raw material per unit of product outside the plausible range',
  },
  find(db, ctx) {
    return inChunks(
      db,
      ctx,
      db<
        {
          batchId: string;
          lotCode: string;
          coopId: string;
          productId: string;
          productName: string;
          output: number;
          outputUnit: string;
          input: number;
          inputUnit: string;
          ratio: number;
          min: number;
          max: number;
        }[]
      >`
      with per_batch as (
        select b.id, sum(i.quantity * unit_factor(h.unit)) as input,
               min(unit_family(h.unit)) as family, count(distinct unit_family(h.unit)) as families
          from batches b
          join batch_inputs i on i.batch_id = b.id
          join harvest_lots h on h.id = i.harvest_lot_id
         where b.status = 'sealed'
           and (${ctx.batchId}::uuid is null or b.id = ${ctx.batchId})
           and (${ctx.cooperativeId}::uuid is null or b.cooperative_id = ${ctx.cooperativeId})
           and (${ctx.areaId}::uuid is null or exists (
                 select 1 from batch_inputs i2 join harvest_lots h2 on h2.id = i2.harvest_lot_id
                  where i2.batch_id = b.id and h2.area_id = ${ctx.areaId}))
         group by b.id
      )
      select b.id as "batchId", b.lot_code, b.cooperative_id as "coopId",
             p.id as "productId", p.name_vi as "productName",
             (b.quantity * unit_factor(b.unit))::float8 as output,
             case unit_family(b.unit) when 'mass' then 'kg' when 'volume' then 'litre' else b.unit end as "outputUnit",
             pb.input::float8 as input,
             case pb.family when 'mass' then 'kg' when 'volume' then 'litre' else pb.family end as "inputUnit",
             (pb.input / (b.quantity * unit_factor(b.unit)))::float8 as ratio,
             y.min_input_per_output::float8 as min, y.max_input_per_output::float8 as max
        from per_batch pb
        join batches b on b.id = pb.id
        join products p on p.id = b.product_id
        join yield_ranges y on y.product_id = b.product_id
       where pb.families = 1
         and (pb.input / (b.quantity * unit_factor(b.unit)) < y.min_input_per_output
              or pb.input / (b.quantity * unit_factor(b.unit)) > y.max_input_per_output)`,
      (r) => {
        const low = r.ratio < r.min;
        return {
          subjectKey: `batch:${r.batchId}`,
          cooperativeId: r.coopId,
          objects: [
            { kind: 'batch', id: r.batchId, label: r.lotCode },
            { kind: 'product', id: r.productId, label: r.productName },
          ],
          facts: {
            input: r.input,
            inputUnit: r.inputUnit,
            output: r.output,
            outputUnit: r.outputUnit,
            ratio: Number(num(r.ratio, 3)),
            range: [r.min, r.max],
          },
          message: {
            vi:
              `Lô sản xuất ${r.lotCode} (${r.productName}) ra ${viNum(r.output)} ${viUnit(r.outputUnit)} thành phẩm từ ${viNum(r.input)} ${viUnit(r.inputUnit)} nguyên liệu: ` +
              `${viNum(r.ratio, 2)} ${viUnit(r.inputUnit)}/${viUnit(r.outputUnit)}, ${low ? 'thấp hơn' : 'cao hơn'} mức hợp lý ${viNum(r.min, 2)}–${viNum(r.max, 2)}` +
              `${low ? ' (thành phẩm nhiều hơn nguyên liệu cho phép: có thể có nguyên liệu ngoài sổ)' : ' (hao hụt lớn bất thường)'}.`,
            en:
              `Batch ${r.lotCode} (${r.productName}) made ${num(r.output)} ${r.outputUnit} from ${num(r.input)} ${r.inputUnit} of raw material: ` +
              `${num(r.ratio, 2)} ${r.inputUnit} per ${r.outputUnit}, ${low ? 'below' : 'above'} the plausible ${num(r.min, 2)}–${num(r.max, 2)}` +
              `${low ? ' (more product than the raw material allows: possibly raw material off the books)' : ' (unusually large losses)'}.`,
          },
        };
      },
    );
  },
};
