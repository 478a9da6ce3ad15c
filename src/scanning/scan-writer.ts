// Writes scans in groups: while one group's statement is in flight, newer scans queue and go
// together in the next one. Every answer still waits for the commit that holds its own scan;
// batching only shares commits (and their WAL flush) between concurrent visitors. At low load
// a scan goes alone and at once.
import type { Db } from '../db/client';
import { recordStampScans, type ScanInput, type ScanResult } from '../db/scans-store';

export interface ScanWriter {
  record(scan: ScanInput): Promise<ScanResult>;
}

interface Pending {
  scan: ScanInput;
  resolve: (r: ScanResult) => void;
  reject: (e: unknown) => void;
}

export function directScanWriter(db: Db): ScanWriter {
  return { record: async (scan) => (await recordStampScans(db, [scan]))[0]! };
}

export function batchingScanWriter(db: Db, opts: { maxBatch?: number; inFlight?: number } = {}): ScanWriter {
  const maxBatch = opts.maxBatch ?? 256;
  const inFlight = opts.inFlight ?? 3;
  let queue: Pending[] = [];
  let running = 0;

  async function write(batch: Pending[]) {
    try {
      const results = await recordStampScans(
        db,
        batch.map((p) => p.scan),
      );
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch (e) {
      if (batch.length === 1) return batch[0]!.reject(e);
      // one bad scan must not fail its neighbours: retry each alone
      for (const p of batch) await write([p]);
    }
  }

  function pump() {
    while (running < inFlight && queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      running += 1;
      void write(batch).finally(() => {
        running -= 1;
        pump();
      });
    }
  }

  return {
    record(scan) {
      return new Promise<ScanResult>((resolve, reject) => {
        queue.push({ scan, resolve, reject });
        pump();
      });
    },
  };
}
