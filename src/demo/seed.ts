// Demo data for one fictional province ("Tỉnh Sơn Lâm"): the Farmers' Association units, the
// cooperatives and partners, their raw-material areas and supply contracts, OCOP products with
// their rating history, and the four value-chain models of the provincial programme (2022–2025).
//
// Everything goes in through the ordinary store functions, in one transaction, with one audit
// entry per created record (actor system:seed:demo). Nothing is random: the same clock gives the
// same data, and history (ratings, certificates, contracts) uses fixed calendar dates. The clock
// only decides "today": rating decisions dated after it are skipped (a decision cannot be in the
// future). With fixed dates the mix of valid and expired records is the intended one from late
// 2026 into 2027; the test pins its clock.
//
// Later seed stages (harvests, batches, stamps) append a section: add `seedXxx(ctx)` below the
// models section and call it from seedDemo; `ctx` holds every created record by its demo key, and
// demoIds() finds the same records again in a database seeded earlier.
import { seedDemoBuyers } from './buyers';
import { pinEpcisBaseUrl } from '../db/epcis-derived-store';
import { vietnamToday } from '../domain/calendar';
import type { Db, Sql, Tx } from '../db/client';
import { recordAudit } from '../db/audit-store';
import { insertOrganization, type Organization, type OrganizationKind } from '../db/organizations-store';
import { insertArea, insertContract, type Area, type Certification, type SupplyContract } from '../db/areas-store';
import { insertPhoto } from '../db/photos-store';
import { type ImageCodecs, preparePhoto } from '../photos';
import { drawDemoPicture } from './pictures';
import { insertProduct, insertRating, type Listing, type Product } from '../db/products-store';
import { getModelBySlug, insertModel, type ModelInput, type ValueChainModel } from '../db/models-store';
import { demoRecords, lockDemoSeed, recordsHoldingCodes } from '../db/demo-store';
import { gs1CheckDigit, hasValidCheckDigit } from '../domain/identifiers';
import { locationProblems, type AreaLocation } from '../domain/geo';
import type { OcopRating } from '../domain/ocop';
import type { Keyring } from '../db/keyring';
import { seedDemoBatches } from './batches';
import { datedListing, seedDemoPipeline } from './pipeline';
import { seedDemoStamps } from './stamps';
import { seedDemoScans } from './scans';
import { seedDemoUsers } from './users';
import type { PasswordHasher } from '../http/types';
import { seedDemoProblems } from './problems';
import { seedDemoProgrammePeople } from './programme-people';

export const DEMO_PROVINCE = 'Tỉnh Sơn Lâm';
export const DEMO_ACTOR = { keyId: null, name: 'seed:demo', role: 'system' } as const;

/** Appends the GS1 mod-10 check digit: 12 digits in, a GTIN-13 or GLN out. */
const withCheckDigit = (body12: string) => body12 + String(gs1CheckDigit(body12));

// ============================================================================================
// Organizations
// ============================================================================================

export interface DemoOrganization {
  key: string;
  kind: OrganizationKind;
  associationLevel?: 'province' | 'district' | 'commune';
  name: string;
  registrationCode: string | null;
  address: string;
  commune: string | null;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  gln: string | null;
  /** Key of the parent association unit, which must come earlier in the list. */
  parent: string | null;
}

const unit = (
  key: string,
  level: 'province' | 'district' | 'commune',
  name: string,
  address: string,
  commune: string | null,
  contactName: string,
  contactPhone: string,
  contactEmail: string,
  parent: string | null,
): DemoOrganization => ({
  key,
  kind: 'association_unit',
  associationLevel: level,
  name,
  registrationCode: null,
  address,
  commune,
  contactName,
  contactPhone,
  contactEmail,
  gln: null,
  parent,
});

