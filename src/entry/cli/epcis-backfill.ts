// npm run epcis:backfill: writes the EPCIS 2.0 events of records that have none yet (harvest lots,
// sealed batches, print runs, recalls written before migration 00016), as the server does in the
// background at start. Safe to run again: records that have their events are skipped.
import { fillEpcisEvents, pinEpcisBaseUrl } from '../../db/epcis-derived-store';
import { runCli } from '../run-cli';
import { count, progressLine } from './progress';

await runCli(
  {
    command: 'npm run epcis:backfill',
    whileDataDirTaken:
      'The running server back-fills the EPCIS events itself when it starts; or stop it and run npm run epcis:backfill again.',
  },
  async ({ config, open }) => {
    const db = await open();
    try {
      const started = performance.now();
      await pinEpcisBaseUrl(db.sql, config.PUBLIC_BASE_URL);
      const progress = progressLine();
      const result = await fillEpcisEvents(db.sql, {
        onProgress: (kind, done) => progress.update(`${kind.replace('_', ' ')}s: ${count(done)} records`),
      }).finally(() => progress.end());
      console.log(
        `EPCIS back-fill: ${count(result.records)} records, ${count(result.events)} events written in ${count(
          Math.round(performance.now() - started),
        )} ms`,
      );
    } finally {
      await db.close();
    }
  },
);
