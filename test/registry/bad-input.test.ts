// Bad input on every write operation (issue #12): for each write operation the OpenAPI document
// lists, each text, code and date field of its body (and query) gets each bad value below. Every
// answer is 400 VALIDATION_FAILED naming exactly that field, no database text leaks, and the
// database is unchanged afterwards. The bodies here fill every optional field, and a final test
// sends them as they are and expects them accepted: each refusal is the bad value's doing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyer as buyerEnterprise } from '../buyers/support';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { areaBody } from '../support/fixtures';

let t: TestContext;

type Json = Record<string, unknown>;
type Kind = 'line' | 'multiline' | 'code' | 'date' | 'datetime';
interface Leaf {
  path: (string | number)[];
  kind: Kind;
}

/** Refused in every text field, names and free text alike. */
const BAD_TEXT = [
  'a\ud800b', // a lone high surrogate
  'a\udc00', // a lone low surrogate
  '\u0000',
  'bell\u0007',
  'esc\u001b[31m',
  'del\u007f',
  'c1\u0085',
  'rlo\u202eevil',
  'lri\u2066x',
  'zw\u200bsp',
  'bom\ufeff',
  '   ',
];
/** Refused as well in names and codes (one line, no zero-width joiner). */
const BAD_LINE = ['two\nlines', 'tab\tbed', 'zw\u200djoiner', 'ls\u2028x'];
const BAD_DATES = ['9999-12-31', '0000-01-01', '1999-12-31', '2025-13-01', '15/06/2025'];
const BAD_INSTANTS = ['9999-12-31T00:00:00Z', '0000-01-01T00:00:00Z', '1999-12-31T10:00:00+07:00', '2025-06-15 08:00'];
/** Values outside the plausible window, whose error names it. */
const OUT_OF_WINDOW = /^(9999|0000|1999)-/;

/** Fields that are neither text nor dates as far as this test goes: ids and secrets. */
const NOT_TEXT = new Set(['password']);

const badValues = (kind: Kind): string[] =>
  kind === 'date'
    ? BAD_DATES
    : kind === 'datetime'
      ? BAD_INSTANTS
      : kind === 'multiline'
        ? BAD_TEXT
        : [...BAD_TEXT, ...BAD_LINE];

/** What a string schema holds: free text, a name, a code (pattern, format, lookup) or a date; null for ids, enums, secrets. */
function kindOf(s: Json, name: string | number): Kind | null {
  if (s.enum || s.const !== undefined || NOT_TEXT.has(String(name))) return null;
  if (s.format === 'uuid') return null;
  if (s.format === 'date') return 'date';
  if (s.format === 'date-time') return 'datetime';
  const d = String(s.description ?? '');
  if (d.includes('line breaks allowed')) return 'multiline';
  if (d.startsWith('One line')) return 'line';
  return 'code';
}

/** The branch of anyOf/oneOf that describes this value: not the null of a nullish field, the union member whose constants it has. */
function branchFor(s: Json, value: unknown): Json | null {
  const options = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (!options) return s;
  if (value === null) return null;
  const live = options.filter((o) => o.type !== 'null');
  const fits = (o: Json) =>
    Object.entries((o.properties ?? {}) as Record<string, Json>).every(
      ([k, p]) => p.const === undefined || (value as Json)[k] === p.const,
    );
  return branchFor(live.find(fits) ?? live[0]!, value);
}

/** The string leaves of `value` that its schema calls text, code or date. */
function leaves(schema: Json, value: unknown, path: (string | number)[] = []): Leaf[] {
  const s = branchFor(schema, value);
  if (!s || value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(s.items as Json, v, [...path, i]));
  if (typeof value === 'object') {
    const props = (s.properties ?? {}) as Record<string, Json>;
    return Object.entries(value as Json).flatMap(([k, v]) => (props[k] ? leaves(props[k], v, [...path, k]) : []));
  }
  if (typeof value !== 'string') return [];
  const kind = kindOf(s, path[path.length - 1]!);
  return kind ? [{ path, kind }] : [];
}