/** In insertion order: parents before children. */
export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  // --- Farmers' Association: province, three districts, six communes ---
  unit(
    'hndTinh',
    'province',
    'Hội Nông dân tỉnh Sơn Lâm',
    'Số 18 đường Trần Hưng Đạo, phường Minh Khai, thành phố Sơn Lâm, tỉnh Sơn Lâm',
    null,
    'Nguyễn Văn Thành',
    '0212 3866 101',
    'vanphong@hoinongdan.sonlam.example',
    null,
  ),
  unit(
    'hndVanSon',
    'district',
    'Hội Nông dân huyện Vân Sơn',
    'Tổ 3, thị trấn Vân Sơn, huyện Vân Sơn, tỉnh Sơn Lâm',
    null,
    'Hoàng Văn Khởi',
    '0212 3861 202',
    'hnd.vanson@hoinongdan.sonlam.example',
    'hndTinh',
  ),
  unit(
    'hndHaLam',
    'district',
    'Hội Nông dân huyện Hà Lâm',
    'Tổ 5, thị trấn Hà Lâm, huyện Hà Lâm, tỉnh Sơn Lâm',
    null,
    'Lý Thị Dung',
    '0212 3872 303',
    'hnd.halam@hoinongdan.sonlam.example',
    'hndTinh',
  ),
  unit(
    'hndPhuVan',
    'district',
    'Hội Nông dân huyện Phù Vân',
    'Tổ 2, thị trấn Phù Vân, huyện Phù Vân, tỉnh Sơn Lâm',
    null,
    'Trần Quốc Hưng',
    '0212 3885 404',
    'hnd.phuvan@hoinongdan.sonlam.example',
    'hndTinh',
  ),
  unit(
    'hndCaoBo',
    'commune',
    'Hội Nông dân xã Cao Bồ',
    'Thôn Lùng Tao, xã Cao Bồ, huyện Vân Sơn, tỉnh Sơn Lâm',
    'Xã Cao Bồ',
    'Đặng Văn Tiến',
    '0912 000 511',
    'hnd.caobo@hoinongdan.sonlam.example',
    'hndVanSon',
  ),
  unit(
    'hndThuongSon',
    'commune',
    'Hội Nông dân xã Thượng Sơn',
    'Thôn Bản Bó, xã Thượng Sơn, huyện Vân Sơn, tỉnh Sơn Lâm',
    'Xã Thượng Sơn',
    'Nông Thị Thắm',
    '0912 000 512',
    'hnd.thuongson@hoinongdan.sonlam.example',
    'hndVanSon',
  ),
  unit(
    'hndLungMay',
    'commune',
    'Hội Nông dân xã Lũng Mây',
    'Thôn Sà Phìn, xã Lũng Mây, huyện Hà Lâm, tỉnh Sơn Lâm',
    'Xã Lũng Mây',
    'Sùng Mí Chứ',
    '0912 000 513',
    'hnd.lungmay@hoinongdan.sonlam.example',
    'hndHaLam',
  ),
  unit(
    'hndNaSon',
    'commune',
    'Hội Nông dân xã Nà Sơn',
    'Thôn Nà Pàn, xã Nà Sơn, huyện Hà Lâm, tỉnh Sơn Lâm',
    'Xã Nà Sơn',
    'Ma Văn Đông',
    '0912 000 514',
    'hnd.nason@hoinongdan.sonlam.example',
    'hndHaLam',
  ),
  unit(
    'hndPhucLam',
    'commune',
    'Hội Nông dân xã Phúc Lâm',
    'Thôn Khe Cam, xã Phúc Lâm, huyện Phù Vân, tỉnh Sơn Lâm',
    'Xã Phúc Lâm',
    'Bàn Văn Lường',
    '0912 000 515',
    'hnd.phuclam@hoinongdan.sonlam.example',
    'hndPhuVan',
  ),
  unit(
    'hndBanKhoan',
    'commune',
    'Hội Nông dân xã Bản Khoan',
    'Thôn Nậm Khiêu, xã Bản Khoan, huyện Phù Vân, tỉnh Sơn Lâm',
    'Xã Bản Khoan',
    'Lục Thị Hồng',
    '0912 000 516',
    'hnd.bankhoan@hoinongdan.sonlam.example',
    'hndPhuVan',
  ),

  // --- Producers: cooperatives, a cooperative group, farmer professional groups ---
  {
    key: 'htxCheCaoBo',
    kind: 'cooperative',
    name: 'HTX Chè Shan tuyết Cao Bồ',
    registrationCode: '9801000101',
    address: 'Thôn Lùng Tao, xã Cao Bồ, huyện Vân Sơn, tỉnh Sơn Lâm',
    commune: 'Xã Cao Bồ',
    contactName: 'Triệu Văn Phấn',
    contactPhone: '0912 000 101',
    contactEmail: 'htxchecaobo@sonlam.example',
    gln: withCheckDigit('893604512000'),
    parent: 'hndCaoBo',
  },
  {
    key: 'chiHoiCheCaoBo',
    kind: 'farmer_professional_group',
    name: 'Chi hội nông dân nghề nghiệp chè Shan tuyết Cao Bồ',
    registrationCode: '12/QĐ-HNDCB',
    address: 'Thôn Tham Vè, xã Cao Bồ, huyện Vân Sơn, tỉnh Sơn Lâm',
    commune: 'Xã Cao Bồ',
    contactName: 'Đặng Thị Mẩy',
    contactPhone: '0912 000 102',
    contactEmail: 'chihoiche.caobo@sonlam.example',
    gln: null,
    parent: 'hndCaoBo',
  },
  {
    key: 'htxNnThuongSon',
    kind: 'cooperative',
    name: 'HTX Nông nghiệp Thượng Sơn',
    registrationCode: '9801000103',
    address: 'Thôn Bản Bó, xã Thượng Sơn, huyện Vân Sơn, tỉnh Sơn Lâm',
    commune: 'Xã Thượng Sơn',
    contactName: 'Nguyễn Thị Hạnh',
    contactPhone: '0912 000 103',
    contactEmail: 'htxnn.thuongson@sonlam.example',
    gln: withCheckDigit('893604513000'),
    parent: 'hndThuongSon',
  },
  {
    key: 'toHoiCamThuongSon',
    kind: 'farmer_professional_group',
    name: 'Tổ hội nông dân nghề nghiệp trồng cam sành Thượng Sơn',
    registrationCode: '07/QĐ-HNDTS',
    address: 'Thôn Khuổi Luông, xã Thượng Sơn, huyện Vân Sơn, tỉnh Sơn Lâm',
    commune: 'Xã Thượng Sơn',
    contactName: 'Hoàng Văn Lợi',
    contactPhone: '0912 000 104',
    contactEmail: 'tohoicam.thuongson@sonlam.example',
    gln: null,
    parent: 'hndThuongSon',
  },
  {
    key: 'htxMatOngBacHa',
    kind: 'cooperative',
    name: 'HTX Mật ong Bạc Hà Lũng Mây',
    registrationCode: '9801000105',
    address: 'Thôn Sà Phìn, xã Lũng Mây, huyện Hà Lâm, tỉnh Sơn Lâm',
    commune: 'Xã Lũng Mây',
    contactName: 'Vàng Seo Lử',
    contactPhone: '0912 000 105',
    contactEmail: 'matongbacha.lungmay@sonlam.example',
    gln: withCheckDigit('893604514000'),
    parent: 'hndLungMay',
  },
  {
    key: 'htxThoCamLungMay',
    kind: 'cooperative',
    name: 'HTX Dệt thổ cẩm lanh Lũng Mây',
    registrationCode: '9801000106',
    address: 'Thôn Lao Xa, xã Lũng Mây, huyện Hà Lâm, tỉnh Sơn Lâm',
    commune: 'Xã Lũng Mây',
    contactName: 'Sùng Thị Mỷ',
    contactPhone: '0912 000 106',
    contactEmail: 'thocam.lungmay@sonlam.example',
    gln: null,
    parent: 'hndLungMay',
  },
  {
    key: 'thtMienDongNaSon',
    kind: 'cooperative_group',
    name: 'Tổ hợp tác Miến dong Nà Sơn',
    registrationCode: '02/THT-UBND-NS',
    address: 'Thôn Nà Pàn, xã Nà Sơn, huyện Hà Lâm, tỉnh Sơn Lâm',
    commune: 'Xã Nà Sơn',
    contactName: 'Ma Thị Thu',
    contactPhone: '0912 000 107',
    contactEmail: 'miendong.nason@sonlam.example',
    gln: withCheckDigit('893604515000'),
    parent: 'hndNaSon',
  },
  {
    key: 'htxQueHoiPhucLam',
    kind: 'cooperative',
    name: 'HTX Quế hồi hữu cơ Phúc Lâm',
    registrationCode: '9801000108',
    address: 'Thôn Khe Cam, xã Phúc Lâm, huyện Phù Vân, tỉnh Sơn Lâm',
    commune: 'Xã Phúc Lâm',
    contactName: 'Bàn Văn Quý',
    contactPhone: '0912 000 108',
    contactEmail: 'quehoi.phuclam@sonlam.example',
    gln: null,
    parent: 'hndPhucLam',
  },
  {
    key: 'htxDuocLieuBanKhoan',
    kind: 'cooperative',
    name: 'HTX Dược liệu Bản Khoan',
    registrationCode: '9801000109',
    address: 'Thôn Nậm Khiêu, xã Bản Khoan, huyện Phù Vân, tỉnh Sơn Lâm',
    commune: 'Xã Bản Khoan',
    contactName: 'Lò Văn Chiến',
    contactPhone: '0912 000 109',
    contactEmail: 'duoclieu.bankhoan@sonlam.example',
    gln: null,
    parent: 'hndBanKhoan',
  },

  // --- Partners in the value chains: a buyer and a sales channel ---
  {
    key: 'ctyThuongMaiSonLam',
    kind: 'enterprise',
    name: 'Công ty Cổ phần Thương mại Sơn Lâm',
    registrationCode: '9800456120',
    address: 'Số 45 đường Nguyễn Trãi, phường Minh Khai, thành phố Sơn Lâm, tỉnh Sơn Lâm',
    commune: null,
    contactName: 'Phạm Minh Tuấn',
    contactPhone: '0212 3868 120',
    contactEmail: 'kinhdoanh@thuongmai.sonlam.example',
    gln: withCheckDigit('893604520000'),
    parent: null,
  },
  {
    key: 'ctyChuoiOcopSonLam',
    kind: 'enterprise',
    name: 'Công ty TNHH Chuỗi cửa hàng OCOP Sơn Lâm',
    registrationCode: '9800456121',
    address: 'Số 7 đường Lê Lợi, phường Nguyễn Trãi, thành phố Sơn Lâm, tỉnh Sơn Lâm',
    commune: null,
    contactName: 'Trần Thu Hương',
    contactPhone: '0212 3869 121',
    contactEmail: 'cuahang@ocop.sonlam.example',
    gln: withCheckDigit('893604521000'),
    parent: null,
  },
];

/** Registration codes of the demo producers and partners, by demo key (association units have none). */
export const DEMO_ORG_CODES: Readonly<Record<string, string>> = Object.fromEntries(
  DEMO_ORGANIZATIONS.filter((o) => o.registrationCode).map((o) => [o.key, o.registrationCode!]),
);
/** The producers only (cooperatives, cooperative groups, farmer professional groups). */
export const DEMO_COOPERATIVE_CODES: Readonly<Record<string, string>> = Object.fromEntries(
  DEMO_ORGANIZATIONS.filter((o) =>
    ['cooperative', 'cooperative_group', 'farmer_professional_group'].includes(o.kind),
  ).map((o) => [o.key, o.registrationCode!]),
);

async function seedOrganizations(ctx: DemoContext) {
  for (const o of DEMO_ORGANIZATIONS) {
    const parentId = o.parent ? ctx.organizations.get(o.parent)!.id : null;
    const org = await insertOrganization(ctx.tx, {
      kind: o.kind,
      associationLevel: o.associationLevel ?? null,
      name: o.name,
      registrationCode: o.registrationCode,
      address: o.address,
      province: DEMO_PROVINCE,
      commune: o.commune,
      contactName: o.contactName,
      contactPhone: o.contactPhone,
      contactEmail: o.contactEmail,
      gln: o.gln,
      parentId,
    });
    ctx.organizations.set(o.key, org);
    await ctx.audit('organization', org.id, org);
    ctx.counts.organizations++;
  }
}

// ============================================================================================
// Raw-material areas
// ============================================================================================

export interface DemoArea {
  code: string;
  name: string;
  operator: string;
  commune: string;
  location: AreaLocation;
  areaHa: number;
  crops: string[];
  households: number;
  plantingAreaCode: string | null;
  certifications: Certification[];
}

