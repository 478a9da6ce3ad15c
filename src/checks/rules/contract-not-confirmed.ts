// A harvest lot drawn from another organization's area under a contract the area's side never
// confirmed (pending, rejected or withdrawn), with no confirmed contract covering the harvest
// day: only the buyer vouches for where it came from. The API refuses such a harvest, so the
// lot predates the confirmation rule (migration 00008 left the buyers' own contracts pending),
// its contract was sent back to pending by new terms, or the data came in another way.
import { type CheckRule, inChunks } from '../rule';
import { viDate } from '../format';

const STATUS = {
  pending: { vi: 'đang chờ xác nhận', en: 'waiting for confirmation' },
  rejected: { vi: 'đã bị từ chối', en: 'rejected' },
  withdrawn: { vi: 'đã bị rút lại', en: 'withdrawn' },
} as Record<string, { vi: string; en: string }>;

export const contractNotConfirmed: CheckRule = {
  code: 'CONTRACT_NOT_CONFIRMED',
  severity: 'critical',
  title: {
    vi: 'Lô nguyên liệu thu hoạch theo hợp đồng liên kết chưa được bên vùng nguyên liệu xác nhận',
    en: 'Raw material harvested under a supply contract the area’s side has not confirmed',
  },
  find(db, ctx) {
    return inChunks(
      db,
      ctx,
      db<
        {
          lotId: string;
          lotCode: string;
          harvestedOn: string;
          coopId: string;
          coopName: string;
          areaId: string;
          areaCode: string;
          operatorName: string;
          contracts: { id: string; number: string; status: string }[];
          batches: { id: string; lotCode: string }[];
        }[]
      >`
      select h.id as "lotId", h.code as "lotCode", h.harvested_on::text, h.cooperative_id as "coopId",
             o.name as "coopName", a.id as "areaId", a.code as "areaCode", op.name as "operatorName",
             k.contracts, coalesce(u.batches, '[]'::json) as batches
        from harvest_lots h
        join raw_material_areas a on a.id = h.area_id
        join organizations o on o.id = h.cooperative_id
        join organizations op on op.id = a.operator_id
        cross join lateral (
          select json_agg(json_build_object('id', s.id, 'number', s.number, 'status', s.status)
                          order by s.starts_on, s.number) as contracts
            from supply_contracts s
           where s.area_id = a.id and s.cooperative_id = h.cooperative_id
             and s.status in ('pending', 'rejected', 'withdrawn')
             and h.harvested_on between s.starts_on and s.ends_on) k
        left join lateral (
          select json_agg(json_build_object('id', b.id, 'lotCode', b.lot_code) order by b.lot_code) as batches
            from batch_inputs i join batches b on b.id = i.batch_id
           where i.harvest_lot_id = h.id and b.status = 'sealed') u on true
       where a.operator_id <> h.cooperative_id
         and k.contracts is not null
         and not exists (select 1 from supply_contract_terms t
                          where t.area_id = a.id and t.cooperative_id = h.cooperative_id
                            and h.harvested_on between t.starts_on and t.last_day)
         and (${ctx.batchId}::uuid is null
              or exists (select 1 from batch_inputs i where i.harvest_lot_id = h.id and i.batch_id = ${ctx.batchId}))
         and (${ctx.areaId}::uuid is null or a.id = ${ctx.areaId})
         and (${ctx.cooperativeId}::uuid is null or h.cooperative_id = ${ctx.cooperativeId})`,
      (r) => {
        const named = (lang: 'vi' | 'en') =>
          r.contracts.map((k) => `${k.number} (${STATUS[k.status]?.[lang] ?? k.status})`).join(', ');
        const used = r.batches.map((b) => b.lotCode).join(', ');
        return {
          subjectKey: `harvest_lot:${r.lotId}`,
          cooperativeId: r.coopId,
          objects: [
            { kind: 'harvest_lot', id: r.lotId, label: r.lotCode },
            { kind: 'area', id: r.areaId, label: r.areaCode },
            ...r.contracts.map((k) => ({ kind: 'contract' as const, id: k.id, label: k.number })),
            ...r.batches.map((b) => ({ kind: 'batch' as const, id: b.id, label: b.lotCode })),
            { kind: 'cooperative', id: r.coopId, label: r.coopName },
          ],
          facts: {
            harvestedOn: r.harvestedOn,
            areaOperator: r.operatorName,
            contracts: r.contracts.map((k) => ({ number: k.number, status: k.status })),
            sealedBatches: r.batches.map((b) => b.lotCode),
          },
          message: {
            vi:
              `Lô thu hoạch ${r.lotCode} ngày ${viDate(r.harvestedOn)} từ vùng ${r.areaCode} (do ${r.operatorName} quản lý) được ` +
              `${r.coopName} ghi theo hợp đồng ${named('vi')}, chưa được bên vùng nguyên liệu xác nhận: chỉ bên mua tự khai ` +
              `nguồn gốc này.${used ? ` Đã dùng cho lô sản xuất ${used}.` : ''}`,
            en:
              `Harvest lot ${r.lotCode} of ${r.harvestedOn} from area ${r.areaCode} (operated by ${r.operatorName}) was ` +
              `recorded by ${r.coopName} under contract ${named('en')}, which the area’s side has not confirmed: only the ` +
              `buyer vouches for this origin.${used ? ` Used in batch ${used}.` : ''}`,
          },
        };
      },
    );
  },
};
