// A harvest lot that no batch has drawn on, a configured number of days after the harvest:
// raw material lost, or sold off the books.
import { type CheckRule, inChunks } from '../rule';
import { viDate, viNum, viUnit } from '../format';

export const harvestLotUnused: CheckRule = {
  code: 'HARVEST_LOT_UNUSED',
  severity: 'notice',
  title: {
    vi: 'Lô thu hoạch chưa được dùng cho lô sản xuất nào sau nhiều ngày',
    en: 'A harvest lot left with no batch',
  },
  find(db, ctx) {
    return inChunks(
      db,
      ctx,
      db<
        {
          lotId: string;
          code: string;
          harvestedOn: string;
          quantity: number;
          unit: string;
          days: number;
          coopId: string;
          coopName: string;
          areaId: string;
          areaCode: string;
        }[]
      >`
      select h.id as "lotId", h.code, h.harvested_on::text, h.quantity::float8 as quantity, h.unit,
             (${ctx.today}::date - h.harvested_on)::int as days,
             h.cooperative_id as "coopId", o.name as "coopName", a.id as "areaId", a.code as "areaCode"
        from harvest_lots h
        join organizations o on o.id = h.cooperative_id
        join raw_material_areas a on a.id = h.area_id
       where h.harvested_on < ${ctx.today}::date - ${ctx.settings.unusedLotDays}::int
         and not exists (select 1 from batch_inputs i where i.harvest_lot_id = h.id)
         and (${ctx.areaId}::uuid is null or h.area_id = ${ctx.areaId})
         and (${ctx.cooperativeId}::uuid is null or h.cooperative_id = ${ctx.cooperativeId})
         and ${ctx.batchId}::uuid is null`,
      (r) => ({
        subjectKey: `harvest_lot:${r.lotId}`,
        cooperativeId: r.coopId,
        objects: [
          { kind: 'harvest_lot', id: r.lotId, label: r.code },
          { kind: 'area', id: r.areaId, label: r.areaCode },
          { kind: 'cooperative', id: r.coopId, label: r.coopName },
        ],
        facts: { harvestedOn: r.harvestedOn, quantity: r.quantity, unit: r.unit },
        // the age grows every day; what matters is that the lot is still unused
        basis: { lot: r.lotId, quantity: r.quantity },
        message: {
          vi:
            `Lô thu hoạch ${r.code} (${viNum(Number(r.quantity), 3)} ${viUnit(r.unit)} từ vùng ${r.areaCode}, ngày ${viDate(r.harvestedOn)}) của ${r.coopName} ` +
            `sau ${r.days} ngày vẫn chưa được dùng cho lô sản xuất nào: nguyên liệu hư hỏng hay bán ngoài sổ?`,
          en:
            `Harvest lot ${r.code} (${r.quantity} ${r.unit} from area ${r.areaCode}, ${r.harvestedOn}) of ${r.coopName} ` +
            `has not gone into any batch after ${r.days} days: raw material lost or sold off the books?`,
        },
      }),
    );
  },
};
