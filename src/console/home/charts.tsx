// The home pages' charts: a cooperative's scans per week for each product (small bars on one
// shared scale, their numbers in one table) and the share of its stamps activated and scanned;
// the staff's findings opened and resolved per week, recalls and fake reports per month.
import type { CooperativeCharts, StaffCharts } from '../../db/chart-figures-store';
import { BarChart, ChartStyle, ChartTable, ShareBars, SparkBars } from '../../pages/charts';
import { formatDate, type Lang } from '../../pages/i18n';
import type { ChartTexts } from '../texts/charts';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** "24/11" for a day: short enough to stand under a bar. */
const dayMonth = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
/** "11/26" for the first day of a month. */
const monthYear = (day: string) => `${day.slice(5, 7)}/${day.slice(2, 4)}`;

const SPARK_CSS =
  '.sparks{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.6rem 1.2rem}' +
  '.sparks li{margin:0}.sparks .muted{display:block;font-size:.85rem}';

export function CoopChartsPanel(props: {
  t: ChartTexts;
  lang: Lang;
  d: CooperativeCharts;
  names: Map<string, string>;
}) {
  const { t, lang, d } = props;
  const top = Math.max(1, ...d.products.flatMap((p) => p.scans));
  const name = (p: CooperativeCharts['products'][number]) => props.names.get(p.productId) ?? p.nameVi;
  return (
    <>
      <ChartStyle />
      <style dangerouslySetInnerHTML={{ __html: SPARK_CSS }} />
      <section>
        <h2>{t.scansTitle}</h2>
        <p class="muted">{t.scansIntro}</p>
        {d.products.length ? (
          <>
            <ul class="sparks">
              {d.products.map((p, i) => {
                const total = sum(p.scans);
                const max = Math.max(0, ...p.scans);
                const at = p.scans.indexOf(max);
                return (
                  <li>
                    <b>{name(p)}</b>
                    <span class="muted">{t.scansTotal(total)}</span>
                    <SparkBars
                      id={`spark-${i}`}
                      title={t.scansOf(name(p))}
                      desc={t.scansDesc(total, max, formatDate(lang, d.weeks[at] ?? d.weeks[0]!))}
                      values={p.scans}
                      max={top}
                    />
                  </li>
                );
              })}
            </ul>
            <ChartTable
              lang={lang}
              categoryHeader={t.weekOf}
              categories={d.weeks.map((w) => formatDate(lang, w))}
              series={d.products.map((p) => ({ name: name(p), values: p.scans }))}
            />
          </>
        ) : (
          <p>{t.noProductsYet}</p>
        )}
      </section>
      <section>
        <h2>{t.stampsTitle}</h2>
        <p class="muted">{t.stampsIntro}</p>
        <ShareBars
          id="stamp-shares"
          lang={lang}
          title={t.stampsTitle}
          rows={[
            { label: t.stampsActive, part: d.stamps.active, whole: d.stamps.printed },
            { label: t.stampsScanned, part: d.stamps.scanned, whole: d.stamps.printed },
          ]}
        />
      </section>
    </>
  );
}

export function StaffChartsPanel(props: { t: ChartTexts; lang: Lang; d: StaffCharts }) {
  const { t, lang, d } = props;
  return (
    <section>
      <ChartStyle />
      <h2>{t.staffTitle}</h2>
      <BarChart
        id="chart-findings"
        lang={lang}
        title={t.findingsTitle}
        desc={t.findingsDesc(sum(d.findingsOpened), sum(d.findingsResolved))}
        categories={d.weeks.map(dayMonth)}
        categoryHeader={t.weekOf}
        series={[
          { name: t.opened, values: d.findingsOpened },
          { name: t.resolved, values: d.findingsResolved },
        ]}
        labelEvery={2}
      />
      <BarChart
        id="chart-monthly"
        lang={lang}
        title={t.monthlyTitle}
        desc={t.monthlyDesc(sum(d.recalls), sum(d.fakeReports))}
        categories={d.months.map(monthYear)}
        categoryHeader={t.month}
        series={[
          { name: t.recalls, values: d.recalls },
          { name: t.fakeReports, values: d.fakeReports },
        ]}
        labelEvery={2}
      />
    </section>
  );
}
