// A run of serials that were never issued, tried against one product on one day (Vietnam time):
// someone printing fake stamps, or guessing serials. Bots are left out, and so are real serials
// scanned at another product's address (STAMP_ON_OTHER_PRODUCT reports those). One finding per product
// and day; the basis is the number of distinct serials' power of two.
import { type CheckRule, inChunks } from '../rule';
import { viDate } from '../format';

export const unknownSerialRun: CheckRule = {
  code: 'UNKNOWN_SERIAL_RUN',
  severity: 'critical',
  title: {
    vi: 'Nhiều số tem không có thật được quét cho cùng một sản phẩm',
    en: 'A run of unknown serials scanned against one product',
  },
  find(db, ctx) {
    return inChunks(
      db,
      ctx,
      db<
        {
          gtin: string;
          day: string;
          serials: number;
          scans: number;
          networks: number;
          examples: string[];
          productId: string | null;
          productName: string | null;
          ownerId: string | null;
        }[]
      >`
      select s.gtin, (s.at at time zone 'Asia/Ho_Chi_Minh')::date::text as day,
             count(distinct s.serial)::int as serials, count(*)::int as scans, count(distinct s.client_hash)::int as networks,
             (array_agg(distinct s.serial))[1:5] as examples,
             p.id as "productId", p.name_vi as "productName", p.owner_id
        from scans s
        left join products p on p.gtin = s.gtin
       where not s.known and not s.is_bot
         and not exists (select 1 from stamps st where st.serial = s.serial)
         and (${ctx.cooperativeId}::uuid is null or p.owner_id = ${ctx.cooperativeId})
         and ${ctx.batchId}::uuid is null and ${ctx.areaId}::uuid is null
       group by s.gtin, 2, p.id
      having count(distinct s.serial) >= ${ctx.settings.unknownSerialRun}`,
      (r) => {
        const name = r.productName ?? `GTIN ${r.gtin}`;
        return {
          subjectKey: `gtin:${r.gtin}/day:${r.day}`,
          cooperativeId: r.ownerId,
          objects: r.productId
            ? [{ kind: 'product', id: r.productId, label: name }]
            : [{ kind: 'product', id: r.gtin, label: name }],
          facts: {
            gtin: r.gtin,
            day: r.day,
            serials: r.serials,
            scans: r.scans,
            networks: r.networks,
            examples: r.examples,
          },
          basis: { gtin: r.gtin, day: r.day, magnitude: Math.floor(Math.log2(r.serials)) },
          message: {
            vi:
              `Ngày ${viDate(r.day)}, ${r.serials} số tem không do hệ thống cấp đã được quét cho ${name} (${r.scans} lượt, từ ${r.networks} mạng): ` +
              `có thể có tem giả đang lưu hành.`,
            en:
              `On ${r.day}, ${r.serials} serials never issued were scanned against ${name} (${r.scans} scans from ${r.networks} network${r.networks === 1 ? '' : 's'}): ` +
              `fake stamps may be in circulation.`,
          },
        };
      },
    );
  },
};
