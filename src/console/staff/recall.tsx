// Recalls for association staff, with the impact shown before anyone confirms: step 1 names the
// origin (an area over harvest dates, a harvest lot, or one batch) with the reason, authority and
// date; step 2 previews what it would reach (POST /recalls/preview: batches, print runs, stamps
// and stamps already scanned, and which batches) with a confirm button carrying the same values;
// confirming runs POST /recalls or POST /batches/{id}/recall and shows the counts on the origin's
// page, where the recall can also be lifted with a reason.
import { Hono } from 'hono';
import type { HarvestLot } from '../../db/harvests-store';
import type { RecallPreview } from '../../recalls/propagate';
import { AppError } from '../../errors';
import { vietnamToday } from '../../domain/calendar';
import { areaOps, batchOps, harvestOps, recallOps, traceOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatDate, formatNumber, formatTime, type Lang } from '../../pages/i18n';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { field, fieldErrors, readForm, values, type FieldErrors } from '../form';
import { callOp, jsonAnswer, submitOp, type Submitted } from '../ops';
import { page } from '../render';
import { BATCH_STATUS, ST } from './i18n';
import { areaChoices, areaLabel, readStampInput } from '../lookups';
import { Figures, Notice } from '../ui/blocks';
import { CsrfInput, Field, SelectField, TextArea } from '../ui/fields';
import { batchPageHref, countParam, qs, traceHref } from '../ui/links';
import { StaffStyle } from '../ui/styles';

