// EPCIS 2.0 events: stored with the record they describe (derived) or as a buyer captured them,
// found by the EPCIS query parameters. The indexed columns are computed from the document here,
// so they cannot disagree with what is served.
import { type EpcisEvent, eventIndexColumns } from '../domain/epcis-event';
import type { Actor } from '../domain/roles';
import type { Db } from './client';

export interface StoredEpcisEvent {
  /** the event exactly as served, with its eventID */
  document: EpcisEvent;
  /** the tenant: the cooperative (derived) or the buyer (captured) */
  ownerId: string;
  source: 'derived' | 'captured';
  /** derived events: the record they come from ('batch', 'harvest_lot', 'print_run', 'recall'…) */
  recordKind?: string;
  recordId?: string;
  /** captured events: the capture job */
  captureId?: string;
}

/** Rows per insert statement. */
const CHUNK = 500;

/** An event's row: its document and the columns the queries search, read from it. */
export function epcisEventRow(e: StoredEpcisEvent) {
  const c = eventIndexColumns(e.document);
  return {
    event_id: e.document.eventID,
    event_type: c.eventType,
    event_time: c.eventTime,
    action: c.action,
    biz_step: c.bizStep,
    disposition: c.disposition,
    read_point: c.readPoint,
    biz_location: c.bizLocation,
    epcs: c.epcs,
    epc_classes: c.epcClasses,
    lots: c.lots,
    owner_id: e.ownerId,
    source: e.source,
    record_kind: e.recordKind ?? null,
    record_id: e.recordId ?? null,
    capture_id: e.captureId ?? null,
    document: e.document,
  };
}

/**
 * Stores events in the caller's transaction; an event whose eventID is already stored is left as
 * it is (ON CONFLICT DO NOTHING). Returns how many rows were inserted.
 */
export async function insertEpcisEvents(tx: Db, events: StoredEpcisEvent[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < events.length; i += CHUNK) {
    const rows = events.slice(i, i + CHUNK).map((e) => {
      if (typeof e.document.eventID !== 'string') throw new Error('an EPCIS event is stored with its eventID');
      return epcisEventRow(e);
    });
    const result = await tx`
      insert into epcis_events (event_id, event_type, event_time, action, biz_step, disposition, read_point,
                                biz_location, epcs, epc_classes, lots, owner_id, source, record_kind, record_id,
                                capture_id, document)
      select event_id, event_type, event_time, action, biz_step, disposition, read_point, biz_location, epcs,
             epc_classes, lots, owner_id, source, record_kind, record_id, capture_id, document
        from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(
          event_id text, event_type text, event_time timestamptz, action text, biz_step text, disposition text,
          read_point text, biz_location text, epcs text[], epc_classes text[], lots text[], owner_id uuid,
          source text, record_kind text, record_id uuid, capture_id uuid, document jsonb)
       order by event_time, event_id
      on conflict (event_id) do nothing`;
    inserted += result.count;
  }
  return inserted;
}

// Queries (the EPCIS 2.0 SimpleEventQuery parameters we serve) ---------------------------------

/** Who sees which events: staff everything, an organization its own; the public nothing. */
export type EpcisVisibility =
  | { kind: 'all' }
  | { kind: 'owner'; organizationId: string }
  | { kind: 'buyer'; organizationId: string }
  | { kind: 'none' };

/**
 * What a caller may see. One place for the tenant rule, so the buyer role extends it here: a
 * buyer sees its own events plus the derived events of the lots it received.
 */
export function visibleOwnerFilter(actor: Actor | undefined): EpcisVisibility {
  if (!actor) return { kind: 'none' };
  if (actor.role === 'admin' || actor.role === 'staff') return { kind: 'all' };
  if (actor.role === 'buyer' && actor.organizationId) return { kind: 'buyer', organizationId: actor.organizationId };
  if (actor.organizationId) return { kind: 'owner', organizationId: actor.organizationId };
  return { kind: 'none' };
}

function visibilityWhere(db: Db, v: EpcisVisibility) {
  switch (v.kind) {
    case 'all':
      return db`true`;
    case 'owner':
      return db`e.owner_id = ${v.organizationId}`;
    case 'buyer':
      // its own events, and what the records say of the batches it received (made, sealed, recalled, lifted)
      return db`(e.owner_id = ${v.organizationId}
                 or (e.source = 'derived' and e.record_kind = 'batch'
                     and e.record_id in (select r.batch_id from buyer_receipts r where r.buyer_id = ${v.organizationId})))`;
    default:
      return db`false`;
  }
}