const QUACERT = 'Trung tâm Chứng nhận Phù hợp QUACERT';
const VINACERT = 'Công ty Cổ phần Chứng nhận và Giám định VinaCert';
const CONTROL_UNION = 'Công ty TNHH Control Union Việt Nam';
const CHI_CUC_CHAN_NUOI = 'Chi cục Chăn nuôi và Thú y tỉnh Sơn Lâm';
const SO_Y_TE = 'Sở Y tế tỉnh Sơn Lâm';

const point = (lon: number, lat: number): AreaLocation => ({ type: 'Point', coordinates: [lon, lat] });
/** A polygon from its vertices; the ring is closed by repeating the first position. */
const polygon = (...vertices: [number, number][]): AreaLocation => ({
  type: 'Polygon',
  coordinates: [[...vertices, vertices[0]!]],
});

export const DEMO_AREAS: readonly DemoArea[] = [
  // --- Cao Bồ: Shan tuyết tea ---
  {
    code: 'VNL-CB-01',
    name: 'Vùng chè Shan tuyết cổ thụ thôn Lùng Tao',
    operator: 'htxCheCaoBo',
    commune: 'Xã Cao Bồ',
    location: polygon(
      [104.8712, 22.7431],
      [104.8771, 22.7425],
      [104.8783, 22.7468],
      [104.8746, 22.7489],
      [104.8705, 22.7472],
    ),
    areaHa: 38.6,
    crops: ['chè Shan tuyết'],
    households: 46,
    plantingAreaCode: 'VN-SL-CB-0001',
    certifications: [
      { scheme: 'organic', number: 'QCT-ORG-21-0417', issuer: QUACERT, validFrom: '2021-09-01', validTo: '2024-08-31' },
      { scheme: 'organic', number: 'QCT-ORG-24-0952', issuer: QUACERT, validFrom: '2024-09-01', validTo: '2027-08-31' },
    ],
  },
  {
    code: 'VNL-CB-02',
    name: 'Vùng chè Shan tuyết thôn Khuổi Nấng',
    operator: 'htxCheCaoBo',
    commune: 'Xã Cao Bồ',
    location: polygon([104.884, 22.7512], [104.8889, 22.7509], [104.8893, 22.7547], [104.8846, 22.7551]),
    areaHa: 24.2,
    crops: ['chè Shan tuyết'],
    households: 31,
    plantingAreaCode: null,
    certifications: [
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-25-03-58-0112',
        issuer: VINACERT,
        validFrom: '2025-03-10',
        validTo: '2028-03-09',
      },
    ],
  },
  {
    code: 'VNL-CB-03',
    name: 'Vùng chè Shan tuyết thôn Tham Vè',
    operator: 'chiHoiCheCaoBo',
    commune: 'Xã Cao Bồ',
    location: polygon(
      [104.8621, 22.7605],
      [104.8668, 22.7598],
      [104.8674, 22.763],
      [104.864, 22.7644],
      [104.8617, 22.7629],
    ),
    areaHa: 17.5,
    crops: ['chè Shan tuyết'],
    households: 22,
    plantingAreaCode: 'VN-SL-CB-0003',
    certifications: [
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-20-06-58-0031',
        issuer: QUACERT,
        validFrom: '2020-06-15',
        validTo: '2022-06-14',
      },
    ],
  },
  {
    code: 'VNL-CB-04',
    name: 'Vùng chè Shan tuyết thôn Lang Lù',
    operator: 'chiHoiCheCaoBo',
    commune: 'Xã Cao Bồ',
    location: point(104.8557, 22.7381),
    areaHa: 12.8,
    crops: ['chè Shan tuyết'],
    households: 19,
    plantingAreaCode: null,
    certifications: [],
  },
  // --- Thượng Sơn: sticky rice, maize, king oranges ---
  {
    code: 'VNL-TS-01',
    name: 'Cánh đồng nếp cái hoa vàng thôn Bản Bó',
    operator: 'htxNnThuongSon',
    commune: 'Xã Thượng Sơn',
    location: polygon([104.8301, 22.6812], [104.8345, 22.6808], [104.8352, 22.6839], [104.8306, 22.6843]),
    areaHa: 15.3,
    crops: ['gạo nếp cái hoa vàng'],
    households: 28,
    plantingAreaCode: null,
    certifications: [
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-24-08-58-0077',
        issuer: VINACERT,
        validFrom: '2024-08-05',
        validTo: '2027-08-04',
      },
    ],
  },
  {
    code: 'VNL-TS-02',
    name: 'Vùng ngô tẻ vàng và nếp cái hoa vàng thôn Nà Lại',
    operator: 'htxNnThuongSon',
    commune: 'Xã Thượng Sơn',
    location: point(104.8418, 22.6745),
    areaHa: 9.6,
    crops: ['ngô tẻ vàng', 'gạo nếp cái hoa vàng'],
    households: 17,
    plantingAreaCode: null,
    certifications: [],
  },
  {
    code: 'VNL-TS-03',
    name: 'Vùng cam sành thôn Khuổi Luông',
    operator: 'toHoiCamThuongSon',
    commune: 'Xã Thượng Sơn',
    location: polygon(
      [104.8192, 22.6921],
      [104.8251, 22.6915],
      [104.8263, 22.6958],
      [104.822, 22.6977],
      [104.8186, 22.6955],
    ),
    areaHa: 32.4,
    crops: ['cam sành'],
    households: 35,
    plantingAreaCode: 'VN-SL-TS-0007',
    certifications: [
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-19-11-58-0009',
        issuer: QUACERT,
        validFrom: '2019-11-01',
        validTo: '2021-10-31',
      },
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-22-12-58-0145',
        issuer: QUACERT,
        validFrom: '2022-12-01',
        validTo: '2025-11-30',
      },
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-25-11-58-0311',
        issuer: QUACERT,
        validFrom: '2025-12-01',
        validTo: '2028-11-30',
      },
    ],
  },
  {
    code: 'VNL-TS-04',
    name: 'Vùng cam sành thôn Nặm Ngặt',
    operator: 'toHoiCamThuongSon',
    commune: 'Xã Thượng Sơn',
    location: polygon([104.8075, 22.6702], [104.8128, 22.6698], [104.8134, 22.6741], [104.8081, 22.6745]),
    areaHa: 26.1,
    crops: ['cam sành'],
    households: 27,
    plantingAreaCode: 'VN-SL-TS-0008',
    certifications: [
      {
        scheme: 'globalgap',
        number: 'GGN 4063061912458',
        issuer: CONTROL_UNION,
        validFrom: '2025-01-15',
        validTo: '2028-01-14',
      },
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-25-03-58-0120',
        issuer: QUACERT,
        validFrom: '2025-03-01',
        validTo: '2028-02-29',
      },
    ],
  },
  // A new garden of the cooperative itself, not (yet) part of the orange value-chain model.
  {
    code: 'VNL-TS-05',
    name: 'Vườn cam sành mới thôn Bản Bó',
    operator: 'htxNnThuongSon',
    commune: 'Xã Thượng Sơn',
    location: point(104.8012, 22.6821),
    areaHa: 4.5,
    crops: ['cam sành'],
    households: 6,
    plantingAreaCode: null,
    certifications: [
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-26-06-58-0207',
        issuer: QUACERT,
        validFrom: '2026-06-01',
        validTo: '2029-05-31',
      },
    ],
  },
  // --- Lũng Mây: mint-flower honey, flax for brocade ---
  {
    code: 'VNL-LM-01',
    name: 'Điểm đặt đàn ong hoa bạc hà thôn Sà Phìn',
    operator: 'htxMatOngBacHa',
    commune: 'Xã Lũng Mây',
    location: point(105.2816, 23.0842),
    areaHa: 120,
    crops: ['mật ong hoa bạc hà'],
    households: 24,
    plantingAreaCode: null,
    certifications: [
      {
        scheme: 'other',
        number: '15/2024/GCN-ATDB',
        issuer: CHI_CUC_CHAN_NUOI,
        validFrom: '2024-07-01',
        validTo: '2029-06-30',
      },
    ],
  },
  {
    code: 'VNL-LM-02',
    name: 'Điểm đặt đàn ong hoa bạc hà thôn Phìn Sảng',
    operator: 'htxMatOngBacHa',
    commune: 'Xã Lũng Mây',
    location: point(105.2957, 23.0761),
    areaHa: 95,
    crops: ['mật ong hoa bạc hà'],
    households: 18,
    plantingAreaCode: null,
    certifications: [
      { scheme: 'organic', number: 'QCT-ORG-20-0188', issuer: QUACERT, validFrom: '2020-04-01', validTo: '2023-03-31' },
    ],
  },
  {
    code: 'VNL-LM-03',
    name: 'Vùng trồng lanh thôn Lao Xa',
    operator: 'htxThoCamLungMay',
    commune: 'Xã Lũng Mây',
    location: polygon([105.2702, 23.0915], [105.2731, 23.0912], [105.2735, 23.0936], [105.2706, 23.0939]),
    areaHa: 6.4,
    crops: ['lanh'],
    households: 42,
    plantingAreaCode: null,
    certifications: [],
  },
  {
    code: 'VNL-LM-04',
    name: 'Vùng trồng lanh và chàm thôn Sủng Tráng',
    operator: 'htxThoCamLungMay',
    commune: 'Xã Lũng Mây',
    location: point(105.2648, 23.1013),
    areaHa: 4.1,
    crops: ['lanh', 'chàm'],
    households: 26,
    plantingAreaCode: null,
    certifications: [],
  },
  // --- Nà Sơn: arrowroot (dong riềng) for glass noodles ---
  {
    code: 'VNL-NS-01',
    name: 'Vùng dong riềng thôn Nà Pàn',
    operator: 'thtMienDongNaSon',
    commune: 'Xã Nà Sơn',
    location: polygon(
      [105.4198, 22.9512],
      [105.4246, 22.9507],
      [105.4255, 22.9541],
      [105.4221, 22.9559],
      [105.4193, 22.954],
    ),
    areaHa: 21.7,
    crops: ['dong riềng'],
    households: 38,
    plantingAreaCode: null,
    certifications: [
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-25-02-58-0096',
        issuer: VINACERT,
        validFrom: '2025-02-20',
        validTo: '2028-02-19',
      },
    ],
  },
  {
    code: 'VNL-NS-02',
    name: 'Vùng dong riềng thôn Khuổi Khon',
    operator: 'thtMienDongNaSon',
    commune: 'Xã Nà Sơn',
    location: point(105.4312, 22.9436),
    areaHa: 14.9,
    crops: ['dong riềng'],
    households: 25,
    plantingAreaCode: null,
    certifications: [
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-21-03-58-0042',
        issuer: VINACERT,
        validFrom: '2021-03-01',
        validTo: '2023-02-28',
      },
    ],
  },
  // --- Phúc Lâm: cinnamon and star anise ---
  {
    code: 'VNL-PL-01',
    name: 'Rừng quế hữu cơ thôn Khe Cam',
    operator: 'htxQueHoiPhucLam',
    commune: 'Xã Phúc Lâm',
    location: polygon(
      [104.6172, 22.0498],
      [104.6265, 22.0489],
      [104.6281, 22.0556],
      [104.6219, 22.0583],
      [104.6166, 22.0551],
    ),
    areaHa: 86.5,
    crops: ['quế'],
    households: 53,
    plantingAreaCode: null,
    certifications: [
      { scheme: 'organic', number: 'QCT-ORG-24-0733', issuer: QUACERT, validFrom: '2024-10-01', validTo: '2027-09-30' },
    ],
  },
  {
    code: 'VNL-PL-02',
    name: 'Vùng quế và hồi thôn Làng Mỏ',
    operator: 'htxQueHoiPhucLam',
    commune: 'Xã Phúc Lâm',
    location: point(104.6338, 22.0412),
    areaHa: 47,
    crops: ['quế', 'hồi'],
    households: 31,
    plantingAreaCode: null,
    certifications: [
      { scheme: 'organic', number: 'QCT-ORG-19-0261', issuer: QUACERT, validFrom: '2019-10-01', validTo: '2022-09-30' },
    ],
  },
  // --- Bản Khoan: medicinal herbs ---
  {
    code: 'VNL-BK-01',
    name: 'Vùng giảo cổ lam thôn Nậm Khiêu',
    operator: 'htxDuocLieuBanKhoan',
    commune: 'Xã Bản Khoan',
    location: polygon([104.4512, 22.3021], [104.4548, 22.3018], [104.4553, 22.3047], [104.4517, 22.305]),
    areaHa: 8.3,
    crops: ['giảo cổ lam'],
    households: 21,
    plantingAreaCode: null,
    certifications: [
      { scheme: 'other', number: 'GACP-SL-2025-017', issuer: SO_Y_TE, validFrom: '2025-04-01', validTo: '2028-03-31' },
    ],
  },
  {
    code: 'VNL-BK-02',
    name: 'Vùng dược liệu dưới tán rừng thôn Pả Khoang',
    operator: 'htxDuocLieuBanKhoan',
    commune: 'Xã Bản Khoan',
    location: point(104.4436, 22.3105),
    areaHa: 11.2,
    crops: ['giảo cổ lam', 'cà gai leo'],
    households: 16,
    plantingAreaCode: null,
    certifications: [
      {
        scheme: 'vietgap',
        number: 'VietGAP-TT-23-06-58-0088',
        issuer: VINACERT,
        validFrom: '2023-06-15',
        validTo: '2026-06-14',
      },
    ],
  },
];

