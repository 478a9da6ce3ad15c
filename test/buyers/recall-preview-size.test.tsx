// A recall of a busy area (the province's hot area: about 1,000 batches, 200 buyers) must still
// preview on a cheap phone: the page lists the first batches and buyers and counts the rest, with
// the way to the whole list. The view is rendered with answers of that size; the page's shell
// (navigation and CSS) takes about 10 KB of the 60 KB a console page may weigh.
import { describe, expect, it } from 'vitest';
import { PreviewView } from '../../src/console/recall/views';
import type { RecallPreview } from '../../src/console/recall/origin';
import { RECALL_TEXTS } from '../../src/console/texts/recall';

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function bigPreview(batches: number, buyers: number): RecallPreview {
  const coop = { id: uuid(999_999), name: 'Hợp tác xã Nông nghiệp và Dịch vụ Chè Shan tuyết Cao Bồ' };
  const buyer = (j: number) => ({
    id: uuid(500_000 + j),
    name: `Công ty TNHH Thương mại và Phân phối Nông sản số ${j}`,
  });
  return {
    origin: { kind: 'area', id: uuid(1) },
    batches,
    alreadyRecalled: 0,
    printRuns: batches,
    stamps: batches * 500,
    stampsScanned: batches * 40,
    batchIds: [],
    buyers: Array.from({ length: buyers }, (_, j) => ({ ...buyer(j), batches: Math.ceil(batches / buyers) })),
    shipments: Array.from({ length: batches }, (_, i) => ({
      id: uuid(100_000 + i),
      hop: i % 2 ? 2 : 1,
      from: i % 2 ? buyer(i % buyers) : coop,
      to: buyer((i + 1) % buyers),
      destination: null,
      batch: { id: uuid(10_000 + i), gtin: '08931000001013', lotCode: `LDB${i}`, version: 1, productName: 'Chè' },
      item: 'lot',
      quantity: 10,
      unit: 'kg',
      despatchAdvice: `PGH-${i}`,
      eventId: `ni:///sha-256;${i}?ver=CBV2.0`,
      seq: i,
      shippedAt: new Date('2025-06-10T00:00:00.000Z'),
      received: true,
    })),
    items: Array.from({ length: batches }, (_, i) => ({
      id: uuid(10_000 + i),
      gtin: '08931000001013',
      productName: 'Chè Shan tuyết cổ thụ Cao Bồ hộp 100 g',
      lotCode: `LDBP${String(i).padStart(4, '0')}`,
      version: 1,
      productionDate: '2025-06-01',
      cooperative: coop.name,
      recalled: false,
    })),
  };
}

describe('the recall preview of a busy area', () => {
  it('stays well under 60 KB with 1,020 batches and 200 buyers, counting what it does not list', async () => {
    const html = String(
      await (
        <PreviewView
          t={RECALL_TEXTS.vi}
          lang="vi"
          csrf="csrf-token-of-the-session-0123456789"
          label="Vùng nguyên liệu VNL-0 — Vùng chè Shan tuyết, mọi ngày thu hoạch"
          v={{
            reason: 'Dư lượng thuốc bảo vệ thực vật vượt ngưỡng',
            authority: 'Chi cục QLCL',
            recalledOn: '2025-06-15',
          }}
          carried={{
            kind: 'area',
            areaId: uuid(1),
            reason: 'Dư lượng',
            authority: 'Chi cục',
            recalledOn: '2025-06-15',
          }}
          p={bigPreview(1020, 200)}
        />
      ),
    );
    expect(new TextEncoder().encode(html).length).toBeLessThan(50 * 1024);
    expect(html).toContain('… và 920 lô khác.');
    expect(html).toContain('… và 160 doanh nghiệp khác.');
    expect(html).toContain(`href="/console/trace/forward.csv?areaId=${uuid(1)}"`);
    expect(html).toContain('200 doanh nghiệp đã mua hàng sẽ nhận thông báo thu hồi ngay');
  });
});