const TXT = {
  vi: {
    title: 'Thu hồi sản phẩm',
    intro: 'Thu hồi mọi lô sản xuất đã dùng nguyên liệu từ một vùng (trong khoảng ngày thu hoạch) hoặc một lô thu hoạch, hoặc thu hồi một lô sản xuất. Trang tem của mọi lô bị thu hồi sẽ hiện thông báo thu hồi trong vòng 5 giây.',
    step1: 'Bước 1: Nguồn thu hồi và lý do',
    kind: 'Thu hồi từ',
    kinds: { area: 'Vùng nguyên liệu (theo ngày thu hoạch)', harvest_lot: 'Một lô thu hoạch', batch: 'Một lô sản xuất' } as Record<string, string>,
    areaPart: 'Vùng nguyên liệu',
    lotPart: 'Lô thu hoạch',
    batchPart: 'Lô sản xuất',
    areaLabel: 'Vùng',
    lotLabel: 'Lô thu hoạch của vùng',
    pickArea: '— chọn vùng —',
    pickLot: '— chọn lô thu hoạch —',
    rangeHint: 'Để trống để tính mọi lô thu hoạch của vùng.',
    lotHint: 'Danh sách gồm các lô thu hoạch của vùng đã chọn ở trên. Cũng có thể bấm “Thu hồi” bên cạnh một lô trên trang Truy xuất.',
    lotNeedsArea: 'Hãy chọn vùng nguyên liệu ở trên rồi bấm “Xem trước”: danh sách lô thu hoạch của vùng sẽ hiện ra để chọn',
    chooseLot: 'Hãy chọn một lô thu hoạch',
    chooseArea: 'Hãy chọn một vùng nguyên liệu',
    batchRef: 'Mã tem, đường dẫn tem hoặc đường dẫn lô',
    batchRefHint: 'Gõ mã tem in trên sản phẩm hoặc dán đường dẫn (…/01/{GTIN}/10/{mã lô}); hệ thống tìm lô sản xuất của tem đó.',
    batchRefNeeded: 'Hãy nhập mã tem hoặc đường dẫn của một sản phẩm trong lô',
    batchRefUnknown: 'Không tìm thấy lô sản xuất nào cho mã này',
    batchRefBad: 'Không đọc được mã tem hoặc đường dẫn này',
    batchRecalled: 'Lô sản xuất này đang bị thu hồi; hãy dỡ bỏ lệnh cũ trước nếu cần thu hồi lại',
    batchDraft: 'Lô sản xuất này còn là bản nháp, chưa niêm phong: không có gì để thu hồi',
    reason: 'Lý do thu hồi',
    reasonHint: 'Lý do sẽ hiện trên trang tem cho người tiêu dùng.',
    authority: 'Cơ quan yêu cầu thu hồi',
    authorityHint: 'Ví dụ: Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản',
    recalledOn: 'Ngày quyết định thu hồi',
    preview: 'Xem trước phạm vi thu hồi',
    previewTitle: 'Bước 2: Kiểm tra phạm vi trước khi xác nhận',
    previewIntro: 'Chưa có gì được thu hồi. Hãy kiểm tra các con số dưới đây rồi bấm xác nhận.',
    wouldRecall: 'Lô sẽ bị thu hồi',
    already: 'Lô đang bị thu hồi (giữ nguyên)',
    printRuns: 'Đợt in tem',
    stamps: 'Tem chưa hủy',
    scanned: 'Tem đã được quét',
    scannedHint: 'Số tem đã được quét ít nhất một lần: ước lượng lượng hàng đã tới tay người tiêu dùng.',
    nothing: 'Không có lô sản xuất nào để thu hồi từ nguồn này.',
    batchList: 'Các lô sản xuất',
    listCut: (n: number) => `… và ${n} lô khác.`,
    willRecall: 'sẽ thu hồi',
    alreadyRecalled: 'đang thu hồi',
    confirm: (n: number) => `Xác nhận thu hồi ${n} lô sản xuất`,
    change: 'Sửa lại',
    origin: 'Nguồn',
    range: (from: string, to: string) => `thu hoạch từ ${from} đến ${to}`,
    anyRange: 'mọi ngày thu hoạch',
    viewTitle: 'Tình trạng thu hồi',
    recalledDone: (r: { batches: number; alreadyRecalled: number; printRuns: number; stamps: number; stampsScanned: number }) =>
      `Đã thu hồi ${r.batches} lô sản xuất (${r.alreadyRecalled} lô đã bị thu hồi từ trước): ${r.printRuns} đợt in, ${r.stamps} tem, trong đó ${r.stampsScanned} tem đã được quét.`,
    liftedDone: (n: number) => `Đã dỡ bỏ ${n} lệnh thu hồi. Lịch sử vẫn được lưu.`,
    lift: 'Dỡ bỏ thu hồi',
    liftReason: 'Lý do dỡ bỏ',
    liftHint: 'Ví dụ: kết quả kiểm nghiệm lại đạt yêu cầu.',
    liftAll: 'Dỡ bỏ mọi lệnh thu hồi đang có hiệu lực từ nguồn này',
    reasonNeeded: 'Hãy ghi lý do',
    authorityNeeded: 'Hãy ghi cơ quan yêu cầu thu hồi',
    dateNeeded: 'Hãy chọn ngày theo dạng năm-tháng-ngày',
    toBeforeFrom: 'Ngày kết thúc không được trước ngày bắt đầu',
    recalls: 'Các lệnh thu hồi của lô',
    noRecalls: 'Lô này chưa từng bị thu hồi.',
    open: 'đang hiệu lực',
    lifted: (at: string, why: string) => `đã dỡ bỏ lúc ${at}: ${why}`,
    byWhom: 'ghi bởi',
    stampPages: 'Trang tem: mở trang công khai của lô; danh sách mã tem (CSV) có đường dẫn tới trang của từng tem.',
    checkStamp: 'Kiểm tra một tem',
    batchesNow: 'Các lô sản xuất từ nguồn này',
    noBatches: 'Không có lô sản xuất nào từ nguồn này.',
    serials: 'mã tem (CSV)',
    newRecall: 'Thu hồi khác',
    stillRecalled: (n: number) => `${n} lô đang bị thu hồi`,
    traceBack: 'truy xuất ngược',
  },
  en: {
    title: 'Recalls',
    intro: 'Recall every batch made from an area (within harvest dates) or from a harvest lot, or recall one batch. The stamp pages of every recalled batch show the recall within 5 seconds.',
    step1: 'Step 1: Origin and reason',
    kind: 'Recall from',
    kinds: { area: 'A raw-material area (by harvest dates)', harvest_lot: 'One harvest lot', batch: 'One batch' } as Record<string, string>,
    areaPart: 'Raw-material area',
    lotPart: 'Harvest lot',
    batchPart: 'Batch',
    areaLabel: 'Area',
    lotLabel: 'Harvest lot of the area',
    pickArea: '— choose an area —',
    pickLot: '— choose a harvest lot —',
    rangeHint: 'Leave empty to include every harvest lot of the area.',
    lotHint: 'Lists the harvest lots of the area chosen above. You can also press “Recall” next to a lot on the Trace pages.',
    lotNeedsArea: 'Choose the raw-material area above and press “Preview”: its harvest lots will be listed to choose from',
    chooseLot: 'Choose a harvest lot',
    chooseArea: 'Choose a raw-material area',
    batchRef: 'Stamp serial, stamp link or lot link',
    batchRefHint: 'Type the serial printed on a product or paste a link (…/01/{GTIN}/10/{lot}); the batch of that stamp is found.',
    batchRefNeeded: 'Type the serial or link of a product of the batch',
    batchRefUnknown: 'No batch was found for this code',
    batchRefBad: 'This serial or link cannot be read',
    batchRecalled: 'This batch is already under recall; lift that recall first to recall it again',
    batchDraft: 'This batch is still a draft, not sealed: there is nothing to recall',
    reason: 'Reason for the recall',
    reasonHint: 'Shown to consumers on the stamp pages.',
    authority: 'Authority ordering the recall',
    authorityHint: 'For example: the provincial Agro-Forestry-Fisheries Quality Assurance Sub-Department',
    recalledOn: 'Date of the recall decision',
    preview: 'Preview the recall',
    previewTitle: 'Step 2: Check the impact before confirming',
    previewIntro: 'Nothing has been recalled yet. Check the figures below, then confirm.',
    wouldRecall: 'Batches to be recalled',
    already: 'Batches already recalled (left as they are)',
    printRuns: 'Print runs',
    stamps: 'Stamps not void',
    scanned: 'Stamps already scanned',
    scannedHint: 'Stamps scanned at least once: a measure of what reached consumers.',
    nothing: 'There is no batch to recall from this origin.',
    batchList: 'Batches',
    listCut: (n: number) => `… and ${n} more batches.`,
    willRecall: 'to be recalled',
    alreadyRecalled: 'already recalled',
    confirm: (n: number) => `Confirm the recall of ${n} batches`,
    change: 'Change',
    origin: 'Origin',
    range: (from: string, to: string) => `harvested from ${from} to ${to}`,
    anyRange: 'any harvest date',
    viewTitle: 'Recall status',
    recalledDone: (r: { batches: number; alreadyRecalled: number; printRuns: number; stamps: number; stampsScanned: number }) =>
      `Recalled ${r.batches} batches (${r.alreadyRecalled} were already under recall): ${r.printRuns} print runs, ${r.stamps} stamps, ${r.stampsScanned} of them already scanned.`,
    liftedDone: (n: number) => `${n} recalls lifted. The history is kept.`,
    lift: 'Lift the recall',
    liftReason: 'Reason for lifting',
    liftHint: 'For example: a repeated laboratory test passed.',
    liftAll: 'Lift every open recall from this origin',
    reasonNeeded: 'Give a reason',
    authorityNeeded: 'Name the authority ordering the recall',
    dateNeeded: 'Choose a date written year-month-day',
    toBeforeFrom: 'The end date must not be before the start date',
    recalls: 'Recalls of this batch',
    noRecalls: 'This batch has never been recalled.',
    open: 'in force',
    lifted: (at: string, why: string) => `lifted on ${at}: ${why}`,
    byWhom: 'recorded by',
    stampPages: 'Stamp pages: open the batch’s public page; the serial lists (CSV) link to the page of every stamp.',
    checkStamp: 'Check a stamp',
    batchesNow: 'Batches made from this origin',
    noBatches: 'No batch was made from this origin.',
    serials: 'serials (CSV)',
    newRecall: 'Another recall',
    stillRecalled: (n: number) => `${n} batches under recall`,
    traceBack: 'trace backwards',
  },
} as const;