export const DEMO_AREA_CODES: readonly string[] = DEMO_AREAS.map((a) => a.code);

async function seedAreas(ctx: DemoContext) {
  for (const a of DEMO_AREAS) {
    const area = await insertArea(ctx.tx, {
      code: a.code,
      name: a.name,
      operatorId: ctx.organizations.get(a.operator)!.id,
      province: DEMO_PROVINCE,
      commune: a.commune,
      location: a.location,
      areaHa: a.areaHa,
      crops: a.crops,
      households: a.households,
      plantingAreaCode: a.plantingAreaCode,
      certifications: a.certifications,
    });
    ctx.areas.set(a.code, area);
    await ctx.audit('area', area.id, area);
    ctx.counts.areas++;
    ctx.counts.certifications += a.certifications.length;
  }
}

// ============================================================================================
// Supply contracts
// ============================================================================================

export interface DemoContract {
  area: string;
  cooperative: string;
  number: string;
  startsOn: string;
  endsOn: string;
  /** Recorded by the buyer and not yet confirmed by the area's side; the others are confirmed. */
  pending?: boolean;
}

/** Cooperatives buying from areas they do not operate: the farmer groups' confirmed, one still pending. */
export const DEMO_CONTRACTS: readonly DemoContract[] = [
  {
    area: 'VNL-CB-03',
    cooperative: 'htxCheCaoBo',
    number: '01/2022/HĐLK-CB',
    startsOn: '2022-03-01',
    endsOn: '2027-12-31',
  },
  // expired, then renewed
  {
    area: 'VNL-CB-04',
    cooperative: 'htxCheCaoBo',
    number: '02/2021/HĐLK-CB',
    startsOn: '2021-03-01',
    endsOn: '2023-02-28',
  },
  {
    area: 'VNL-CB-04',
    cooperative: 'htxCheCaoBo',
    number: '03/2023/HĐLK-CB',
    startsOn: '2023-03-01',
    endsOn: '2028-02-29',
  },
  {
    area: 'VNL-TS-03',
    cooperative: 'htxNnThuongSon',
    number: '05/2025/HĐLK-TS',
    startsOn: '2025-01-01',
    endsOn: '2029-12-31',
  },
  {
    area: 'VNL-TS-04',
    cooperative: 'htxNnThuongSon',
    number: '06/2025/HĐLK-TS',
    startsOn: '2025-01-01',
    endsOn: '2029-12-31',
  },
  // the buyer holds a contract for the tea of the farmers' group too
  {
    area: 'VNL-CB-03',
    cooperative: 'ctyThuongMaiSonLam',
    number: '11/2024/HĐMB-TMSL',
    startsOn: '2024-04-01',
    endsOn: '2028-03-31',
  },
  // Bản Khoan wants Phúc Lâm's organic cinnamon; Phúc Lâm has not confirmed (its operator sees it
  // waiting on the console's home page; stage 5 plants a harvest drawn under it)
  {
    area: 'VNL-PL-01',
    cooperative: 'htxDuocLieuBanKhoan',
    number: '04/2026/HĐLK-BK',
    startsOn: '2026-09-01',
    endsOn: '2029-08-31',
    pending: true,
  },
];

