// Request bodies that pass validation, for tests to vary one field at a time.
import type { insertOrganization } from '../../src/db/organizations-store';
let n = 0;
const next = () => ++n;

export const areaBody = (operatorId: string, over: Record<string, unknown> = {}) => ({
  code: `VNL-T-${next()}`,
  name: 'Vùng chè Shan tuyết Cao Bồ',
  operatorId,
  province: 'Tỉnh Sơn Lâm',
  commune: 'Xã Cao Bồ',
  location: {
    type: 'Polygon',
    coordinates: [
      [
        [104.95, 22.71],
        [104.97, 22.71],
        [104.97, 22.73],
        [104.95, 22.73],
        [104.95, 22.71],
      ],
    ],
  },
  areaHa: 42.5,
  crops: ['chè Shan tuyết'],
  households: 37,
  certifications: [
    {
      scheme: 'vietgap',
      number: 'VG-2024-001',
      issuer: 'Trung tâm Chứng nhận QUACERT',
      validFrom: '2024-01-01',
      validTo: '2026-12-31',
    },
  ],
  ...over,
});

/** GTIN-13s with valid check digits under the Vietnamese prefix 893. */
export const GTINS = [
  '8930000000019',
  '8930000000026',
  '8930000000033',
  '8930000000040',
  '8930000000057',
  '8930000000064',
  '8930000000071',
  '8930000000088',
];

export const productBody = (ownerId: string, over: Record<string, unknown> = {}) => ({
  gtin: GTINS[next() % GTINS.length],
  nameVi: 'Chè Shan tuyết cổ thụ Cao Bồ',
  nameEn: 'Cao Bo ancient Shan tuyet tea',
  ocopGroup: 2,
  ocopSubgroup: 'Chè và sản phẩm từ chè',
  ownerId,
  shelfLifeDays: 540,
  standards: ['TCCS 01:2023/HTXCB'],
  listings: [{ channel: 'Shopee', url: 'https://shopee.vn/che-shan-tuyet-cao-bo' }],
  ...over,
});

type OrganizationRow = Parameters<typeof insertOrganization>[1];

/** A row for insertOrganization: in the test province, every optional field empty unless given. */
export const organizationRow = (
  row: Pick<OrganizationRow, 'kind' | 'name'> & Partial<OrganizationRow>,
): OrganizationRow => ({
  associationLevel: null,
  registrationCode: null,
  address: null,
  province: 'Tỉnh Thử nghiệm',
  commune: null,
  contactName: null,
  contactPhone: null,
  contactEmail: null,
  gln: null,
  parentId: null,
  ...row,
});
