// EPCIS 2.0 events: stored with the record they describe (derived) or as a buyer captured them,
// found by the EPCIS query parameters. The indexed columns are computed from the document here,
// so they cannot disagree with what is served.
import { type EpcisEvent, eventIndexColumns } from '../domain/epcis-event';
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

/**
 * Stores events in the caller's transaction; an event whose eventID is already stored is left as
 * it is (ON CONFLICT DO NOTHING). Returns how many rows were inserted.
 */
export async function insertEpcisEvents(tx: Db, events: StoredEpcisEvent[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < events.length; i += CHUNK) {
    const rows = events.slice(i, i + CHUNK).map((e) => {
      if (typeof e.document.eventID !== 'string') throw new Error('an EPCIS event is stored with its eventID');
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