async function seedContracts(ctx: DemoContext) {
  for (const c of DEMO_CONTRACTS) {
    // The farmer groups' contracts were confirmed (by their commune association) when signed.
    const confirmation = c.pending
      ? null
      : {
          at: new Date(`${c.startsOn}T09:00:00+07:00`),
          by: { keyId: null, name: DEMO_ACTOR.name, role: DEMO_ACTOR.role, organizationId: null },
        };
    const contract = await insertContract(
      ctx.tx,
      {
        areaId: ctx.areas.get(c.area)!.id,
        cooperativeId: ctx.organizations.get(c.cooperative)!.id,
        number: c.number,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
      },
      confirmation,
    );
    ctx.contracts.set(c.number, contract);
    await ctx.audit('supply_contract', contract.id, contract);
    ctx.counts.contracts++;
  }
}

// ============================================================================================
// OCOP products and their rating history
// ============================================================================================

export interface DemoProduct {
  key: string;
  /** GTIN-13 under the owner's 893 company prefix, check digit included. */
  gtin13: string;
  nameVi: string;
  nameEn: string;
  ocopGroup: 1 | 2 | 3 | 4 | 5 | 6;
  ocopSubgroup: string;
  owner: string;
  shelfLifeDays: number | null;
  standards: string[];
  listings: Listing[];
  /** Oldest first. Decisions dated after the seeding day are skipped. */
  ratings: Omit<OcopRating, 'validUntil'>[];
}

const district = (stars: number, decisionNumber: string, decisionDate: string) => ({
  stars,
  decisionNumber,
  issuingLevel: 'district' as const,
  decisionDate,
});
const province = (stars: number, decisionNumber: string, decisionDate: string) => ({
  stars,
  decisionNumber,
  issuingLevel: 'province' as const,
  decisionDate,
});
const central = (stars: number, decisionNumber: string, decisionDate: string) => ({
  stars,
  decisionNumber,
  issuingLevel: 'central' as const,
  decisionDate,
});

const shop = (channel: 'Shopee' | 'Lazada' | 'Postmart' | 'Voso' | 'Tiki', path: string): Listing => {
  const host = {
    Shopee: 'shopee.vn',
    Lazada: 'www.lazada.vn',
    Postmart: 'postmart.vn',
    Voso: 'voso.vn',
    Tiki: 'tiki.vn',
  }[channel];
  return { channel, url: `https://${host}/${path}` };
};

