// On the demo province the link checks find exactly the problems the demo seed planted (see
// src/demo/problems.ts), one kind per rule at least, and nothing else.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { seedDemo } from '../../src/demo/seed';
import { RULES } from '../../src/checks/rules';
import type { Finding } from '../../src/checks/run';

let t: TestContext;
const NOW = new Date('2026-11-28T03:00:00Z');

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = NOW;
  await seedDemo(t.db.sql, { clock: () => NOW, keyring: t.keyring, baseUrl: 'https://trace.example.vn' });
});
afterAll(() => t.close());

it('finds the planted problems and nothing else', async () => {
  const summary = await json(t.call('POST', '/api/v1/checks/run', { key: t.keys.staff, body: {} }), 200);
  const items = (await json(t.call('GET', '/api/v1/findings?limit=200', { key: t.keys.staff }), 200))
    .items as Finding[];
  // each finding by its rule and the labels of the records it names (cooperative and product
  // left out unless nothing else is named)
  const label = (f: Finding) => {
    const specific = f.objects.filter((o) => o.kind !== 'cooperative' && o.kind !== 'product');
    return (specific.length ? specific : f.objects).map((o) => o.label).join(' / ');
  };
  const found = items.map((f) => `${f.rule} ${label(f)}`).sort();
  const serialOf = async (where: string) => {
    const [row] = await t.db.sql<
      { serial: string }[]
    >`select serial from fake_reports where message like ${`${where}%`}`;
    return row!.serial;
  };
  const copied = await serialOf('Mua ở chợ phiên');
  const guessed = await serialOf('Tem không có');
  const voided = await serialOf('Cửa hàng tạp hóa');
  const [run] = await t.db.sql<
    { seq: number }[]
  >`select seq from print_runs where lot_code = 'CS-260410' and ocop_stars = 3`;
  const [lapsedCopy] = await t.db.sql<{ lot: string }[]>`
    select r.lot_code as lot from stamps s join print_runs r on r.id = s.print_run_id where s.serial = ${copied}`;
  const [borrowed] = await t.db.sql<{ serial: string; seq: number; lot: string }[]>`
    select distinct s.serial, r.seq, r.lot_code as lot from scans x
      join stamps s on s.serial = x.serial join print_runs r on r.id = s.print_run_id
     where x.client_hash like 'demo-copyshop%'`;
  expect(found).toEqual(
    [
      'AREA_NOT_LINKED TGCL-261020 / TH-PL-02-20261015-TGCL / VNL-PL-02',
      'AREA_YIELD_CEILING VNL-BK-01',
      'CONTRACT_NOT_CONFIRMED TH-PL-01-20261104-TGCL / VNL-PL-01 / 04/2026/HĐLK-BK / TGCL-261110',
      'CERTIFICATION_NOT_HELD QT-260410 / TH-PL-02-20260403-QT / VNL-PL-02',
      'CERTIFICATION_NOT_HELD QT-260918 / TH-PL-02-20260910-QT / VNL-PL-02',
      `FAKE_REPORTED ${copied} / ${lapsedCopy!.lot}`,
      `FAKE_REPORTED ${guessed}`,
      `FAKE_REPORTED ${voided} / HTS-260918`,
      'HARVEST_LOT_UNUSED TH-TS-05-20261005-KD / VNL-TS-05',
      'MODEL_AREA_NOT_INCLUDED CS-261025 / Mô hình liên kết chuỗi giá trị cam sành Thượng Sơn / VNL-TS-05',
      'MODEL_WITHOUT_AREA Mô hình liên kết chuỗi giá trị quế hồi Phúc Lâm (đang xây dựng)',
      `OCOP_STARS_LAPSED #${run!.seq} / CS-260410`,
      `SCAN_OUTLIER ${copied} / #1 / CST-260410`,
      'STAMP_COUNT_MISMATCH TTCL-260918',
      `STAMP_ON_OTHER_PRODUCT ${borrowed!.serial} / #${borrowed!.seq} / ${borrowed!.lot}`,
      'UNKNOWN_SERIAL_RUN Chè Shan tuyết cổ thụ Cao Bồ',
      'YIELD_RATIO_IMPLAUSIBLE RNML-261012',
    ].sort(),
  );
  // every rule has at least one planted case
  expect(new Set(items.map((f) => f.rule))).toEqual(new Set(RULES.map((r) => r.code)));
  expect(summary).toMatchObject({ found: 17, new: 17 });
  // filtered by cooperative: the tea cooperative's are the stamp and scan findings
  const [teaKey] = await t.db.sql<
    { id: string }[]
  >`select id from organizations where name like 'HTX Chè Shan tuyết Cao Bồ%'`;
  const tea = (await json(t.call('GET', `/api/v1/findings?cooperativeId=${teaKey!.id}`, { key: t.keys.staff }), 200))
    .items as Finding[];
  expect(tea.map((f) => f.rule).sort()).toEqual([
    'FAKE_REPORTED',
    'FAKE_REPORTED',
    'FAKE_REPORTED',
    'SCAN_OUTLIER',
    'STAMP_ON_OTHER_PRODUCT',
    'UNKNOWN_SERIAL_RUN',
  ]);
});
