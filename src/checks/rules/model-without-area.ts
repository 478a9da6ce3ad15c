// A product is sold under a value-chain model that has no raw-material area linked at all: the
// model page shows a chain with nothing at its start. Closed models are not judged.
import { type CheckRule, inChunks } from '../rule';

export const modelWithoutArea: CheckRule = {
  code: 'MODEL_WITHOUT_AREA',
  severity: 'warning',
  title: {
    vi: 'Sản phẩm thuộc mô hình liên kết chưa gắn vùng nguyên liệu nào',
    en: 'A product under a value-chain model with no raw-material area',
  },
  find(db, ctx) {
    return inChunks(
      db,
      ctx,
      db<
        {
          modelId: string;
          modelName: string;
          status: string;
          productId: string;
          productName: string;
          ownerId: string;
        }[]
      >`
      select m.id as "modelId", m.name as "modelName", m.status, p.id as "productId", p.name_vi as "productName", p.owner_id
        from value_chain_models m
        join model_products mp on mp.model_id = m.id
        join products p on p.id = mp.product_id
       where m.status <> 'closed'
         and not exists (select 1 from model_areas ma where ma.model_id = m.id)
         and (${ctx.cooperativeId}::uuid is null or p.owner_id = ${ctx.cooperativeId} or m.lead_cooperative_id = ${ctx.cooperativeId})
         -- it concerns no batch and no area, so runs scoped to one find nothing here
         and ${ctx.batchId}::uuid is null and ${ctx.areaId}::uuid is null`,
      (r) => ({
        subjectKey: `model:${r.modelId}/product:${r.productId}`,
        cooperativeId: r.ownerId,
        objects: [
          { kind: 'model', id: r.modelId, label: r.modelName },
          { kind: 'product', id: r.productId, label: r.productName },
        ],
        facts: { modelStatus: r.status },
        message: {
          vi: `${r.productName} được gắn với ${r.modelName}, nhưng mô hình chưa có vùng nguyên liệu nào.`,
          en: `${r.productName} is sold under ${r.modelName}, but the model has no raw-material area linked.`,
        },
      }),
    );
  },
};
