// Demo seed, stage 5: the settings of the link checks and one planted problem for each rule
// that the earlier stages do not already show, so staff can see every kind of finding. On the
// demo data the checks find exactly these (test/checks/demo.test.ts):
//
//   AREA_NOT_LINKED          TGCL-261020 uses cinnamon from VNL-PL-02, with no contract with Phúc Lâm
//   CONTRACT_NOT_CONFIRMED   TGCL-261110 uses cinnamon from VNL-PL-01 under 04/2026/HĐLK-BK, which Phúc
//                            Lâm has not confirmed (the lot recorded before contracts needed confirming)
//   CERTIFICATION_NOT_HELD   QT-260410 and QT-260918: "organic" cinnamon from VNL-PL-02, whose organic
//                            certificate lapsed in 2022 (stage 1 and 2 data)
//   YIELD_RATIO_IMPLAUSIBLE  RNML-261012: 300 litres of corn spirit from 300 kg of corn
//   AREA_YIELD_CEILING       VNL-BK-01: a 40-tonne lot booked against 8.3 ha in the 2026 summer–autumn season
//   OCOP_STARS_LAPSED        a run of CS-260410 printed with 3 stars, the rating having lapsed in 2022
//   MODEL_AREA_NOT_INCLUDED  CS-261025 of the orange model uses VNL-TS-05, which the model leaves out
//   MODEL_WITHOUT_AREA       the cinnamon model, still being planned, has its product but no area
//   SCAN_OUTLIER, UNKNOWN_SERIAL_RUN, FAKE_REPORTED   the copied stamp, the serial guesser and the
//                            three reports of stage 4
//   STAMP_ON_OTHER_PRODUCT   a real serial of a black-tea stamp (HTS-260918) scanned under the Cao Bồ
//                            tea's address (stage 4: fake tea packs carrying a borrowed serial)
//   HARVEST_LOT_UNUSED       the first pick of the new garden VNL-TS-05 (stage 2, 5 October), never used
//   STAMP_COUNT_MISMATCH     24 stamps printed for TTCL-260918, a batch of 120 brocade bags
import { addDays } from '../domain/calendar';
import type { DemoContext } from './seed';
import { DEMO_ACTOR } from './seed';
import { DEMO_SUPPLY } from './batches';
import { insertHarvestLot, certificationsValidOn, type HarvestLot } from '../db/harvests-store';
import { getBatch, insertBatch, insertEvent, replaceInputs } from '../db/batches-store';
import { putCropCeiling, putYieldRange } from '../db/findings-store';
import { insertModel } from '../db/models-store';
import { insertPrintRun, changeStampStates } from '../db/print-runs-store';
import { getProduct } from '../db/products-store';
import { sealedBatchWithStars } from '../db/demo-store';
import { sealBatch } from '../sealing/seal';

/** Plausible harvests per hectare and season (fresh weight), for the demo areas' crops. */
export const DEMO_CROP_CEILINGS: Record<string, number> = {
  'chè Shan tuyết': 6,
  'gạo nếp cái hoa vàng': 7,
  'ngô tẻ vàng': 7,
  'cam sành': 25,
  lanh: 3,
  chàm: 20,
  'dong riềng': 40,
  quế: 12,
  hồi: 4,
  'giảo cổ lam': 4.5,
  'cà gai leo': 6,
};

export const DEMO_PLANTED = {
  unlinkedLot: 'TGCL-261020',
  unconfirmedLot: 'TGCL-261110',
  unconfirmedContract: '04/2026/HĐLK-BK',
  implausibleYieldLot: 'RNML-261012',
  outsideModelLot: 'CS-261025',
  lapsedStarsLot: 'CS-260410',
  fewStampsLot: 'TTCL-260918',
  ceilingArea: 'VNL-BK-01',
  outsideModelArea: 'VNL-TS-05',
  plannedModel: 'que-hoi-phuc-lam',
} as const;

