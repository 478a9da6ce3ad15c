// Recall notices to buyers and the outbox of their webhook deliveries. A recall writes the notices
// and the first (pending) delivery of each in its own transaction; the runner sends them after
// commit and writes every attempt here, so a receiver that is down never holds a recall back.
import type { Db } from './client';

export interface NoticeBatch {
  id: string;
  gtin: string;
  lotCode: string;
  version: number;
  productName: string;
  cooperative: string;
}

export interface RecallNotice {
  id: string;
  buyerId: string;
  buyerName: string;
  recallIds: string[];
  batches: NoticeBatch[];
  reason: string;
  authority: string;
  recalledOn: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: { keyId: string; name: string; role: string } | null;
  /** the newest delivery attempt: what happened or what comes next */
  lastDelivery: {
    attempt: number;
    status: 'pending' | 'delivered' | 'failed' | 'gave_up' | 'no_webhook';
    at: Date;
    statusCode: number | null;
    error: string | null;
    nextAttemptAt: Date | null;
  } | null;
}

/**
 * One notice per buyer that received any of these batches (at any hop: every shipment row names
 * the batch its goods come from), each with its first delivery: pending now when the buyer has a
 * webhook, else 'no_webhook' (the notice still waits in the console). Runs in the recall's
 * transaction; answers how many notices were written.
 */
export async function insertRecallNotices(
  db: Db,
  batchIds: string[],
  r: { reason: string; authority: string; recalledOn: string; at: Date },
): Promise<number> {
  if (!batchIds.length) return 0;
  const rows = await db<{ id: string }[]>`
    with holders as (
      select distinct s.to_org_id as buyer_id, s.batch_id
      from buyer_shipments s
      where s.batch_id = any(${batchIds}::uuid[]) and s.to_org_id is not null
    ), notices as (
      insert into recall_notices (buyer_id, recall_ids, batch_ids, reason, authority, recalled_on, created_at)
      select h.buyer_id,
             coalesce(array_agg(distinct x.id) filter (where x.id is not null), '{}'),
             array_agg(distinct h.batch_id), ${r.reason}, ${r.authority}, ${r.recalledOn}, ${r.at}
      from holders h
      left join batch_recalls x on x.batch_id = h.batch_id and x.lifted_at is null
      group by h.buyer_id
      returning id, buyer_id
    )
    insert into webhook_deliveries (notice_id, message_id, attempt, status, at)
    select n.id, 'msg_' || replace(n.id::text, '-', ''), 1,
           case when w.buyer_id is null then 'no_webhook' else 'pending' end, ${r.at}
    from notices n left join buyer_webhooks w on w.buyer_id = n.buyer_id
    returning notice_id as id`;
  return rows.length;
}

export interface DueDelivery {
  id: string;
  noticeId: string;
  messageId: string;
  attempt: number;
  url: string;
  secret: string;
}

/** Pending deliveries due by `now`, oldest first. */
export async function dueDeliveries(db: Db, now: Date, limit: number): Promise<DueDelivery[]> {
  return db<DueDelivery[]>`
    select d.id, d.notice_id, d.message_id, d.attempt, w.url, w.secret
    from webhook_deliveries d
    join recall_notices n on n.id = d.notice_id
    join buyer_webhooks w on w.buyer_id = n.buyer_id
    where d.status = 'pending' and d.at <= ${now}
    order by d.at, d.seq
    limit ${limit}`;
}

/**
 * Records one attempt's outcome; a failure with a next time queues the next attempt. Answers false
 * when another runner recorded this attempt first (then nothing is written).
 */