/** The query's filters, values already in the stored (canonical) form; lists match any value. */
export interface EpcisEventFilter {
  eventTypes?: string[];
  geEventTime?: Date;
  ltEventTime?: Date;
  geRecordTime?: Date;
  ltRecordTime?: Date;
  actions?: string[];
  bizSteps?: string[];
  dispositions?: string[];
  bizLocations?: string[];
  readPoints?: string[];
  /** MATCH_epc: epcList / childEPCs (and parentID) of events other than transformations */
  epcs?: string[];
  /** MATCH_anyEPC: any instance identifier */
  anyEpcs?: string[];
  /** MATCH_epcClass: quantityList / childQuantityList of events other than transformations */
  epcClasses?: string[];
  /** MATCH_anyEPCClass: any class identifier, or a lot whose stamps the event names */
  anyEpcClasses?: string[];
}

/** An event as served, as JSON text: the stored document with the time we recorded it. */
export interface ServedEvent {
  seq: number;
  json: string;
}

/**
 * One page of matching events in record order (seq), after `afterSeq`, each as the JSON text it is
 * served as (no parsing and re-serialising of large documents); `perPage + 1` rows tell if more follow.
 */
export async function queryEpcisEvents(
  db: Db,
  f: EpcisEventFilter,
  visibility: EpcisVisibility,
  page: { afterSeq: number; perPage: number },
): Promise<{ events: ServedEvent[]; lastSeq: number | null; more: boolean }> {
  const conds = [visibilityWhere(db, visibility), db`e.seq > ${page.afterSeq}`];
  if (f.eventTypes) conds.push(db`e.event_type = any(${f.eventTypes}::text[])`);
  if (f.geEventTime) conds.push(db`e.event_time >= ${f.geEventTime}`);
  if (f.ltEventTime) conds.push(db`e.event_time < ${f.ltEventTime}`);
  if (f.geRecordTime) conds.push(db`e.record_time >= ${f.geRecordTime}`);
  if (f.ltRecordTime) conds.push(db`e.record_time < ${f.ltRecordTime}`);
  if (f.actions) conds.push(db`e.action = any(${f.actions}::text[])`);
  if (f.bizSteps) conds.push(db`e.biz_step = any(${f.bizSteps}::text[])`);
  if (f.dispositions) conds.push(db`e.disposition = any(${f.dispositions}::text[])`);
  if (f.bizLocations) conds.push(db`e.biz_location = any(${f.bizLocations}::text[])`);
  if (f.readPoints) conds.push(db`e.read_point = any(${f.readPoints}::text[])`);
  if (f.epcs) conds.push(db`e.epcs && ${f.epcs}::text[] and e.event_type <> 'TransformationEvent'`);
  if (f.anyEpcs) conds.push(db`e.epcs && ${f.anyEpcs}::text[]`);
  if (f.epcClasses) conds.push(db`e.epc_classes && ${f.epcClasses}::text[] and e.event_type <> 'TransformationEvent'`);
  if (f.anyEpcClasses)
    conds.push(db`(e.epc_classes && ${f.anyEpcClasses}::text[] or e.lots && ${f.anyEpcClasses}::text[])`);
  const where = conds.reduce((acc, c) => db`${acc} and ${c}`);
  // An identifier, or a time window of a month or less, names few events among many: find them
  // through their index first, then order; otherwise the planner may walk the whole table in seq
  // order looking for them.
  const MONTH = 31 * 86_400_000;
  const narrowWindow = (from?: Date, to?: Date) => !!from && !!to && to.getTime() - from.getTime() <= MONTH;
  const narrow =
    f.epcs ||
    f.anyEpcs ||
    f.epcClasses ||
    f.anyEpcClasses ||
    narrowWindow(f.geEventTime, f.ltEventTime) ||
    narrowWindow(f.geRecordTime, f.ltRecordTime);
  const rows = narrow
    ? await db<{ seq: number; json: string }[]>`
        with m as materialized (select e.seq, e.document, e.record_time from epcis_events e where ${where})
        select m.seq::float8 as seq, ${servedJson(db, 'm')} as json from m order by m.seq limit ${page.perPage + 1}`
    : await db<{ seq: number; json: string }[]>`
        select e.seq::float8 as seq, ${servedJson(db, 'e')} as json from epcis_events e
         where ${where}
         order by e.seq limit ${page.perPage + 1}`;
  const more = rows.length > page.perPage;
  const events = more ? rows.slice(0, page.perPage) : rows;
  return { events, lastSeq: events.length ? events[events.length - 1]!.seq : null, more };
}

/** The document with recordTime (UTC, milliseconds), as text. */
function servedJson(db: Db, alias: 'e' | 'm') {
  return db`(${db(alias)}.document || jsonb_build_object('recordTime',
    to_char(${db(alias)}.record_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text`;
}

/** One event by its eventID, as served (JSON text), if the caller may see it. */
export async function getEpcisEvent(db: Db, eventId: string, visibility: EpcisVisibility): Promise<ServedEvent | null> {
  const [row] = await db<ServedEvent[]>`
    select e.seq::float8 as seq, ${servedJson(db, 'e')} as json from epcis_events e
     where e.event_id = ${eventId} and ${visibilityWhere(db, visibility)}`;
  return row ?? null;
}