export async function seedDemoProblems(ctx: DemoContext, baseUrl: string): Promise<void> {
  if (!ctx.keyring) throw new TypeError('seeding batches needs the keyring to sign their records');
  const { tx, now } = ctx;

  // Settings of the yield rules: each demo product's raw material per unit may vary by a fifth
  // around what its process takes; ceilings per crop as above.
  for (const plan of DEMO_SUPPLY) {
    await putYieldRange(tx, ctx.products.get(plan.product)!.id, round(plan.ratio * 0.8), round(plan.ratio * 1.25), now);
  }
  for (const [crop, t] of Object.entries(DEMO_CROP_CEILINGS)) await putCropCeiling(tx, crop, t, now);

  // A value-chain model being set up around the organic cinnamon, no area linked yet.
  const cinnamonModel = await insertModel(tx, {
    slug: DEMO_PLANTED.plannedModel,
    name: 'Mô hình liên kết chuỗi giá trị quế hồi Phúc Lâm (đang xây dựng)',
    yearFounded: 2026,
    description:
      'HTX Quế hồi Phúc Lâm đang chuẩn bị liên kết với các hộ trồng quế; vùng nguyên liệu sẽ được bổ sung sau khi ký hợp đồng.',
    leadCooperativeId: ctx.organizations.get('htxQueHoiPhucLam')!.id,
    status: 'planning',
    members: [{ organizationId: ctx.organizations.get('htxQueHoiPhucLam')!.id, role: 'producer' }],
    areaIds: [],
    productIds: [ctx.products.get('queThanh')!.id],
  });
  await ctx.audit('value_chain_model', cinnamonModel.id, cinnamonModel);

  const harvest = async (areaCode: string, coop: string, day: string, kg: number, tag: string): Promise<HarvestLot> => {
    const area = ctx.areas.get(areaCode)!;
    const lot = await insertHarvestLot(tx, {
      code: `TH-${areaCode.slice(4)}-${day.replaceAll('-', '')}-${tag}`,
      areaId: area.id,
      cooperativeId: ctx.organizations.get(coop)!.id,
      harvestedOn: day,
      quantity: kg,
      unit: 'kg',
      notes: null,
      certifications: await certificationsValidOn(tx, area.id, day),
    });
    await ctx.audit('harvest_lot', lot.id, lot);
    ctx.counts.harvestLots = (ctx.counts.harvestLots ?? 0) + 1;
    return lot;
  };

  const batch = async (
    productKey: string,
    lotCode: string,
    day: string,
    quantity: number,
    unit: 'kg' | 'litre',
    inputs: [HarvestLot, number][],
    opts: { model?: string } = {},
  ) => {
    const product = (await getProduct(tx, ctx.products.get(productKey)!.id))!;
    const coop = [...ctx.organizations.values()].find((o) => o.id === product.ownerId)!;
    const id = await insertBatch(tx, {
      productId: product.id,
      cooperativeId: product.ownerId,
      modelId: opts.model ? ctx.models.get(opts.model)!.id : null,
      lotCode,
      productionDate: day,
      packingDate: day,
      expiryDate: product.shelfLifeDays ? addDays(day, product.shelfLifeDays) : null,
      quantity,
      unit,
      standards: product.standards,
      testResults: [],
      carriesOcop: false,
    });
    await replaceInputs(
      tx,
      id,
      inputs.map(([lot, q]) => ({ harvestLotId: lot.id, quantity: q })),
    );
    await insertEvent(tx, id, {
      type: 'processing',
      occurredAt: `${day}T09:00:00+07:00`,
      placeOrganizationId: product.ownerId,
      placeAreaId: null,
      productCode: `(01)${product.gtin}(10)${lotCode}`,
      locationCode: coop.gln ? `(414)${coop.gln}` : `org:${coop.registrationCode ?? coop.id}`,
      recordedBy: coop.name,
      details: null,
    });
    await sealBatch(tx, ctx.keyring!, id, { ...DEMO_ACTOR }, new Date(`${addDays(day, 1)}T03:00:00Z`));
    await ctx.audit('batch', id, await getBatch(tx, id));
    ctx.counts.batches = (ctx.counts.batches ?? 0) + 1;
    ctx.counts.sealedBatches = (ctx.counts.sealedBatches ?? 0) + 1;
    return id;
  };

  if ('2026-10-20' <= ctx.today) {
    // Giảo cổ lam herbal tea with cinnamon bought from a Phúc Lâm area, with no supply contract;
    // its giảo cổ lam lot is booked at 40 tonnes against an 8.3-hectare area.
    const herb = await harvest('VNL-BK-01', 'htxDuocLieuBanKhoan', '2026-10-14', 40_000, 'TGCL');
    const bark = await harvest('VNL-PL-02', 'htxDuocLieuBanKhoan', '2026-10-15', 80, 'TGCL');
    await batch('traGiaoCoLam', DEMO_PLANTED.unlinkedLot, '2026-10-20', 60, 'kg', [
      [herb, 240],
      [bark, 60],
    ]);
  }
  if ('2026-11-10' <= ctx.today) {
    // The same tea with organic cinnamon from Phúc Lâm's Khe Cam forest, drawn under the contract
    // Bản Khoan recorded and Phúc Lâm never confirmed (the API would refuse this harvest today).
    const herb = await harvest('VNL-BK-02', 'htxDuocLieuBanKhoan', '2026-11-03', 70, 'TGCL');
    const bark = await harvest('VNL-PL-01', 'htxDuocLieuBanKhoan', '2026-11-04', 30, 'TGCL');
    await batch('traGiaoCoLam', DEMO_PLANTED.unconfirmedLot, '2026-11-10', 20, 'kg', [
      [herb, 70],
      [bark, 30],
    ]);
  }
  if ('2026-10-12' <= ctx.today) {
    // 300 litres of corn spirit from 300 kg of corn (it takes about three kilograms a litre).
    const corn = await harvest('VNL-TS-02', 'htxNnThuongSon', '2026-10-05', 320, 'RNML');
    await batch('ruouNgoMenLa', DEMO_PLANTED.implausibleYieldLot, '2026-10-12', 300, 'litre', [[corn, 300]]);
  }
  if ('2026-10-25' <= ctx.today) {
    // Oranges from a new garden of the cooperative, not (yet) part of the orange model.
    const oranges = await harvest(DEMO_PLANTED.outsideModelArea, 'htxNnThuongSon', '2026-10-22', 1100, 'CS');
    await batch('camSanhThuongSon', DEMO_PLANTED.outsideModelLot, '2026-10-25', 1000, 'kg', [[oranges, 1050]], {
      model: 'cam-sanh-thuong-son',
    });
  }

  // Old stamp stock with the lapsed 3-star mark, printed for the April oranges.
  // stars: those printed, or undefined for the stars of the rating in force (as the API prints)
  const runOf = async (lotCode: string, printed: number | undefined, count: number, template: string, note: string) => {
    const b = await sealedBatchWithStars(tx, lotCode);
    if (!b) return; // an earlier clock did not produce this batch yet
    const stars = printed ?? b.rated;
    const printedAt = new Date(`${addDays(b.productionDate, 3)}T02:00:00Z`);
    const run = await insertPrintRun(
      tx,
      {
        batchId: b.id,
        cooperativeId: b.cooperativeId,
        templateId: template,
        count,
        note,
        baseUrl,
        gtin: b.gtin,
        lotCode,
        ocopStars: stars,
        createdBy: DEMO_ACTOR,
      },
      'issued',
      printedAt,
    );
    await changeStampStates(
      tx,
      run.id,
      { from: 1, to: count },
      ['issued'],
      'active',
      new Date(printedAt.getTime() + 86_400_000),
    );
    await ctx.audit('print_run', run.id, run);
    ctx.counts.printRuns = (ctx.counts.printRuns ?? 0) + 1;
    ctx.counts.stamps = (ctx.counts.stamps ?? 0) + count;
  };
  await runOf(DEMO_PLANTED.lapsedStarsLot, 3, 20, 'roll-50x30', 'In từ mẫu tem cũ còn dấu OCOP 3 sao');
  await runOf(DEMO_PLANTED.fewStampsLot, undefined, 24, 'a4-3x8', 'Một tờ tem cho hàng trưng bày hội chợ');
}

const round = (n: number) => Math.round(n * 100) / 100;
