// The grouped scan writer at a stop: drain() waits for the queued groups and the ones in flight,
// so that no scan a visitor was (or is about to be) answered for is lost when the process exits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanInput } from '../../src/db/scans-store';
import { batchingScanWriter } from '../../src/scanning/scan-writer';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const scan = (i: number): ScanInput => ({
  serial: `DRAIN${String(i).padStart(9, '0')}`,
  gtin: '08936045120019',
  lot: 'L1',
  clientHash: 'drain-test',
  userAgentFamily: 'test',
  language: 'vi',
  isBot: false,
  at: new Date('2026-11-28T03:00:00Z'),
});

describe('batchingScanWriter.drain', () => {
  it('resolves at once when nothing is pending', async () => {
    const writer = batchingScanWriter(db.sql);
    await writer.drain();
    expect(writer.pending()).toEqual({ queued: 0, inFlight: 0 });
  });

  it('waits for every queued and in-flight group, and reports each committed group once', async () => {
    const groups: number[] = [];
    const writer = batchingScanWriter(db.sql, { onCommit: (n) => groups.push(n) });
    const settled: boolean[] = [];
    const records = Array.from({ length: 60 }, (_, i) =>
      writer.record(scan(i)).finally(() => {
        settled[i] = true;
      }),
    );
    // two groups went at once (one scan each), the other 58 wait for the next group
    expect(writer.pending()).toEqual({ queued: 58, inFlight: 2 });
    await writer.drain();
    expect(settled.filter(Boolean)).toHaveLength(60);
    expect(writer.pending()).toEqual({ queued: 0, inFlight: 0 });
    expect(groups.reduce((a, b) => a + b, 0)).toBe(60);
    expect(Math.max(...groups)).toBeGreaterThan(1);
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from scans where client_hash = 'drain-test'`;
    expect(row!.n).toBe(60);
    await Promise.all(records);
  });

  it('also waits for scans recorded while it waits', async () => {
    const writer = batchingScanWriter(db.sql);
    const first = writer.record(scan(100));
    let late: Promise<unknown> | undefined;
    let lateDone = false;
    void first.then(() => {
      late = writer.record(scan(101)).then(() => {
        lateDone = true;
      });
    });
    await writer.drain();
    expect(late).toBeDefined();
    expect(lateDone).toBe(true);
  });
});
