// Writes scans in groups: while one group's statement is in flight, newer scans queue and go
// together in the next one. Every answer still waits for the commit that holds its own scan;
// batching only shares commits (and their WAL flush) between concurrent visitors. At low load
// a scan goes alone and at once.
//
// A scan must never count twice. Each group runs in its own transaction: a pooled connection that
// died unnoticed fails at BEGIN, before the scans are sent, and only then is the group sent again
// (on fresh connections, see transaction()). A group whose connection broke later is not retried,
// neither whole nor scan by scan: it may have committed.
import { isConnectionFailure, transaction, type Db, type Sql } from '../db/client';
import { recordStampScans, type ScanInput, type ScanResult } from '../db/scans-store';

export interface ScanWriter {
  record(scan: ScanInput): Promise<ScanResult>;
}

/** A writer that groups scans: what it holds can be waited for at shutdown and watched by metrics. */
export interface BatchingScanWriter extends ScanWriter {
  /**
   * Resolves once every scan recorded so far is settled (committed or failed): queued groups and
   * groups in flight. Scans recorded meanwhile are waited for too. For a graceful stop.
   */
  drain(): Promise<void>;
  /** Scans waiting for a group, and groups in flight now. */
  pending(): { queued: number; inFlight: number };
}

export interface BatchingOptions {
  maxBatch?: number;
  inFlight?: number;
  /** Told the size of each group that committed (for metrics). */
  onCommit?: (scans: number) => void;
}

interface Pending {
  scan: ScanInput;
  resolve: (r: ScanResult) => void;
  reject: (e: unknown) => void;
}

export function directScanWriter(db: Db): ScanWriter {
  return { record: async (scan) => (await recordStampScans(db, [scan]))[0]! };
}

export function batchingScanWriter(db: Sql, opts: BatchingOptions = {}): BatchingScanWriter {
  const maxBatch = opts.maxBatch ?? 256;
  // Two groups in flight: each group is a transaction (three round trips), and fewer, larger groups
  // share commits better than three smaller ones did (bench/public.ts: +12% stamp pages per second).
  const inFlight = opts.inFlight ?? 2;
  let queue: Pending[] = [];
  let running = 0;
  let idle: (() => void)[] = [];

  async function write(batch: Pending[]) {
    let results: ScanResult[];
    try {
      const scans = batch.map((p) => p.scan);
      results = await transaction(db, (tx) => recordStampScans(tx, scans));
    } catch (e) {
      if (batch.length === 1 || isConnectionFailure(e)) {
        for (const p of batch) p.reject(e);
        return;
      }
      // one bad scan must not fail its neighbours: retry each alone
      for (const p of batch) await write([p]);
      return;
    }
    for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    // after the answers, and never thrown: what observes a commit cannot make it look failed (and retried)
    try {
      opts.onCommit?.(batch.length);
    } catch {}
  }

  function pump() {
    while (running < inFlight && queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      running += 1;
      void write(batch).finally(() => {
        running -= 1;
        pump();
        if (running === 0 && !queue.length) {
          const waiting = idle;
          idle = [];
          for (const done of waiting) done();
        }
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
    drain() {
      if (running === 0 && !queue.length) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
    pending: () => ({ queued: queue.length, inFlight: running }),
  };
}
