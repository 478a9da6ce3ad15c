// Sends the recall notices' webhooks from the outbox (webhook_deliveries), signed as Standard
// Webhooks say, after the recall committed: on Node from a timer and right after a recall, on
// Workers from the cron trigger and the recall request's waitUntil. Every attempt is written
// down; a failure queues the next attempt by the backoff schedule, and after the last one the
// delivery gives up (the notice stays open in the console). `now` is an argument so tests need
// not wait for real backoff time.
import type { Db } from '../db/client';
import { dueDeliveries, getRecallNotice, recordDeliveryAttempt, type RecallNotice } from '../db/recall-notices-store';
import { nextAttemptAt, webhookHeaders } from '../domain/webhook-signature';
import type { Logger } from '../log';
import { webhookAddressProblem } from '../domain/webhook-address';

export const RECALL_NOTICE_EVENT = 'recall.notice';

/** The JSON a buyer's endpoint receives: Standard Webhooks' { type, timestamp, data }. */
export function noticePayload(notice: RecallNotice, baseUrl: string, at: Date) {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    type: RECALL_NOTICE_EVENT,
    timestamp: at.toISOString(),
    data: {
      noticeId: notice.id,
      buyer: { id: notice.buyerId, name: notice.buyerName },
      reason: notice.reason,
      authority: notice.authority,
      recalledOn: notice.recalledOn,
      batches: notice.batches.map((b) => ({
        ...b,
        lotUri: `${base}/01/${b.gtin}/10/${encodeURIComponent(b.lotCode)}`,
      })),
      acknowledgeUrl: `${base}/api/v1/recall-notices/${notice.id}/ack`,
    },
  };
}

export interface DeliveryRun {
  attempted: number;
  delivered: number;
  failed: number;
}

/**
 * Attempts every delivery due by `now` (at most `limit`), one HTTP POST each with a 10-second
 * timeout; redirects are not followed (a 3xx counts as a failure).
 */
export async function deliverDueWebhooks(
  db: Db,
  opts: {
    now: Date;
    baseUrl: string;
    log: Logger;
    limit?: number;
    timeoutMs?: number;
    fetch?: typeof fetch;
    /** WEBHOOK_ALLOW_LOOPBACK: http to this machine is let through (a test receiver) */
    allowLoopbackHttp?: boolean;
    /** what the runtime can tell of a host name before connecting (Node: where DNS sends it) */
    checkHost?: WebhookHostCheck;
  },
): Promise<DeliveryRun> {
  const send = opts.fetch ?? fetch;
  const allowLoopbackHttp = opts.allowLoopbackHttp ?? false;
  const due = await dueDeliveries(db, opts.now, opts.limit ?? 100);
  const run: DeliveryRun = { attempted: 0, delivered: 0, failed: 0 };
  for (const d of due) {
    const notice = await getRecallNotice(db, d.noticeId);
    if (!notice) continue;
    const body = JSON.stringify(noticePayload(notice, opts.baseUrl, opts.now));
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      // judged again at each attempt: an address stored before the rules, or a name that moved
      let refused = webhookAddressProblem(d.url, { allowLoopbackHttp });
      const url = refused ? null : new URL(d.url);
      if (url?.protocol === 'https:' && opts.checkHost) refused = await opts.checkHost(url.hostname);
      if (refused) throw new WebhookRefused(refused);
      const res = await send(d.url, {
        method: 'POST',
        headers: await webhookHeaders(d.secret, d.messageId, opts.now, body),
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    run.attempted += 1;
    const next = error ? nextAttemptAt(d.attempt, opts.now) : null;
    await recordDeliveryAttempt(db, d, {
      status: error ? (next ? 'failed' : 'gave_up') : 'delivered',
      at: opts.now,
      statusCode,
      error,
      nextAttemptAt: next,
    });
    if (error) {
      run.failed += 1;
      opts.log.warn('recall notice webhook failed', { noticeId: d.noticeId, attempt: d.attempt, error, next });
    } else run.delivered += 1;
  }
  return run;
}

/** One pass of the runner with the app's own pool, clock and address (after a recall, and from the timers). */
export function deliverRecallWebhooks(deps: {
  sql: Db;
  clock: () => Date;
  config: { PUBLIC_BASE_URL: string; WEBHOOK_ALLOW_LOOPBACK: boolean };
  log: Logger;
  webhookHostCheck?: WebhookHostCheck | undefined;
}): Promise<DeliveryRun> {
  return deliverDueWebhooks(deps.sql, {
    now: deps.clock(),
    baseUrl: deps.config.PUBLIC_BASE_URL,
    log: deps.log,
    allowLoopbackHttp: deps.config.WEBHOOK_ALLOW_LOOPBACK,
    ...(deps.webhookHostCheck ? { checkHost: deps.webhookHostCheck } : {}),
  });
}

/** Why a host name may not be sent to (it resolves into a private network), or null. */
export type WebhookHostCheck = (hostname: string) => Promise<string | null>;

/** A delivery not attempted because its address is not allowed; logged as the attempt's error. */
class WebhookRefused extends Error {
  override name = 'Refused';
}
