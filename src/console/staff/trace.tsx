// Tracing for association staff: backwards from a serial typed in, a stamp URL pasted or scanned
// (a barcode scanner types it), a GTIN with a lot code, or a batch; forwards from an area
// (optionally harvest dates from/to) or a harvest lot; each as a readable chain with the CSV
// export. Every answer comes from the /trace operations (src/http/routes/trace.ts).
import { Hono } from 'hono';
import type { BackwardInput } from '../../db/trace-store';
import { AppError } from '../../errors';
import type { OpAnswer } from '../../http/op';
import { printRunOps, traceOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatDate, formatNumber, type Lang } from '../../pages/i18n';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { fieldErrors, type FieldErrors } from '../form';
import { downloadOp, jsonAnswer, submitOp } from '../ops';
import { page } from '../render';
import { BATCH_STATUS, ORG_KINDS, ST, staffTexts } from './i18n';
import { areaChoices, areaLabel, readStampInput, type AreaChoice } from './lookups';
import { Figures, Notice } from '../ui/blocks';
import { Field, SelectField } from '../ui/fields';
import { batchPageHref, qs, stampPageHref, traceHref } from '../ui/links';
import { StaffStyle } from '../ui/styles';

const TXT = {
  vi: {
    title: 'Truy xuất nguồn gốc',
    backTitle: 'Truy xuất ngược',
    backIntro: 'Từ một con tem về lô sản xuất, nguyên liệu, lô thu hoạch, vùng nguyên liệu, đơn vị quản lý vùng và hợp đồng liên kết.',
    stampInput: 'Mã tem hoặc đường dẫn tem',
    stampHint: 'Gõ mã 14 ký tự in trên tem, dán đường dẫn của tem, hoặc quét mã QR bằng máy quét.',
    orLot: 'Hoặc theo mã GTIN và mã lô in trên bao bì',
    gtin: 'Mã GTIN',
    lot: 'Mã lô',
    search: 'Truy xuất',
    fwdTitle: 'Truy xuất xuôi',
    fwdIntro: 'Từ một vùng nguyên liệu (có thể giới hạn theo ngày thu hoạch) tới mọi lô sản xuất, sản phẩm, đợt in tem, lượt quét và mô hình chuỗi.',
    areaFilter: 'Tìm vùng theo mã hoặc tên',
    areaFilterBtn: 'Tìm vùng',
    areaMore: 'Chỉ hiện 200 vùng đầu tiên; hãy tìm theo mã hoặc tên.',
    pickArea: '— chọn vùng —',
    empty: 'Hãy nhập mã tem hoặc dán đường dẫn tem',
    mistyped: 'Mã tem bị nhập sai một ký tự (ký tự kiểm tra không khớp). Hãy kiểm tra lại.',
    unreadable: 'Không đọc được: cần mã tem 14 ký tự hoặc đường dẫn tem dạng …/01/{GTIN}/10/{mã lô}/21/{mã tem}',
    productOnly: 'Đường dẫn này chỉ chỉ tới sản phẩm, không có mã lô hay mã tem',
    stampUnknown: 'Không có tem nào mang mã này',
    batchUnknown: 'Không có lô sản xuất nào khớp',
    areaUnknown: 'Không tìm thấy vùng nguyên liệu hoặc lô thu hoạch này',
    chooseArea: 'Hãy chọn một vùng nguyên liệu',
    stamp: 'Tem',
    stampStates: { issued: 'đã in, chưa kích hoạt', active: 'đang lưu hành', void: 'đã hủy' } as Record<string, string>,
    scanned: (n: number) => `đã quét ${n} lần`,
    produced: 'sản xuất ngày',
    versions: 'Các phiên bản của lô',
    inputs: (n: number) => `Nguyên liệu đầu vào (${n} lô thu hoạch)`,
    noInputs: 'Lô này không ghi nguyên liệu đầu vào.',
    used: 'dùng',
    fromLot: 'từ lô thu hoạch',
    harvested: 'thu hoạch ngày',
    lotDrawn: (q: string, d: string) => `lô có ${q}, các lô sản xuất đã dùng tổng cộng ${d}`,
    operator: 'Đơn vị quản lý vùng',
    contracts: 'Hợp đồng liên kết với hợp tác xã',
    noContract: 'Không có hợp đồng liên kết giữa vùng này và hợp tác xã',
    ownArea: 'không cần: vùng do chính hợp tác xã quản lý',
    covers: 'còn hiệu lực ngày thu hoạch',
    notCovers: 'không hiệu lực ngày thu hoạch',
    certs: 'Chứng nhận của vùng lúc thu hoạch',
    noCerts: 'không có',
    hectares: (n: string) => `${n} ha`,
    plantingCode: 'mã số vùng trồng',
    recall: 'Thu hồi',
    origin: 'Điểm bắt đầu',
    range: 'Thu hoạch trong khoảng',
    anyDate: 'mọi ngày',
    lots: 'Lô thu hoạch',
    noLots: 'Không có lô thu hoạch nào trong khoảng này.',
    batchesMade: 'Lô sản xuất đã dùng nguyên liệu này',
    noBatches: 'Chưa có lô sản xuất nào dùng nguyên liệu này.',
    drew: 'đã dùng',
    runLine: (count: string, issued: number, active: number, voided: number, scans: number) =>
      `${count} tem: ${active} đang lưu hành, ${issued} chưa kích hoạt, ${voided} đã hủy; ${scans} lượt quét`,
    serials: 'danh sách mã tem (CSV)',
    runOf: 'đợt in ngày',
    models: 'Mô hình chuỗi giá trị liên quan',
    noModels: 'Không có mô hình chuỗi nào liên quan.',
    stampsLive: 'Tem chưa hủy',
    traceBack: 'truy xuất ngược',
    forward: 'truy xuất xuôi',
    lotWord: 'lô',
  },
  en: {
    title: 'Tracing',
    backTitle: 'Trace backwards',
    backIntro: 'From a stamp to its batch, inputs, harvest lots, raw-material areas, their operators and supply contracts.',
    stampInput: 'Stamp serial or stamp link',
    stampHint: 'Type the 14-character code printed on the stamp, paste the stamp’s link, or scan its QR code with a scanner.',
    orLot: 'Or by the GTIN and lot code printed on the pack',
    gtin: 'GTIN',
    lot: 'Lot code',
    search: 'Trace',
    fwdTitle: 'Trace forwards',
    fwdIntro: 'From a raw-material area (optionally limited to harvest dates) to every batch, product, print run, scan and value-chain model.',
    areaFilter: 'Find an area by code or name',
    areaFilterBtn: 'Find areas',
    areaMore: 'Only the first 200 areas are listed; search by code or name.',
    pickArea: '— choose an area —',
    empty: 'Type a stamp serial or paste a stamp link',
    mistyped: 'One character of the serial is mistyped (the check character does not match). Check it again.',
    unreadable: 'Not readable: a 14-character stamp serial or a stamp link like …/01/{GTIN}/10/{lot}/21/{serial} is needed',
    productOnly: 'This link names a product only, with no lot or serial',
    stampUnknown: 'No stamp has this serial',
    batchUnknown: 'No batch matches',
    areaUnknown: 'This raw-material area or harvest lot was not found',
    chooseArea: 'Choose a raw-material area',
    stamp: 'Stamp',
    stampStates: { issued: 'printed, not activated', active: 'in circulation', void: 'void' } as Record<string, string>,
    scanned: (n: number) => `scanned ${n} times`,
    produced: 'produced on',
    versions: 'Versions of the lot',
    inputs: (n: number) => `Inputs (${n} harvest lots)`,
    noInputs: 'This batch records no inputs.',
    used: 'used',
    fromLot: 'from harvest lot',
    harvested: 'harvested on',
    lotDrawn: (q: string, d: string) => `the lot held ${q}, ${d} drawn in all`,
    operator: 'Operator of the area',
    contracts: 'Supply contracts with the cooperative',
    noContract: 'No supply contract between this area and the cooperative',
    ownArea: 'none needed: the cooperative operates this area itself',
    covers: 'in force on the harvest day',
    notCovers: 'not in force on the harvest day',
    certs: 'Certificates of the area at harvest',
    noCerts: 'none',
    hectares: (n: string) => `${n} ha`,
    plantingCode: 'planting-area code',
    recall: 'Recall',
    origin: 'Starting point',
    range: 'Harvested between',
    anyDate: 'any date',
    lots: 'Harvest lots',
    noLots: 'No harvest lot in this range.',
    batchesMade: 'Batches made from it',
    noBatches: 'No batch has used it yet.',
    drew: 'drew',
    runLine: (count: string, issued: number, active: number, voided: number, scans: number) =>
      `${count} stamps: ${active} in circulation, ${issued} not activated, ${voided} void; ${scans} scans`,
    serials: 'serial list (CSV)',
    runOf: 'run of',
    models: 'Value-chain models involved',
    noModels: 'No value-chain model is involved.',
    stampsLive: 'Stamps not void',
    traceBack: 'trace backwards',
    forward: 'trace forwards',
    lotWord: 'lot',
  },
} as const;