type Texts = (typeof TXT)[Lang];
type Kind = 'area' | 'harvest_lot' | 'batch';
const base = `${CONSOLE_BASE}/recall`;
const FORM_FIELDS = ['kind', 'areaId', 'from', 'to', 'harvestLotId', 'batchId', 'batchRef', 'reason', 'authority', 'recalledOn'] as const;
const LIST_MAX = 300;

const kindOf = (v: string | undefined): Kind => (v === 'harvest_lot' || v === 'batch' ? v : 'area');
const n0 = (lang: Lang, n: number) => formatNumber(lang, n, 0);

/** The page's own wording for an operation's field errors (the form names its fields like the body). */
function ownErrors(t: Texts) {
  return (name: string, code: string): string | undefined => {
    if (name === 'reason') return t.reasonNeeded;
    if (name === 'authority') return t.authorityNeeded;
    if (name === 'recalledOn' || name === 'origin.from') return t.dateNeeded;
    if (name === 'origin.to') return code === 'custom' ? t.toBeforeFrom : t.dateNeeded;
    return undefined;
  };
}

/** Errors keyed by the form's field names (origin.to → to, origin.id → the kind's picker…). */
function formErrors(err: AppError, lang: Lang, kind: Kind): FieldErrors {
  const raw = fieldErrors(err, lang, ownErrors(TXT[lang]));
  const out: FieldErrors = {};
  const idField = kind === 'area' ? 'areaId' : kind === 'harvest_lot' ? 'harvestLotId' : 'batchRef';
  for (const [k, v] of Object.entries(raw)) {
    const name = k === 'origin.from' ? 'from' : k === 'origin.to' ? 'to' : k.startsWith('origin') ? idField : k;
    out[name] ??= v;
  }
  // a refusal of the batch itself (a draft, already recalled) belongs beside the batch
  if (out._form && kind === 'batch' && err.code !== 'VALIDATION_FAILED') {
    const t = TXT[lang];
    out.batchRef = err.code === 'BATCH_RECALLED' ? t.batchRecalled : err.code === 'BATCH_NOT_SEALED' ? t.batchDraft : out._form;
    delete out._form;
  }
  return out;
}

