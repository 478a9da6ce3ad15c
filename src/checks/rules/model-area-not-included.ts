// A batch sealed into a value-chain model draws on raw material from an area that the model does
// not include: the public model page would claim a chain the batch did not come through.
import { type CheckRule, inChunks } from '../rule';
import { viNum, viUnit } from '../format';

export const modelAreaNotIncluded: CheckRule = {
  code: 'MODEL_AREA_NOT_INCLUDED',
  severity: 'warning',
  title: {
    vi: 'Lô sản xuất thuộc mô hình liên kết nhưng dùng nguyên liệu từ vùng ngoài mô hình',
    en: 'A batch in a value-chain model uses raw material from an area outside the model',
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
          modelId: string;
          modelName: string;
          areaId: string;
          areaCode: string;
          lots: string[];
          quantity: number;
          unit: string;
        }[]
      >`
      select b.id as "batchId", b.lot_code, b.cooperative_id as "coopId",
             m.id as "modelId", m.name as "modelName", a.id as "areaId", a.code as "areaCode",
             array_agg(h.code order by h.code) as lots, sum(i.quantity)::float8 as quantity, min(h.unit) as unit
        from batches b
        join value_chain_models m on m.id = b.model_id
        join batch_inputs i on i.batch_id = b.id
        join harvest_lots h on h.id = i.harvest_lot_id
        join raw_material_areas a on a.id = h.area_id
       where b.status = 'sealed'
         and not exists (select 1 from model_areas ma where ma.model_id = m.id and ma.area_id = a.id)
         and (${ctx.batchId}::uuid is null or b.id = ${ctx.batchId})
         and (${ctx.areaId}::uuid is null or a.id = ${ctx.areaId})
         and (${ctx.cooperativeId}::uuid is null or b.cooperative_id = ${ctx.cooperativeId})
       group by b.id, m.id, a.id`,
      (r) => ({
        subjectKey: `batch:${r.batchId}/area:${r.areaId}`,
        cooperativeId: r.coopId,
        objects: [
          { kind: 'batch', id: r.batchId, label: r.lotCode },
          { kind: 'model', id: r.modelId, label: r.modelName },
          { kind: 'area', id: r.areaId, label: r.areaCode },
        ],
        facts: { harvestLots: r.lots, quantity: r.quantity, unit: r.unit },
        message: {
          vi: `Lô sản xuất ${r.lotCode} thuộc ${r.modelName} nhưng dùng ${viNum(Number(r.quantity), 3)} ${viUnit(r.unit)} nguyên liệu từ vùng ${r.areaCode}, vùng này không nằm trong mô hình.`,
          en: `Batch ${r.lotCode} belongs to ${r.modelName} but uses ${r.quantity} ${r.unit} of raw material from area ${r.areaCode}, which the model does not include.`,
        },
      }),
    );
  },
};
