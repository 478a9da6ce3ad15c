// A value-chain model's charts on its public page: batches sealed per month and stamps scanned per
// month over the last 12 months, each with its words and its table (src/pages/charts.tsx).
import type { ModelCharts } from '../db/chart-figures-store';
import { BarChart, ChartStyle } from './charts';
import type { Lang } from './i18n';

const TXT = {
  vi: {
    heading: '12 tháng qua',
    sealed: 'Lô sản xuất niêm phong mỗi tháng',
    sealedDesc: (n: number) =>
      `Tổng ${n} lô sản xuất của các sản phẩm thuộc mô hình được niêm phong trong 12 tháng qua.`,
    scanned: 'Tem được quét mỗi tháng',
    scannedDesc: (n: number) =>
      `Cộng theo từng tháng: ${n} lượt tem (mỗi tem tính một lần trong tháng) của mô hình được người mua quét.`,
    month: 'Tháng',
    count: 'Số lượng',
  },
  en: {
    heading: 'The last 12 months',
    sealed: 'Batches sealed per month',
    sealedDesc: (n: number) => `${n} batches of the model's products sealed in the last 12 months.`,
    scanned: 'Stamps scanned per month',
    scannedDesc: (n: number) =>
      `Added up month by month: ${n} of the model's stamps scanned by shoppers (each stamp counted once a month).`,
    month: 'Month',
    count: 'Count',
  },
} as const;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** "11/26" under a bar; the table says "11/2026". */
const short = (day: string) => `${day.slice(5, 7)}/${day.slice(2, 4)}`;

export function ModelChartsSection(props: { lang: Lang; d: ModelCharts }) {
  const { lang, d } = props;
  const t = TXT[lang];
  const categories = d.months.map(short);
  return (
    <section class="mcharts">
      <ChartStyle />
      <h2>{t.heading}</h2>
      <BarChart
        id="chart-sealed"
        lang={lang}
        title={t.sealed}
        desc={t.sealedDesc(sum(d.batchesSealed))}
        categories={categories}
        categoryHeader={t.month}
        series={[{ name: t.count, values: d.batchesSealed }]}
        height={150}
        labelEvery={2}
      />
      <BarChart
        id="chart-scanned"
        lang={lang}
        title={t.scanned}
        desc={t.scannedDesc(sum(d.stampsScanned))}
        categories={categories}
        categoryHeader={t.month}
        series={[{ name: t.count, values: d.stampsScanned }]}
        height={150}
        labelEvery={2}
      />
    </section>
  );
}
