// Texts of the harvest pages.
import { areaTexts } from './common';

export const HARVEST_TEXTS = areaTexts({
  vi: {
    quantity: 'Khối lượng / số lượng',
    notes: 'Ghi chú',
    harvestCode: 'Số lô thu hoạch',
    harvestCodeHint: 'Để trống để hệ thống tự đặt (TH-ngày-…).',
    drawn: 'Đã dùng',
    areaNotLinked:
      'Hợp tác xã không quản lý vùng này và không có hợp đồng liên kết đã được xác nhận còn hiệu lực vào ngày thu hoạch',
    harvestCreated: (code: string) => `Đã ghi lô thu hoạch ${code}.`,
    certSnapshot: 'Chứng nhận tại ngày thu hoạch',
    noAreasYet: 'Hãy thêm vùng nguyên liệu trước khi ghi thu hoạch.',
    nextBatch: 'Tạo lô sản xuất từ lô thu hoạch này',
    nextHarvest: 'Ghi thêm một lô thu hoạch',
  },
  en: {
    quantity: 'Quantity',
    notes: 'Notes',
    harvestCode: 'Harvest lot code',
    harvestCodeHint: 'Leave empty for an automatic code (TH-date-…).',
    drawn: 'Used',
    areaNotLinked:
      'The cooperative neither operates this area nor holds a confirmed supply contract for it on the harvest date',
    harvestCreated: (code: string) => `Harvest lot ${code} recorded.`,
    certSnapshot: 'Certifications on the harvest date',
    noAreasYet: 'Add a raw-material area before recording harvests.',
    nextBatch: 'Make a batch from this harvest lot',
    nextHarvest: 'Record another harvest lot',
  },
});

export type HarvestTexts = (typeof HARVEST_TEXTS)['vi'];