// Groups and subgroups follow Decision 148/QĐ-TTg: (1) Thực phẩm, (2) Đồ uống, (3) Thảo dược,
// (4) Thủ công mỹ nghệ.
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  // --- HTX Chè Shan tuyết Cao Bồ (company prefix 893604512) ---
  {
    key: 'cheShanTuyetCoThu',
    gtin13: withCheckDigit('893604512001'),
    owner: 'htxCheCaoBo',
    nameVi: 'Chè Shan tuyết cổ thụ Cao Bồ',
    nameEn: 'Cao Bo ancient Shan tuyet green tea',
    ocopGroup: 1,
    ocopSubgroup: 'Chè và các sản phẩm từ chè',
    shelfLifeDays: 540,
    standards: ['TCCS 01:2023/HTXCB', 'QCVN 8-2:2011/BYT'],
    listings: [
      shop('Shopee', 'htxchecaobo/che-shan-tuyet-co-thu-cao-bo'),
      shop('Postmart', 'san-pham/che-shan-tuyet-co-thu-cao-bo'),
      shop('Tiki', 'che-shan-tuyet-co-thu-cao-bo-p10452'),
    ],
    ratings: [district(3, '2715/QĐ-UBND', '2020-09-15'), province(4, '1876/QĐ-UBND', '2024-10-18')],
  },
  {
    key: 'hongTraShanTuyet',
    gtin13: withCheckDigit('893604512002'),
    owner: 'htxCheCaoBo',
    nameVi: 'Hồng trà Shan tuyết Cao Bồ',
    nameEn: 'Cao Bo Shan tuyet black tea',
    ocopGroup: 1,
    ocopSubgroup: 'Chè và các sản phẩm từ chè',
    shelfLifeDays: 720,
    standards: ['TCCS 02:2023/HTXCB', 'TCVN 9740:2013'],
    listings: [
      shop('Shopee', 'htxchecaobo/hong-tra-shan-tuyet-cao-bo'),
      shop('Lazada', 'products/hong-tra-shan-tuyet-cao-bo-i2231'),
      shop('Voso', 'hong-tra-shan-tuyet-cao-bo'),
    ],
    ratings: [province(4, '1544/QĐ-UBND', '2022-08-10'), central(5, '5012/QĐ-BNN-KTHT', '2024-12-20')],
  },
  {
    key: 'bachTraShanTuyet',
    gtin13: withCheckDigit('893604512003'),
    owner: 'htxCheCaoBo',
    nameVi: 'Bạch trà Shan tuyết Cao Bồ',
    nameEn: 'Cao Bo Shan tuyet white tea',
    ocopGroup: 1,
    ocopSubgroup: 'Chè và các sản phẩm từ chè',
    shelfLifeDays: 720,
    standards: ['TCCS 03:2024/HTXCB'],
    listings: [shop('Shopee', 'htxchecaobo/bach-tra-shan-tuyet-cao-bo')],
    ratings: [province(3, '1103/QĐ-UBND', '2025-06-12')],
  },
  // --- HTX Nông nghiệp Thượng Sơn (893604513) ---
  {
    key: 'camSanhThuongSon',
    gtin13: withCheckDigit('893604513001'),
    owner: 'htxNnThuongSon',
    nameVi: 'Cam sành Thượng Sơn',
    nameEn: 'Thuong Son king orange',
    ocopGroup: 1,
    ocopSubgroup: 'Thực phẩm tươi sống',
    shelfLifeDays: 30,
    standards: ['TCVN 11892-1:2017', 'TCCS 01:2019/HTXTS'],
    listings: [shop('Postmart', 'san-pham/cam-sanh-thuong-son'), shop('Voso', 'cam-sanh-thuong-son')],
    ratings: [district(3, '3021/QĐ-UBND', '2019-11-05')], // expired; being re-rated under the 2025 model
  },
  {
    key: 'gaoNepCaiHoaVang',
    gtin13: withCheckDigit('893604513002'),
    owner: 'htxNnThuongSon',
    nameVi: 'Gạo nếp cái hoa vàng Thượng Sơn',
    nameEn: 'Thuong Son yellow-flower glutinous rice',
    ocopGroup: 1,
    ocopSubgroup: 'Thực phẩm thô, sơ chế',
    shelfLifeDays: 365,
    standards: ['TCCS 02:2021/HTXTS', 'TCVN 8368:2010'],
    listings: [shop('Postmart', 'san-pham/gao-nep-cai-hoa-vang-thuong-son')],
    ratings: [district(3, '2390/QĐ-UBND', '2021-10-20')], // expired
  },
  {
    key: 'nuocCotCamSanh',
    gtin13: withCheckDigit('893604513003'),
    owner: 'htxNnThuongSon',
    nameVi: 'Nước cốt cam sành Thượng Sơn',
    nameEn: 'Thuong Son king orange juice',
    ocopGroup: 2,
    ocopSubgroup: 'Đồ uống không cồn',
    shelfLifeDays: 180,
    standards: ['TCCS 03:2025/HTXTS', 'QCVN 6-2:2010/BYT'],
    listings: [],
    ratings: [], // new product, not yet rated
  },
  {
    key: 'ruouNgoMenLa',
    gtin13: withCheckDigit('893604513004'),
    owner: 'htxNnThuongSon',
    nameVi: 'Rượu ngô men lá Thượng Sơn',
    nameEn: 'Thuong Son leaf-yeast corn liquor',
    ocopGroup: 2,
    ocopSubgroup: 'Đồ uống có cồn',
    shelfLifeDays: null,
    standards: ['TCCS 04:2022/HTXTS', 'QCVN 6-3:2010/BYT'],
    listings: [shop('Shopee', 'htxnnthuongson/ruou-ngo-men-la-thuong-son')],
    ratings: [province(3, '1422/QĐ-UBND', '2024-07-19')],
  },
  // --- HTX Mật ong Bạc Hà Lũng Mây (893604514) ---
  {
    key: 'matOngHoaBacHa',
    gtin13: withCheckDigit('893604514001'),
    owner: 'htxMatOngBacHa',
    nameVi: 'Mật ong hoa bạc hà Lũng Mây',
    nameEn: 'Lung May mint-flower honey',
    ocopGroup: 1,
    ocopSubgroup: 'Thực phẩm thô, sơ chế',
    shelfLifeDays: 730,
    standards: ['TCVN 5267-1:2008', 'TCCS 01:2020/HTXMO'],
    listings: [
      shop('Shopee', 'matongbacha/mat-ong-hoa-bac-ha-lung-may'),
      shop('Lazada', 'products/mat-ong-hoa-bac-ha-lung-may-i3317'),
      shop('Tiki', 'mat-ong-hoa-bac-ha-lung-may-p20871'),
      shop('Postmart', 'san-pham/mat-ong-hoa-bac-ha-lung-may'),
    ],
    ratings: [district(3, '1987/QĐ-UBND', '2021-06-10'), province(4, '1455/QĐ-UBND', '2024-07-26')],
  },
  {
    key: 'phanHoaBacHa',
    gtin13: withCheckDigit('893604514002'),
    owner: 'htxMatOngBacHa',
    nameVi: 'Phấn hoa bạc hà Lũng Mây',
    nameEn: 'Lung May mint bee pollen',
    ocopGroup: 1,
    ocopSubgroup: 'Thực phẩm chế biến',
    shelfLifeDays: 365,
    standards: ['TCCS 02:2024/HTXMO'],
    listings: [shop('Voso', 'phan-hoa-bac-ha-lung-may')],
    ratings: [],
  },
  // --- Tổ hợp tác Miến dong Nà Sơn (893604515) ---
  {
    key: 'mienDongNaSon',
    gtin13: withCheckDigit('893604515001'),
    owner: 'thtMienDongNaSon',
    nameVi: 'Miến dong Nà Sơn',
    nameEn: 'Na Son arrowroot glass noodles',
    ocopGroup: 1,
    ocopSubgroup: 'Thực phẩm chế biến',
    shelfLifeDays: 365,
    standards: ['TCCS 01:2021/THTNS', 'QCVN 8-2:2011/BYT'],
    listings: [
      shop('Shopee', 'miendongnason/mien-dong-na-son'),
      shop('Postmart', 'san-pham/mien-dong-na-son'),
      shop('Voso', 'mien-dong-na-son'),
    ],
    ratings: [district(3, '1218/QĐ-UBND', '2021-04-08'), province(3, '1731/QĐ-UBND', '2024-09-12')],
  },
  {
    key: 'tinhBotDongRieng',
    gtin13: withCheckDigit('893604515002'),
    owner: 'thtMienDongNaSon',
    nameVi: 'Tinh bột dong riềng Nà Sơn',
    nameEn: 'Na Son arrowroot starch',
    ocopGroup: 1,
    ocopSubgroup: 'Thực phẩm thô, sơ chế',
    shelfLifeDays: 540,
    standards: ['TCCS 02:2019/THTNS'],
    listings: [],
    ratings: [district(3, '2254/QĐ-UBND', '2019-08-20')], // expired
  },
  // --- HTX Quế hồi hữu cơ Phúc Lâm (893604516) ---
  {
    key: 'tinhDauQue',
    gtin13: withCheckDigit('893604516001'),
    owner: 'htxQueHoiPhucLam',
    nameVi: 'Tinh dầu quế Phúc Lâm',
    nameEn: 'Phuc Lam cinnamon essential oil',
    ocopGroup: 3,
    ocopSubgroup: 'Sản phẩm khác từ dược liệu',
    shelfLifeDays: 1095,
    standards: ['TCCS 01:2022/HTXQPL'],
    listings: [
      shop('Shopee', 'quehoiphuclam/tinh-dau-que-phuc-lam'),
      shop('Lazada', 'products/tinh-dau-que-phuc-lam-i4402'),
    ],
    ratings: [province(4, '2087/QĐ-UBND', '2024-11-05')],
  },
  {
    key: 'queThanh',
    gtin13: withCheckDigit('893604516002'),
    owner: 'htxQueHoiPhucLam',
    nameVi: 'Quế thanh hữu cơ Phúc Lâm',
    nameEn: 'Phuc Lam organic cinnamon sticks',
    ocopGroup: 1,
    ocopSubgroup: 'Gia vị',
    shelfLifeDays: 730,
    standards: ['TCCS 02:2023/HTXQPL', 'TCVN 11041-2:2017'],
    listings: [shop('Tiki', 'que-thanh-huu-co-phuc-lam-p30915')],
    ratings: [province(3, '0512/QĐ-UBND', '2025-03-14')],
  },
  // --- HTX Dược liệu Bản Khoan (893604517) ---
  {
    key: 'traGiaoCoLam',
    gtin13: withCheckDigit('893604517001'),
    owner: 'htxDuocLieuBanKhoan',
    nameVi: 'Trà giảo cổ lam túi lọc Bản Khoan',
    nameEn: 'Ban Khoan gynostemma herbal tea bags',
    ocopGroup: 3,
    ocopSubgroup: 'Trà thảo dược',
    shelfLifeDays: 730,
    standards: ['TCVN 7975:2008', 'TCCS 01:2022/HTXDLBK'],
    listings: [
      shop('Shopee', 'duoclieubankhoan/tra-giao-co-lam-tui-loc'),
      shop('Postmart', 'san-pham/tra-giao-co-lam-ban-khoan'),
    ],
    ratings: [province(3, '2301/QĐ-UBND', '2022-11-18'), province(4, '1689/QĐ-UBND', '2025-09-12')],
  },
  {
    key: 'caoGiaoCoLam',
    gtin13: withCheckDigit('893604517002'),
    owner: 'htxDuocLieuBanKhoan',
    nameVi: 'Cao giảo cổ lam Bản Khoan',
    nameEn: 'Ban Khoan gynostemma extract',
    ocopGroup: 3,
    ocopSubgroup: 'Thực phẩm chức năng, thuốc dược liệu, thuốc y học cổ truyền',
    shelfLifeDays: 730,
    standards: ['TCCS 02:2025/HTXDLBK'],
    listings: [],
    ratings: [],
  },
  // --- HTX Dệt thổ cẩm lanh Lũng Mây (893604518) ---
  {
    key: 'khanThoCamLanh',
    gtin13: withCheckDigit('893604518001'),
    owner: 'htxThoCamLungMay',
    nameVi: 'Khăn choàng thổ cẩm lanh Lũng Mây',
    nameEn: 'Lung May hemp-linen brocade scarf',
    ocopGroup: 4,
    ocopSubgroup: 'Thủ công mỹ nghệ, gia dụng',
    shelfLifeDays: null,
    standards: ['TCCS 01:2023/HTXTCLM'],
    listings: [
      shop('Shopee', 'thocamlungmay/khan-choang-tho-cam-lanh'),
      shop('Tiki', 'khan-choang-tho-cam-lanh-lung-may-p41120'),
    ],
    ratings: [province(3, '2190/QĐ-UBND', '2024-12-06')],
  },
  {
    key: 'tuiThoCamLanh',
    gtin13: withCheckDigit('893604518002'),
    owner: 'htxThoCamLungMay',
    nameVi: 'Túi xách thổ cẩm lanh Lũng Mây',
    nameEn: 'Lung May hemp-linen brocade handbag',
    ocopGroup: 4,
    ocopSubgroup: 'Thủ công mỹ nghệ, gia dụng',
    shelfLifeDays: null,
    standards: ['TCCS 02:2023/HTXTCLM'],
    listings: [shop('Shopee', 'thocamlungmay/tui-xach-tho-cam-lanh')],
    ratings: [province(3, '1934/QĐ-UBND', '2025-10-10')],
  },
];

export const DEMO_GTINS: Readonly<Record<string, string>> = Object.fromEntries(
  DEMO_PRODUCTS.map((p) => [p.key, `0${p.gtin13}`]),
);

