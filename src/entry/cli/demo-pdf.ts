// npm run demo:pdf -- [file.pdf] [--template a4-3x8]: writes the first demo print run on that
// template as a PDF sheet, to print or to scan from the screen.
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../config';
import { firstRunWithActiveStamps, getPrintRun } from '../../db/print-runs-store';
import { openDatabase } from '../database';
import { loadLabelCatalog } from '../labels-node';
import { printRunPdf } from '../../print-runs/sheet';

const { values, positionals } = parseArgs({
  options: { template: { type: 'string', default: 'a4-3x8' } },
  allowPositionals: true,
});
const file = positionals[0] ?? 'demo-stamps.pdf';
const config = parseConfig(process.env);
const db = await openDatabase(config);
try {
  const runId = await firstRunWithActiveStamps(db.sql, values.template!);
  if (!runId) {
    throw new Error(
      `no demo print run with active stamps on the template ${values.template}; run npm run seed:demo first`,
    );
  }
  const run = (await getPrintRun(db.sql, runId))!;
  const pdf = await printRunPdf(db.sql, loadLabelCatalog(), run);
  await pdf.body.pipeTo(Writable.toWeb(createWriteStream(file)) as WritableStream<Uint8Array>);
  console.log(`wrote ${file}: ${run.count} stamps of lot ${run.lotCode} on ${run.templateId}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
} finally {
  await db.close();
}
