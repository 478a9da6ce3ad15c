// A value-chain model page's charts on the demo province: batches sealed and stamps scanned per
// month over the last 12 months. The months of this year add up to the page's own figure for the
// year; the stamps scanned match a count written independently here; each chart has a text
// alternative and its table; the page stays within the public 30 KB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODELS } from '../../src/demo/seed';
import { modelCharts, monthsUpTo } from '../../src/db/chart-figures-store';
import { getModelFigures } from '../../src/db/model-figures-store';
import { vietnamCalendar } from '../../src/domain/calendar';
import { DEMO_NOW, demoContext } from '../console/staff-support';
import type { TestContext } from '../support/app';

let t: TestContext;
beforeAll(async () => {
  t = await demoContext();
});
afterAll(async () => {
  await t?.close();
});

const figureOf = (html: string, id: string) => {
  const start = html.indexOf(`<figure class="chart" id="${id}">`);
  expect(start, id).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</figure>', start));
};
const tableNumbers = (fig: string) =>
  [...fig.slice(fig.indexOf('<tbody>')).matchAll(/<td>([^<]*)<\/td>/g)].map((m) => Number(m[1]));

describe('a value-chain model page', () => {
  it.each(DEMO_MODELS.map((m) => m.slug))(
    '%s draws batches sealed and stamps scanned per month, the same numbers as its figures',
    async (slug) => {
      const [m] = await t.db.sql<{ id: string }[]>`select id from value_chain_models where slug = ${slug}`;
      const months = monthsUpTo(DEMO_NOW, 12);
      expect(months.starts[0]).toBe('2025-12-01');
      expect(months.starts.at(-1)).toBe('2026-11-01');
      const charts = await modelCharts(t.db.sql, m!.id, months);
      // January to November 2026 are this year's months: they add up to the figure "sealed in 2026"
      const figures = await getModelFigures(t.db.sql, m!.id, vietnamCalendar(DEMO_NOW));
      const thisYear = charts.batchesSealed.slice(1).reduce((a, b) => a + b, 0);
      expect(thisYear).toBe(figures.batchesSealed);
      // stamps scanned per month, counted another way: each stamp's months with a scan
      const rows = await t.db.sql<{ month: string; n: number }[]>`
        select to_char(sc.at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month, count(distinct sc.serial)::int as n
          from scans sc
          join stamps s on s.serial = sc.serial
          join print_runs r on r.id = s.print_run_id
          join batches b on b.id = r.batch_id
          join model_products mp on mp.product_id = b.product_id and mp.model_id = ${m!.id}
         where sc.known and not sc.is_bot and sc.at >= '2025-12-01T00:00:00+07:00' and sc.at <= ${DEMO_NOW}
         group by 1`;
      const by = new Map(rows.map((r) => [r.month, r.n]));
      expect(charts.stampsScanned).toEqual(months.starts.map((s) => by.get(s.slice(0, 7)) ?? 0));

      const res = await t.app.request(`/models/${slug}?lang=vi`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(new TextEncoder().encode(html).length).toBeLessThanOrEqual(30 * 1024);
      const sealed = figureOf(html, 'chart-sealed');
      const scanned = figureOf(html, 'chart-scanned');
      expect(tableNumbers(sealed)).toEqual(charts.batchesSealed);
      expect(tableNumbers(scanned)).toEqual(charts.stampsScanned);
      for (const fig of [sealed, scanned]) {
        expect(fig).toMatch(/<svg [^>]*role="img" aria-labelledby="(chart-\w+)-title \1-desc"/);
        expect(fig).toMatch(/<desc id="chart-\w+-desc">[^<]{30,}<\/desc>/);
      }
      expect(sealed).toContain(`Tổng ${charts.batchesSealed.reduce((a, b) => a + b, 0)} lô sản xuất`);
    },
  );
});
