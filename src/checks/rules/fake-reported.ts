// A consumer reported a possible fake from a stamp page, and the report is still open (new or
// acknowledged in the fake-report list). Reports on serials never issued count too.
import { type CheckRule, inChunks } from '../rule';
import { viVerdict } from '../format';

export const fakeReported: CheckRule = {
  code: 'FAKE_REPORTED',
  severity: 'warning',
  title: {
    vi: 'Người tiêu dùng báo nghi ngờ hàng giả',
    en: 'A consumer reported a suspected fake',
  },
  find(db, ctx) {
    return inChunks(
      db,
      ctx,
      db<
        {
          id: string;
          serial: string;
          gtin: string;
          verdict: string;
          message: string;
          createdAt: Date;
          status: string;
          productId: string | null;
          productName: string | null;
          ownerId: string | null;
          runId: string | null;
          batchId: string | null;
          lotCode: string | null;
        }[]
      >`
      select f.id, f.serial, f.gtin, f.verdict, f.message, f.created_at, f.status,
             p.id as "productId", p.name_vi as "productName", p.owner_id,
             r.id as "runId", r.batch_id, r.lot_code
        from fake_reports f
        left join products p on p.gtin = f.gtin
        left join stamps s on s.serial = f.serial
        left join print_runs r on r.id = s.print_run_id
       where f.status <> 'resolved'
         and (${ctx.cooperativeId}::uuid is null or p.owner_id = ${ctx.cooperativeId})
         and (${ctx.batchId}::uuid is null or r.batch_id = ${ctx.batchId})
         and ${ctx.areaId}::uuid is null`,
      (r) => {
        const name = r.productName ?? `GTIN ${r.gtin}`;
        const excerpt = r.message.length > 160 ? `${r.message.slice(0, 157)}…` : r.message;
        return {
          subjectKey: `fake_report:${r.id}`,
          cooperativeId: r.ownerId,
          objects: [
            { kind: 'fake_report', id: r.id, label: r.serial },
            ...(r.productId ? [{ kind: 'product' as const, id: r.productId, label: name }] : []),
            ...(r.batchId ? [{ kind: 'batch' as const, id: r.batchId, label: r.lotCode! }] : []),
          ],
          facts: { serial: r.serial, verdictShown: r.verdict, reportedAt: r.createdAt.toISOString(), excerpt },
          message: {
            vi: `Người tiêu dùng báo nghi ngờ hàng giả với tem ${r.serial} (${name}; trang tem khi đó: ${viVerdict(r.verdict)}): “${excerpt}”`,
            en: `A consumer reported a suspected fake for stamp ${r.serial} (${name}; the stamp page said: ${r.verdict}): “${excerpt}”`,
          },
        };
      },
    );
  },
};
