// The scan log is partitioned by month and ages well: each scan lands in its month's partition,
// the daily upkeep makes the coming months' partitions and moves stray rows into theirs, an
// existing log is kept whole on upgrade, and months past SCAN_RETENTION_MONTHS lose what could
// point at a person while every count and every statistic the link checks read stays the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { applyMigrations } from '../../src/db/migrations';
import { recordStampScans, type ScanInput } from '../../src/db/scans-store';
import { loadMigrations } from '../../src/entry/migration-files';
import { keepScanLog } from '../../src/scanning/scan-log-upkeep';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { createTestDatabase, type TestDatabase } from '../support/db';

const NOW = new Date();
const monthsAgo = (n: number, day = 10) =>
  new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - n, day, 3, 0, 0));
const partitionName = (d: Date) => `scans_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

function scan(serial: string, at: Date, over: Partial<ScanInput> = {}): ScanInput {
  return {
    serial,
    gtin: '08930000000019',
    lot: null,
    clientHash: 'aaaaaaaaaaaaaaaa',
    userAgentFamily: 'Chrome Mobile',
    language: 'vi',
    isBot: false,
    at,
    ...over,
  };
}

const whereRows = async (db: TestDatabase['sql']) =>
  (
    await db<{ part: string; n: number }[]>`
      select tableoid::regclass::text as part, count(*)::int as n from scans group by 1 order by 1`
  ).map((r) => `${r.part}:${r.n}`);

describe('the scan log by month', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it("logs a scan in its month's partition, and this month's and the next month's exist from the start", async () => {
    await recordStampScans(db.sql, [scan('PNOTONRECORD01', NOW)]);
    expect(await whereRows(db.sql)).toEqual([`${partitionName(NOW)}:1`]);
    const [next] = await db.sql<{ t: string | null }[]>`select to_regclass(${partitionName(monthsAgo(-1))})::text as t`;
    expect(next!.t).toBe(partitionName(monthsAgo(-1)));
  });

  it('moves scans the default partition caught into their own month, losing none', async () => {
    const old = monthsAgo(5);
    const ahead = monthsAgo(-7);
    await recordStampScans(db.sql, [
      scan('PNOTONRECORD02', old),
      scan('PNOTONRECORD03', old),
      scan('PNOTONRECORD04', ahead),
    ]);
    expect(await whereRows(db.sql)).toContain('scans_default:3');

    const u = await keepScanLog(db.sql, NOW, { retentionMonths: null });
    expect(u.rowsSettled).toBe(3);
    expect(u.monthsCreated).toEqual(expect.arrayContaining([`${old.toISOString().slice(0, 7)}-01`]));
    expect(await whereRows(db.sql)).toEqual(
      [`${partitionName(ahead)}:1`, `${partitionName(NOW)}:1`, `${partitionName(old)}:2`].sort(),
    );
    // the upkeep again: nothing left to do
    expect(await keepScanLog(db.sql, NOW, { retentionMonths: null })).toEqual({
      monthsCreated: [],
      rowsSettled: 0,
      monthsAnonymised: [],
    });
  });
});

describe('upgrading a scan log that was not partitioned', () => {
  it('keeps every row and its id in a history partition, and new months get their own', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      const all = loadMigrations();
      await applyMigrations(
        db.sql,
        all.filter((m) => m.name < '00011'),
      );
      await recordStampScans(db.sql, [
        scan('PNOTONRECORD05', monthsAgo(30)),
        scan('PNOTONRECORD06', monthsAgo(2)),
        scan('PNOTONRECORD07', NOW),
      ]);
      const before = await db.sql<{ id: string; serial: string }[]>`select id::text, serial from scans order by id`;

      await applyMigrations(db.sql, all);
      const after = await db.sql<{ id: string; serial: string }[]>`select id::text, serial from scans order by id`;
      expect(after).toEqual(before);
      expect(await whereRows(db.sql)).toEqual(['scans_history:3']);

      await recordStampScans(db.sql, [scan('PNOTONRECORD08', monthsAgo(-1))]);
      const [last] = await db.sql<{ id: string; part: string }[]>`
        select id::text, tableoid::regclass::text as part from scans where serial = 'PNOTONRECORD08'`;
      expect(BigInt(last!.id)).toBeGreaterThan(BigInt(before.at(-1)!.id));
      expect(last!.part).toBe(partitionName(monthsAgo(-1)));
    } finally {
      await db.close();
    }
  });
});

describe('retention of raw scan details', () => {
  let t: TestContext;
  const old = monthsAgo(14, 12);
  const recent = monthsAgo(1, 12);
  const gtin = '08930000000026';

  // six serials never issued, scanned from three networks on one old day and on one recent day:
  // the link checks report both days as fake stamps in circulation
  const guesses = (at: Date) =>
    Array.from({ length: 6 }, (_, i) =>
      scan(`PGUESS${at.getUTCMonth()}X${i}`.padEnd(14, 'Z'), new Date(at.getTime() + i * 60_000), {
        gtin,
        clientHash: ['1111111111111111', '2222222222222222', '3333333333333333'][i % 3]!,
      }),
    );

  beforeAll(async () => {
    t = await createTestContext();
    await recordStampScans(t.db.sql, [...guesses(old), ...guesses(recent)]);
    await t.db.sql`update scans set lat = 21.03, lon = 105.85`;
  });
  afterAll(() => t.close());

  const unknownSerialRuns = async () => {
    await json(t.call('POST', '/api/v1/checks/run', { key: t.keys.staff, body: {} }), 200);
    const body = await json(t.call('GET', '/api/v1/findings?rule=UNKNOWN_SERIAL_RUN', { key: t.keys.staff }), 200);
    return (body.items as { facts: Record<string, unknown> }[])
      .map((f) => f.facts)
      .sort((a, b) => String(a.day).localeCompare(String(b.day)));
  };
  const rowsOf = (from: Date, to: Date) =>
    t.db.sql<{ serial: string; clientHash: string; lat: string | null; lon: string | null }[]>`
      select serial, client_hash, lat::text, lon::text from scans where at >= ${from} and at < ${to} order by serial`;

  it('re-keys the network hashes and removes positions of months past the period, and nothing newer', async () => {
    const findingsBefore = await unknownSerialRuns();
    expect(findingsBefore.map((f) => f.networks)).toEqual([3, 3]);
    const oldBefore = await rowsOf(monthsAgo(14, 1), monthsAgo(13, 1));
    const recentBefore = await rowsOf(monthsAgo(1, 1), monthsAgo(0, 1));

    const u = await keepScanLog(t.db.sql, NOW, { retentionMonths: 12 });
    expect(u.monthsAnonymised).toContainEqual({ month: `${old.toISOString().slice(0, 7)}-01`, scans: 6 });
    expect(u.monthsAnonymised.map((m) => m.month)).not.toContain(`${recent.toISOString().slice(0, 7)}-01`);

    const oldAfter = await rowsOf(monthsAgo(14, 1), monthsAgo(13, 1));
    expect(oldAfter.map((r) => r.serial)).toEqual(oldBefore.map((r) => r.serial));
    expect(oldAfter.every((r) => r.lat === null && r.lon === null)).toBe(true);
    // no hash survives, but equal hashes stay equal: three networks are still three
    expect(
      oldAfter.some((r) => ['1111111111111111', '2222222222222222', '3333333333333333'].includes(r.clientHash)),
    ).toBe(false);
    expect(new Set(oldAfter.map((r) => r.clientHash)).size).toBe(3);
    expect(await rowsOf(monthsAgo(1, 1), monthsAgo(0, 1))).toEqual(recentBefore);

    // the link checks find exactly what they found before
    expect(await unknownSerialRuns()).toEqual(findingsBefore);
  });

  it('does each month once', async () => {
    const hashes = await rowsOf(monthsAgo(14, 1), monthsAgo(13, 1));
    expect((await keepScanLog(t.db.sql, NOW, { retentionMonths: 12 })).monthsAnonymised).toEqual([]);
    expect(await rowsOf(monthsAgo(14, 1), monthsAgo(13, 1))).toEqual(hashes);
  });

  it('is a setting: a number of months, or off', () => {
    expect(parseConfig({}).SCAN_RETENTION_MONTHS).toBe(12);
    expect(parseConfig({ SCAN_RETENTION_MONTHS: 'off' }).SCAN_RETENTION_MONTHS).toBeNull();
    expect(parseConfig({ SCAN_RETENTION_MONTHS: '36' }).SCAN_RETENTION_MONTHS).toBe(36);
    expect(() => parseConfig({ SCAN_RETENTION_MONTHS: '0' })).toThrow(/SCAN_RETENTION_MONTHS/);
  });
});
