// Print runs and their stamps: serials are generated in bulk and inserted with unnest() in
// chunks, so a 100,000-stamp run is a handful of statements; state changes work on position ranges.
import { generateSerials } from '../domain/serial';
import type { StampState } from '../domain/stamp-verdict';
import type { Db } from './client';
import { syncDerivedEvents } from './epcis-derived-store';

export type { StampState } from '../domain/stamp-verdict';

export interface PrintRun {
  id: string;
  batchId: string;
  cooperativeId: string;
  templateId: string;
  count: number;
  note: string | null;
  baseUrl: string;
  gtin: string;
  lotCode: string;
  ocopStars: number | null;
  createdBy: { keyId: string | null; name: string; role: string };
  createdAt: Date;
  stamps: { issued: number; active: number; void: number };
}

// The stamps by state are the run's stored counters (migration 00012), kept by insertPrintRun
// and changeStampStates in the same transaction as the stamps: read, never counted.
const cols = (db: Db) => db`
  r.id, r.batch_id, r.cooperative_id, r.template_id, r.count,
  r.note, r.base_url, r.gtin, r.lot_code, r.ocop_stars,
  r.created_by, r.created_at,
  json_build_object('issued', r.stamps_issued, 'active', r.stamps_active, 'void', r.stamps_void) as stamps`;

const CHUNK = 10_000;

export async function insertPrintRun(
  db: Db,
  run: Omit<PrintRun, 'id' | 'createdAt' | 'stamps'>,
  initialState: StampState,
  now: Date,
): Promise<PrintRun> {
  const [row] = await db<{ id: string }[]>`
    insert into print_runs (batch_id, cooperative_id, template_id, count, note, base_url, gtin, lot_code, ocop_stars, created_by, created_at)
    values (${run.batchId}, ${run.cooperativeId}, ${run.templateId}, ${run.count}, ${run.note}, ${run.baseUrl}, ${run.gtin},
            ${run.lotCode}, ${run.ocopStars}, ${db.json(run.createdBy as never)}, ${now})
    returning id`;
  const id = row!.id;
  for (let start = 1; start <= run.count; start += CHUNK) {
    let positions = Array.from({ length: Math.min(CHUNK, run.count - start + 1) }, (_, i) => start + i);
    // 2^64 serials make a collision unlikely, not impossible: redraw for any position that lost.
    while (positions.length) {
      const serials = generateSerials(positions.length);
      const inserted = await db<{ position: number }[]>`
        insert into stamps (serial, print_run_id, position, state, state_changed_at, activated_at)
        select s, ${id}, p, ${initialState}, ${now}, ${initialState === 'active' ? now : null}
        from unnest(${serials}::text[], ${positions}::int[]) as t(s, p)
        on conflict (serial) do nothing
        returning position`;
      const done = new Set(inserted.map((r) => r.position));
      positions = positions.filter((p) => !done.has(p));
    }
  }
  await db`
    update print_runs set
      stamps_issued = ${initialState === 'issued' ? run.count : 0},
      stamps_active = ${initialState === 'active' ? run.count : 0},
      stamps_void = ${initialState === 'void' ? run.count : 0}
    where id = ${id}`;
  // the stamps' EPCIS events (commissioned, and activated when printed active), same transaction
  await syncDerivedEvents(db, [{ kind: 'print_run', id }]);
  return (await getPrintRun(db, id))!;
}

export async function getPrintRun(db: Db, id: string): Promise<PrintRun | null> {
  const [row] = await db<PrintRun[]>`select ${cols(db)} from print_runs r where r.id = ${id}`;
  return row ?? null;
}