async function seedProducts(ctx: DemoContext) {
  for (const p of DEMO_PRODUCTS) {
    const product = await insertProduct(ctx.tx, {
      gtin: `0${p.gtin13}`,
      nameVi: p.nameVi,
      nameEn: p.nameEn,
      ocopGroup: p.ocopGroup,
      ocopSubgroup: p.ocopSubgroup,
      ownerId: ctx.organizations.get(p.owner)!.id,
      shelfLifeDays: p.shelfLifeDays,
      standards: p.standards,
      imageUrl: null,
      listings: p.listings.map((l) => datedListing(l, ctx.today)),
    });
    await ctx.audit('product', product.id, product);
    ctx.counts.products++;
    ctx.counts.listings += p.listings.length;
    for (const r of p.ratings) {
      if (r.decisionDate > ctx.today) continue; // a decision cannot lie in the future
      const rating = await insertRating(ctx.tx, product.id, r);
      await ctx.audit('ocop_rating', rating.id, { productId: product.id, ...rating });
      ctx.counts.ratings++;
    }
    ctx.products.set(p.key, product);
  }
}

// ============================================================================================
// Value-chain models: the four of the provincial programme, one a year 2022–2025
// ============================================================================================

export interface DemoModel {
  slug: string;
  name: string;
  yearFounded: number;
  description: string;
  lead: string;
  members: { org: string; role: ModelInput['members'][number]['role'] }[];
  areas: string[];
  products: string[];
}

export const DEMO_MODELS: readonly DemoModel[] = [
  {
    slug: 'che-shan-tuyet-cao-bo',
    name: 'Mô hình liên kết chuỗi giá trị chè Shan tuyết Cao Bồ',
    yearFounded: 2022,
    description:
      'Mô hình liên kết các hộ trồng chè Shan tuyết cổ thụ ở xã Cao Bồ với HTX Chè Shan tuyết Cao Bồ, đơn vị thu mua búp tươi và chế biến. ' +
      'Chi hội nông dân nghề nghiệp chè cung ứng nguyên liệu theo hợp đồng; Công ty Cổ phần Thương mại Sơn Lâm bao tiêu và phân phối sản phẩm. ' +
      'Vùng nguyên liệu được chứng nhận hữu cơ và VietGAP, sản phẩm được truy xuất nguồn gốc đến từng lô.',
    lead: 'htxCheCaoBo',
    members: [
      { org: 'htxCheCaoBo', role: 'producer' },
      { org: 'htxCheCaoBo', role: 'processor' },
      { org: 'chiHoiCheCaoBo', role: 'producer' },
      { org: 'ctyThuongMaiSonLam', role: 'buyer' },
      { org: 'ctyThuongMaiSonLam', role: 'distributor' },
      { org: 'ctyChuoiOcopSonLam', role: 'sales_channel' },
    ],
    areas: ['VNL-CB-01', 'VNL-CB-02', 'VNL-CB-03', 'VNL-CB-04'],
    products: ['cheShanTuyetCoThu', 'hongTraShanTuyet', 'bachTraShanTuyet'],
  },
  {
    slug: 'mien-dong-na-son',
    name: 'Mô hình liên kết chuỗi giá trị miến dong Nà Sơn',
    yearFounded: 2023,
    description:
      'Tổ hợp tác Miến dong Nà Sơn tổ chức cho hội viên trồng dong riềng theo quy trình VietGAP, thu mua củ và chế biến tinh bột, miến dong. ' +
      'Sản phẩm được Công ty Cổ phần Thương mại Sơn Lâm bao tiêu và bán qua chuỗi cửa hàng OCOP của tỉnh cùng các sàn thương mại điện tử.',
    lead: 'thtMienDongNaSon',
    members: [
      { org: 'thtMienDongNaSon', role: 'producer' },
      { org: 'thtMienDongNaSon', role: 'processor' },
      { org: 'ctyThuongMaiSonLam', role: 'buyer' },
      { org: 'ctyChuoiOcopSonLam', role: 'sales_channel' },
    ],
    areas: ['VNL-NS-01', 'VNL-NS-02'],
    products: ['mienDongNaSon', 'tinhBotDongRieng'],
  },
  {
    slug: 'mat-ong-bac-ha-lung-may',
    name: 'Mô hình liên kết chuỗi giá trị mật ong bạc hà Lũng Mây',
    yearFounded: 2024,
    description:
      'HTX Mật ong Bạc Hà Lũng Mây liên kết các hộ nuôi ong nội trên cao nguyên đá, đặt đàn theo mùa hoa bạc hà và thu mua toàn bộ mật. ' +
      'HTX lọc, đóng chai và ghi nhật ký thu hoạch cho từng điểm đặt đàn; doanh nghiệp thương mại của tỉnh phân phối sản phẩm ra thị trường trong và ngoài tỉnh.',
    lead: 'htxMatOngBacHa',
    members: [
      { org: 'htxMatOngBacHa', role: 'producer' },
      { org: 'htxMatOngBacHa', role: 'processor' },
      { org: 'ctyThuongMaiSonLam', role: 'distributor' },
      { org: 'ctyChuoiOcopSonLam', role: 'sales_channel' },
    ],
    areas: ['VNL-LM-01', 'VNL-LM-02'],
    products: ['matOngHoaBacHa', 'phanHoaBacHa'],
  },
  {
    slug: 'cam-sanh-thuong-son',
    name: 'Mô hình liên kết chuỗi giá trị cam sành Thượng Sơn',
    yearFounded: 2025,
    description:
      'Tổ hội nông dân nghề nghiệp trồng cam sành Thượng Sơn cung ứng quả theo hợp đồng cho HTX Nông nghiệp Thượng Sơn, đơn vị sơ chế, đóng gói và chế biến nước cốt cam. ' +
      'Mô hình hướng tới đánh giá lại sản phẩm cam sành đạt OCOP cấp tỉnh và mở rộng tiêu thụ qua các sàn thương mại điện tử.',
    lead: 'htxNnThuongSon',
    members: [
      { org: 'toHoiCamThuongSon', role: 'producer' },
      { org: 'htxNnThuongSon', role: 'processor' },
      { org: 'htxNnThuongSon', role: 'distributor' },
      { org: 'ctyThuongMaiSonLam', role: 'buyer' },
      { org: 'ctyChuoiOcopSonLam', role: 'sales_channel' },
    ],
    areas: ['VNL-TS-03', 'VNL-TS-04'],
    products: ['camSanhThuongSon', 'nuocCotCamSanh'],
  },
];

export const DEMO_MODEL_SLUGS: readonly string[] = DEMO_MODELS.map((m) => m.slug);

async function seedModels(ctx: DemoContext) {
  for (const m of DEMO_MODELS) {
    const model = await insertModel(ctx.tx, {
      slug: m.slug,
      name: m.name,
      yearFounded: m.yearFounded,
      description: m.description,
      leadCooperativeId: ctx.organizations.get(m.lead)!.id,
      status: 'active',
      members: m.members.map((x) => ({ organizationId: ctx.organizations.get(x.org)!.id, role: x.role })),
      areaIds: m.areas.map((code) => ctx.areas.get(code)!.id),
      productIds: m.products.map((key) => ctx.products.get(key)!.id),
    });
    ctx.models.set(m.slug, model);
    await ctx.audit('value_chain_model', model.id, model);
    ctx.counts.models++;
  }
}

// ============================================================================================
// Running it
// ============================================================================================

/** How many records of each kind the demo created; later stages add their own kinds. */
export interface DemoCounts {
  organizations: number;
  areas: number;
  certifications: number;
  contracts: number;
  products: number;
  listings: number;
  ratings: number;
  models: number;
  [kind: string]: number;
}

/** Everything created so far, by demo key (organizations), code (areas), number (contracts), key (products), slug (models). */
export interface DemoContext {
  tx: Tx;
  /** opts.clock() when seeding started; audit entries carry it. */
  now: Date;
  /** YYYY-MM-DD (UTC) of opts.clock(). */
  today: string;
  keyring: Keyring | null;
  /** Hashes the demo console users' password; without it no users are seeded. */
  passwords: PasswordHasher | null;
  organizations: Map<string, Organization>;
  areas: Map<string, Area>;
  contracts: Map<string, SupplyContract>;
  products: Map<string, Product>;
  models: Map<string, ValueChainModel>;
  counts: DemoCounts;
  audit(entity: string, entityId: string, after: unknown): Promise<void>;
}

export class DemoDataPresentError extends Error {
  constructor() {
    super(
      `demo data already present (a value-chain model with the slug "${DEMO_MODEL_SLUGS[0]}" exists); nothing was loaded`,
    );
    this.name = 'DemoDataPresentError';
  }
}

/** Some records carry the demo codes although the demo itself is not there: refuse rather than fail half-way. */
export class DemoDataConflictError extends Error {
  constructor(readonly conflicts: string[]) {
    super(`cannot load the demo data: the database already holds ${conflicts.join(', ')}; nothing was loaded`);
    this.name = 'DemoDataConflictError';
  }
}

