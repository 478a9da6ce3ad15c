// A batch claims a certification (VietGAP, organic… read from the product's and the batch's
// standards) but a harvest lot it draws on was harvested on a day when its area held no valid
// certificate of that scheme.
import { claimedSchemes, SCHEME_NAMES, type CertificationScheme } from '../../domain/certification-claims';
import { type CheckRule, inChunks } from '../rule';
import { viDate } from '../format';

export const certificationNotHeld: CheckRule = {
  code: 'CERTIFICATION_NOT_HELD',
  severity: 'critical',
  title: {
    vi: 'Sản phẩm công bố chứng nhận mà vùng nguyên liệu không có vào ngày thu hoạch',
    en: 'A claimed certification the raw-material area did not hold on the harvest day',
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
          standards: string[];
          lotId: string;
          harvestCode: string;
          harvestedOn: string;
          areaId: string;
          areaCode: string;
          held: string[];
        }[]
      >`
      select b.id as "batchId", b.lot_code, b.cooperative_id as "coopId",
             p.id as "productId", p.name_vi as "productName", p.standards || b.standards as standards,
             h.id as "lotId", h.code as "harvestCode", h.harvested_on::text,
             a.id as "areaId", a.code as "areaCode",
             coalesce((select array_agg(distinct c.scheme) from area_certifications c
                        where c.area_id = a.id and h.harvested_on between c.valid_from and c.valid_to), '{}') as held
        from batches b
        join products p on p.id = b.product_id
        join batch_inputs i on i.batch_id = b.id
        join harvest_lots h on h.id = i.harvest_lot_id
        join raw_material_areas a on a.id = h.area_id
       where b.status = 'sealed'
         and cardinality(p.standards || b.standards) > 0
         and (${ctx.batchId}::uuid is null or b.id = ${ctx.batchId})
         and (${ctx.areaId}::uuid is null or a.id = ${ctx.areaId})
         and (${ctx.cooperativeId}::uuid is null or b.cooperative_id = ${ctx.cooperativeId})`,
      (r) => {
        const missing = claimedSchemes(r.standards).filter((s) => !r.held.includes(s));
        if (!missing.length) return null;
        const names = (lang: 'vi' | 'en') => missing.map((s: CertificationScheme) => SCHEME_NAMES[s][lang]).join(', ');
        return {
          subjectKey: `batch:${r.batchId}/lot:${r.lotId}`,
          cooperativeId: r.coopId,
          objects: [
            { kind: 'batch', id: r.batchId, label: r.lotCode },
            { kind: 'harvest_lot', id: r.lotId, label: r.harvestCode },
            { kind: 'area', id: r.areaId, label: r.areaCode },
            { kind: 'product', id: r.productId, label: r.productName },
          ],
          facts: { harvestedOn: r.harvestedOn, claimed: missing, heldThatDay: [...r.held].sort() },
          message: {
            vi:
              `Lô sản xuất ${r.lotCode} (${r.productName}) công bố tiêu chuẩn ${names('vi')}, nhưng vùng ${r.areaCode} không có chứng nhận ` +
              `${names('vi')} còn hiệu lực vào ngày thu hoạch ${viDate(r.harvestedOn)} (lô thu hoạch ${r.harvestCode}).`,
            en:
              `Batch ${r.lotCode} (${r.productName}) claims ${names('en')}, but area ${r.areaCode} held no valid ${names('en')} ` +
              `certificate on the harvest day ${r.harvestedOn} (harvest lot ${r.harvestCode}).`,
          },
        };
      },
    );
  },
};
