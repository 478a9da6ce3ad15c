// Where a batch's goods went past the cooperative, as staff read it under a batch of the forward
// trace: the cooperative's sales, and under each buyer what it shipped on and to whom, with
// whether the receiver confirmed it. The same words serve the buyers' own tables.
import type { ShipmentView } from '../../db/buyers-store';
import { formatDate, formatNumber, type Lang } from '../../pages/i18n';
import type { BuyerTexts } from '../texts/buyers';

/** A shipment as the trace and the recall preview answer it (the batch is the one it sits under). */
export type ShipmentItem = Omit<ShipmentView, 'seq' | 'batch'>;

/** Shipments shown under one batch; the rest are counted, and listed in the trace's CSV. */
export const SHIPMENTS_PER_BATCH = 12;
/** Shipments shown on one page of batches, so a page stays small on a phone (the CSV has them all). */
export const SHIPMENTS_PER_PAGE = 40;

/** How many shipments each batch of a page may show: 12 at most, 40 in all, in the page's order. */
export function shipmentAllowances(perBatch: number[]): number[] {
  let left = SHIPMENTS_PER_PAGE;
  return perBatch.map((n) => {
    const shown = Math.min(n, SHIPMENTS_PER_BATCH, left);
    left -= shown;
    return shown;
  });
}

export const amount = (lang: Lang, q: number | null, unit: string | null) =>
  q === null ? '—' : `${formatNumber(lang, q)}${unit ? ` ${unit}` : ''}`;

/** Who received a shipment: the organization, or a place outside the service. */
export const receiverName = (t: BuyerTexts, s: Pick<ShipmentItem, 'to' | 'destination'>) =>
  s.to ? s.to.name : `${t.outside}${s.destination ? ` (${s.destination})` : ''}`;

interface Node {
  s: ShipmentItem;
  onward: Node[];
}

/**
 * Each shipment under the one that brought the goods to its sender (the hop before, to that
 * organization); a shipment whose way in is not listed stands at the top. The input comes hop by
 * hop, so a sender's way in is always placed before what it ships on.
 */
export function shipmentTree(items: ShipmentItem[]): Node[] {
  const top: Node[] = [];
  const inbound = new Map<string, Node>();
  for (const s of items) {
    const node: Node = { s, onward: [] };
    const via = inbound.get(`${s.hop - 1}:${s.from.id}`);
    (via ? via.onward : top).push(node);
    if (s.to && !inbound.has(`${s.hop}:${s.to.id}`)) inbound.set(`${s.hop}:${s.to.id}`, node);
  }
  return top;
}

function ShipmentLine(props: { t: BuyerTexts; lang: Lang; s: ShipmentItem; onward: boolean }) {
  const { t, lang, s } = props;
  return (
    <>
      {props.onward ? `${t.shippedOnTo} ` : null}
      <b>{receiverName(t, s)}</b> — {t.shipLine(amount(lang, s.quantity, s.unit), formatDate(lang, s.shippedAt))}
      {s.despatchAdvice ? `, ${t.despatchShort} ${s.despatchAdvice}` : null}
      {s.to ? (
        <>
          {' · '}
          {s.received ? t.received : <span class="ferr">{t.notReceived}</span>}
        </>
      ) : null}
    </>
  );
}

function Branch(props: { t: BuyerTexts; lang: Lang; nodes: Node[]; onward: boolean }) {
  return (
    <ul>
      {props.nodes.map((n) => (
        <li>
          <ShipmentLine t={props.t} lang={props.lang} s={n.s} onward={props.onward} />
          {n.onward.length ? <Branch t={props.t} lang={props.lang} nodes={n.onward} onward /> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * "Sold to": a batch's first `max` shipments as a tree, the rest counted; when none may be shown,
 * one line saying how many buyers and shipments there are. Nothing when the batch was not sold.
 */
export function ShippedTo(props: { t: BuyerTexts; lang: Lang; items: ShipmentItem[]; max: number }) {
  const { t, lang, items } = props;
  if (!items.length) return null;
  if (props.max <= 0) {
    const buyers = new Set(items.flatMap((s) => (s.to ? [s.to.id] : []))).size;
    return <div>{t.soldSummary(buyers, items.length)}</div>;
  }
  const shown = items.slice(0, props.max);
  return (
    <div>
      {t.soldTo}:
      <Branch t={t} lang={lang} nodes={shipmentTree(shown)} onward={false} />
      {items.length > shown.length ? <p class="muted">{t.moreShipments(items.length - shown.length)}</p> : null}
    </div>
  );
}