// ---- step 1 ---------------------------------------------------------------------------------

async function stepOnePage(deps: AppDeps, c: ConsoleContext, s: { values?: Record<string, string>; errors?: FieldErrors; status?: number } = {}) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const st = ST[lang];
  const v = { recalledOn: vietnamToday(deps.clock()), ...s.values } as Record<string, string>;
  const e = s.errors ?? {};
  const kind = kindOf(v.kind);
  // The lot's area is the one to list lots of when a lot is named but no area was picked.
  let lot: HarvestLot | null = null;
  if (v.harvestLotId) {
    lot = await callOp(deps, c, harvestOps.get, { params: { id: v.harvestLotId } });
    v.areaId ||= lot.areaId;
  }
  const [areas, lots, batch] = await Promise.all([
    areaChoices(deps, c),
    v.areaId
      ? callOp(deps, c, harvestOps.list, { query: { areaId: v.areaId, limit: '200' } }).then((p) => p.items)
      : Promise.resolve([] as HarvestLot[]),
    v.batchId
      ? callOp(deps, c, traceOps.backward, { query: { batchId: v.batchId, depth: '1' } }).then((a) => jsonAnswer(a).batch)
      : Promise.resolve(null),
  ]);
  if (v.areaId && !areas.items.some((a) => a.id === v.areaId)) {
    const a = await callOp(deps, c, areaOps.get, { params: { id: v.areaId } });
    areas.items.unshift({ id: a.id, code: a.code, name: a.name, province: a.province, commune: a.commune });
  }
  if (lot && !lots.some((l) => l.id === lot.id)) lots.unshift(lot);
  const radio = (k: Kind) => (
    <label><input type="radio" name="kind" value={k} checked={kind === k} /> {t.kinds[k]}</label>
  );
  return page(c, {
    title: t.title,
    status: s.status,
    children: (
      <>
        <StaffStyle />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        {Object.keys(e).length ? <Notice kind="error"><p>{e._form ?? st.fixBelow}</p></Notice> : null}
        <form method="post" action={`${base}/preview`} novalidate>
          <CsrfInput token={c.get('session')?.csrfToken} />
          <section>
            <h2>{t.step1}</h2>
            <fieldset>
              <legend>{t.kind}</legend>
              {radio('area')}
              {radio('harvest_lot')}
              {radio('batch')}
            </fieldset>
            <h3>{t.areaPart}</h3>
            <SelectField name="areaId" label={t.areaLabel} value={v.areaId} error={e.areaId}
              options={[{ value: '', label: t.pickArea }, ...areas.items.map((a) => ({ value: a.id, label: areaLabel(a) }))]} />
            <div class="grid">
              <Field name="from" label={st.from} type="date" value={v.from} error={e.from} hint={t.rangeHint} />
              <Field name="to" label={st.to} type="date" value={v.to} error={e.to} />
            </div>
            <h3>{t.lotPart}</h3>
            {lots.length ? (
              <SelectField name="harvestLotId" label={t.lotLabel} value={v.harvestLotId} error={e.harvestLotId} hint={t.lotHint}
                options={[{ value: '', label: t.pickLot }, ...lots.map((l) => ({
                  value: l.id, label: `${l.code} — ${formatDate(lang, l.harvestedOn)}, ${formatNumber(lang, l.quantity, 3)} ${l.unit}`,
                }))]} />
            ) : (
              <p class={e.harvestLotId ? 'ferr' : 'hint'} id="f-harvestLotId-err">{e.harvestLotId ?? t.lotNeedsArea}</p>
            )}
            <h3>{t.batchPart}</h3>
            {batch ? (
              <p>
                <input type="hidden" name="batchId" value={batch.id} />
                <b>{batch.product.nameVi}</b> — {batch.lotCode} v{batch.version} ({BATCH_STATUS[lang][batch.status] ?? batch.status}), {batch.cooperative.name}
                {e.batchRef ? <span class="ferr" id="f-batchRef-err"><br />{e.batchRef}</span> : null}
              </p>
            ) : (
              <Field name="batchRef" label={t.batchRef} value={v.batchRef} error={e.batchRef} hint={t.batchRefHint} maxlength={500} autocomplete="off" />
            )}
          </section>
          <section class="narrow">
            <TextArea name="reason" label={t.reason} value={v.reason} error={e.reason} hint={t.reasonHint} required maxlength={2000} />
            <Field name="authority" label={t.authority} value={v.authority} error={e.authority} hint={t.authorityHint} required maxlength={300} />
            <Field name="recalledOn" label={t.recalledOn} type="date" value={v.recalledOn} error={e.recalledOn} required />
            <button type="submit">{t.preview}</button>
          </section>
        </form>
      </>
    ),
  });
}

