// The demo province's OCOP product pipeline and the dates of its e-commerce listings (issue 17):
// seventeen candidates registered 2022–2025 at every stage of the OCOP cycle, some stalled, the
// rated ones linked to their product and decision; and a went-live day for every demo listing,
// some ended, so that targets (3) and (4) show real figures per year. Stages dated after the
// seeding day are left out, as rating decisions are.
import { insertCandidate, insertStage } from '../db/candidates-store';
import { getProduct, type ListingInput } from '../db/products-store';
import { platformOfChannel } from '../domain/listings';
import type { PipelineStage } from '../domain/pipeline';
import type { DemoContext } from './seed';

/** When each demo listing went live and, for some, ended; by the path of its address. */
export const DEMO_LISTING_DATES: Readonly<Record<string, { wentLiveOn: string; endedOn?: string }>> = {
  'htxchecaobo/che-shan-tuyet-co-thu-cao-bo': { wentLiveOn: '2021-03-01' },
  'san-pham/che-shan-tuyet-co-thu-cao-bo': { wentLiveOn: '2022-05-10' },
  'che-shan-tuyet-co-thu-cao-bo-p10452': { wentLiveOn: '2023-04-01', endedOn: '2024-08-31' },
  'htxchecaobo/hong-tra-shan-tuyet-cao-bo': { wentLiveOn: '2022-11-01' },
  'products/hong-tra-shan-tuyet-cao-bo-i2231': { wentLiveOn: '2023-06-15', endedOn: '2025-02-28' },
  'hong-tra-shan-tuyet-cao-bo': { wentLiveOn: '2024-03-01' },
  'htxchecaobo/bach-tra-shan-tuyet-cao-bo': { wentLiveOn: '2025-08-01' },
  'san-pham/cam-sanh-thuong-son': { wentLiveOn: '2020-12-01' },
  'cam-sanh-thuong-son': { wentLiveOn: '2022-09-15' },
  'san-pham/gao-nep-cai-hoa-vang-thuong-son': { wentLiveOn: '2021-11-20', endedOn: '2023-05-31' },
  'htxnnthuongson/ruou-ngo-men-la-thuong-son': { wentLiveOn: '2024-09-01' },
  'matongbacha/mat-ong-hoa-bac-ha-lung-may': { wentLiveOn: '2021-08-01' },
  'products/mat-ong-hoa-bac-ha-lung-may-i3317': { wentLiveOn: '2022-02-01' },
  'mat-ong-hoa-bac-ha-lung-may-p20871': { wentLiveOn: '2023-03-01' },
  'san-pham/mat-ong-hoa-bac-ha-lung-may': { wentLiveOn: '2024-05-01' },
  'phan-hoa-bac-ha-lung-may': { wentLiveOn: '2023-10-01' },
  'miendongnason/mien-dong-na-son': { wentLiveOn: '2022-01-15' },
  'san-pham/mien-dong-na-son': { wentLiveOn: '2022-06-01' },
  'mien-dong-na-son': { wentLiveOn: '2025-01-10' },
  'quehoiphuclam/tinh-dau-que-phuc-lam': { wentLiveOn: '2025-01-15' },
  'products/tinh-dau-que-phuc-lam-i4402': { wentLiveOn: '2025-02-01', endedOn: '2025-09-30' },
  'que-thanh-huu-co-phuc-lam-p30915': { wentLiveOn: '2025-05-20' },
  'duoclieubankhoan/tra-giao-co-lam-tui-loc': { wentLiveOn: '2023-01-10' },
  'san-pham/tra-giao-co-lam-ban-khoan': { wentLiveOn: '2023-02-01' },
  'thocamlungmay/khan-choang-tho-cam-lanh': { wentLiveOn: '2025-02-01' },
  'khan-choang-tho-cam-lanh-lung-may-p41120': { wentLiveOn: '2026-03-01' },
  'thocamlungmay/tui-xach-tho-cam-lanh': { wentLiveOn: '2026-01-15' },
};

/** A demo listing with its platform and dates (an end after the seeding day is not yet known). */
export function datedListing(l: { channel: string; url: string }, today: string): ListingInput {
  const path = new URL(l.url).pathname.slice(1);
  const dates = DEMO_LISTING_DATES[path];
  if (!dates) throw new TypeError(`demo listing ${l.url} has no dates`);
  return {
    ...l,
    platform: platformOfChannel(l.channel),
    wentLiveOn: dates.wentLiveOn,
    endedOn: dates.endedOn && dates.endedOn <= today ? dates.endedOn : null,
  };
}