type Texts = (typeof TXT)[Lang];
const base = `${CONSOLE_BASE}/trace`;

type BackwardAnswer = Exclude<OpAnswer<typeof traceOps.backward>, Response>;
type ForwardAnswer = Exclude<OpAnswer<typeof traceOps.forward>, Response>;

/** The inputs of a depth=all answer: each with its area, operator and contracts. */
const fullInputs = (a: BackwardAnswer) => a.inputs.filter((i): i is BackwardInput => 'area' in i);

/** The forward answer's origin in one shape: an area's date range, or the harvest lot. */
function originOf(a: ForwardAnswer) {
  const o = a.origin;
  return 'harvestLot' in o ? { ...o, from: null, to: null } : { ...o, harvestLot: null };
}

const num = (lang: Lang, n: number) => formatNumber(lang, n, 3);

// ---- the search forms -----------------------------------------------------------------------

type SearchState = { values?: Record<string, string>; errors?: FieldErrors; status?: number };

function BackwardForm(props: { t: Texts; s: SearchState }) {
  const { t } = props;
  const v = props.s.values ?? {};
  const e = props.s.errors ?? {};
  return (
    <section>
      <h2>{t.backTitle}</h2>
      <p class="muted">{t.backIntro}</p>
      <form method="get" action={`${base}/backward`} class="narrow">
        <Field name="q" label={t.stampInput} value={v.q} error={e.q} hint={t.stampHint} autocomplete="off" maxlength={500} autofocus />
        <button type="submit">{t.search}</button>
      </form>
      <form method="get" action={`${base}/backward`}>
        <p class="hint">{t.orLot}</p>
        <div class="grid">
          <Field name="gtin" label={t.gtin} value={v.gtin} error={e.gtin} inputmode="numeric" maxlength={14} autocomplete="off" />
          <Field name="lot" label={t.lot} value={v.lot} error={e.lot} maxlength={20} autocomplete="off" />
        </div>
        <button type="submit" class="btn2">{t.search}</button>
      </form>
    </section>
  );
}