export async function listPrintRuns(
  db: Db,
  f: {
    batchId?: string;
    cooperativeId?: string;
    visibleTo?: string | null;
    after?: number;
    limit: number;
    newestFirst?: boolean;
  },
) {
  return db<(PrintRun & { seq: number })[]>`
    select r.seq, ${cols(db)} from print_runs r
    where true
      ${f.batchId ? db`and r.batch_id = ${f.batchId}` : db``}
      ${f.cooperativeId ? db`and r.cooperative_id = ${f.cooperativeId}` : db``}
      ${f.visibleTo ? db`and r.cooperative_id = ${f.visibleTo}` : db``}
      ${
        f.newestFirst
          ? db`${f.after ? db`and r.seq < ${f.after}` : db``} order by r.seq desc`
          : db`and r.seq > ${f.after ?? 0} order by r.seq`
      }
    limit ${f.limit + 1}`;
}

/** The oldest run on this template that has active stamps (a sheet worth scanning), or null. */
export async function firstRunWithActiveStamps(db: Db, templateId: string): Promise<string | null> {
  const [row] = await db<{ id: string }[]>`
    select r.id from print_runs r join stamps s on s.print_run_id = r.id
    where r.template_id = ${templateId} and s.state = 'active' order by r.seq limit 1`;
  return row?.id ?? null;
}

/** Stamps of a run in printing order, a page at a time (for the PDF and CSV streams). */
export async function* stampsOfRun(db: Db, runId: string, opts: { from?: number; to?: number; page?: number } = {}) {
  const page = opts.page ?? 5000;
  let after = (opts.from ?? 1) - 1;
  const to = opts.to ?? 2_147_483_647;
  for (;;) {
    const rows = await db<{ serial: string; position: number; state: StampState }[]>`
      select serial, position, state from stamps
      where print_run_id = ${runId} and position > ${after} and position <= ${to}
      order by position limit ${page}`;
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.position;
    if (rows.length < page) return;
  }
}

/** One page of a run's stamps in printing order, after a position (for the serial list). */
export async function stampPage(db: Db, runId: string, afterPosition: number, limit: number) {
  return db<{ position: number; serial: string; state: StampState; stateChangedAt: Date; scanCount: number }[]>`
    select position, serial, state, state_changed_at, scan_count from stamps
    where print_run_id = ${runId} and position > ${afterPosition}
    order by position limit ${limit + 1}`;
}

export async function positionOfSerial(db: Db, runId: string, serial: string): Promise<number | null> {
  const [row] = await db<
    { position: number }[]
  >`select position from stamps where print_run_id = ${runId} and serial = ${serial}`;
  return row?.position ?? null;
}

/**
 * Moves stamps in [from, to] from one of `fromStates` to `state` and keeps the run's counters;
 * returns how many changed. Call it in a transaction: the run's row is locked first, so changes
 * to one run's stamps queue and each sees the stamps as the one before left them.
 */
export async function changeStampStates(
  db: Db,
  runId: string,
  range: { from: number; to: number },
  fromStates: StampState[],
  state: StampState,
  now: Date,
): Promise<number> {
  await db`select 1 from print_runs where id = ${runId} for update`;
  const [moved] = await db<{ issued: number; active: number; void: number; n: number }[]>`
    with moving as (
      select serial, state as was from stamps
      where print_run_id = ${runId} and position between ${range.from} and ${range.to} and state = any(${fromStates}::text[])
    ),
    changed as (
      update stamps s set state = ${state}, state_changed_at = ${now},
        -- kept through a void: the activation stays in the run's EPCIS events
        activated_at = case when ${state} = 'active' then ${now} else s.activated_at end
      from moving m where s.serial = m.serial
      returning m.was
    )
    select (count(*) filter (where was = 'issued'))::int as issued,
           (count(*) filter (where was = 'active'))::int as active,
           (count(*) filter (where was = 'void'))::int as void,
           count(*)::int as n
    from changed`;
  const m = moved!;
  if (m.n) {
    const gain = (s: StampState) => (s === state ? m.n : 0) - m[s];
    await db`
      update print_runs set
        stamps_issued = stamps_issued + ${gain('issued')},
        stamps_active = stamps_active + ${gain('active')},
        stamps_void = stamps_void + ${gain('void')}
      where id = ${runId}`;
    await syncDerivedEvents(db, [{ kind: 'print_run', id: runId }]);
  }
  return m.n;
}
