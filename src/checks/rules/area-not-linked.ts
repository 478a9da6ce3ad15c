// A batch draws on a harvest lot from an area that its cooperative neither operates nor holds a
// confirmed supply contract for on the harvest day. Recording a harvest through the API refuses
// this, so the finding means the links changed afterwards (a contract ended or shortened, an area
// handed over) or the data came in another way. Where an unconfirmed contract claims the day, the
// lot is CONTRACT_NOT_CONFIRMED's to report, naming that contract, rather than reported twice.
import { type CheckRule, inChunks } from '../rule';
import { viDate } from '../format';

export const areaNotLinked: CheckRule = {
  code: 'AREA_NOT_LINKED',
  severity: 'critical',
  title: {
    vi: 'Lô nguyên liệu từ vùng không thuộc và không có hợp đồng liên kết với HTX',
    en: 'Raw material from an area the cooperative neither operates nor has a contract for',
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
          coopName: string;
          productId: string;
          productName: string;
          lotId: string;
          harvestCode: string;
          harvestedOn: string;
          areaId: string;
          areaCode: string;
          operatorName: string;
        }[]
      >`
      select b.id as "batchId", b.lot_code, b.cooperative_id as "coopId", o.name as "coopName",
             p.id as "productId", p.name_vi as "productName",
             h.id as "lotId", h.code as "harvestCode", h.harvested_on::text,
             a.id as "areaId", a.code as "areaCode", op.name as "operatorName"
        from batches b
        join batch_inputs i on i.batch_id = b.id
        join harvest_lots h on h.id = i.harvest_lot_id
        join raw_material_areas a on a.id = h.area_id
        join organizations o on o.id = b.cooperative_id
        join organizations op on op.id = a.operator_id
        join products p on p.id = b.product_id
       where b.status = 'sealed'
         and a.operator_id <> b.cooperative_id
         and not exists (select 1 from supply_contract_terms s
                          where s.area_id = a.id and s.cooperative_id = b.cooperative_id
                            and h.harvested_on between s.starts_on and s.last_day)
         -- a contract the area's side never confirmed is reported, once, by CONTRACT_NOT_CONFIRMED
         and not exists (select 1 from supply_contracts s
                          where s.area_id = a.id and s.cooperative_id = b.cooperative_id
                            and s.status in ('pending', 'rejected', 'withdrawn')
                            and h.harvested_on between s.starts_on and s.ends_on)
         and (${ctx.batchId}::uuid is null or b.id = ${ctx.batchId})
         and (${ctx.areaId}::uuid is null or a.id = ${ctx.areaId})
         and (${ctx.cooperativeId}::uuid is null or b.cooperative_id = ${ctx.cooperativeId})`,
      (r) => ({
        subjectKey: `batch:${r.batchId}/lot:${r.lotId}`,
        cooperativeId: r.coopId,
        objects: [
          { kind: 'batch', id: r.batchId, label: r.lotCode },
          { kind: 'harvest_lot', id: r.lotId, label: r.harvestCode },
          { kind: 'area', id: r.areaId, label: r.areaCode },
          { kind: 'cooperative', id: r.coopId, label: r.coopName },
          { kind: 'product', id: r.productId, label: r.productName },
        ],
        facts: { harvestedOn: r.harvestedOn, areaOperator: r.operatorName },
        message: {
          vi:
            `Lô sản xuất ${r.lotCode} (${r.productName}) dùng lô thu hoạch ${r.harvestCode} ngày ${viDate(r.harvestedOn)} từ vùng ${r.areaCode} ` +
            `do ${r.operatorName} quản lý; ${r.coopName} không quản lý vùng này và không có hợp đồng liên kết đã xác nhận còn hiệu lực vào ngày đó.`,
          en:
            `Batch ${r.lotCode} (${r.productName}) uses harvest lot ${r.harvestCode} of ${r.harvestedOn} from area ${r.areaCode}, ` +
            `operated by ${r.operatorName}; ${r.coopName} neither operates that area nor held a confirmed supply contract for it on that day.`,
        },
      }),
    );
  },
};
