// Demo seed, targets (1) and (2) of the provincial scheme: the association units' activities
// (a year of them in 2025, fewer units in the years before), one officer per unit (and one who
// left in 2023 without training), the directors and group leaders of the demo producers, and two
// training courses with their attendance. Chosen so that the report shows real shares, one target
// met in 2025 and the other not:
//   target (1), units with an activity: 2022 2/10, 2023 6/10, 2024 8/10, 2025 10/10 (met);
//   target (2), people trained: 2022 0/16, 2023 11/16, 2024 11/17, 2025 16/17 (not met: the
//   director of HTX Thổ cẩm Lũng Mây never attended).
// Records dated after the seeding day are skipped, like rating decisions (none is before 2025-06).
import type { DemoContext } from './seed';
import { insertActivity, insertAttendances, insertCourse, insertPerson } from '../db/programme-people-store';
import type { ActivityKind, CourseTopic, PersonRole } from '../domain/programme-people';

interface DemoActivity {
  unit: string;
  heldOn: string;
  kind: ActivityKind;
  topic: string;
  place: string;
  participants: number;
  members?: string[];
}

const a = (
  unit: string,
  heldOn: string,
  kind: ActivityKind,
  topic: string,
  place: string,
  participants: number,
  members: string[] = [],
): DemoActivity => ({ unit, heldOn, kind, topic, place, participants, members });

/** By year: which units were active is what targets (1) counts. */
export const DEMO_ACTIVITIES: readonly DemoActivity[] = [
  // 2022: the province and Cao Bồ only
  a(
    'hndTinh',
    '2022-05-18',
    'communication',
    'Phổ biến Đề án phát triển sản phẩm OCOP giai đoạn 2022–2025',
    'Hội trường Hội Nông dân tỉnh',
    120,
  ),
  a('hndCaoBo', '2022-09-07', 'advice', 'Tư vấn hồ sơ đánh giá, phân hạng sản phẩm chè', 'Nhà văn hóa xã Cao Bồ', 35, [
    'htxCheCaoBo',
  ]),
  // 2023: six units
  a(
    'hndTinh',
    '2023-03-22',
    'communication',
    'Chuyên mục OCOP trên Đài Phát thanh – Truyền hình tỉnh',
    'Đài PT-TH tỉnh Sơn Lâm',
    0,
  ),
  a(
    'hndCaoBo',
    '2023-06-14',
    'support',
    'Hỗ trợ hội viên xây dựng vùng chè Shan tuyết liên kết',
    'Thôn Khuổi Vầy, xã Cao Bồ',
    42,
    ['htxCheCaoBo', 'chiHoiCheCaoBo'],
  ),
  a(
    'hndVanSon',
    '2023-07-11',
    'communication',
    'Tuyên truyền liên kết sản xuất theo chuỗi giá trị',
    'Hội trường UBND huyện Vân Sơn',
    80,
  ),
  a(
    'hndThuongSon',
    '2023-08-25',
    'advice',
    'Tư vấn thành lập tổ hội nghề nghiệp trồng cam',
    'Nhà văn hóa xã Thượng Sơn',
    28,
    ['toHoiCamThuongSon'],
  ),
  a('hndLungMay', '2023-10-03', 'support', 'Hỗ trợ hợp tác xã mật ong tham gia hội chợ', 'Xã Lũng Mây', 15, [
    'htxMatOngBacHa',
  ]),
  a(
    'hndPhucLam',
    '2023-11-16',
    'communication',
    'Giới thiệu Chương trình OCOP cho hộ trồng quế',
    'Nhà văn hóa xã Phúc Lâm',
    55,
  ),
  // 2024: eight units (not Phù Vân nor Bản Khoan)
  a(
    'hndTinh',
    '2024-04-09',
    'communication',
    'Hội nghị sơ kết hai năm thực hiện Đề án',
    'Hội trường Hội Nông dân tỉnh',
    95,
  ),
  a('hndCaoBo', '2024-03-19', 'advice', 'Tư vấn đăng ký nhãn hiệu chè Shan tuyết Cao Bồ', 'Xã Cao Bồ', 20, [
    'htxCheCaoBo',
  ]),
  a('hndVanSon', '2024-05-21', 'support', 'Hỗ trợ kết nối tiêu thụ cam sành', 'Huyện Vân Sơn', 40, ['htxNnThuongSon']),
  a('hndThuongSon', '2024-06-27', 'support', 'Hỗ trợ hồ sơ xếp hạng rượu ngô men lá', 'Xã Thượng Sơn', 18, [
    'htxNnThuongSon',
  ]),
  a('hndLungMay', '2024-07-30', 'advice', 'Tư vấn truy xuất nguồn gốc mật ong và thổ cẩm', 'Xã Lũng Mây', 22, [
    'htxMatOngBacHa',
    'htxThoCamLungMay',
  ]),
  a('hndPhucLam', '2024-08-13', 'advice', 'Tư vấn hồ sơ đánh giá tinh dầu quế', 'Xã Phúc Lâm', 16, [
    'htxQueHoiPhucLam',
  ]),
  a(
    'hndHaLam',
    '2024-09-05',
    'communication',
    'Tuyên truyền sản phẩm OCOP trên sàn thương mại điện tử',
    'Huyện Hà Lâm',
    60,
  ),
  a('hndNaSon', '2024-10-22', 'support', 'Hỗ trợ tổ hợp tác miến dong đổi mới bao bì', 'Xã Nà Sơn', 12, [
    'thtMienDongNaSon',
  ]),
  // 2025: every unit, all before mid-year; a few more in the second half
  a('hndTinh', '2025-01-14', 'communication', 'Kế hoạch năm cuối của Đề án', 'Hội trường Hội Nông dân tỉnh', 110),
  a(
    'hndVanSon',
    '2025-02-18',
    'communication',
    'Tuyên truyền sắp xếp đơn vị hành chính và Hội cơ sở',
    'Huyện Vân Sơn',
    70,
  ),
  a('hndHaLam', '2025-02-25', 'advice', 'Tư vấn hợp tác xã chuyển đổi theo Luật Hợp tác xã 2023', 'Huyện Hà Lâm', 30),
  a(
    'hndPhuVan',
    '2025-03-06',
    'communication',
    'Giới thiệu Chương trình OCOP cho hội viên vùng quế, giảo cổ lam',
    'Huyện Phù Vân',
    65,
  ),
  a('hndCaoBo', '2025-03-12', 'support', 'Hỗ trợ in tem truy xuất cho chè Shan tuyết', 'Xã Cao Bồ', 14, [
    'htxCheCaoBo',
  ]),
  a('hndThuongSon', '2025-03-27', 'advice', 'Tư vấn hồ sơ xếp hạng lại cam sành', 'Xã Thượng Sơn', 19, [
    'htxNnThuongSon',
    'toHoiCamThuongSon',
  ]),
  a('hndLungMay', '2025-04-08', 'communication', 'Tuyên truyền nhãn hiệu thổ cẩm Lũng Mây', 'Xã Lũng Mây', 45),
  a('hndNaSon', '2025-04-17', 'advice', 'Tư vấn liên kết vùng nguyên liệu dong riềng', 'Xã Nà Sơn', 24, [
    'thtMienDongNaSon',
  ]),
  a('hndPhucLam', '2025-05-06', 'support', 'Hỗ trợ đưa tinh dầu quế lên sàn thương mại điện tử', 'Xã Phúc Lâm', 17, [
    'htxQueHoiPhucLam',
  ]),
  a('hndBanKhoan', '2025-05-22', 'support', 'Hỗ trợ hồ sơ đánh giá lại trà giảo cổ lam', 'Xã Bản Khoan', 21, [
    'htxDuocLieuBanKhoan',
  ]),
  a('hndTinh', '2025-08-19', 'support', 'Hỗ trợ các chủ thể OCOP tham gia hội chợ vùng', 'Trung tâm Hội chợ tỉnh', 150),
  a('hndCaoBo', '2025-10-07', 'communication', 'Tuyên truyền mùa chè Shan tuyết vụ thu', 'Xã Cao Bồ', 38),
  a('hndBanKhoan', '2025-11-11', 'advice', 'Tư vấn trồng giảo cổ lam dưới tán rừng', 'Xã Bản Khoan', 26),
];