function ForwardForm(props: { lang: Lang; t: Texts; s: SearchState; areas: { items: AreaChoice[]; more: boolean } }) {
  const { t, areas } = props;
  const st = ST[props.lang];
  const v = props.s.values ?? {};
  const e = props.s.errors ?? {};
  return (
    <section>
      <h2>{t.fwdTitle}</h2>
      <p class="muted">{t.fwdIntro}</p>
      <form method="get" action={`${base}/forward`}>
        {e._form ? <Notice kind="error"><p>{e._form}</p></Notice> : null}
        <SelectField name="areaId" label={st.area} value={v.areaId} error={e.areaId ?? e.harvestLotId}
          hint={areas.more ? t.areaMore : undefined}
          options={[{ value: '', label: t.pickArea }, ...areas.items.map((a) => ({ value: a.id, label: areaLabel(a) }))]} />
        <div class="grid">
          <Field name="from" label={st.from} type="date" value={v.from} error={e.from} />
          <Field name="to" label={st.to} type="date" value={v.to} error={e.to} />
        </div>
        <button type="submit">{t.search}</button>
      </form>
      <form method="get" action={base} class="actions">
        <div><Field name="aq" label={t.areaFilter} value={v.aq} maxlength={100} /></div>
        <button type="submit" class="btn2">{t.areaFilterBtn}</button>
      </form>
    </section>
  );
}