/** Every text, code or date field a schema can hold (array items as index 0, every union branch). */
function schemaFields(schema: Json, path: string[] = []): string[] {
  const options = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (options) return [...new Set(options.flatMap((o) => schemaFields(o, path)))];
  if (schema.type === 'array') return schemaFields(schema.items as Json, [...path, '0']);
  if (schema.type === 'object')
    return Object.entries((schema.properties ?? {}) as Record<string, Json>).flatMap(([k, v]) =>
      schemaFields(v, [...path, k]),
    );
  if (schema.type === 'string' && kindOf(schema, path[path.length - 1]!)) return [path.join('.')];
  return [];
}

function withValue(body: unknown, path: (string | number)[], v: string): unknown {
  const copy = structuredClone(body) as Json;
  let o = copy as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) o = o[p] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = v;
  return copy;
}

/** A fingerprint of every table: row counts and contents. */
async function fingerprint(): Promise<string> {
  const tables = await t.db.sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`;
  const parts: string[] = [];
  for (const { name } of tables) {
    // unsafe: the table names come from information_schema just above
    const [row] = await t.db.sql.unsafe(
      `select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${name}" x`,
    );
    parts.push(`${name}:${row!.n}:${row!.h}`);
  }
  return parts.join('\n');
}

interface Case {
  /** "POST /api/v1/batches/{id}/recall", as the OpenAPI document names it */
  op: string;
  key: () => string;
  params?: () => Record<string, string>;
  body?: () => Json;
  query?: () => Record<string, string>;
  /** the status of the body as it is */
  accepted: number;
}

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const c = await producerChain(t);
  const buyer = await t.cooperative('HTX Thu mua Bad Input');
  const lot = await c.harvest(500, '2025-05-20');
  const batch = async () => {
    const d = await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 10 }]),
      }),
      201,
    );
    return d as { id: string; lotCode: string };
  };
  const draft = await batch();
  const sealed = async () => {
    const b = await batch();
    await json(t.call('POST', `/api/v1/batches/${b.id}/seal`, { key: c.coop.key }), 200);
    return b;
  };
  const [forRun, forSupersede, forRecall, recalled] = [await sealed(), await sealed(), await sealed(), await sealed()];
  const recall = await json(
    t.call('POST', `/api/v1/batches/${recalled.id}/recall`, {
      key: t.keys.staff,
      body: { reason: 'Thử', authority: 'Chi cục QLCL', recalledOn: '2025-06-10' },
    }),
    201,
  );
  const run = await json(
    t.call('POST', '/api/v1/print-runs', {
      key: c.coop.key,
      body: { batchId: forRun.id, count: 4, templateId: 'a4-3x8' },
    }),
    201,
  );
  const csv = await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key })).text();
  const serials = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[1]!);
  const contract = await json(
    t.call('POST', '/api/v1/contracts', {
      key: t.keys.admin,
      body: {
        areaId: c.area.id,
        cooperativeId: buyer.org.id,
        number: 'HĐ-BAD-1',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
      },
    }),
    201,
  );
  const model = await json(
    t.call('POST', '/api/v1/models', {
      key: t.keys.admin,
      body: {
        slug: 'bad-input',
        name: 'Mô hình thử',
        yearFounded: 2024,
        leadCooperativeId: c.coop.org.id,
        productIds: [c.product.id],
      },
    }),
    201,
  );
  // Recorded by the buyer, so pending: one for the area's side to reject, one for the buyer to withdraw.
  const pending = async (number: string) =>
    json(
      t.call('POST', '/api/v1/contracts', {
        key: buyer.key,
        body: { areaId: c.area.id, cooperativeId: buyer.org.id, number, startsOn: '2025-01-01', endsOn: '2025-12-31' },
      }),
      201,
    );
  const [toReject, toWithdraw] = [await pending('HĐ-BAD-P1'), await pending('HĐ-BAD-P2')];
  await json(t.call('POST', '/api/v1/checks/run', { key: t.keys.staff, body: {} }), 200);
  const findings = await json(t.call('GET', '/api/v1/findings?view=all', { key: t.keys.staff }), 200);
  // an association unit and a director, for activities, courses and people (issue 17)
  const unit = await json(
    t.call('POST', '/api/v1/organizations', {
      key: t.keys.admin,
      body: {
        kind: 'association_unit',
        associationLevel: 'province',
        name: 'Hội Nông dân thử',
        province: 'Tỉnh Sơn Lâm',
      },
    }),
    201,
  );
  const person = await json(
    t.call('POST', '/api/v1/people', {
      key: t.keys.staff,
      body: {
        organizationId: c.coop.org.id,
        fullName: 'Giám đốc thử',
        role: 'cooperative_director',
        activeFrom: '2020-01-01',
      },
    }),
    201,
  );
  const candidate = await json(
    t.call('POST', '/api/v1/candidates', {
      key: t.keys.staff,
      body: {
        organizationId: c.coop.org.id,
        productName: 'Chè vàng thử',
        yearRegistered: 2024,
        supportingUnitId: unit.id,
        commune: 'Cao Bồ',
        stages: [{ stage: 'idea', reachedOn: '2024-02-01' }],
      },
    }),
    201,
  );
  const listing = await json(
    t.call('POST', '/api/v1/listings', {
      key: c.coop.key,
      body: { productId: c.product.id, platform: 'voso', url: 'https://voso.vn/bad-input', wentLiveOn: '2023-05-01' },
    }),
    201,
  );
  const enterprise = await buyerEnterprise(t);
  return {
    unit,
    person,
    candidate,
    listing,
    ...c,
    enterprise,
    buyer,
    lot,
    draft,
    forRun,
    forSupersede,
    forRecall,
    recalled,
    recall,
    run,
    serials,
    contract,
    toReject,
    toWithdraw,
    model,
    findings,
  };
}

