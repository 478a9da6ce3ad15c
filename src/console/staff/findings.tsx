// Findings of the raw-material link checks for association staff: the list with its filters and
// counts, "run the checks now", one finding with the records it names, its facts and history,
// and acknowledging or resolving it with a note. Everything runs the /checks and /findings
// operations (src/http/routes/checks.ts).
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { RULES } from '../../checks/rules';
import type { FindingObject } from '../../checks/rule';
import { FINDING_VIEWS } from '../../db/findings-store';
import type { Organization } from '../../db/organizations-store';
import { checkOps, organizationOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatTime, type Lang } from '../../pages/i18n';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { field, fieldErrors, readForm } from '../form';
import { callOp, submitOp, type ItemOf } from '../ops';
import { page } from '../render';
import { SEVERITY_NAMES, staffTexts } from './i18n';
import { Figures, Notice, SeverityBadge } from '../ui/blocks';
import { CsrfInput, SelectField, TextArea } from '../ui/fields';
import { countParam, qs, traceHref } from '../ui/links';
import { StaffStyle } from '../ui/styles';

const TXT = {
  vi: {
    title: 'Phát hiện từ kiểm tra liên kết',
    intro: 'Những điểm không khớp giữa lô sản xuất, vùng nguyên liệu, hợp đồng, chứng nhận, tem và lượt quét.',
    view: 'Hiển thị',
    views: { attention: 'Cần xử lý', open: 'Mới', acknowledged: 'Đã ghi nhận', resolved: 'Đã xử lý', cleared: 'Không còn phát hiện', all: 'Tất cả' } as Record<string, string>,
    statuses: { open: 'Mới', acknowledged: 'Đã ghi nhận', resolved: 'Đã xử lý', cleared: 'Không còn phát hiện' } as Record<string, string>,
    rule: 'Quy tắc',
    severity: 'Mức độ',
    needAttention: 'Cần xử lý',
    shown: (n: number, more: boolean) => `Hiển thị ${n} phát hiện${more ? ' (còn trang sau)' : ''}.`,
    noneFound: 'Không có phát hiện nào khớp bộ lọc.',
    run: 'Chạy kiểm tra ngay',
    runHint: 'Kiểm tra toàn bộ dữ liệu theo mọi quy tắc; có thể mất vài giây.',
    ran: (s: { found: number; new: number; reopened: number; cleared: number; attention: number }) =>
      `Đã chạy kiểm tra: ${s.found} phát hiện (${s.new} mới, ${s.reopened} mở lại), ${s.cleared} không còn phát hiện; ${s.attention} cần xử lý.`,
    open: 'Xem',
    lastFound: 'Phát hiện gần nhất',
    firstFound: 'Phát hiện lần đầu',
    cleared: 'Không còn phát hiện từ',
    reopened: 'Số lần mở lại',
    reviewedBy: 'Người xem xét',
    reviewedAt: 'Lúc',
    note: 'Ghi chú',
    objects: 'Các bản ghi liên quan',
    facts: 'Dữ kiện',
    history: 'Lịch sử',
    others: 'các phát hiện khác về bản ghi này',
    recallThis: 'thu hồi',
    traceThis: 'truy xuất',
    kinds: {
      batch: 'Lô sản xuất', harvest_lot: 'Lô thu hoạch', area: 'Vùng nguyên liệu', cooperative: 'Hợp tác xã', product: 'Sản phẩm',
      model: 'Mô hình chuỗi', print_run: 'Đợt in tem', stamp: 'Tem', fake_report: 'Báo cáo hàng giả',
    } as Record<string, string>,
    acknowledge: 'Ghi nhận (đang xử lý)',
    acknowledgeHint: 'Ghi rõ ai đang xử lý và làm gì.',
    resolve: 'Đánh dấu đã xử lý',
    resolveHint: 'Ghi rõ đã xử lý thế nào. Phát hiện sẽ mở lại nếu dữ kiện thay đổi.',
    noteNeeded: 'Hãy ghi chú trước khi gửi',
    noteTooLong: 'Ghi chú dài tối đa 2000 ký tự',
    done: { acknowledged: 'Đã ghi nhận phát hiện.', resolved: 'Đã đánh dấu phát hiện là đã xử lý.' } as Record<string, string>,
    back: 'Danh sách phát hiện',
    panel: 'Phát hiện cần xử lý',
    panelNone: 'Không có phát hiện nào cần xử lý.',
    panelAll: 'Xem các phát hiện',
  },
  en: {
    title: 'Findings of the link checks',
    intro: 'What does not add up between batches, raw-material areas, contracts, certificates, stamps and scans.',
    view: 'Show',
    views: { attention: 'Needing attention', open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved', cleared: 'Cleared', all: 'All' } as Record<string, string>,
    statuses: { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved', cleared: 'Cleared' } as Record<string, string>,
    rule: 'Rule',
    severity: 'Severity',
    needAttention: 'Needing attention',
    shown: (n: number, more: boolean) => `${n} findings shown${more ? ' (more on the next page)' : ''}.`,
    noneFound: 'No finding matches the filters.',
    run: 'Run the checks now',
    runHint: 'Checks all data against every rule; this may take a few seconds.',
    ran: (s: { found: number; new: number; reopened: number; cleared: number; attention: number }) =>
      `Checks run: ${s.found} findings (${s.new} new, ${s.reopened} reopened), ${s.cleared} cleared; ${s.attention} need attention.`,
    open: 'Open',
    lastFound: 'Last found',
    firstFound: 'First found',
    cleared: 'Cleared since',
    reopened: 'Times reopened',
    reviewedBy: 'Reviewed by',
    reviewedAt: 'At',
    note: 'Note',
    objects: 'Records involved',
    facts: 'Facts',
    history: 'History',
    others: 'other findings about this record',
    recallThis: 'recall',
    traceThis: 'trace',
    kinds: {
      batch: 'Batch', harvest_lot: 'Harvest lot', area: 'Raw-material area', cooperative: 'Cooperative', product: 'Product',
      model: 'Value-chain model', print_run: 'Print run', stamp: 'Stamp', fake_report: 'Fake report',
    } as Record<string, string>,
    acknowledge: 'Acknowledge (someone is on it)',
    acknowledgeHint: 'Say who is on it and what they are doing.',
    resolve: 'Mark resolved',
    resolveHint: 'Say how it was resolved. The finding opens again if its facts change.',
    noteNeeded: 'Write a note before sending',
    noteTooLong: 'A note is at most 2000 characters',
    done: { acknowledged: 'Finding acknowledged.', resolved: 'Finding marked resolved.' } as Record<string, string>,
    back: 'All findings',
    panel: 'Findings needing attention',
    panelNone: 'No finding needs attention.',
    panelAll: 'See the findings',
  },
} as const;

const SEVERITIES = ['critical', 'warning', 'notice'] as const;
const FILTERS = ['view', 'rule', 'severity', 'cooperativeId', 'objectId'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const base = `${CONSOLE_BASE}/findings`;

type FindingJson = ItemOf<typeof checkOps.listFindings>;

/** Findings that need attention (still found, not resolved), by severity. */
async function attentionBySeverity(deps: AppDeps, c: ConsoleContext) {
  return (await callOp(deps, c, checkOps.findingCounts)).needAttention;
}

/** Cooperatives and other producers (not association units), for the filter and for names. */
async function producers(deps: AppDeps, c: ConsoleContext): Promise<Organization[]> {
  const p = await callOp(deps, c, organizationOps.list, { query: { limit: '200' } });
  return p.items.filter((o) => o.kind !== 'association_unit').sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

function statusOf(f: FindingJson): string {
  return f.clearedAt ? 'cleared' : f.status;
}

function objectHref(o: FindingObject): string | null {
  switch (o.kind) {
    case 'batch': return UUID.test(o.id) ? traceHref.backBatch(o.id) : null;
    case 'harvest_lot': return UUID.test(o.id) ? traceHref.fromLot(o.id) : null;
    case 'area': return UUID.test(o.id) ? traceHref.fromArea(o.id) : null;
    case 'stamp': return traceHref.backSerial(o.id);
    case 'cooperative': return UUID.test(o.id) ? `${base}${qs({ view: 'all', cooperativeId: o.id })}` : null;
    default: return null;
  }
}

function factText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v);
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
}

function FindingList(props: { lang: Lang; items: FindingJson[]; names: Map<string, string> }) {
  const t = TXT[props.lang];
  return (
    <ul class="fl">
      {props.items.map((f) => (
        <li>
          <p>
            <SeverityBadge lang={props.lang} severity={f.severity} /> <span class="tag">{t.statuses[statusOf(f)]}</span>{' '}
            <a href={`${base}/${f.id}`}><b>{f.title[props.lang]}</b></a>
          </p>
          <p>{f.message[props.lang]}</p>
          <p class="muted">
            {f.cooperativeId ? `${props.names.get(f.cooperativeId) ?? ''} · ` : ''}{t.lastFound}: {formatTime(props.lang, f.lastFoundAt)}
          </p>
        </li>
      ))}
    </ul>
  );
}

async function listPage(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const s = staffTexts(c);
  const v: Record<string, string> = Object.fromEntries(FILTERS.map((k) => [k, c.req.query(k) ?? '']));
  const cursor = c.req.query('cursor');
  const [list, counts, orgs] = await Promise.all([
    submitOp(deps, c, checkOps.listFindings, { query: { ...v, cursor, limit: '50' } }),
    attentionBySeverity(deps, c),
    producers(deps, c),
  ]);
  const errors = list.ok ? {} : fieldErrors(list.error, lang);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const ran = ['found', 'new', 'reopened', 'cleared', 'attention'].map((k) => countParam(c.req.query(k)));
  const notice = c.req.query('ran') === '1' && ran.every((n) => n !== null)
    ? t.ran({ found: ran[0]!, new: ran[1]!, reopened: ran[2]!, cleared: ran[3]!, attention: ran[4]! })
    : null;
  const items = list.ok ? list.body.items : [];
  const next = list.ok && list.body.nextCursor ? `${base}${qs({ ...v, cursor: list.body.nextCursor })}` : null;
  return page(c, {
    title: t.title,
    status: list.ok ? 200 : list.error.status,
    children: (
      <>
        <StaffStyle />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        {notice ? <Notice kind="ok">{notice}</Notice> : null}
        <h2>{t.needAttention}</h2>
        <Figures
          lang={lang}
          items={SEVERITIES.map((sev) => ({ label: SEVERITY_NAMES[lang][sev], value: counts[sev], href: `${base}${qs({ severity: sev })}`, bad: sev === 'critical' }))}
        />
        <form method="post" action={`${base}/run`} class="actions">
          <CsrfInput token={c.get('session')?.csrfToken} />
          <button type="submit">{t.run}</button>
          <span class="hint">{t.runHint}</span>
        </form>
        <section>
          <form method="get" action={base}>
            {errors._form ? <Notice kind="error"><p>{errors._form}</p></Notice> : null}
            <div class="grid">
              <SelectField name="view" label={t.view} value={v.view || 'attention'} error={errors.view}
                options={FINDING_VIEWS.map((x) => ({ value: x, label: t.views[x]! }))} />
              <SelectField name="rule" label={t.rule} value={v.rule} error={errors.rule}
                options={[{ value: '', label: s.any }, ...RULES.map((r) => ({ value: r.code, label: r.title[lang] }))]} />
              <SelectField name="severity" label={t.severity} value={v.severity} error={errors.severity}
                options={[{ value: '', label: s.any }, ...SEVERITIES.map((x) => ({ value: x, label: SEVERITY_NAMES[lang][x] }))]} />
              <SelectField name="cooperativeId" label={s.cooperative} value={v.cooperativeId} error={errors.cooperativeId}
                options={[{ value: '', label: s.any }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]} />
            </div>
            {v.objectId ? <input type="hidden" name="objectId" value={v.objectId} /> : null}
            <div class="actions">
              <button type="submit">{s.filter}</button>
              <a href={base}>{s.clear}</a>
            </div>
          </form>
        </section>
        {list.ok ? (
          <>
            <p>{t.shown(items.length, !!next)}</p>
            {items.length ? <FindingList lang={lang} items={items} names={names} /> : <p>{t.noneFound}</p>}
            {next ? <p><a href={next}>{s.more}</a></p> : null}
          </>
        ) : null}
      </>
    ),
  });
}

type ReviewState = { action?: 'acknowledge' | 'resolve'; note?: string; error?: string; status?: number; done?: string };

async function findingPage(deps: AppDeps, c: ConsoleContext, id: string, st: ReviewState = {}) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const f = await callOp(deps, c, checkOps.getFinding, { params: { id } });
  const csrf = c.get('session')?.csrfToken;
  const status = statusOf(f);
  const objects: Child[] = f.objects.map((o) => {
    const href = objectHref(o);
    const recall = (o.kind === 'batch' || o.kind === 'harvest_lot' || o.kind === 'area') && UUID.test(o.id)
      ? `${CONSOLE_BASE}/recall${qs({ kind: o.kind, id: o.id })}` : null;
    return (
      <li>
        {t.kinds[o.kind] ?? o.kind}: {href ? <a href={href}>{o.label}</a> : <b>{o.label}</b>}
        {href && o.kind !== 'cooperative' ? <span class="muted"> ({t.traceThis})</span> : null}
        {recall ? <> · <a href={recall}>{t.recallThis}</a></> : null}
        {UUID.test(o.id) && o.kind !== 'cooperative' ? <> · <a href={`${base}${qs({ view: 'all', objectId: o.id })}`}>{t.others}</a></> : null}
      </li>
    );
  });
  const form = (action: 'acknowledge' | 'resolve') => {
    const mine = st.action === action;
    return (
      <form method="post" action={`${base}/${f.id}/${action}`} novalidate>
        <CsrfInput token={csrf} />
        <TextArea name="note" id={`f-${action}-note`} label={t.note} value={mine ? st.note : ''} error={mine ? st.error : undefined}
          hint={action === 'acknowledge' ? t.acknowledgeHint : t.resolveHint} required maxlength={2000} />
        <button type="submit">{action === 'acknowledge' ? t.acknowledge : t.resolve}</button>
      </form>
    );
  };
  return page(c, {
    title: f.title[lang],
    status: st.status,
    children: (
      <>
        <StaffStyle />
        <p><a href={base}>← {t.back}</a></p>
        <h1>{f.title[lang]}</h1>
        <p><SeverityBadge lang={lang} severity={f.severity} /> <span class="tag">{t.statuses[status]}</span> <code>{f.rule}</code></p>
        {st.done && t.done[st.done] ? <Notice kind="ok">{t.done[st.done]}</Notice> : null}
        {st.error ? <Notice kind="error"><p>{staffTexts(c).fixBelow}</p></Notice> : null}
        <section>
          <p>{f.message[lang]}</p>
          <p class="muted" lang={lang === 'vi' ? 'en' : 'vi'}>{f.message[lang === 'vi' ? 'en' : 'vi']}</p>
        </section>
        <section>
          <h2>{t.objects}</h2>
          <ul>{objects}</ul>
        </section>
        {Object.keys(f.facts).length ? (
          <section>
            <h2>{t.facts}</h2>
            <dl>{Object.entries(f.facts).map(([k, v]) => <><dt><code>{k}</code></dt><dd>{factText(v)}</dd></>)}</dl>
          </section>
        ) : null}
        <section>
          <h2>{t.history}</h2>
          <dl>
            <dt>{t.firstFound}</dt><dd>{formatTime(lang, f.firstFoundAt)}</dd>
            <dt>{t.lastFound}</dt><dd>{formatTime(lang, f.lastFoundAt)}</dd>
            {f.clearedAt ? <><dt>{t.cleared}</dt><dd>{formatTime(lang, f.clearedAt)}</dd></> : null}
            <dt>{t.reopened}</dt><dd>{f.reopenedCount}</dd>
            {f.reviewedBy ? <><dt>{t.reviewedBy}</dt><dd>{f.reviewedBy}</dd></> : null}
            {f.reviewedAt ? <><dt>{t.reviewedAt}</dt><dd>{formatTime(lang, f.reviewedAt)}</dd></> : null}
            {f.note ? <><dt>{t.note}</dt><dd>{f.note}</dd></> : null}
          </dl>
        </section>
        <section class="narrow">
          <h2>{t.acknowledge}</h2>
          {form('acknowledge')}
        </section>
        <section class="narrow">
          <h2>{t.resolve}</h2>
          {form('resolve')}
        </section>
      </>
    ),
  });
}

function findingsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));

  r.get('/', (c) => listPage(deps, c));

  r.post('/run', async (c) => {
    const s = await callOp(deps, c, checkOps.run, { body: {} });
    return c.redirect(`${base}${qs({
      ran: '1', found: String(s.found), new: String(s.new), reopened: String(s.reopened), cleared: String(s.cleared), attention: String(s.needAttention),
    })}`, 303);
  });

  r.get('/:id', (c) => findingPage(deps, c, c.req.param('id'), { done: c.req.query('done') }));

  for (const action of ['acknowledge', 'resolve'] as const) {
    r.post(`/:id/${action}`, async (c) => {
      const t = TXT[c.get('lang')];
      const id = c.req.param('id');
      const note = field(await readForm(c), 'note');
      const res = await submitOp(deps, c, checkOps[action], { params: { id }, body: { note } });
      if (res.ok) return c.redirect(`${base}/${id}?done=${action === 'acknowledge' ? 'acknowledged' : 'resolved'}`, 303);
      const errors = fieldErrors(res.error, c.get('lang'), (name, code) =>
        name === 'note' ? (code === 'too_big' ? t.noteTooLong : t.noteNeeded) : undefined);
      return findingPage(deps, c, id, { action, note, error: errors.note ?? errors._form, status: res.error.status });
    });
  }
  return r;
}

export const findingsModule: ConsoleModule = {
  path: '/findings',
  routes: findingsRoutes,
  nav: [{ href: '/findings', label: { vi: 'Phát hiện', en: 'Findings' }, roles: ['staff', 'admin'] }],
  async home(c, deps) {
    const role = c.get('actor')?.role;
    if (role !== 'staff' && role !== 'admin') return null;
    const lang = c.get('lang');
    const t = TXT[lang];
    const counts = await attentionBySeverity(deps, c);
    const total = counts.critical + counts.warning + counts.notice;
    return (
      <section>
        <h2>{t.panel}</h2>
        {total ? (
          <Figures
            lang={lang}
            items={SEVERITIES.map((sev) => ({ label: SEVERITY_NAMES[lang][sev], value: counts[sev], href: `${base}${qs({ severity: sev })}`, bad: sev === 'critical' }))}
          />
        ) : <p>{t.panelNone}</p>}
        <p><a href={base}>{t.panelAll}</a></p>
      </section>
    );
  },
};