async function searchPage(deps: AppDeps, c: ConsoleContext, s: { back?: SearchState; fwd?: SearchState } = {}) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const areas = await areaChoices(deps, c, s.fwd?.values?.aq);
  return page(c, {
    title: t.title,
    status: s.back?.status ?? s.fwd?.status,
    children: (
      <>
        <StaffStyle />
        <h1>{t.title}</h1>
        {s.back?.errors || s.fwd?.errors ? <Notice kind="error"><p>{staffTexts(c).fixBelow}</p></Notice> : null}
        <BackwardForm t={t} s={s.back ?? {}} />
        <ForwardForm lang={lang} t={t} s={s.fwd ?? {}} areas={areas} />
      </>
    ),
  });
}

// ---- backwards ------------------------------------------------------------------------------

/** The query of GET /trace/backward from the page's parameters, or what to say beside the field. */
function backwardQuery(c: ConsoleContext, t: Texts): { query: Record<string, string> } | { errors: FieldErrors } {
  const q = c.req.query('q');
  const batchId = c.req.query('batchId');
  const gtin = c.req.query('gtin')?.trim();
  const lot = c.req.query('lot')?.trim();
  if (batchId) return { query: { batchId } };
  if (gtin || lot) return { query: { gtin: gtin ?? '', lot: lot ?? '' } };
  const input = readStampInput(q ?? '');
  switch (input.kind) {
    case 'serial': return { query: { serial: input.serial } };
    case 'lot': return { query: { gtin: input.gtin, lot: input.lot } };
    default: {
      const msg = { empty: t.empty, mistyped: t.mistyped, unreadable: t.unreadable, product_only: t.productOnly }[input.problem];
      return { errors: { q: input.detail ? `${msg} (${input.detail})` : msg } };
    }
  }
}

function BatchLine(props: { lang: Lang; t: Texts; b: { id: string; product: { gtin: string; nameVi: string }; lotCode: string; version: number; status: string; productionDate: string; cooperative: { name: string }; recalled: boolean } }) {
  const { lang, t, b } = props;
  return (
    <>
      <b>{b.product.nameVi}</b> <span class="muted">(GTIN {b.product.gtin})</span> — {t.lotWord} <b>{b.lotCode}</b>{' '}
      <span class="muted">v{b.version}, {BATCH_STATUS[lang][b.status] ?? b.status}</span>
      {b.recalled ? <> <span class="tag tag-bad">{ST[lang].recalledBadge}</span></> : null}
      <br />
      {t.produced} {formatDate(lang, b.productionDate)} · {b.cooperative.name}
    </>
  );
}

