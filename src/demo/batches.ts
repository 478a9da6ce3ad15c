// Demo seed, stage 2: harvest lots on every demo area and batches of every demo product, most
// sealed and signed, one left as a draft, one corrected (superseded) and one recalled. The
// quantities follow plausible yields (fresh tea leaves to dried tea, roots to starch…) and pass
// the mass-balance rule; harvests respect the areas' operators and supply contracts.
import { addDays } from '../domain/calendar';
import { ratingInForce } from '../domain/ocop';
import type { DemoContext } from './seed';
import { DEMO_ACTOR } from './seed';
import { insertHarvestLot, certificationsValidOn, type HarvestLot, type Unit } from '../db/harvests-store';
import {
  getBatch,
  insertBatch,
  insertEvent,
  markSuperseded,
  replaceInputs,
  type BatchEventInput,
} from '../db/batches-store';
import { sealBatch } from '../sealing/seal';
import { getProduct } from '../db/products-store';
import { recallBatch } from '../recalls/recall';

interface SupplyPlan {
  product: string;
  /** Lot-code prefix (GS1 AI 10 allows letters, digits and -). */
  prefix: string;
  areas: string[];
  rawUnit: Unit;
  unit: Unit;
  /** Raw material per unit of product. */
  ratio: number;
  /** Output per batch. */
  batchSize: number;
  process: [BatchEventInput['type'], string][];
}

const TEA: SupplyPlan['process'] = [
  ['receiving', 'Nhận búp tươi tại xưởng, cân và phân loại'],
  ['processing', 'Làm héo, vò và sao khô bằng chảo gang'],
  ['packing', 'Đóng gói túi 200 g, hút chân không'],
  ['inspection', 'Kiểm tra độ ẩm và cảm quan'],
];
const FRUIT: SupplyPlan['process'] = [
  ['receiving', 'Thu mua quả tại vườn, phân loại theo cỡ'],
  ['processing', 'Rửa, lau khô, dán nhãn'],
  ['packing', 'Đóng thùng carton 10 kg'],
];
const GRAIN: SupplyPlan['process'] = [
  ['receiving', 'Nhận thóc khô tại kho HTX'],
  ['processing', 'Xay xát, tách cám'],
  ['packing', 'Đóng túi 2 kg'],
];
const HONEY: SupplyPlan['process'] = [
  ['receiving', 'Quay mật tại điểm đặt đàn'],
  ['processing', 'Lọc, hạ thủy phần xuống dưới 20%'],
  ['packing', 'Đóng chai thủy tinh 500 ml'],
  ['inspection', 'Kiểm nghiệm hàm lượng HMF'],
];
const STARCH: SupplyPlan['process'] = [
  ['receiving', 'Nhận củ dong riềng tươi'],
  ['processing', 'Nghiền, lọc lấy tinh bột, tráng và phơi sợi'],
  ['drying', 'Phơi sợi miến trên giàn tre'],
  ['packing', 'Bó và đóng gói 500 g'],
];
const HERB: SupplyPlan['process'] = [
  ['receiving', 'Nhận nguyên liệu tươi'],
  ['drying', 'Sấy lạnh ở 45 °C'],
  ['processing', 'Sơ chế, cắt nhỏ'],
  ['packing', 'Đóng hộp giấy kraft'],
];
const CRAFT: SupplyPlan['process'] = [
  ['receiving', 'Nhận sợi lanh đã tước'],
  ['processing', 'Se sợi, nhuộm chàm, dệt thủ công'],
  ['packing', 'Gấp, gắn tem, đóng túi'],
];

