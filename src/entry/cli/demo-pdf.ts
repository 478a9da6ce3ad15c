// npm run demo:pdf -- [file.pdf] [--template a4-3x8]: writes the first demo print run on that
// template as a PDF sheet, to print or to scan from the screen. It only reads, so it works beside
// a running server on the embedded database: it reads through the server's own connection.
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { firstRunWithActiveStamps, getPrintRun } from '../../db/print-runs-store';
import { loadLabelCatalog } from '../labels-node';
import { printRunPdf } from '../../print-runs/sheet';
import { runCli } from '../run-cli';

const { values, positionals } = parseArgs({
  options: { template: { type: 'string', default: 'a4-3x8' } },
  allowPositionals: true,
});
const file = positionals[0] ?? 'demo-stamps.pdf';
await runCli(
  {
    command: 'npm run demo:pdf',
    // Reached only while the holder has not published its database yet (it is starting).
    whileDataDirTaken: 'Run npm run demo:pdf again once it has started.',
  },
  async ({ open }) => {
    const db = await open({ readThroughHolder: true });
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
    } finally {
      await db.close();
    }
  },
);