function BackwardChain(props: { lang: Lang; t: Texts; a: BackwardAnswer; csv: string }) {
  const { lang, t, a } = props;
  const b = a.batch;
  const inputs = fullInputs(a);
  const st = ST[lang];
  return (
    <>
      <ol class="chain">
        {a.stamp ? (
          <li>
            <b>{t.stamp}</b> <code>{a.stamp.serial}</code> — {t.stampStates[a.stamp.state] ?? a.stamp.state}, {t.scanned(a.stamp.scanCount)}
            {' · '}<a href={stampPageHref(b.product.gtin, b.lotCode, a.stamp.serial)}>{st.publicPage}</a>
          </li>
        ) : null}
        <li>
          <b>{st.batch}</b>: <BatchLine lang={lang} t={t} b={b} />
          <br />
          {st.quantity}: {num(lang, b.quantity)} {b.unit}
          {' · '}<a href={batchPageHref(b.product.gtin, b.lotCode)}>{st.publicPage}</a>
          {b.status !== 'draft' && !b.recalled ? <> · <a href={`${CONSOLE_BASE}/recall${qs({ kind: 'batch', id: b.id })}`}>{t.recall}</a></> : null}
          {b.recalled ? <> · <a href={`${CONSOLE_BASE}/recall/view${qs({ kind: 'batch', id: b.id })}`}>{t.recall}</a></> : null}
          {b.versions.length > 1 ? (
            <p class="muted">
              {t.versions}:{' '}
              {b.versions.map((v, i) => (
                <>{i ? ', ' : ''}{v.id === b.id ? <b>v{v.version}</b> : <a href={traceHref.backBatch(v.id)}>v{v.version}</a>} ({BATCH_STATUS[lang][v.status] ?? v.status})</>
              ))}
            </p>
          ) : null}
        </li>
        <li>
          <b>{t.inputs(inputs.length)}</b>
          {inputs.length ? (
            <ul>
              {inputs.map((i) => (
                <li>
                  {t.used} <b>{num(lang, i.quantityUsed)} {i.harvestLot.unit}</b> {t.fromLot}{' '}
                  <a href={traceHref.fromLot(i.harvestLot.id)}><b>{i.harvestLot.code}</b></a>, {t.harvested} {formatDate(lang, i.harvestLot.harvestedOn)}
                  {' '}<span class="muted">({t.lotDrawn(`${num(lang, i.harvestLot.quantity)} ${i.harvestLot.unit}`, `${num(lang, i.harvestLot.drawn)} ${i.harvestLot.unit}`)})</span>
                  {' · '}<a href={`${CONSOLE_BASE}/recall${qs({ kind: 'harvest_lot', id: i.harvestLot.id })}`}>{t.recall}</a>
                  <ul>
                    <li>
                      {st.area}: <a href={traceHref.fromArea(i.area.id)}><b>{i.area.code}</b> — {i.area.name}</a>
                      {', '}{[i.area.commune, i.area.province].filter(Boolean).join(', ')} · {t.hectares(num(lang, i.area.areaHa))}
                      {i.area.plantingAreaCode ? <> · {t.plantingCode} {i.area.plantingAreaCode}</> : null}
                    </li>
                    <li>{t.operator}: <b>{i.operator.name}</b> <span class="muted">({ORG_KINDS[lang][i.operator.kind] ?? i.operator.kind})</span></li>
                    <li>
                      {t.contracts}:{' '}
                      {i.contracts.length ? i.contracts.map((k, n) => (
                        <>{n ? '; ' : ''}{k.number} ({formatDate(lang, k.startsOn)} – {formatDate(lang, k.endsOn)}, <span class={k.coversHarvestDate ? undefined : 'ferr'}>{k.coversHarvestDate ? t.covers : t.notCovers}</span>)</>
                      )) : i.operator.id === b.cooperative.id ? t.ownArea : <span class="ferr">{t.noContract}</span>}
                    </li>
                    <li>
                      {t.certs}:{' '}
                      {certList(i.harvestLot.certifications) || t.noCerts}
                    </li>
                  </ul>
                </li>
              ))}
            </ul>
          ) : <p class="muted">{t.noInputs}</p>}
        </li>
      </ol>
      <p><a href={props.csv}>{st.csv}</a></p>
    </>
  );
}

function certList(certs: unknown[]): string {
  return certs
    .map((x) => (x && typeof x === 'object' ? x as Record<string, unknown> : {}))
    .map((x) => [x.scheme, x.number].filter((v) => typeof v === 'string' && v).join(' '))
    .filter(Boolean)
    .join('; ');
}

async function backwardPage(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const values: Record<string, string> = { q: c.req.query('q') ?? '', gtin: c.req.query('gtin') ?? '', lot: c.req.query('lot') ?? '' };
  const parsed = backwardQuery(c, t);
  if ('errors' in parsed) return searchPage(deps, c, { back: { values, errors: parsed.errors, status: 400 } });
  let answer: BackwardAnswer;
  try {
    const res = await submitOp(deps, c, traceOps.backward, { query: { ...parsed.query, depth: 'all' } });
    if (!res.ok) {
      const errors = fieldErrors(res.error, lang);
      // a serial that fails the API's own check lands beside the box it was typed in
      if (errors.serial) errors.q = errors.serial;
      if (errors._form && !values.gtin && !values.lot) errors.q = errors._form;
      return searchPage(deps, c, { back: { values, errors, status: res.error.status } });
    }
    answer = jsonAnswer(res.body);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND' && !parsed.query.batchId) {
      const errors: FieldErrors = parsed.query.serial ? { q: t.stampUnknown } : values.q ? { q: t.batchUnknown } : { lot: t.batchUnknown };
      return searchPage(deps, c, { back: { values, errors, status: 404 } });
    }
    throw e;
  }
  const b = answer.batch;
  const title = `${t.backTitle}: ${answer.stamp ? answer.stamp.serial : b.lotCode}`;
  return page(c, {
    title,
    children: (
      <>
        <StaffStyle />
        <p><a href={base}>← {t.title}</a></p>
        <h1>{title}</h1>
        <BackwardChain lang={lang} t={t} a={answer} csv={`${base}/backward.csv${qs(parsed.query)}`} />
      </>
    ),
  });
}