const admin = () => t.keys.admin;
const staff = () => t.keys.staff;
const coop = () => w.coop.key;

const certification = {
  scheme: 'vietgap',
  number: 'VG-BAD-1',
  issuer: 'Trung tâm Chứng nhận QUACERT',
  validFrom: '2024-01-01',
  validTo: '2026-12-31',
};
const organization = () => ({
  kind: 'cooperative',
  name: 'HTX Đầu vào xấu',
  registrationCode: 'HTX-BAD-1',
  province: 'Tỉnh Sơn Lâm',
  commune: 'Xã Cao Bồ',
  address: 'Thôn Lùng Tao',
  contactName: 'Chị Lò Thị Mai',
  contactPhone: '+84 912 345 678',
  contactEmail: 'htx@example.vn',
  gln: '8930000000019',
});
const product = (gtin: string) => ({
  gtin,
  nameVi: 'Mật ong bạc hà',
  nameEn: 'Mint honey',
  ocopGroup: 1,
  ocopSubgroup: 'Mật ong',
  ownerId: w.coop.org.id,
  shelfLifeDays: 720,
  standards: ['TCVN 5267-1:2008'],
  imageUrl: 'https://trace.example.vn/img/mat-ong.jpg',
  listings: [{ channel: 'Shopee', url: 'https://shopee.vn/mat-ong' }],
});
const testResult = { name: 'Độ ẩm', value: '18.5', unit: '%', lab: 'Trung tâm Kiểm nghiệm', date: '2025-06-02' };
const event = () => ({
  type: 'processing',
  occurredAt: '2025-06-01T08:00:00+07:00',
  placeOrganizationId: w.coop.org.id,
  productCode: '(01)08930000000019(10)L1',
  locationCode: 'org:HTX-1',
  recordedBy: 'Chị Mai',
  details: 'Lọc mật\nĐóng chai',
});
const batchFields = (lotCode: string) => ({
  modelId: w.model.id,
  lotCode,
  productionDate: '2025-06-01',
  packingDate: '2025-06-02',
  expiryDate: '2026-06-01',
  quantity: 5,
  unit: 'kg',
  standards: ['TCCS 01:2025/HTX'],
  testResults: [testResult],
  carriesOcop: true,
  inputs: [{ harvestLotId: w.lot.id, quantity: 5 }],
});
const areaOrigin = () => ({ kind: 'area', id: w.area.id, from: '2025-01-01', to: '2025-06-15' });
const recallFields = {
  reason: 'Dư lượng vượt ngưỡng\nTheo kết quả kiểm nghiệm',
  authority: 'Chi cục QLCL',
  recalledOn: '2025-06-15',
};