interface DemoPerson {
  key: string;
  organization: string;
  fullName: string;
  role: PersonRole;
  phone: string | null;
  activeFrom: string;
  activeTo: string | null;
}

const officer = (
  key: string,
  unit: string,
  fullName: string,
  from = '2020-01-01',
  to: string | null = null,
): DemoPerson => ({
  key,
  organization: unit,
  fullName,
  role: 'association_officer',
  phone: null,
  activeFrom: from,
  activeTo: to,
});
const head = (key: string, org: string, fullName: string, role: PersonRole, phone: string): DemoPerson => ({
  key,
  organization: org,
  fullName,
  role,
  phone,
  activeFrom: '2019-01-01',
  activeTo: null,
});

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  officer('cbTinh', 'hndTinh', 'Nguyễn Văn Thành'),
  officer('cbVanSon', 'hndVanSon', 'Hoàng Văn Khởi'),
  officer('cbHaLam', 'hndHaLam', 'Lý Thị Dung'),
  // left in mid-2023 without having been trained: counted in 2022–2023 and in the period
  officer('cbHaLamPho', 'hndHaLam', 'Đinh Văn Lộc', '2019-03-01', '2023-06-30'),
  officer('cbPhuVan', 'hndPhuVan', 'Triệu Thị Mai'),
  officer('cbCaoBo', 'hndCaoBo', 'Nông Văn Tuấn'),
  officer('cbThuongSon', 'hndThuongSon', 'Phạm Thị Lan'),
  officer('cbLungMay', 'hndLungMay', 'Giàng A Páo'),
  officer('cbNaSon', 'hndNaSon', 'Hà Văn Sơn'),
  officer('cbPhucLam', 'hndPhucLam', 'Bàn Thị Xuân'),
  officer('cbBanKhoan', 'hndBanKhoan', 'Lò Thị Hoa'),
  head('gdCheCaoBo', 'htxCheCaoBo', 'Triệu Văn Phấn', 'cooperative_director', '0912 345 101'),
  head('gdThuongSon', 'htxNnThuongSon', 'Nguyễn Thị Hạnh', 'cooperative_director', '0912 345 102'),
  head('gdMatOng', 'htxMatOngBacHa', 'Vàng Seo Lử', 'cooperative_director', '0912 345 103'),
  head('gdThoCam', 'htxThoCamLungMay', 'Sùng Thị Mỷ', 'cooperative_director', '0912 345 104'),
  head('ttMienDong', 'thtMienDongNaSon', 'Ma Thị Thu', 'group_leader', '0912 345 105'),
  head('gdQueHoi', 'htxQueHoiPhucLam', 'Bàn Văn Quý', 'cooperative_director', '0912 345 106'),
  head('gdDuocLieu', 'htxDuocLieuBanKhoan', 'Lò Văn Chiến', 'cooperative_director', '0912 345 107'),
  // the farmer groups own no OCOP product: recorded, but not among those to be trained
  head('ttChiHoiChe', 'chiHoiCheCaoBo', 'Hoàng Văn Dũng', 'group_leader', '0912 345 108'),
  head('ttToHoiCam', 'toHoiCamThuongSon', 'Đặng Thị Nga', 'group_leader', '0912 345 109'),
];