type Origin = { kind: 'area'; id: string; from?: string; to?: string } | { kind: 'harvest_lot'; id: string } | { kind: 'batch'; id: string };

/**
 * The origin a step-1 form names, resolving a typed stamp or link to its batch through the
 * backward trace; or what to say beside the field.
 */
async function originOf(deps: AppDeps, c: ConsoleContext, v: Record<string, string>): Promise<Origin | FieldErrors> {
  const t = TXT[c.get('lang')];
  const kind = kindOf(v.kind);
  if (kind === 'area') {
    if (!v.areaId) return { areaId: t.chooseArea };
    return { kind, id: v.areaId, ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) };
  }
  if (kind === 'harvest_lot') {
    if (!v.harvestLotId) return v.areaId ? { harvestLotId: t.chooseLot } : { harvestLotId: t.lotNeedsArea };
    return { kind, id: v.harvestLotId };
  }
  if (v.batchId) return { kind, id: v.batchId };
  const input = readStampInput(v.batchRef ?? '');
  if (input.kind === 'problem') return { batchRef: input.problem === 'empty' ? t.batchRefNeeded : t.batchRefBad };
  try {
    const query = input.kind === 'serial' ? { serial: input.serial } : { gtin: input.gtin, lot: input.lot };
    const res = await submitOp(deps, c, traceOps.backward, { query: { ...query, depth: '1' } });
    if (!res.ok) return { batchRef: t.batchRefBad };
    return { kind, id: jsonAnswer(res.body).batch.id };
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return { batchRef: t.batchRefUnknown };
    throw e;
  }
}

const isOrigin = (o: Origin | FieldErrors): o is Origin => typeof (o as Origin).kind === 'string' && typeof (o as Origin).id === 'string' && !('_form' in o);

// ---- step 2: the preview --------------------------------------------------------------------

async function originLabel(deps: AppDeps, c: ConsoleContext, o: Origin, preview?: RecallPreview): Promise<string> {
  const lang = c.get('lang');
  const t = TXT[lang];
  if (o.kind === 'area') {
    const a = await callOp(deps, c, areaOps.get, { params: { id: o.id } });
    const range = o.from || o.to ? t.range(o.from ? formatDate(lang, o.from) : '…', o.to ? formatDate(lang, o.to) : '…') : t.anyRange;
    return `${t.areaPart} ${areaLabel(a)} (${range})`;
  }
  if (o.kind === 'harvest_lot') {
    const l = await callOp(deps, c, harvestOps.get, { params: { id: o.id } });
    return `${t.lotPart} ${l.code} (${formatDate(lang, l.harvestedOn)}, ${formatNumber(lang, l.quantity, 3)} ${l.unit})`;
  }
  const b = preview?.items[0];
  if (b) return `${t.batchPart} ${b.productName} — ${b.lotCode} v${b.version}, ${b.cooperative}`;
  const { batch } = jsonAnswer(await callOp(deps, c, traceOps.backward, { query: { batchId: o.id, depth: '1' } }));
  return `${t.batchPart} ${batch.product.nameVi} — ${batch.lotCode} v${batch.version}, ${batch.cooperative.name}`;
}

/** The values a confirm (or change) form carries again, as hidden fields. */
function Hidden(props: { v: Record<string, string> }) {
  return <>{Object.entries(props.v).map(([k, x]) => (x ? <input type="hidden" name={k} value={x} /> : null))}</>;
}

