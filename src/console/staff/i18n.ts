// Texts shared by the association staff pages (findings, trace, recall, report, organizations,
// API keys), Vietnamese first. Each page module keeps its own texts beside it in the same shape.
import type { Lang } from '../../pages/i18n';
import type { ConsoleContext } from '../env';

export const SEVERITY_NAMES: Record<Lang, Record<'critical' | 'warning' | 'notice', string>> = {
  vi: { critical: 'Nghiêm trọng', warning: 'Cảnh báo', notice: 'Lưu ý' },
  en: { critical: 'Critical', warning: 'Warning', notice: 'Notice' },
};

export const BATCH_STATUS: Record<Lang, Record<string, string>> = {
  vi: { draft: 'Bản nháp', sealed: 'Đã niêm phong', superseded: 'Đã được thay thế' },
  en: { draft: 'Draft', sealed: 'Sealed', superseded: 'Superseded' },
};

export const ORG_KINDS: Record<Lang, Record<string, string>> = {
  vi: {
    association_unit: 'Đơn vị Hội Nông dân',
    cooperative: 'Hợp tác xã',
    cooperative_group: 'Tổ hợp tác',
    farmer_professional_group: 'Chi hội nông dân nghề nghiệp',
    enterprise: 'Doanh nghiệp',
  },
  en: {
    association_unit: 'Farmers’ Association unit',
    cooperative: 'Cooperative',
    cooperative_group: 'Cooperative group',
    farmer_professional_group: 'Farmers’ professional group',
    enterprise: 'Enterprise',
  },
};

export const ST = {
  vi: {
    any: '— tất cả —',
    none: '— không —',
    filter: 'Lọc',
    clear: 'Bỏ lọc',
    more: 'Trang sau',
    from: 'Từ ngày',
    to: 'Đến ngày',
    date: 'Ngày',
    quantity: 'Số lượng',
    product: 'Sản phẩm',
    cooperative: 'Hợp tác xã',
    area: 'Vùng nguyên liệu',
    harvestLot: 'Lô thu hoạch',
    batch: 'Lô sản xuất',
    version: (n: number) => `phiên bản ${n}`,
    status: 'Trạng thái',
    recalledBadge: 'Đang thu hồi',
    printRuns: 'Đợt in tem',
    stamps: 'Tem',
    scans: 'Lượt quét',
    stampsScanned: 'Tem đã được quét',
    batches: 'Lô sản xuất',
    yes: 'Có',
    no: 'Không',
    csv: 'Tải bảng CSV',
    publicPage: 'Trang công khai',
    fixBelow: 'Hãy sửa các ô được đánh dấu bên dưới.',
    required: 'Không được để trống',
    notFound: 'Không tìm thấy',
  },
  en: {
    any: '— any —',
    none: '— none —',
    filter: 'Filter',
    clear: 'Clear filters',
    more: 'Next page',
    from: 'From',
    to: 'To',
    date: 'Date',
    quantity: 'Quantity',
    product: 'Product',
    cooperative: 'Cooperative',
    area: 'Raw-material area',
    harvestLot: 'Harvest lot',
    batch: 'Batch',
    version: (n: number) => `version ${n}`,
    status: 'Status',
    recalledBadge: 'Recalled',
    printRuns: 'Print runs',
    stamps: 'Stamps',
    scans: 'Scans',
    stampsScanned: 'Stamps already scanned',
    batches: 'Batches',
    yes: 'Yes',
    no: 'No',
    csv: 'Download CSV',
    publicPage: 'Public page',
    fixBelow: 'Correct the marked fields below.',
    required: 'Must not be empty',
    notFound: 'Not found',
  },
} as const;

export type StaffTexts = (typeof ST)[Lang];

export function staffTexts(c: ConsoleContext): StaffTexts {
  return ST[c.get('lang') ?? 'vi'];
}
