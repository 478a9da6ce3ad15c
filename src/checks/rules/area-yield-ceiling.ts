// An area's harvests in one season weigh more than its hectares can bear: the sum of its harvest
// lots (mass units) in a season above the tonnes-per-hectare ceiling configured for its crop
// (table crop_yield_ceilings) times its area. Seasons follow the northern calendar: Đông Xuân
// (winter–spring, November to April, named after the year it ends in) and Hè Thu (summer–autumn,
// May to October). An area growing several crops is held to the highest of their ceilings.
import { num, viNum } from '../format';
import { type CheckRule, inChunks } from '../rule';

export const areaYieldCeiling: CheckRule = {
  code: 'AREA_YIELD_CEILING',
  severity: 'warning',
  title: {
    vi: 'Sản lượng thu hoạch của vùng trong một vụ vượt mức tối đa trên mỗi hécta',
    en: 'An area’s harvests in a season above the ceiling per hectare',
  },
  find(db, ctx) {
    return inChunks(
      db,
      ctx,
      db<
        {
          areaId: string;
          areaCode: string;
          areaName: string;
          operatorId: string;
          season: string;
          tonnes: number;
          ceiling: number;
          areaHa: number;
          lots: number;
          crop: string;
        }[]
      >`
      with lots as (
        select h.area_id,
               case when extract(month from h.harvested_on) >= 11 then 'DX-' || (extract(year from h.harvested_on)::int + 1)
                    when extract(month from h.harvested_on) <= 4 then 'DX-' || extract(year from h.harvested_on)::int
                    else 'HT-' || extract(year from h.harvested_on)::int end as season,
               h.quantity * unit_factor(h.unit) / 1000 as tonnes
          from harvest_lots h
         where unit_family(h.unit) = 'mass'
           and (${ctx.areaId}::uuid is null or h.area_id = ${ctx.areaId})
           and (${ctx.batchId}::uuid is null or h.area_id in (
                 select h2.area_id from batch_inputs i join harvest_lots h2 on h2.id = i.harvest_lot_id where i.batch_id = ${ctx.batchId}))
      ), ceilings as (
        select a.id, max(c.tonnes_per_ha) as per_ha,
               (array_agg(c.crop order by c.tonnes_per_ha desc))[1] as crop
          from raw_material_areas a
          join crop_yield_ceilings c on c.crop = any (a.crops)
         group by a.id
      )
      select a.id as "areaId", a.code as "areaCode", a.name as "areaName", a.operator_id, l.season,
             sum(l.tonnes)::float8 as tonnes, (c.per_ha * a.area_ha)::float8 as ceiling, a.area_ha::float8,
             count(*)::int as lots, c.crop
        from lots l
        join raw_material_areas a on a.id = l.area_id
        join ceilings c on c.id = a.id
       where (${ctx.cooperativeId}::uuid is null or a.operator_id = ${ctx.cooperativeId}
              or exists (select 1 from harvest_lots h3 where h3.area_id = a.id and h3.cooperative_id = ${ctx.cooperativeId}))
       group by a.id, l.season, c.per_ha, c.crop
      having sum(l.tonnes) > c.per_ha * a.area_ha`,
      (r) => {
        const [kind, year] = r.season.split('-');
        const seasonVi = kind === 'DX' ? `vụ Đông Xuân ${year}` : `vụ Hè Thu ${year}`;
        const seasonEn = kind === 'DX' ? `the ${year} winter–spring season` : `the ${year} summer–autumn season`;
        return {
          subjectKey: `area:${r.areaId}/season:${r.season}`,
          cooperativeId: r.operatorId,
          objects: [{ kind: 'area', id: r.areaId, label: r.areaCode }],
          facts: {
            season: r.season,
            tonnes: Number(num(r.tonnes, 3)),
            ceilingTonnes: Number(num(r.ceiling, 3)),
            areaHa: r.areaHa,
            crop: r.crop,
            lots: r.lots,
          },
          message: {
            vi:
              `Vùng ${r.areaCode} (${viNum(r.areaHa, 2)} ha, ${r.crop}) ghi nhận ${viNum(r.tonnes, 2)} tấn trong ${seasonVi} qua ${r.lots} lô thu hoạch, ` +
              `vượt mức tối đa ${viNum(r.ceiling, 2)} tấn (${viNum(r.ceiling / r.areaHa, 2)} tấn/ha): có thể có nguyên liệu từ nơi khác được ghi cho vùng này.`,
            en:
              `Area ${r.areaCode} (${r.areaHa} ha, ${r.crop}) recorded ${num(r.tonnes, 2)} t in ${seasonEn} over ${r.lots} harvest lots, ` +
              `above the ceiling of ${num(r.ceiling, 2)} t (${num(r.ceiling / r.areaHa, 2)} t/ha): raw material from elsewhere may be booked against it.`,
          },
        };
      },
    );
  },
};
