// Targets (1) and (2) of the provincial scheme (Decision 615/QĐ-UBND): the association units'
// activities, the training courses and the people who should be trained. The kinds, topics and
// roles with their words in Vietnamese and English, shared by the API, the console and the report.

export const ACTIVITY_KINDS = ['communication', 'advice', 'support'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_WORDS: Record<ActivityKind, { vi: string; en: string }> = {
  communication: { vi: 'Tuyên truyền', en: 'Communication' },
  advice: { vi: 'Tư vấn', en: 'Advice' },
  support: { vi: 'Hỗ trợ', en: 'Support' },
};

/** The training topics the scheme lists (section III.2), and "other" with its own words. */
export const COURSE_TOPICS = [
  'ocop_ideas_plans',
  'founding_cooperatives',
  'running_ocop',
  'scoring_rating',
  'trademarks',
  'traceability',
  'dossiers',
  'marketing_ecommerce',
  'other',
] as const;
export type CourseTopic = (typeof COURSE_TOPICS)[number];

export const COURSE_TOPIC_WORDS: Record<CourseTopic, { vi: string; en: string }> = {
  ocop_ideas_plans: {
    vi: 'Ý tưởng sản phẩm OCOP, kế hoạch sản xuất kinh doanh',
    en: 'OCOP product ideas and business plans',
  },
  founding_cooperatives: {
    vi: 'Thành lập hợp tác xã, tổ hợp tác để liên kết sản xuất',
    en: 'Founding cooperatives and cooperative groups',
  },
  running_ocop: { vi: 'Triển khai và vận hành Chương trình OCOP', en: 'How the OCOP programme runs' },
  scoring_rating: {
    vi: 'Bộ tiêu chí chấm điểm, đánh giá và phân hạng sản phẩm OCOP',
    en: 'OCOP scoring criteria, assessment and rating',
  },
  trademarks: { vi: 'Xây dựng và bảo hộ nhãn hiệu hàng hóa', en: 'Building and protecting trademarks' },
  traceability: { vi: 'Truy xuất nguồn gốc sản phẩm', en: 'Product traceability' },
  dossiers: { vi: 'Hoàn thiện hồ sơ đánh giá, phân hạng', en: 'Completing the rating dossier' },
  marketing_ecommerce: {
    vi: 'Marketing, công nghệ thông tin và sàn thương mại điện tử',
    en: 'Marketing, IT and e-commerce platforms',
  },
  other: { vi: 'Chủ đề khác', en: 'Other topic' },
};

export const PERSON_ROLES = ['association_officer', 'cooperative_director', 'group_leader'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const PERSON_ROLE_WORDS: Record<PersonRole, { vi: string; en: string }> = {
  association_officer: { vi: 'Cán bộ Hội', en: 'Association officer' },
  cooperative_director: { vi: 'Giám đốc HTX', en: 'Cooperative director' },
  group_leader: { vi: 'Tổ trưởng, chi hội trưởng', en: 'Group leader' },
};

/** The organization kinds each role belongs to: officers to association units, the others to producers. */
export const PRODUCER_KINDS = ['cooperative', 'cooperative_group', 'farmer_professional_group'] as const;

export function roleFitsOrganization(role: PersonRole, kind: string): boolean {
  if (role === 'association_officer') return kind === 'association_unit';
  return (PRODUCER_KINDS as readonly string[]).includes(kind);
}

/** The first and last day of the programme period (PROGRAMME_FROM_YEAR..PROGRAMME_TO_YEAR). */
export function programmeWindow(from: number, to: number): { first: string; last: string } {
  return { first: `${from}-01-01`, last: `${to}-12-31` };
}

/** A share in whole percent, rounded down (100 only when every one counts); null when there is no one to count. */
export function percentOf(count: number, total: number): number | null {
  if (total === 0) return null;
  return Math.floor((count * 100) / total);
}
