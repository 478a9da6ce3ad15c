import { parseConfig } from '../../src/config';
import { createSql } from '../../src/db/client';
import { benchApp } from '../support/bench-app';
import { machine, startPostgres15 } from '../support/pg15';
import { stampPagePaths } from '../support/province-stamps';
import { measureStampPages } from '../support/public-measure';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.STAMP_SECONDS ?? 10);
const sets = process.argv.slice(2).map((a) => {
  const [dir, scale] = a.split(':') as [string, string];
  return { dir, scale: Number(scale) };
});
if (!sets.length) throw new Error('usage: npx tsx bench/province/scales.ts <folder>:<scale> …');
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

console.log(`stamp pages and programme report across scales ${sets.map((s) => s.scale).join(', ')}; ${machine()}`);
const config = parseConfig({ LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://trace.example.vn' });
const running = [];
try {
  for (const s of sets) {
    const pg = await startPostgres15({ keepDir: s.dir });
    const url = pg.url.replace(/\/postgres$/, `/province_${String(s.scale).replace('.', '_')}`);
    const sql = createSql(url, { max: 6 });
    const { app, keyring, admin } = await benchApp(sql, config, new Date('2026-06-15T08:00:00Z'));
    const paths = await stampPagePaths(sql, keyring);
    running.push({
      ...s,
      pg,
      url,
      sql,
      paths,
      app,
      admin,
      pages: [] as number[],
      bare: [] as number[],
      report: [] as number[],
    });
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const s of running) {
      const f = await measureStampPages(
        `round ${r + 1}, scale ${s.scale}: stamp pages of ${s.paths.length} active stamps`,
        { DATABASE_URL: s.url },
        { seconds: SECONDS, connections: 50, paths: s.paths },
      );
      s.pages.push(f.page);
      s.bare.push(f.bare);
      // the programme report 2022–2025, five times after one warm-up
      for (let i = 0; i < 6; i++) {
        const t0 = performance.now();
        const res = await s.app.request('/api/v1/report/programme?from=2022&to=2025', {
          headers: { authorization: `Bearer ${s.admin}` },
        });
        await res.text();
        if (i > 0) s.report.push(performance.now() - t0);
      }
    }
  }
  const base = running[0]!;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log('\nscale | stamp pages (mean of rounds) | vs first scale | bare route | report p50 | report p95');
  for (const s of running)
    console.log(
      `${s.scale} | ${mean(s.pages).toFixed(0)} req/s | ${(mean(s.pages) / mean(base.pages)).toFixed(2)} | ${mean(s.bare).toFixed(0)} req/s | ` +
        `${pct(s.report, 50).toFixed(0)} ms | ${pct(s.report, 95).toFixed(0)} ms`,
    );
} finally {
  for (const s of running) {
    await s.sql.end({ timeout: 1 }).catch(() => {});
    s.pg.stop();
  }
}