export interface DemoCandidate {
  /** A demo organization's key, or a household's name. */
  organization?: string;
  household?: string;
  productName: string;
  yearRegistered: number;
  /** The supporting commune association unit's key; the commune is its commune. */
  unit: string;
  commune: string;
  /** In order; the rating stage of a rated candidate names its product (demo key) and decision. */
  stages: [PipelineStage, string][];
  rated?: { product: string; decisionNumber: string };
}

const cycle = (...days: string[]) => {
  const names: PipelineStage[] = ['idea', 'plan', 'carrying_out', 'dossier', 'rating', 'promotion'];
  return days.map((d, i) => [names[i]!, d] as [PipelineStage, string]);
};

export const DEMO_CANDIDATES: readonly DemoCandidate[] = [
  // --- registered 2022 ---
  {
    organization: 'htxCheCaoBo',
    productName: 'Hồng trà Shan tuyết Cao Bồ',
    yearRegistered: 2022,
    unit: 'hndCaoBo',
    commune: 'Cao Bồ',
    stages: cycle('2022-01-12', '2022-02-20', '2022-03-25', '2022-06-15', '2022-08-10', '2022-11-01'),
    rated: { product: 'hongTraShanTuyet', decisionNumber: '1544/QĐ-UBND' },
  },
  {
    organization: 'htxDuocLieuBanKhoan',
    productName: 'Trà giảo cổ lam túi lọc Bản Khoan',
    yearRegistered: 2022,
    unit: 'hndBanKhoan',
    commune: 'Bản Khoan',
    stages: cycle('2022-02-15', '2022-04-01', '2022-05-20', '2022-09-01', '2022-11-18', '2023-01-10'),
    rated: { product: 'traGiaoCoLam', decisionNumber: '2301/QĐ-UBND' },
  },
  {
    household: 'Hộ bà Lò Thị Mai',
    productName: 'Măng khô Lũng Mây',
    yearRegistered: 2022,
    unit: 'hndLungMay',
    commune: 'Lũng Mây',
    stages: cycle('2022-03-01', '2022-05-10'),
  },
  {
    organization: 'thtMienDongNaSon',
    productName: 'Bánh đa dong riềng Nà Sơn',
    yearRegistered: 2022,
    unit: 'hndNaSon',
    commune: 'Nà Sơn',
    stages: cycle('2022-04-01', '2022-06-01', '2022-08-01', '2023-02-01'),
  },
  // --- registered 2023 ---
  {
    organization: 'htxQueHoiPhucLam',
    productName: 'Tinh dầu quế Phúc Lâm',
    yearRegistered: 2023,
    unit: 'hndPhucLam',
    commune: 'Phúc Lâm',
    stages: cycle('2023-03-10', '2023-05-15', '2023-08-20', '2024-04-01', '2024-11-05', '2025-01-15'),
    rated: { product: 'tinhDauQue', decisionNumber: '2087/QĐ-UBND' },
  },
  {
    household: 'Hộ ông Hoàng Văn Páo',
    productName: 'Rượu táo mèo Bản Khoan',
    yearRegistered: 2023,
    unit: 'hndBanKhoan',
    commune: 'Bản Khoan',
    stages: cycle('2023-05-20'),
  },
  {
    organization: 'htxMatOngBacHa',
    productName: 'Sáp ong Bắc Hà',
    yearRegistered: 2023,
    unit: 'hndLungMay',
    commune: 'Lũng Mây',
    stages: cycle('2023-02-01', '2023-04-01', '2023-07-01', '2024-01-15'),
  },
  // --- registered 2024 ---
  {
    organization: 'htxNnThuongSon',
    productName: 'Rượu ngô men lá Thượng Sơn',
    yearRegistered: 2024,
    unit: 'hndThuongSon',
    commune: 'Thượng Sơn',
    stages: cycle('2024-01-10', '2024-02-20', '2024-03-15', '2024-05-10', '2024-07-19'),
    rated: { product: 'ruouNgoMenLa', decisionNumber: '1422/QĐ-UBND' },
  },
  {
    organization: 'htxThoCamLungMay',
    productName: 'Khăn choàng thổ cẩm Lãnh',
    yearRegistered: 2024,
    unit: 'hndLungMay',
    commune: 'Lũng Mây',
    stages: cycle('2024-02-01', '2024-03-10', '2024-05-01', '2024-09-01', '2024-12-06', '2025-02-01'),
    rated: { product: 'khanThoCamLanh', decisionNumber: '2190/QĐ-UBND' },
  },
  {
    organization: 'chiHoiCheCaoBo',
    productName: 'Chè vàng Cao Bồ',
    yearRegistered: 2024,
    unit: 'hndCaoBo',
    commune: 'Cao Bồ',
    stages: cycle('2024-03-01', '2024-06-01', '2026-07-01'),
  },
  // --- registered 2025 ---
  {
    organization: 'htxCheCaoBo',
    productName: 'Bạch trà Shan tuyết Cao Bồ',
    yearRegistered: 2025,
    unit: 'hndCaoBo',
    commune: 'Cao Bồ',
    stages: cycle('2025-01-05', '2025-02-01', '2025-03-01', '2025-04-20', '2025-06-12', '2025-08-01'),
    rated: { product: 'bachTraShanTuyet', decisionNumber: '1103/QĐ-UBND' },
  },
  {
    organization: 'htxQueHoiPhucLam',
    productName: 'Quế thanh hữu cơ Phúc Lâm',
    yearRegistered: 2025,
    unit: 'hndPhucLam',
    commune: 'Phúc Lâm',
    stages: cycle('2025-01-10', '2025-01-25', '2025-02-01', '2025-02-20', '2025-03-14', '2025-05-20'),
    rated: { product: 'queThanh', decisionNumber: '0512/QĐ-UBND' },
  },
  {
    organization: 'htxThoCamLungMay',
    productName: 'Túi xách thổ cẩm Lãnh',
    yearRegistered: 2025,
    unit: 'hndLungMay',
    commune: 'Lũng Mây',
    stages: cycle('2025-02-01', '2025-03-01', '2025-05-01', '2025-08-01', '2025-10-10', '2026-01-15'),
    rated: { product: 'tuiThoCamLanh', decisionNumber: '1934/QĐ-UBND' },
  },
  {
    organization: 'toHoiCamThuongSon',
    productName: 'Mứt cam sành Thượng Sơn',
    yearRegistered: 2025,
    unit: 'hndThuongSon',
    commune: 'Thượng Sơn',
    stages: cycle('2025-03-01', '2025-06-01', '2025-10-01', '2026-09-10'),
  },
  {
    household: 'Hộ bà Vi Thị Hoa',
    productName: 'Miến dong nếp Nà Sơn',
    yearRegistered: 2025,
    unit: 'hndNaSon',
    commune: 'Nà Sơn',
    stages: cycle('2025-08-01'),
  },
  {
    household: 'Hộ ông Sầm Văn Tư',
    productName: 'Gà đồi thả vườn Phúc Lâm',
    yearRegistered: 2025,
    unit: 'hndPhucLam',
    commune: 'Phúc Lâm',
    stages: [],
  },
  {
    organization: 'htxNnThuongSon',
    productName: 'Nước cốt cam sành Thượng Sơn',
    yearRegistered: 2025,
    unit: 'hndThuongSon',
    commune: 'Thượng Sơn',
    stages: cycle('2025-02-01', '2025-04-01', '2025-06-01', '2026-10-01'),
  },
];