/** True when the demo has been loaded: the first demo model exists. */
export async function demoDataPresent(db: Db): Promise<boolean> {
  return (await getModelBySlug(db, DEMO_MODEL_SLUGS[0]!)) !== null;
}

function demoConflicts(db: Db): Promise<string[]> {
  return recordsHoldingCodes(db, {
    registrationCodes: Object.values(DEMO_ORG_CODES),
    glns: DEMO_ORGANIZATIONS.flatMap((o) => (o.gln ? [o.gln] : [])),
    areaCodes: [...DEMO_AREA_CODES],
    gtins: Object.values(DEMO_GTINS),
    modelSlugs: [...DEMO_MODEL_SLUGS],
  });
}

/** Guards against editing mistakes in the tables above: identifiers, geometry, rating rules, references. */
export function demoDataProblems(): string[] {
  const out: string[] = [];
  const orgKeys = new Set<string>();
  for (const o of DEMO_ORGANIZATIONS) {
    if (o.parent && !orgKeys.has(o.parent)) out.push(`organization ${o.key}: parent ${o.parent} must come first`);
    if (o.gln && !(/^893[0-9]{10}$/.test(o.gln) && hasValidCheckDigit(o.gln)))
      out.push(`organization ${o.key}: bad GLN ${o.gln}`);
    orgKeys.add(o.key);
  }
  for (const a of DEMO_AREAS) {
    if (!orgKeys.has(a.operator)) out.push(`area ${a.code}: unknown operator ${a.operator}`);
    for (const p of locationProblems(a.location)) out.push(`area ${a.code}: ${p.message}`);
  }
  for (const p of DEMO_PRODUCTS) {
    if (!(/^893[0-9]{10}$/.test(p.gtin13) && hasValidCheckDigit(p.gtin13)))
      out.push(`product ${p.key}: bad GTIN ${p.gtin13}`);
    if (!orgKeys.has(p.owner)) out.push(`product ${p.key}: unknown owner ${p.owner}`);
    for (const r of p.ratings) {
      if (r.stars === 5 && r.issuingLevel !== 'central') out.push(`product ${p.key}: 5★ must be central`);
      if (r.stars < 3) out.push(`product ${p.key}: demo ratings are 3–5★`);
    }
  }
  return out;
}

/**
 * Loads the demo province in one transaction and returns how many records of each kind it created.
 * Throws DemoDataPresentError when the demo is already loaded, DemoDataConflictError when other
 * records use the demo's codes; in both cases nothing is written.
 */
export interface SeedDemoOptions {
  clock: () => Date;
  /** Signs the demo batch records; without it only the registry is seeded. */
  keyring?: Keyring;
  /** PUBLIC_BASE_URL: the origin printed into the demo stamps' QR codes. */
  baseUrl?: string;
  /** Hashes the demo console users' password; without it no console users are seeded. */
  passwords?: PasswordHasher;
  /** Told as each stage starts: its number (from 1), how many there are, and what it loads. */
  onProgress?: (step: { done: number; total: number; stage: string }) => void;
  /** The image codecs: with them every demo product gets a picture drawn for it (src/demo/pictures.ts). */
  photos?: ImageCodecs;
}

export async function seedDemo(sql: Sql, opts: SeedDemoOptions): Promise<DemoCounts> {
  const problems = demoDataProblems();
  if (problems.length) throw new Error(`the demo data tables are inconsistent: ${problems.join('; ')}`);
  const now = opts.clock();
  const today = vietnamToday(now);
  return sql.begin(async (tx) => {
    await lockDemoSeed(tx);
    if (await demoDataPresent(tx)) throw new DemoDataPresentError();
    const conflicts = await demoConflicts(tx);
    if (conflicts.length) throw new DemoDataConflictError(conflicts);

    const ctx: DemoContext = {
      tx,
      now,
      today,
      keyring: opts.keyring ?? null,
      passwords: opts.passwords ?? null,
      organizations: new Map(),
      areas: new Map(),
      contracts: new Map(),
      products: new Map(),
      models: new Map(),
      counts: {
        organizations: 0,
        areas: 0,
        certifications: 0,
        contracts: 0,
        products: 0,
        listings: 0,
        ratings: 0,
        models: 0,
      },
      audit: (entity, entityId, after) =>
        recordAudit(tx, { actor: DEMO_ACTOR, action: 'create', entity, entityId, after, at: now }),
    };
    const baseUrl = opts.baseUrl ?? 'http://localhost:3000';
    // EPCIS identifiers of the demo records live under the same origin as its stamps
    await pinEpcisBaseUrl(tx, baseUrl);
    const stages: [string, () => Promise<unknown>][] = [
      ['organizations', () => seedOrganizations(ctx)],
      ['raw-material areas', () => seedAreas(ctx)],
      ['contracts', () => seedContracts(ctx)],
      ['products', () => seedProducts(ctx)],
      ['value-chain models', () => seedModels(ctx)],
      ['association activities and training', () => seedDemoProgrammePeople(ctx)],
      ['OCOP candidates', () => seedDemoPipeline(ctx)],
    ];
    // Batches are signed: without a keyring (registry-only callers) the stage is left out.
    if (ctx.keyring) {
      stages.push(
        ['batches', () => seedDemoBatches(ctx)],
        ['stamps', () => seedDemoStamps(ctx, baseUrl)],
        ['scans', () => seedDemoScans(ctx)],
        ['planted problems', () => seedDemoProblems(ctx, baseUrl)],
        ['buyers', () => seedDemoBuyers(ctx, baseUrl)],
      );
    }
    if (ctx.passwords) stages.push(['console users', () => seedDemoUsers(ctx)]);
    const photos = opts.photos;
    if (photos) stages.push(['product pictures', () => seedDemoPhotos(ctx, photos)]);
    for (const [i, [stage, load]] of stages.entries()) {
      opts.onProgress?.({ done: i + 1, total: stages.length, stage });
      await load();
    }
    return ctx.counts;
  }) as Promise<DemoCounts>;
}

/** A picture for every demo product, drawn in code and put through the upload pipeline. */
async function seedDemoPhotos(ctx: DemoContext, codecs: ImageCodecs) {
  ctx.counts.photos = 0;
  for (const [index, p] of DEMO_PRODUCTS.entries()) {
    const product = ctx.products.get(p.key)!;
    // a WebP file in (quality 92), so the stored copies are made exactly as from a cooperative's upload
    const file = await codecs.encodeWebp(drawDemoPicture(p.key, p.ocopGroup, index), 92);
    const prepared = await preparePhoto(codecs, file, 'image/webp');
    const photo = await insertPhoto(ctx.tx, product.id, prepared, {
      altVi: `Hình minh hoạ: ${p.nameVi}`,
      altEn: `Illustration: ${p.nameEn}`,
      main: true,
    });
    await ctx.audit('product_photo', photo.id, { productId: product.id, hash: photo.hash, demo: true });
    ctx.counts.photos++;
  }
}

/** Ids of the demo records in a database seeded earlier, by the same keys as DemoContext. */
export async function demoIds(db: Db) {
  const {
    organizations: orgs,
    areas: byCode,
    products: byGtin,
    models: bySlug,
  } = await demoRecords(db, {
    province: DEMO_PROVINCE,
    areaCodes: [...DEMO_AREA_CODES],
    gtins: Object.values(DEMO_GTINS),
    modelSlugs: [...DEMO_MODEL_SLUGS],
  });
  const organizations: Record<string, string> = {};
  for (const o of DEMO_ORGANIZATIONS) {
    const row = o.registrationCode
      ? orgs.find((r) => r.registrationCode === o.registrationCode)
      : orgs.find((r) => r.name === o.name && r.registrationCode === null);
    if (row) organizations[o.key] = row.id;
  }
  const products: Record<string, string> = {};
  for (const p of DEMO_PRODUCTS) {
    const row = byGtin.find((r) => r.gtin === `0${p.gtin13}`);
    if (row) products[p.key] = row.id;
  }
  return {
    organizations,
    areas: Object.fromEntries(byCode.map((r) => [r.code, r.id])) as Record<string, string>,
    products,
    models: Object.fromEntries(bySlug.map((r) => [r.slug, r.id])) as Record<string, string>,
  };
}