// ---- forwards -------------------------------------------------------------------------------

function ForwardChain(props: { lang: Lang; t: Texts; a: ForwardAnswer; csv: string }) {
  const { lang, t, a } = props;
  const st = ST[lang];
  const o = originOf(a);
  const runs = a.batches.flatMap((b) => b.printRuns);
  const live = runs.reduce((n, r) => n + r.stamps.issued + r.stamps.active, 0);
  const scans = a.batches.reduce((n, b) => n + b.scans, 0);
  const units = [...new Set(a.harvestLots.map((l) => l.unit))];
  const unit = units.length === 1 ? units[0] : '';
  const recallHref = o.kind === 'area'
    ? `${CONSOLE_BASE}/recall${qs({ kind: 'area', id: o.area.id, from: o.from, to: o.to })}`
    : `${CONSOLE_BASE}/recall${qs({ kind: 'harvest_lot', id: o.harvestLot?.id })}`;
  return (
    <>
      <section>
        <h2>{t.origin}</h2>
        <dl>
          <dt>{st.area}</dt>
          <dd>
            {o.kind === 'harvest_lot' ? <a href={traceHref.fromArea(o.area.id)}><b>{o.area.code}</b> — {o.area.name}</a> : <><b>{o.area.code}</b> — {o.area.name}</>}
            {', '}{[o.area.commune, o.area.province].filter(Boolean).join(', ')} · {t.hectares(num(lang, o.area.areaHa))}
          </dd>
          <dt>{t.operator}</dt><dd>{o.operator.name} <span class="muted">({ORG_KINDS[lang][o.operator.kind] ?? o.operator.kind})</span></dd>
          {o.kind === 'area' ? (
            <><dt>{t.range}</dt><dd>{o.from || o.to ? `${o.from ? formatDate(lang, o.from) : '…'} – ${o.to ? formatDate(lang, o.to) : '…'}` : t.anyDate}</dd></>
          ) : o.harvestLot ? (
            <><dt>{st.harvestLot}</dt><dd><b>{o.harvestLot.code}</b>, {t.harvested} {formatDate(lang, o.harvestLot.harvestedOn)}, {num(lang, o.harvestLot.quantity)} {o.harvestLot.unit}</dd></>
          ) : null}
        </dl>
        <p class="actions"><a href={recallHref}>{t.recall}…</a><a href={props.csv}>{st.csv}</a></p>
      </section>
      <Figures lang={lang} items={[
        { label: t.lots, value: a.harvestLots.length },
        { label: st.batches, value: a.batches.length },
        { label: st.printRuns, value: runs.length },
        { label: t.stampsLive, value: live },
        { label: st.scans, value: scans },
      ]} />
      {o.kind === 'area' ? (
        <section>
          <h2>{t.lots}</h2>
          {a.harvestLots.length ? (
            <div class="tbl" tabindex={0}>
              <table>
                <thead><tr><th scope="col">{st.harvestLot}</th><th scope="col">{st.date}</th><th scope="col">{st.quantity}</th><th scope="col">{t.drew}</th></tr></thead>
                <tbody>
                  {a.harvestLots.map((l) => (
                    <tr>
                      <td><a href={traceHref.fromLot(l.id)}>{l.code}</a></td>
                      <td>{formatDate(lang, l.harvestedOn)}</td>
                      <td>{num(lang, l.quantity)} {l.unit}</td>
                      <td>{num(lang, l.drawn)} {l.unit}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p>{t.noLots}</p>}
        </section>
      ) : null}
      <section>
        <h2>{t.batchesMade}</h2>
        {a.batches.length ? (
          <ol class="chain">
            {a.batches.map((b) => (
              <li>
                <BatchLine lang={lang} t={t} b={b} />
                <br />
                {t.drew} <b>{num(lang, b.drawn)} {unit}</b> · {st.quantity} {num(lang, b.quantity)} {b.unit}
                {' · '}<a href={traceHref.backBatch(b.id)}>{t.traceBack}</a>
                {b.status !== 'draft' ? <> · <a href={batchPageHref(b.product.gtin, b.lotCode)}>{st.publicPage}</a></> : null}
                {b.printRuns.length ? (
                  <ul>
                    {b.printRuns.map((r) => (
                      <li>
                        {t.runOf} {formatDate(lang, r.createdAt)}: {t.runLine(formatNumber(lang, r.count, 0), r.stamps.issued, r.stamps.active, r.stamps.void, r.scans)}
                        {' · '}<a href={traceHref.serialsCsv(r.id)}>{t.serials}</a>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        ) : <p>{t.noBatches}</p>}
      </section>
      <section>
        <h2>{t.models}</h2>
        {a.models.length ? <ul>{a.models.map((m) => <li><a href={`/models/${encodeURIComponent(m.slug)}`}>{m.name}</a></li>)}</ul> : <p>{t.noModels}</p>}
      </section>
    </>
  );
}

async function forwardPage(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const values: Record<string, string> = Object.fromEntries(['areaId', 'harvestLotId', 'from', 'to', 'aq'].map((k) => [k, c.req.query(k) ?? '']));
  if (!values.areaId && !values.harvestLotId) {
    return searchPage(deps, c, { fwd: { values, errors: { areaId: t.chooseArea }, status: 400 } });
  }
  const query = values.harvestLotId
    ? { harvestLotId: values.harvestLotId }
    : { areaId: values.areaId, from: values.from, to: values.to };
  let answer: ForwardAnswer;
  try {
    const res = await submitOp(deps, c, traceOps.forward, { query });
    if (!res.ok) return searchPage(deps, c, { fwd: { values, errors: fieldErrors(res.error, lang), status: res.error.status } });
    answer = jsonAnswer(res.body);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') {
      return searchPage(deps, c, { fwd: { values, errors: { areaId: t.areaUnknown }, status: 404 } });
    }
    throw e;
  }
  const o = originOf(answer);
  const title = `${t.fwdTitle}: ${o.kind === 'harvest_lot' && o.harvestLot ? o.harvestLot.code : o.area.code}`;
  return page(c, {
    title,
    children: (
      <>
        <StaffStyle />
        <p><a href={base}>← {t.title}</a></p>
        <h1>{title}</h1>
        <ForwardChain lang={lang} t={t} a={answer} csv={`${base}/forward.csv${qs(query)}`} />
      </>
    ),
  });
}

function traceRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));
  r.get('/', (c) => searchPage(deps, c, { fwd: { values: { aq: c.req.query('aq') ?? '' } } }));
  r.get('/backward', (c) => backwardPage(deps, c));
  r.get('/forward', (c) => forwardPage(deps, c));
  r.get('/backward.csv', (c) => {
    const q = c.req.query();
    return downloadOp(deps, c, traceOps.backward, { query: { serial: q.serial, batchId: q.batchId, gtin: q.gtin, lot: q.lot, format: 'csv' } });
  });
  r.get('/forward.csv', (c) => {
    const q = c.req.query();
    return downloadOp(deps, c, traceOps.forward, { query: { areaId: q.areaId, harvestLotId: q.harvestLotId, from: q.from, to: q.to, format: 'csv' } });
  });
  r.get('/print-runs/:id/serials.csv', (c) => downloadOp(deps, c, printRunOps.serialsCsv, { params: { id: c.req.param('id') } }));
  return r;
}

export const traceModule: ConsoleModule = {
  path: '/trace',
  routes: traceRoutes,
  nav: [{ href: '/trace', label: { vi: 'Truy xuất', en: 'Trace' }, roles: ['staff', 'admin'] }],
};