export async function recordDeliveryAttempt(
  db: Db,
  d: { id: string; noticeId: string; messageId: string; attempt: number },
  outcome: {
    status: 'delivered' | 'failed' | 'gave_up';
    at: Date;
    statusCode: number | null;
    error: string | null;
    nextAttemptAt: Date | null;
  },
): Promise<boolean> {
  const done = await db`
    update webhook_deliveries
    set status = ${outcome.status}, at = ${outcome.at}, status_code = ${outcome.statusCode},
        error = ${outcome.error === null ? null : outcome.error.slice(0, 500)}, next_attempt_at = ${outcome.nextAttemptAt}
    where id = ${d.id} and status = 'pending'
    returning id`;
  if (!done.length) return false;
  if (outcome.nextAttemptAt) {
    await db`
      insert into webhook_deliveries (notice_id, message_id, attempt, status, at)
      values (${d.noticeId}, ${d.messageId}, ${d.attempt + 1}, 'pending', ${outcome.nextAttemptAt})
      on conflict (notice_id, attempt) do nothing`;
  }
  return true;
}

const noticeColumns = (db: Db) => db`
  n.id, n.seq, n.buyer_id, o.name as buyer_name, n.recall_ids, n.reason, n.authority,
  n.recalled_on::text as recalled_on, n.created_at, n.acknowledged_at, n.acknowledged_by,
  (select coalesce(json_agg(json_build_object('id', b.id, 'gtin', p.gtin, 'lotCode', b.lot_code,
                   'version', b.version, 'productName', p.name_vi, 'cooperative', c.name) order by b.lot_code), '[]')
   from batches b join products p on p.id = b.product_id join organizations c on c.id = b.cooperative_id
   where b.id = any(n.batch_ids)) as batches,
  (select json_build_object('attempt', d.attempt, 'status', d.status, 'at', d.at, 'statusCode', d.status_code,
                            'error', d.error, 'nextAttemptAt', d.next_attempt_at)
   from webhook_deliveries d where d.notice_id = n.id order by d.attempt desc limit 1) as last_delivery`;

type NoticeRow = RecallNotice & { seq: number };

function revive(row: NoticeRow): NoticeRow {
  const d = row.lastDelivery as unknown as Record<string, string | number | null> | null;
  return {
    ...row,
    lastDelivery: d
      ? {
          attempt: Number(d.attempt),
          status: d.status as never,
          at: new Date(d.at as string),
          statusCode: d.statusCode === null ? null : Number(d.statusCode),
          error: (d.error as string | null) ?? null,
          nextAttemptAt: d.nextAttemptAt ? new Date(d.nextAttemptAt as string) : null,
        }
      : null,
  };
}

/**
 * Notices, newest first, a page at a time: one buyer's (buyerId) or everyone's; `openBefore`
 * keeps only those not acknowledged and created before that time (staff: past the 24 hours).
 */
export async function listRecallNotices(
  db: Db,
  f: { buyerId: string | null; openBefore?: Date | null; before: number | null; limit: number },
): Promise<NoticeRow[]> {
  const rows = await db<NoticeRow[]>`
    select ${noticeColumns(db)}
    from recall_notices n join organizations o on o.id = n.buyer_id
    where (${f.buyerId}::uuid is null or n.buyer_id = ${f.buyerId})
      and (${f.openBefore ?? null}::timestamptz is null or (n.acknowledged_at is null and n.created_at < ${f.openBefore ?? null}))
      and (${f.before}::bigint is null or n.seq < ${f.before})
    order by n.seq desc
    limit ${f.limit + 1}`;
  return rows.map(revive);
}

export async function getRecallNotice(db: Db, id: string): Promise<RecallNotice | null> {
  const [row] = await db<NoticeRow[]>`
    select ${noticeColumns(db)} from recall_notices n join organizations o on o.id = n.buyer_id where n.id = ${id}`;
  if (!row) return null;
  const { seq: _s, ...notice } = revive(row);
  return notice;
}

/** Marks a buyer's notice acknowledged (once: a second call keeps the first time); null when not its notice. */
export async function acknowledgeRecallNotice(
  db: Db,
  id: string,
  buyerId: string,
  by: { keyId: string; name: string; role: string },
  at: Date,
): Promise<boolean> {
  const rows = await db`
    update recall_notices
    set acknowledged_at = coalesce(acknowledged_at, ${at}),
        acknowledged_by = coalesce(acknowledged_by, ${db.json(by as never)})
    where id = ${id} and buyer_id = ${buyerId}
    returning id`;
  return rows.length > 0;
}
