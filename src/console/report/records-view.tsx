// The records behind one figure of the programme report (/console/report/records/{key}): the
// products, listings, models or candidates the figure counts, for the period or one year, with a
// CSV of the same list. Columns are the drill-down's own fields, named in the page's language.
import { PLATFORM_NAMES } from '../../domain/listings';
import { STAGE_NAMES } from '../../domain/pipeline';
import type { ProgrammePipeline } from '../../db/report-store';
import { PipelineRows, pipelineTable } from '../../pages/report-pipeline';
import { formatDate, formatNumber, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import { Table } from '../ui/blocks';
import { qs } from '../ui/links';
import { StaffStyle } from '../ui/styles';

const COLUMN_NAMES: Record<Lang, Record<string, string>> = {
  vi: {
    gtin: 'GTIN',
    nameVi: 'Sản phẩm',
    ownerName: 'Chủ thể',
    stars: 'Số sao',
    decisionNumber: 'Quyết định',
    decisionDate: 'Ngày quyết định',
    previousStars: 'Số sao lần trước',
    firstListedOn: 'Lên sàn lần đầu',
    listings: 'Gian hàng',
    firstProducedOn: 'Lô sản xuất đầu tiên',
    name: 'Mô hình',
    sealedBatches: 'Số lô đã niêm phong',
    productName: 'Sản phẩm dự kiến',
    holder: 'Chủ thể',
    yearRegistered: 'Năm đăng ký',
    commune: 'Xã',
    supportingUnitName: 'Đơn vị Hội hỗ trợ',
    currentStage: 'Bước đã đạt',
    lastActivityOn: 'Bước gần nhất',
    stalled: 'Chững lại',
  },
  en: {
    gtin: 'GTIN',
    nameVi: 'Product',
    ownerName: 'Owner',
    stars: 'Stars',
    decisionNumber: 'Decision',
    decisionDate: 'Decision date',
    previousStars: 'Stars before',
    firstListedOn: 'First listed',
    listings: 'Listings',
    firstProducedOn: 'First batch',
    name: 'Model',
    sealedBatches: 'Sealed batches',
    productName: 'Proposed product',
    holder: 'Candidate',
    yearRegistered: 'Year registered',
    commune: 'Commune',
    supportingUnitName: 'Supporting unit',
    currentStage: 'Stage reached',
    lastActivityOn: 'Last stage on',
    stalled: 'Stalled',
  },
};

const TXT = {
  vi: {
    period: (from: number, to: number) => `Cả giai đoạn ${from}–${to}`,
    year: (y: number) => `Năm ${y}`,
    count: (n: string) => `${n} bản ghi`,
    none: 'Không có bản ghi nào.',
    csv: 'Tải CSV',
    back: 'Về báo cáo',
    yes: 'Có',
  },
  en: {
    period: (from: number, to: number) => `Period ${from}–${to}`,
    year: (y: number) => `Year ${y}`,
    count: (n: string) => `${n} records`,
    none: 'No records.',
    csv: 'Download CSV',
    back: 'Back to the report',
    yes: 'Yes',
  },
} as const;

function cell(lang: Lang, key: string, v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (v === true) return TXT[lang].yes;
  if (key === 'currentStage') return STAGE_NAMES[v as keyof typeof STAGE_NAMES]?.[lang] ?? String(v);
  if (key === 'listings' && Array.isArray(v))
    return v
      .map((l: { platform: string; wentLiveOn: string; endedOn: string | null }) => {
        const name = PLATFORM_NAMES[l.platform as keyof typeof PLATFORM_NAMES]?.[lang] ?? l.platform;
        return `${name} (${formatDate(lang, l.wentLiveOn)}${l.endedOn ? `–${formatDate(lang, l.endedOn)}` : ''})`;
      })
      .join('; ');
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(lang, v);
  return String(v);
}

export function RecordsView(props: {
  lang: Lang;
  label: string;
  keyName: string;
  columns: readonly string[];
  answer: { from: number; to: number; year: number | null; count: number; items: readonly object[] };
  period: { from: number; to: number };
}) {
  const { lang, answer: a } = props;
  const t = TXT[lang];
  const shown = props.columns.filter((c) => COLUMN_NAMES[lang][c]);
  const base = `${CONSOLE_BASE}/report/records/${props.keyName}`;
  const range = { from: String(props.period.from), to: String(props.period.to) };
  const years = Array.from({ length: props.period.to - props.period.from + 1 }, (_, i) => props.period.from + i);
  return (
    <>
      <StaffStyle />
      <h1>
        {props.label}: {a.year !== null ? t.year(a.year) : t.period(a.from, a.to)}
      </h1>
      <p class="actions">
        <a href={`${base}${qs(range)}`}>{t.period(props.period.from, props.period.to)}</a>
        {years.map((y) => (
          <a href={`${base}${qs({ ...range, year: String(y) })}`}>{t.year(y)}</a>
        ))}
      </p>
      <p>
        <b>{t.count(formatNumber(lang, a.count, 0))}</b> ·{' '}
        <a href={`${base}.csv${qs(a.year !== null ? { year: String(a.year) } : range)}`}>{t.csv}</a>
      </p>
      {a.items.length ? (
        <Table head={shown.map((c) => COLUMN_NAMES[lang][c]!)}>
          {a.items.map((it) => (
            <tr>
              {shown.map((c) => (
                <td>{cell(lang, c, (it as Record<string, unknown>)[c])}</td>
              ))}
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.none}</p>
      )}
      <p>
        <a href={`${CONSOLE_BASE}/report${qs(range)}`}>← {t.back}</a>
      </p>
    </>
  );
}

/** The pipeline beside target (3) on the console's report page: the printable page's table, as cards on a phone. */
export function ConsolePipeline(props: { lang: Lang; pipeline: ProgrammePipeline; recordsHref: string }) {
  const tb = pipelineTable(props.lang, props.pipeline);
  return (
    <section id="pipeline">
      <h2>{tb.title}</h2>
      <p class="muted">{tb.intro}</p>
      <Table class="rep" head={tb.head}>
        <PipelineRows rows={tb.rows} />
      </Table>
      <p>
        <a href={props.recordsHref}>{tb.list}</a>
      </p>
    </section>
  );
}
