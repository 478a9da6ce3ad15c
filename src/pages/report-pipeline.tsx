// The OCOP product pipeline beside target (3) in the programme report (printable page and
// console): candidates registered each year by the furthest stage of the OCOP cycle they reached,
// how many reached rating against the new products a year, and how many stalled.
import type { ProgrammePipeline } from '../db/report-store';
import { PIPELINE_STAGES, STAGE_NAMES } from '../domain/pipeline';
import { formatDate, formatNumber, type Lang } from './i18n';

const TXT = {
  vi: {
    title: 'Chu trình OCOP: chủ thể đăng ký theo từng năm (bên cạnh chỉ tiêu sản phẩm OCOP mới)',
    intro: (target: number, months: number, before: string) =>
      `Mỗi cột là các chủ thể đăng ký trong năm đó, xếp theo bước xa nhất đã đạt. Đã đánh giá, xếp hạng: so với chỉ tiêu ${target} sản phẩm mới mỗi năm. Chững lại: không có bước mới trong ${months} tháng (bước cuối trước ngày ${before}) và chưa đến bước xúc tiến thương mại.`,
    stage: 'Bước',
    notStarted: 'Chưa bắt đầu',
    registered: 'Số chủ thể đăng ký',
    rated: 'Đã đánh giá, xếp hạng',
    stalled: 'Chững lại',
    period: 'Cả giai đoạn',
    year: (y: string) => `Năm ${y}`,
    list: 'Danh sách chủ thể',
  },
  en: {
    title: 'The OCOP cycle: candidates registered each year (beside the new products target)',
    intro: (target: number, months: number, before: string) =>
      `Each column is the candidates registered that year, by the furthest stage reached. Rated: against the target of ${target} new products a year. Stalled: no new stage for ${months} months (last stage before ${before}) and not yet at trade promotion.`,
    stage: 'Stage',
    notStarted: 'Not started',
    registered: 'Candidates registered',
    rated: 'Rated',
    stalled: 'Stalled',
    period: 'Period',
    year: (y: string) => `Year ${y}`,
    list: 'The candidates',
  },
} as const;

/** The table's words and cells, shared by the printable page and the console (which lays rows out as cards on a phone). */
export function pipelineTable(lang: Lang, p: ProgrammePipeline) {
  const t = TXT[lang];
  const years = Object.keys(p.perYear).sort();
  const cols = [...years.map((y) => p.perYear[y]!), p.period];
  const n = (v: number) => formatNumber(lang, v, 0);
  const row = (label: string, pick: (c: (typeof cols)[number]) => number, strong = false) => ({
    label,
    cells: cols.map((c) => n(pick(c))),
    strong,
  });
  return {
    title: t.title,
    intro: t.intro(p.targetPerYear, p.stallMonths, formatDate(lang, p.stalledBefore)),
    list: t.list,
    head: [t.stage, ...years.map((y) => t.year(y)), t.period],
    rows: [
      row(t.notStarted, (c) => c.atStage.notStarted),
      ...PIPELINE_STAGES.map((s, i) => row(`${i + 1}. ${STAGE_NAMES[s][lang]}`, (c) => c.atStage[s])),
      row(t.registered, (c) => c.registered, true),
      row(`${t.rated} (≥ ${p.targetPerYear})`, (c) => c.rated, true),
      row(t.stalled, (c) => c.stalled),
    ],
  };
}

/** The table's body rows: each stage or total with its cells, totals in bold. */
export function PipelineRows(props: { rows: ReturnType<typeof pipelineTable>['rows'] }) {
  return (
    <>
      {props.rows.map((r) => (
        <tr>
          <th scope="row">{r.strong ? <b>{r.label}</b> : r.label}</th>
          {r.cells.map((c) => (
            <td>{r.strong ? <b>{c}</b> : c}</td>
          ))}
        </tr>
      ))}
    </>
  );
}

export function ProgrammePipelineTable(props: { lang: Lang; pipeline: ProgrammePipeline }) {
  const tb = pipelineTable(props.lang, props.pipeline);
  return (
    <section id="pipeline">
      <h2>{tb.title}</h2>
      <p class="muted">{tb.intro}</p>
      <table class="rep">
        <thead>
          <tr>
            {tb.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <PipelineRows rows={tb.rows} />
        </tbody>
      </table>
    </section>
  );
}