interface DemoCourse {
  organiser: string;
  title: string;
  topic: CourseTopic;
  startsOn: string;
  endsOn: string;
  place: string;
  attendees: string[];
}

export const DEMO_COURSES: readonly DemoCourse[] = [
  {
    organiser: 'hndTinh',
    title: 'Tập huấn triển khai Chương trình OCOP cho cán bộ Hội và hợp tác xã',
    topic: 'running_ocop',
    startsOn: '2023-04-10',
    endsOn: '2023-04-12',
    place: 'Hội trường Hội Nông dân tỉnh Sơn Lâm',
    attendees: [
      'cbTinh',
      'cbVanSon',
      'cbHaLam',
      'cbPhuVan',
      'cbCaoBo',
      'cbThuongSon',
      'cbLungMay',
      'cbNaSon',
      'gdCheCaoBo',
      'gdThuongSon',
      'gdMatOng',
    ],
  },
  {
    organiser: 'hndTinh',
    title: 'Tập huấn truy xuất nguồn gốc và bán hàng trên sàn thương mại điện tử',
    topic: 'marketing_ecommerce',
    startsOn: '2025-05-20',
    endsOn: '2025-05-21',
    place: 'Trung tâm Khuyến nông tỉnh Sơn Lâm',
    attendees: ['cbPhucLam', 'cbBanKhoan', 'ttMienDong', 'gdQueHoi', 'gdDuocLieu', 'gdCheCaoBo', 'ttChiHoiChe'],
  },
];

export async function seedDemoProgrammePeople(ctx: DemoContext): Promise<void> {
  const org = (key: string) => {
    const o = ctx.organizations.get(key);
    if (!o) throw new TypeError(`demo programme data: unknown organization ${key}`);
    return o.id;
  };
  ctx.counts.activities = 0;
  ctx.counts.people = 0;
  ctx.counts.courses = 0;
  ctx.counts.attendances = 0;
  for (const x of DEMO_ACTIVITIES) {
    if (x.heldOn > ctx.today) continue;
    const activity = await insertActivity(ctx.tx, {
      unitId: org(x.unit),
      heldOn: x.heldOn,
      kind: x.kind,
      topic: x.topic,
      place: x.place,
      participants: x.participants,
      note: null,
      recordedBy: 'seed:demo',
      organizationIds: (x.members ?? []).map(org),
    });
    await ctx.audit('association_activity', activity.id, activity);
    ctx.counts.activities++;
  }
  const people = new Map<string, string>();
  for (const p of DEMO_PEOPLE) {
    const person = await insertPerson(ctx.tx, {
      organizationId: org(p.organization),
      fullName: p.fullName,
      role: p.role,
      phone: p.phone,
      activeFrom: p.activeFrom,
      activeTo: p.activeTo,
    });
    await ctx.audit('person', person.id, person);
    people.set(p.key, person.id);
    ctx.counts.people++;
  }
  for (const c of DEMO_COURSES) {
    if (c.endsOn > ctx.today) continue;
    const course = await insertCourse(ctx.tx, {
      organiserId: org(c.organiser),
      title: c.title,
      topic: c.topic,
      topicOther: null,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      place: c.place,
    });
    const ids = c.attendees.map((k) => {
      const id = people.get(k);
      if (!id) throw new TypeError(`demo course: unknown person ${k}`);
      return id;
    });
    await insertAttendances(ctx.tx, course.id, ids);
    await ctx.audit('training_course', course.id, { ...course, attendeeIds: ids });
    ctx.counts.courses++;
    ctx.counts.attendances += ids.length;
  }
}