// In the order the final test sends them as they are (a later body may rely on an earlier one).
const CASES: Case[] = [
  { op: 'POST /api/v1/organizations', key: admin, body: organization, accepted: 201 },
  {
    op: 'PATCH /api/v1/organizations/{id}',
    key: admin,
    params: () => ({ id: w.coop.org.id }),
    body: () => ({ ...organization(), registrationCode: 'HTX-BAD-2', name: 'HTX Đầu vào xấu 2', gln: '8930000000026' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/areas',
    key: coop,
    body: () =>
      areaBody(w.coop.org.id, {
        code: 'VNL-BAD-1',
        crops: ['chè'],
        plantingAreaCode: 'MSVT-01',
        certifications: [certification],
      }),
    accepted: 201,
  },
  {
    op: 'PATCH /api/v1/areas/{id}',
    key: coop,
    params: () => ({ id: w.area.id }),
    body: () =>
      areaBody(w.coop.org.id, {
        code: 'VNL-BAD-2',
        crops: ['chè'],
        plantingAreaCode: 'MSVT-02',
        certifications: [certification],
      }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/contracts',
    key: admin,
    body: () => ({
      areaId: w.area.id,
      cooperativeId: w.buyer.org.id,
      number: 'HĐ-BAD-2',
      startsOn: '2025-01-01',
      endsOn: '2026-12-31',
    }),
    accepted: 201,
  },
  {
    op: 'PATCH /api/v1/contracts/{id}',
    key: admin,
    params: () => ({ id: w.contract.id }),
    body: () => ({ number: 'HĐ-BAD-3', startsOn: '2025-01-01', endsOn: '2026-06-30' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/contracts/{id}/reject',
    key: coop,
    params: () => ({ id: w.toReject.id }),
    body: () => ({ reason: 'Vùng không đủ sản lượng\ncho năm nay' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/contracts/{id}/withdraw',
    key: () => w.buyer.key,
    params: () => ({ id: w.toWithdraw.id }),
    body: () => ({ reason: 'Ghi nhầm số hợp đồng\nsẽ ghi lại' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/contracts/{id}/end',
    key: admin,
    params: () => ({ id: w.contract.id }),
    body: () => ({ reason: 'Hai bên thanh lý\nhợp đồng', lastDay: '2025-06-14' }),
    accepted: 200,
  },
  { op: 'POST /api/v1/products', key: coop, body: () => product('8930000000071'), accepted: 201 },
  {
    op: 'POST /api/v1/listings',
    key: coop,
    body: () => ({
      productId: w.product.id,
      platform: 'shopee',
      channel: 'Gian hàng Shopee',
      url: 'https://shopee.vn/bad-input',
      wentLiveOn: '2024-01-01',
      endedOn: '2024-06-01',
    }),
    accepted: 201,
  },
  {
    op: 'PATCH /api/v1/listings/{id}',
    key: coop,
    params: () => ({ id: w.listing.id }),
    body: () => ({
      platform: 'voso',
      channel: 'Voso',
      url: 'https://voso.vn/bad-input',
      wentLiveOn: '2023-05-01',
      endedOn: '2024-06-01',
    }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/candidates',
    key: staff,
    body: () => ({
      organizationId: w.coop.org.id,
      householdName: 'Hộ bà Lò Thị Mai',
      productName: 'Măng khô thử',
      yearRegistered: 2024,
      supportingUnitId: w.unit.id,
      commune: 'Cao Bồ',
      note: 'Ghi chú',
      stages: [{ stage: 'idea', reachedOn: '2024-03-01', note: 'Ý tưởng' }],
    }),
    accepted: 201,
  },
  {
    op: 'PATCH /api/v1/candidates/{id}',
    key: staff,
    params: () => ({ id: w.candidate.id }),
    body: () => ({ householdName: 'Hộ thử', productName: 'Chè vàng thử', commune: 'Cao Bồ', note: 'Ghi chú' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/candidates/{id}/stages',
    key: staff,
    params: () => ({ id: w.candidate.id }),
    body: () => ({ stage: 'plan', reachedOn: '2024-03-01', note: 'Kế hoạch' }),
    accepted: 201,
  },
  {
    op: 'PATCH /api/v1/products/{id}',
    key: coop,
    params: () => ({ id: w.product.id }),
    body: () => product(w.product.gtin),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/products/{id}/ratings',
    key: admin,
    params: () => ({ id: w.product.id }),
    body: () => ({ stars: 3, decisionNumber: '12/QĐ-BAD', issuingLevel: 'province', decisionDate: '2025-01-10' }),
    accepted: 201,
  },
  {
    op: 'POST /api/v1/models',
    key: admin,
    body: () => ({
      slug: 'bad-input-2',
      name: 'Mô hình chè',
      yearFounded: 2024,
      description: 'Liên kết\nvùng chè',
      leadCooperativeId: w.coop.org.id,
    }),
    accepted: 201,
  },
  {
    op: 'PATCH /api/v1/models/{id}',
    key: admin,
    params: () => ({ id: w.model.id }),
    body: () => ({ slug: 'bad-input', name: 'Mô hình thử', description: 'Mô tả\ncó hai dòng' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/harvest-lots',
    key: coop,
    body: () => ({
      areaId: w.area.id,
      code: 'TH-BAD-1',
      harvestedOn: '2025-06-01',
      quantity: 50,
      unit: 'kg',
      notes: 'Hái sáng\nTrời khô',
    }),
    accepted: 201,
  },
  {
    op: 'POST /api/v1/batches',
    key: coop,
    body: () => ({ productId: w.product.id, ...batchFields('BAD-NEW-1'), events: [event()] }),
    accepted: 201,
  },
  {
    op: 'PATCH /api/v1/batches/{id}',
    key: coop,
    params: () => ({ id: w.draft.id }),
    body: () => batchFields(w.draft.lotCode),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/batches/{id}/events',
    key: coop,
    params: () => ({ id: w.draft.id }),
    body: event,
    accepted: 201,
  },
  {
    op: 'POST /api/v1/batches/{id}/supersede',
    key: coop,
    params: () => ({ id: w.forSupersede.id }),
    body: () => ({ ...batchFields(w.forSupersede.lotCode), events: [event()], reason: 'Sửa số lượng\nđúng sổ' }),
    accepted: 201,
  },
  {
    op: 'POST /api/v1/print-runs',
    key: coop,
    body: () => ({ batchId: w.forRun.id, count: 2, templateId: 'a4-3x8', note: 'In thử\nmột tờ' }),
    accepted: 201,
  },
  {
    op: 'POST /api/v1/print-runs/{id}/activate',
    key: coop,
    params: () => ({ id: w.run.id }),
    body: () => ({ fromSerial: w.serials[0]!, toSerial: w.serials[1]! }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/print-runs/{id}/void',
    key: coop,
    params: () => ({ id: w.run.id }),
    body: () => ({ fromSerial: w.serials[2]!, toSerial: w.serials[3]!, reason: 'Tờ tem bị rách\nkhi in' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/batches/{id}/recall',
    key: staff,
    params: () => ({ id: w.forRecall.id }),
    body: () => recallFields,
    accepted: 201,
  },
  {
    op: 'POST /api/v1/batches/{id}/recalls/{recallId}/lift',
    key: staff,
    params: () => ({ id: w.recalled.id, recallId: w.recall.id }),
    body: () => ({ reason: 'Kết quả kiểm nghiệm lại đạt\nđã xác minh' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/recalls/preview',
    key: staff,
    body: () => ({ origin: areaOrigin(), ...recallFields }),
    accepted: 200,
  },
  { op: 'POST /api/v1/recalls', key: staff, body: () => ({ origin: areaOrigin(), ...recallFields }), accepted: 201 },
  {
    op: 'POST /api/v1/recalls/lift',
    key: staff,
    body: () => ({ origin: areaOrigin(), reason: 'Đã xác minh\nnguồn gốc' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/findings/{id}/acknowledge',
    key: staff,
    params: () => ({ id: w.findings.items[0].id }),
    body: () => ({ note: 'Đang xác minh\nvới HTX' }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/findings/{id}/resolve',
    key: staff,
    params: () => ({ id: w.findings.items[0].id }),
    body: () => ({ note: 'Đã gắn vùng\ncho mô hình' }),
    accepted: 200,
  },
  { op: 'PUT /api/v1/checks/crop-ceilings', key: staff, body: () => ({ crop: 'chè', tonnesPerHa: 12 }), accepted: 200 },
  { op: 'DELETE /api/v1/checks/crop-ceilings', key: staff, query: () => ({ crop: 'chè' }), accepted: 200 },
  { op: 'POST /api/v1/keys', key: admin, body: () => ({ name: 'Khoá thử', role: 'staff' }), accepted: 201 },
  {
    op: 'POST /api/v1/activities',
    key: staff,
    body: () => ({
      unitId: w.unit.id,
      heldOn: '2025-06-01',
      kind: 'advice',
      topic: 'Tư vấn hồ sơ OCOP',
      place: 'Nhà văn hóa xã',
      participants: 20,
      note: 'Biên bản kèm theo\nCó ảnh',
      organizationIds: [w.coop.org.id],
    }),
    accepted: 201,
  },
  {
    op: 'POST /api/v1/batches/{id}/shipments',
    key: coop,
    params: () => ({ id: w.forRun.id }),
    body: () => ({
      buyerId: w.enterprise.org.id,
      quantity: 2,
      unit: 'kg',
      despatchAdvice: 'PGH-BAD-1',
      shippedOn: '2025-06-10',
    }),
    accepted: 201,
  },
  {
    op: 'POST /api/v1/courses',
    key: staff,
    body: () => ({
      organiserId: w.unit.id,
      title: 'Tập huấn truy xuất nguồn gốc',
      topic: 'other',
      topicOther: 'Bảo quản sau thu hoạch',
      startsOn: '2025-05-01',
      endsOn: '2025-05-02',
      place: 'Hội trường',
      attendeeIds: [w.person.id],
    }),
    accepted: 201,
  },
  {
    op: 'POST /api/v1/people',
    key: staff,
    body: () => ({
      organizationId: w.coop.org.id,
      fullName: 'Nguyễn Thị Lan',
      role: 'group_leader',
      phone: '0912 345 678',
      activeFrom: '2021-03-01',
      activeTo: '2026-03-01',
    }),
    accepted: 201,
  },
  {
    op: 'PATCH /api/v1/people/{id}',
    key: staff,
    params: () => ({ id: w.person.id }),
    body: () => ({ fullName: 'Giám đốc thử', phone: '0912 000 000', activeFrom: '2020-01-01', activeTo: '2025-12-31' }),
    accepted: 200,
  },
  {
    op: 'PUT /api/v1/buyer/webhook',
    key: () => w.enterprise.key,
    body: () => ({ url: 'https://hooks.example.vn/recall', rotateSecret: false }),
    accepted: 200,
  },
  {
    op: 'POST /api/v1/users',
    key: admin,
    body: () => ({ username: 'bad.input', displayName: 'Chị Mai', role: 'staff', password: 'correct horse battery' }),
    accepted: 201,
  },
];

let doc: { paths: Record<string, Record<string, Json>> };

beforeAll(async () => {
  t = await createTestContext();
  w = await world();
  w.recall.batchId = (await t.db.sql`select batch_id from batch_recalls where id = ${w.recall.id}`)[0]!
    .batchId as string;
  doc = await json(t.call('GET', '/openapi.json'), 200);
}, 240_000);
afterAll(async () => {
  await t?.close();
});

const WRITE = ['post', 'patch', 'put', 'delete'];
const bodySchema = (o: Json) =>
  (((o.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined)
    ?.schema as Json | undefined;
const querySchema = (o: Json): Json => ({
  type: 'object',
  properties: Object.fromEntries(
    ((o.parameters ?? []) as Json[]).filter((p) => p.in === 'query').map((p) => [p.name, p.schema]),
  ),
});
const opOf = (c: Case) => {
  const [method, path] = c.op.split(' ') as [string, string];
  return { method, path, spec: doc.paths[path]?.[method.toLowerCase()] };
};
const urlOf = (c: Case) => {
  let url = opOf(c).path.replace(/\{(\w+)\}/g, (_, n: string) => c.params?.()[n] ?? `{${n}}`);
  const q = c.query?.();
  if (q) url += `?${new URLSearchParams(q)}`;
  return url;
};

describe('bad input on every write operation', () => {
  it('lists every write operation that has a text, code or date field, and fills each such field', () => {
    const withFields: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, o] of Object.entries(methods)) {
        if (!WRITE.includes(method)) continue;
        const body = bodySchema(o);
        const fields = [...(body ? schemaFields(body, ['body']) : []), ...schemaFields(querySchema(o), ['query'])];
        if (fields.length) withFields.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(CASES.map((c) => c.op).sort()).toEqual(withFields.sort());
    for (const c of CASES) {
      const { spec } = opOf(c);
      const body = bodySchema(spec!);
      const want = [...(body ? schemaFields(body, ['body']) : []), ...schemaFields(querySchema(spec!), ['query'])];
      const have = [
        ...(c.body ? leaves(body!, c.body(), ['body']) : []),
        ...(c.query ? leaves(querySchema(spec!), c.query(), ['query']) : []),
      ].map((l) => l.path.join('.'));
      expect(new Set(have), c.op).toEqual(new Set(want));
    }
  });

  for (const c of CASES) {
    it(`${c.op}: answers 400 naming the field for every bad value, and writes nothing`, async () => {
      const { method, spec } = opOf(c);
      const before = await fingerprint();
      const targets: { where: 'body' | 'query'; leaf: Leaf }[] = [
        ...(c.body ? leaves(bodySchema(spec!)!, c.body()).map((leaf) => ({ where: 'body' as const, leaf })) : []),
        ...(c.query ? leaves(querySchema(spec!), c.query()).map((leaf) => ({ where: 'query' as const, leaf })) : []),
      ];
      expect(targets.length).toBeGreaterThan(0);
      let sent = 0;
      for (const { where, leaf } of targets) {
        const field = [where, ...leaf.path].join('.');
        // A URL carries UTF-8, which has no lone surrogates: a query cannot send one.
        const values = badValues(leaf.kind).filter((v) => where === 'body' || !/[\ud800-\udfff]/.test(v));
        for (const bad of values) {
          const body = where === 'body' ? withValue(c.body!(), leaf.path, bad) : c.body?.();
          const query = where === 'query' ? { ...c.query!(), [leaf.path[0]!]: bad } : c.query?.();
          const r = await t.call(method, urlOf({ ...c, query: query ? () => query : undefined }), {
            key: c.key(),
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const text = await r.text();
          const label = `${field} = ${JSON.stringify(bad)}: ${text.slice(0, 300)}`;
          expect(r.status, label).toBe(400);
          const error = JSON.parse(text).error;
          expect(error.code, label).toBe('VALIDATION_FAILED');
          expect(error.details.length, label).toBeGreaterThan(0);
          for (const d of error.details) expect(d.path, label).toBe(field);
          if (OUT_OF_WINDOW.test(bad)) {
            expect(error.details.map((d: { message: string }) => d.message).join(' '), label).toContain('2000-01-01');
          }
          expect(text, label).not.toMatch(/date\/time|out of range:|invalid byte sequence|violates/);
          sent += 1;
        }
      }
      expect(await fingerprint(), `${c.op}: ${sent} bad requests left a trace`).toBe(before);
    });
  }

  it('accepts each body as it is, so that every refusal above was the bad value’s doing', async () => {
    for (const c of CASES) {
      const { method } = opOf(c);
      const r = await t.call(method, urlOf(c), { key: c.key(), body: c.body?.() });
      expect(r.status, `${c.op}: ${(await r.text()).slice(0, 300)}`).toBe(c.accepted);
    }
  });
});