export const DEMO_SUPPLY: readonly SupplyPlan[] = [
  {
    product: 'cheShanTuyetCoThu',
    prefix: 'CST',
    areas: ['VNL-CB-01', 'VNL-CB-03'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 4.5,
    batchSize: 120,
    process: TEA,
  },
  {
    product: 'hongTraShanTuyet',
    prefix: 'HTS',
    areas: ['VNL-CB-02', 'VNL-CB-04'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 4.2,
    batchSize: 80,
    process: TEA,
  },
  {
    product: 'bachTraShanTuyet',
    prefix: 'BTS',
    areas: ['VNL-CB-01'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 5.5,
    batchSize: 30,
    process: TEA,
  },
  {
    product: 'camSanhThuongSon',
    prefix: 'CS',
    areas: ['VNL-TS-03', 'VNL-TS-04'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 1.05,
    batchSize: 2000,
    process: FRUIT,
  },
  {
    product: 'gaoNepCaiHoaVang',
    prefix: 'NCHV',
    areas: ['VNL-TS-01'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 1.6,
    batchSize: 1500,
    process: GRAIN,
  },
  {
    product: 'nuocCotCamSanh',
    prefix: 'NCC',
    areas: ['VNL-TS-03'],
    rawUnit: 'kg',
    unit: 'litre',
    ratio: 2.5,
    batchSize: 400,
    process: FRUIT,
  },
  {
    product: 'ruouNgoMenLa',
    prefix: 'RNML',
    areas: ['VNL-TS-02'],
    rawUnit: 'kg',
    unit: 'litre',
    ratio: 3,
    batchSize: 300,
    process: GRAIN,
  },
  {
    product: 'matOngHoaBacHa',
    prefix: 'MOBH',
    areas: ['VNL-LM-01', 'VNL-LM-02'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 1.02,
    batchSize: 250,
    process: HONEY,
  },
  {
    product: 'phanHoaBacHa',
    prefix: 'PHBH',
    areas: ['VNL-LM-02'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 1.1,
    batchSize: 40,
    process: HONEY,
  },
  {
    product: 'mienDongNaSon',
    prefix: 'MDNS',
    areas: ['VNL-NS-01', 'VNL-NS-02'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 6,
    batchSize: 500,
    process: STARCH,
  },
  {
    product: 'tinhBotDongRieng',
    prefix: 'TBDR',
    areas: ['VNL-NS-02'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 5,
    batchSize: 200,
    process: STARCH,
  },
  {
    product: 'tinhDauQue',
    prefix: 'TDQ',
    areas: ['VNL-PL-01'],
    rawUnit: 'kg',
    unit: 'litre',
    ratio: 100,
    batchSize: 12,
    process: HERB,
  },
  {
    product: 'queThanh',
    prefix: 'QT',
    areas: ['VNL-PL-02'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 1.2,
    batchSize: 600,
    process: HERB,
  },
  {
    product: 'traGiaoCoLam',
    prefix: 'TGCL',
    areas: ['VNL-BK-01'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 5,
    batchSize: 60,
    process: HERB,
  },
  {
    product: 'caoGiaoCoLam',
    prefix: 'CGCL',
    areas: ['VNL-BK-02'],
    rawUnit: 'kg',
    unit: 'kg',
    ratio: 8,
    batchSize: 15,
    process: HERB,
  },
  {
    product: 'khanThoCamLanh',
    prefix: 'KTCL',
    areas: ['VNL-LM-03'],
    rawUnit: 'kg',
    unit: 'piece',
    ratio: 0.4,
    batchSize: 150,
    process: CRAFT,
  },
  {
    product: 'tuiThoCamLanh',
    prefix: 'TTCL',
    areas: ['VNL-LM-04'],
    rawUnit: 'kg',
    unit: 'piece',
    ratio: 0.5,
    batchSize: 120,
    process: CRAFT,
  },
];

/** Two production runs a year; harvests a few days before each. */
const RUNS = [
  { production: '2026-04-10', harvest: '2026-04-03' },
  { production: '2026-09-18', harvest: '2026-09-10' },
];

export const DEMO_DRAFT_LOT = 'CST-261120';
export const DEMO_SUPERSEDED_LOT = 'MOBH-260410';
export const DEMO_RECALLED_LOT = 'MDNS-260918';

const lotCode = (prefix: string, day: string) => `${prefix}-${day.slice(2).replaceAll('-', '')}`;
const at = (day: string, hour: string) => `${day}T${hour}:00+07:00`;

export async function seedDemoBatches(ctx: DemoContext): Promise<void> {
  if (!ctx.keyring) throw new TypeError('seeding batches needs the keyring to sign their records');
  const { tx } = ctx;
  const sealer = { ...DEMO_ACTOR };
  ctx.counts.harvestLots = 0;
  ctx.counts.batches = 0;
  ctx.counts.sealedBatches = 0;
  const usedAreas = new Set<string>();

  async function harvest(
    areaCode: string,
    cooperativeId: string,
    day: string,
    quantity: number,
    tag: string,
  ): Promise<HarvestLot> {
    const area = ctx.areas.get(areaCode)!;
    const lot = await insertHarvestLot(tx, {
      code: `TH-${areaCode.slice(4)}-${day.replaceAll('-', '')}-${tag}`,
      areaId: area.id,
      cooperativeId,
      harvestedOn: day,
      quantity,
      unit: 'kg',
      notes: null,
      certifications: await certificationsValidOn(tx, area.id, day),
    });
    await ctx.audit('harvest_lot', lot.id, lot);
    ctx.counts.harvestLots! += 1;
    usedAreas.add(areaCode);
    return lot;
  }

  const byLot = new Map<string, string>();
  for (const plan of DEMO_SUPPLY) {
    // read back: the registry stage added the rating history after creating the product
    const product = (await getProduct(tx, ctx.products.get(plan.product)!.id))!;
    const coopId = product.ownerId;
    const runs =
      plan.product === 'cheShanTuyetCoThu' ? [...RUNS, { production: '2026-11-20', harvest: '2026-11-14' }] : RUNS;
    // A clock set earlier (tests pin one) gets only the runs that have already happened.
    for (const run of runs.filter((r) => r.production <= ctx.today)) {
      const need = plan.batchSize * plan.ratio;
      // each area gives its share, harvested with a margin so that lots are not drawn to zero
      const share = Math.round((need / plan.areas.length) * 1000) / 1000;
      const lots: HarvestLot[] = [];
      for (const code of plan.areas)
        lots.push(await harvest(code, coopId, run.harvest, Math.ceil(share * 1.15), plan.prefix));
      const code = lotCode(plan.prefix, run.production);
      const rating = ratingInForce(product.ratings, run.production);
      const batchId = await insertBatch(tx, {
        productId: product.id,
        cooperativeId: coopId,
        modelId: [...ctx.models.values()].find((m) => m.productIds.includes(product.id))?.id ?? null,
        lotCode: code,
        productionDate: run.production,
        packingDate: run.production,
        expiryDate: product.shelfLifeDays ? addDays(run.production, product.shelfLifeDays) : null,
        quantity: plan.batchSize,
        unit: plan.unit,
        standards: product.standards,
        testResults: [
          {
            name: 'Cảm quan',
            value: 'Đạt',
            unit: null,
            lab: 'Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng tỉnh Sơn Lâm',
            date: run.production,
          },
        ],
        carriesOcop: rating !== null,
      });
      await replaceInputs(
        tx,
        batchId,
        lots.map((l) => ({ harvestLotId: l.id, quantity: share })),
      );
      const coop = [...ctx.organizations.values()].find((o) => o.id === coopId)!;
      const gtinCode = `(01)${product.gtin}(10)${code}`;
      const coopLocation = coop.gln ? `(414)${coop.gln}` : `org:${coop.registrationCode ?? coop.id}`;
      for (const [i, areaCode] of plan.areas.entries()) {
        const area = ctx.areas.get(areaCode)!;
        await insertEvent(tx, batchId, {
          type: 'harvesting',
          occurredAt: at(run.harvest, `0${6 + i}:30`),
          placeOrganizationId: null,
          placeAreaId: area.id,
          productCode: lots[i]!.code,
          locationCode: area.plantingAreaCode ?? `area:${area.code}`,
          recordedBy: coop.name,
          details: null,
        });
      }
      for (const [i, [type, details]] of plan.process.entries()) {
        const day = i === 0 ? run.harvest : addDays(run.harvest, Math.min(i + 1, 6));
        await insertEvent(tx, batchId, {
          type,
          occurredAt: at(day, '09:00'),
          placeOrganizationId: coopId,
          placeAreaId: null,
          productCode: gtinCode,
          locationCode: coopLocation,
          recordedBy: coop.name,
          details,
        });
      }
      ctx.counts.batches! += 1;
      const batch = await getBatch(tx, batchId);
      await ctx.audit('batch', batchId, batch);
      byLot.set(code, batchId);
      if (code !== DEMO_DRAFT_LOT) {
        await sealBatch(tx, ctx.keyring, batchId, sealer, new Date(`${addDays(run.production, 1)}T03:00:00Z`));
        ctx.counts.sealedBatches! += 1;
      }
    }
  }

  // Every demo area has harvests on record, even those no demo product draws on yet.
  for (const [code, area] of ctx.areas) {
    if (!usedAreas.has(code) && '2026-10-05' <= ctx.today)
      await harvest(code, area.operatorId, '2026-10-05', 500, 'KD');
  }

  const wrongId = byLot.get(DEMO_SUPERSEDED_LOT);
  const recalledId = byLot.get(DEMO_RECALLED_LOT);
  if (!wrongId || !recalledId) return;
  // A correction: the honey batch was sealed with the wrong output quantity.
  const wrong = (await getBatch(tx, wrongId))!;
  const fixedId = await insertBatch(tx, {
    productId: wrong.productId,
    cooperativeId: wrong.cooperativeId,
    modelId: wrong.modelId,
    lotCode: wrong.lotCode,
    productionDate: wrong.productionDate,
    packingDate: wrong.packingDate,
    expiryDate: wrong.expiryDate,
    quantity: 244.5,
    unit: wrong.unit,
    standards: wrong.standards,
    testResults: wrong.testResults,
    carriesOcop: wrong.carriesOcop,
    version: 2,
    supersedesId: wrong.id,
    supersedeReason: 'Khối lượng thành phẩm ghi nhầm: cân lại sau lọc còn 244,5 kg',
  });
  await markSuperseded(tx, wrong.id, fixedId, new Date(`${addDays(wrong.productionDate, 3)}T03:00:00Z`));
  await replaceInputs(tx, fixedId, wrong.inputs);
  for (const e of wrong.events) {
    const { id: _id, ...event } = e;
    await insertEvent(tx, fixedId, event);
  }
  await sealBatch(tx, ctx.keyring, fixedId, sealer, new Date(`${addDays(wrong.productionDate, 3)}T03:00:00Z`));
  await ctx.audit('batch', fixedId, await getBatch(tx, fixedId));
  ctx.counts.batches! += 1;
  ctx.counts.sealedBatches! += 1;

  // A recall: mould found in a starch-noodle batch by the provincial quality office.
  await recallBatch(
    tx,
    ctx.keyring,
    recalledId,
    {
      reason: 'Phát hiện nấm mốc vượt giới hạn cho phép trong mẫu lưu (phiếu kết quả 1187/KQ-TTKT)',
      authority: 'Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản tỉnh Sơn Lâm',
      recalledOn: '2026-10-02',
    },
    sealer,
    new Date('2026-10-02T02:00:00Z'),
  );
  ctx.counts.recalls = 1;
}
