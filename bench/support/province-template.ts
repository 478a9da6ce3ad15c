// The province data set kept in KEEP_CLUSTER as a template database (province_<scale>), generated
// once with bench/province/run.ts (GENERATE_ONLY=1) when it is not there yet. Benchmarks then
// measure a copy of it.
import { execFileSync } from 'node:child_process';
import { createSql } from '../../src/db/client';
import { startPostgres15 } from './pg15';

/** The template's name, after making sure the kept cluster holds it. */
export async function ensureProvinceTemplate(keep: string, scale: number): Promise<string> {
  const template = `province_${String(scale).replace('.', '_')}`;
  const pg = await startPostgres15({ keepDir: keep });
  const a = createSql(pg.url, { max: 1 });
  const [exists] = await a`select 1 from pg_database where datname = ${template}`;
  await a.end();
  pg.stop();
  if (!exists) {
    console.log(`generating ${template} with bench/province/run.ts (GENERATE_ONLY=1) …`);
    execFileSync('npx', ['tsx', 'bench/province/run.ts', String(scale)], {
      stdio: 'inherit',
      env: { ...process.env, GENERATE_ONLY: '1', KEEP_CLUSTER: keep },
    });
  }
  return template;
}