async function previewPage(deps: AppDeps, c: ConsoleContext, o: Origin, v: Record<string, string>, p: RecallPreview) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const st = ST[lang];
  const csrf = c.get('session')?.csrfToken;
  const label = await originLabel(deps, c, o, p);
  const carried: Record<string, string> = {
    kind: o.kind, reason: v.reason ?? '', authority: v.authority ?? '', recalledOn: v.recalledOn ?? '',
    ...(o.kind === 'area' ? { areaId: o.id, from: o.from ?? '', to: o.to ?? '' } : o.kind === 'harvest_lot' ? { harvestLotId: o.id } : { batchId: o.id }),
  };
  const shown = p.items.slice(0, LIST_MAX);
  return page(c, {
    title: t.previewTitle,
    children: (
      <>
        <StaffStyle />
        <p><a href={base}>← {t.title}</a></p>
        <h1>{t.previewTitle}</h1>
        <p>{t.previewIntro}</p>
        <section>
          <dl>
            <dt>{t.origin}</dt><dd>{label}</dd>
            <dt>{t.reason}</dt><dd>{v.reason}</dd>
            <dt>{t.authority}</dt><dd>{v.authority}</dd>
            <dt>{t.recalledOn}</dt><dd>{formatDate(lang, v.recalledOn)}</dd>
          </dl>
        </section>
        <Figures lang={lang} items={[
          { label: t.wouldRecall, value: p.batches, bad: true },
          { label: t.already, value: p.alreadyRecalled },
          { label: t.printRuns, value: p.printRuns },
          { label: t.stamps, value: p.stamps },
          { label: t.scanned, value: p.stampsScanned, bad: true },
        ]} />
        <p class="hint">{t.scannedHint}</p>
        {p.batches === 0 ? <Notice kind="ok">{t.nothing}</Notice> : null}
        <div class="actions">
          {p.batches > 0 ? (
            <form method="post" action={`${base}/confirm`}>
              <CsrfInput token={csrf} />
              <Hidden v={carried} />
              <button type="submit" class="danger">{t.confirm(p.batches)}</button>
            </form>
          ) : null}
          <form method="post" action={base}>
            <CsrfInput token={csrf} />
            <Hidden v={carried} />
            <button type="submit" class="btn2">{t.change}</button>
          </form>
        </div>
        {shown.length ? (
          <section>
            <h2>{t.batchList}</h2>
            <div class="tbl" tabindex={0}>
              <table>
                <thead><tr><th scope="col">{st.product}</th><th scope="col">{st.batch}</th><th scope="col">{st.date}</th><th scope="col">{st.cooperative}</th><th scope="col">{st.status}</th></tr></thead>
                <tbody>
                  {shown.map((b) => (
                    <tr>
                      <td>{b.productName}</td>
                      <td><a href={traceHref.backBatch(b.id)}>{b.lotCode}</a> v{b.version}</td>
                      <td>{formatDate(lang, b.productionDate)}</td>
                      <td>{b.cooperative}</td>
                      <td>{b.recalled ? <span class="tag">{t.alreadyRecalled}</span> : <span class="tag tag-bad">{t.willRecall}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {p.items.length > shown.length ? <p>{t.listCut(p.items.length - shown.length)}</p> : null}
          </section>
        ) : null}
      </>
    ),
  });
}

/** The preview operation's body for an origin and the typed reason, authority and date. */
const previewBody = (o: Origin, v: Record<string, string>) => ({
  origin: o, reason: v.reason ?? '', authority: v.authority ?? '', recalledOn: v.recalledOn ?? '',
});

// ---- the origin's page: result and lifting --------------------------------------------------

function viewOrigin(c: ConsoleContext): Origin | null {
  const kind = c.req.query('kind');
  const id = c.req.query('id') ?? '';
  if (!id) return null;
  if (kind === 'area') {
    const from = c.req.query('from');
    const to = c.req.query('to');
    return { kind, id, ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
  if (kind === 'harvest_lot' || kind === 'batch') return { kind, id };
  return null;
}

const viewHref = (o: Origin, extra: Record<string, string> = {}) =>
  `${base}/view${qs({ kind: o.kind, id: o.id, from: o.kind === 'area' ? o.from : undefined, to: o.kind === 'area' ? o.to : undefined, ...extra })}`;

async function viewPage(deps: AppDeps, c: ConsoleContext, o: Origin, s: { liftError?: string; liftReason?: string; recallId?: string; status?: number } = {}) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const st = ST[lang];
  const csrf = c.get('session')?.csrfToken;
  const q = (k: string) => countParam(c.req.query(k));
  const done = c.req.query('done');
  const counts = { batches: q('batches'), alreadyRecalled: q('alreadyRecalled'), printRuns: q('printRuns'), stamps: q('stamps'), stampsScanned: q('stampsScanned') };
  const notice = done === 'recalled' && Object.values(counts).every((x) => x !== null)
    ? t.recalledDone(counts as Record<keyof typeof counts, number>)
    : done === 'lifted' && q('lifted') !== null ? t.liftedDone(q('lifted')!) : null;
  const label = await originLabel(deps, c, o);
  const liftForm = (hidden: Record<string, string>, id: string) => (
    <form method="post" action={`${base}/lift`} novalidate class="narrow">
      <CsrfInput token={csrf} />
      <Hidden v={hidden} />
      <TextArea name="reason" id={id} label={t.liftReason} hint={t.liftHint} required maxlength={2000}
        value={s.recallId === hidden.recallId ? s.liftReason : ''} error={s.recallId === hidden.recallId ? s.liftError : undefined} />
      <button type="submit">{t.lift}</button>
    </form>
  );

  let body;
  if (o.kind === 'batch') {
    const [batch, traced] = await Promise.all([
      callOp(deps, c, batchOps.get, { params: { id: o.id } }),
      callOp(deps, c, traceOps.backward, { query: { batchId: o.id, depth: '1' } }),
    ]);
    const gtin = jsonAnswer(traced).batch.product.gtin;
    body = (
      <>
        <p>
          <a href={batchPageHref(gtin, batch.lotCode)}>{st.publicPage}</a> · <a href={traceHref.backBatch(batch.id)}>{t.traceBack}</a>
        </p>
        <p class="hint">{t.stampPages}</p>
        <section>
          <h2>{t.recalls}</h2>
          {batch.recalls.length ? (
            <ul class="fl">
              {batch.recalls.map((r) => (
                <li>
                  <p>
                    {r.liftedAt ? <span class="tag">{t.lifted(formatTime(lang, r.liftedAt), r.liftReason ?? '')}</span> : <span class="tag tag-bad">{t.open}</span>}{' '}
                    <b>{formatDate(lang, r.recalledOn)}</b> — {r.authority}
                  </p>
                  <p>{r.reason}</p>
                  <p class="muted">{t.origin}: {t.kinds[r.origin.kind] ?? r.origin.kind} · {t.byWhom} {r.recordedBy.name} ({formatTime(lang, r.createdAt)})</p>
                  {r.liftedAt ? null : liftForm({ kind: 'batch', id: batch.id, recallId: r.id }, `f-lift-${r.id}`)}
                </li>
              ))}
            </ul>
          ) : <p>{t.noRecalls}</p>}
        </section>
      </>
    );
  } else {
    const query = o.kind === 'area' ? { areaId: o.id, from: o.from, to: o.to } : { harvestLotId: o.id };
    const fwd = jsonAnswer(await callOp(deps, c, traceOps.forward, { query }));
    const recalled = fwd.batches.filter((b) => b.recalled).length;
    body = (
      <>
        <p class="hint">{t.stampPages}</p>
        <section>
          <h2>{t.batchesNow}</h2>
          <p>{t.stillRecalled(recalled)}</p>
          {fwd.batches.length ? (
            <ul class="fl">
              {fwd.batches.slice(0, LIST_MAX).map((b) => (
                <li>
                  <p>
                    {b.recalled ? <span class="tag tag-bad">{st.recalledBadge}</span> : <span class="tag">{BATCH_STATUS[lang][b.status] ?? b.status}</span>}{' '}
                    <b>{b.product.nameVi}</b> — <a href={traceHref.backBatch(b.id)}>{b.lotCode}</a> v{b.version} · {b.cooperative.name}
                  </p>
                  <p class="muted">
                    {b.status !== 'draft' ? <><a href={batchPageHref(b.product.gtin, b.lotCode)}>{st.publicPage}</a></> : null}
                    {b.printRuns.map((r) => (
                      <> · <a href={traceHref.serialsCsv(r.id)}>{t.serials}</a> ({n0(lang, r.stamps.issued + r.stamps.active)} {st.stamps.toLowerCase()})</>
                    ))}
                  </p>
                </li>
              ))}
            </ul>
          ) : <p>{t.noBatches}</p>}
          {fwd.batches.length > LIST_MAX ? <p>{t.listCut(fwd.batches.length - LIST_MAX)}</p> : null}
        </section>
        {recalled ? (
          <section>
            <h2>{t.lift}</h2>
            <p>{t.liftAll}</p>
            {liftForm({ kind: o.kind, id: o.id, from: o.kind === 'area' ? o.from ?? '' : '', to: o.kind === 'area' ? o.to ?? '' : '' }, 'f-lift-reason')}
          </section>
        ) : null}
      </>
    );
  }
  return page(c, {
    title: t.viewTitle,
    status: s.status,
    children: (
      <>
        <StaffStyle />
        <p><a href={base}>← {t.title}</a></p>
        <h1>{t.viewTitle}</h1>
        <p>{label}</p>
        {notice ? <Notice kind="ok">{notice}</Notice> : null}
        {s.liftError ? <Notice kind="error"><p>{st.fixBelow}</p></Notice> : null}
        {body}
        <form method="get" action={`${CONSOLE_BASE}/trace/backward`} class="actions">
          <div><Field name="q" label={t.checkStamp} maxlength={500} autocomplete="off" /></div>
          <button type="submit" class="btn2">{t.checkStamp}</button>
        </form>
        <p><a href={base}>{t.newRecall}</a></p>
      </>
    ),
  });
}

// ---- routes ---------------------------------------------------------------------------------

function recallRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));

  // Step 1, optionally naming the origin (links from the trace and findings pages).
  r.get('/', (c) => {
    const kind = kindOf(c.req.query('kind'));
    const id = c.req.query('id') ?? '';
    const v: Record<string, string> = { kind, from: c.req.query('from') ?? '', to: c.req.query('to') ?? '', areaId: c.req.query('areaId') ?? '' };
    if (id) v[kind === 'area' ? 'areaId' : kind === 'harvest_lot' ? 'harvestLotId' : 'batchId'] = id;
    return stepOnePage(deps, c, { values: v });
  });

  // "Change" on the preview: step 1 again with what was typed.
  r.post('/', async (c) => stepOnePage(deps, c, { values: values(await readForm(c), FORM_FIELDS) }));

  r.post('/preview', async (c) => {
    const lang = c.get('lang');
    const v = values(await readForm(c), FORM_FIELDS);
    const origin = await originOf(deps, c, v);
    if (!isOrigin(origin)) return stepOnePage(deps, c, { values: v, errors: origin, status: 400 });
    const res = await submitOp(deps, c, recallOps.preview, { body: previewBody(origin, v) });
    if (!res.ok) return stepOnePage(deps, c, { values: v, errors: formErrors(res.error, lang, origin.kind), status: res.error.status });
    return previewPage(deps, c, origin, v, res.body);
  });

  r.post('/confirm', async (c) => {
    const lang = c.get('lang');
    const v = values(await readForm(c), FORM_FIELDS);
    const origin = await originOf(deps, c, v);
    if (!isOrigin(origin)) return stepOnePage(deps, c, { values: v, errors: origin, status: 400 });
    const body = { reason: v.reason, authority: v.authority, recalledOn: v.recalledOn };
    let counts: Omit<RecallPreview, 'origin' | 'items'>;
    if (origin.kind === 'batch') {
      // One batch: its counts are what the preview says now, and the recall is the batch's own operation.
      const preview = await submitOp(deps, c, recallOps.preview, { body: previewBody(origin, v) });
      if (!preview.ok) return stepOnePage(deps, c, { values: v, errors: formErrors(preview.error, lang, 'batch'), status: preview.error.status });
      const res = await submitOp(deps, c, batchOps.recall, { params: { id: origin.id }, body });
      if (!res.ok) return stepOnePage(deps, c, { values: v, errors: formErrors(res.error, lang, 'batch'), status: res.error.status });
      counts = preview.body;
    } else {
      const res = await submitOp(deps, c, recallOps.propagate, { body: { origin, ...body } });
      if (!res.ok) return stepOnePage(deps, c, { values: v, errors: formErrors(res.error, lang, origin.kind), status: res.error.status });
      counts = res.body;
    }
    return c.redirect(viewHref(origin, {
      done: 'recalled', batches: String(counts.batches), alreadyRecalled: String(counts.alreadyRecalled),
      printRuns: String(counts.printRuns), stamps: String(counts.stamps), stampsScanned: String(counts.stampsScanned),
    }), 303);
  });

  r.get('/view', async (c) => {
    const o = viewOrigin(c);
    if (!o) return c.redirect(base, 303);
    return viewPage(deps, c, o);
  });

  r.post('/lift', async (c) => {
    const t = TXT[c.get('lang')];
    const form = await readForm(c);
    const v = values(form, ['kind', 'id', 'from', 'to', 'recallId', 'reason']);
    const kind = v.kind === 'batch' || v.kind === 'harvest_lot' ? v.kind : 'area';
    const o: Origin = kind === 'area'
      ? { kind, id: v.id, ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) }
      : { kind, id: v.id };
    let res: Submitted<{ lifted: number }>;
    if (o.kind === 'batch') {
      const one = await submitOp(deps, c, batchOps.liftRecall, { params: { id: o.id, recallId: v.recallId }, body: { reason: v.reason } });
      res = one.ok ? { ...one, body: { lifted: 1 } } : one;
    } else {
      res = await submitOp(deps, c, recallOps.lift, { body: { origin: o, reason: v.reason } });
    }
    if (res.ok) return c.redirect(viewHref(o, { done: 'lifted', lifted: String(res.body.lifted) }), 303);
    const errors = fieldErrors(res.error, c.get('lang'), (name) => (name === 'reason' ? t.reasonNeeded : undefined));
    return viewPage(deps, c, o, { liftError: errors.reason ?? errors._form, liftReason: v.reason, recallId: v.recallId || undefined, status: res.error.status });
  });
  return r;
}

export const recallModule: ConsoleModule = {
  path: '/recall',
  routes: recallRoutes,
  nav: [{ href: '/recall', label: { vi: 'Thu hồi', en: 'Recall' }, roles: ['staff', 'admin'] }],
};