export async function seedDemoPipeline(ctx: DemoContext) {
  ctx.counts.candidates = 0;
  ctx.counts.candidateStages = 0;
  for (const c of DEMO_CANDIDATES) {
    const seeded = c.rated ? ctx.products.get(c.rated.product) : undefined;
    if (c.rated && !seeded) throw new TypeError(`demo candidate ${c.productName}: unknown product ${c.rated.product}`);
    // Read again: the product was kept before its ratings were recorded.
    const product = seeded ? await getProduct(ctx.tx, seeded.id) : null;
    const rating = c.rated ? product!.ratings.find((r) => r.decisionNumber === c.rated!.decisionNumber) : undefined;
    const stages = c.stages.filter(([, day]) => day <= ctx.today);
    const reachedRating = stages.some(([s]) => s === 'rating');
    const candidate = await insertCandidate(ctx.tx, {
      organizationId: c.organization ? ctx.organizations.get(c.organization)!.id : null,
      householdName: c.household ?? null,
      productName: c.productName,
      yearRegistered: c.yearRegistered,
      supportingUnitId: ctx.organizations.get(c.unit)!.id,
      commune: c.commune,
      note: null,
      productId: reachedRating && product ? product.id : null,
      ratingId: reachedRating && rating ? rating.id : null,
    });
    for (const [stage, reachedOn] of stages) {
      await insertStage(ctx.tx, candidate.id, { stage, reachedOn, note: null });
      ctx.counts.candidateStages++;
    }
    await ctx.audit('ocop_candidate', candidate.id, candidate);
    ctx.counts.candidates++;
  }
}
