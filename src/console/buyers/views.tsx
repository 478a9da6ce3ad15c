// The buyer's pages (goods received and shipped, recall notices with their Acknowledge button,
// the webhook), the staff's list of recall notices not acknowledged in time, and the
// cooperative's list and form of sales to buyers.
import type { RecallNotice } from '../../db/recall-notices-store';
import type { ShipmentView, ReceiptView } from '../../db/buyers-store';
import { formatDate, formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { BuyerTexts } from '../texts/buyers';
import { Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField, type Option } from '../ui/fields';
import { StaffStyle } from '../ui/styles';
import { amount, receiverName } from './shipment-tree';

type Shipment = Omit<ShipmentView, 'seq'>;
type Receipt = Omit<ReceiptView, 'seq'>;

function Lot(props: { b: Shipment['batch'] }) {
  return (
    <>
      {props.b.productName} <code>{props.b.lotCode}</code>
    </>
  );
}

export function ShipmentTable(props: { t: BuyerTexts; lang: Lang; items: Shipment[]; empty: string }) {
  const { t, lang } = props;
  if (!props.items.length) return <p>{props.empty}</p>;
  return (
    <Table head={[t.lot, t.sender, t.receiver, t.amount, t.despatchAdvice, t.shippedAt, t.received]}>
      {props.items.map((s) => (
        <tr>
          <td>
            <Lot b={s.batch} />
          </td>
          <td>{s.from.name}</td>
          <td>{receiverName(t, s)}</td>
          <td>{amount(lang, s.quantity, s.unit)}</td>
          <td>{s.despatchAdvice ?? '—'}</td>
          <td>{formatDate(lang, s.shippedAt)}</td>
          <td>{s.to ? (s.received ? t.received : t.notReceived) : '—'}</td>
        </tr>
      ))}
    </Table>
  );
}

function ReceiptTable(props: { t: BuyerTexts; lang: Lang; items: Receipt[] }) {
  const { t, lang } = props;
  if (!props.items.length) return <p>{t.noReceipts}</p>;
  return (
    <Table head={[t.lot, t.sender, t.amount, t.despatchAdvice, t.receivedAt]}>
      {props.items.map((r) => (
        <tr>
          <td>
            <Lot b={r.batch} />
          </td>
          <td>{r.from.name}</td>
          <td>{amount(lang, r.quantity, r.unit)}</td>
          <td>{r.despatchAdvice ?? '—'}</td>
          <td>{formatDate(lang, r.receivedAt)}</td>
        </tr>
      ))}
    </Table>
  );
}

function Delivery(props: { t: BuyerTexts; lang: Lang; d: RecallNotice['lastDelivery'] }) {
  const { t, lang, d } = props;
  if (!d) return <>—</>;
  return (
    <>
      {t.delivery[d.status] ?? d.status}
      {d.statusCode !== null ? ` (HTTP ${d.statusCode})` : d.error ? ` (${d.error})` : ''}
      {d.nextAttemptAt ? `, ${t.nextAttempt(formatTime(lang, d.nextAttemptAt))}` : ''}
    </>
  );
}

function NoticeLots(props: { n: Omit<RecallNotice, 'seq'> }) {
  return (
    <ul>
      {props.n.batches.map((b) => (
        <li>
          {b.productName} <code>{b.lotCode}</code> ({b.cooperative})
        </li>
      ))}
    </ul>
  );
}

export function NoticeList(props: {
  t: BuyerTexts;
  lang: Lang;
  csrf: string | undefined;
  items: Omit<RecallNotice, 'seq'>[];
  /** the buyer's own list: an Acknowledge button on each open notice */
  canAcknowledge: boolean;
  empty: string;
}) {
  const { t, lang } = props;
  if (!props.items.length) return <p>{props.empty}</p>;
  return (
    <Table
      head={[
        ...(props.canAcknowledge ? [] : [t.buyer]),
        t.recalledLots,
        t.reason,
        t.recalledOn,
        t.notifiedAt,
        t.lastDelivery,
        t.ackState,
      ]}
    >
      {props.items.map((n) => (
        <tr>
          {props.canAcknowledge ? null : <td>{n.buyerName}</td>}
          <td>
            <NoticeLots n={n} />
          </td>
          <td>
            {n.reason} <span class="muted">({n.authority})</span>
          </td>
          <td>{formatDate(lang, n.recalledOn)}</td>
          <td>{formatTime(lang, n.createdAt)}</td>
          <td>
            <Delivery t={t} lang={lang} d={n.lastDelivery} />
          </td>
          <td>
            {n.acknowledgedAt ? (
              <span class="tag">{t.acknowledgedAt(formatTime(lang, n.acknowledgedAt))}</span>
            ) : props.canAcknowledge ? (
              <form method="post" action={`${CONSOLE_BASE}/buyer/notices/${n.id}/ack`}>
                <CsrfInput token={props.csrf} />
                <button type="submit">{t.acknowledge}</button>
              </form>
            ) : (
              <span class="tag">{t.waiting}</span>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function BuyerHome(props: {
  t: BuyerTexts;
  lang: Lang;
  csrf: string | undefined;
  done: string | undefined;
  notices: Omit<RecallNotice, 'seq'>[];
  receipts: Receipt[];
  shipments: Shipment[];
  webhook: { url: string } | null;
  /** a new secret, shown once (after creating or rotating) */
  secret: string | null;
  errors: FieldErrors;
  url: string | undefined;
}) {
  const { t, lang } = props;
  return (
    <>
      <StaffStyle />
      <h1>{t.buyerHome}</h1>
      {props.done ? <Notice kind="ok">{props.done}</Notice> : null}
      <section>
        <h2>{t.notices}</h2>
        <p>{t.noticeIntro}</p>
        <NoticeList t={t} lang={lang} csrf={props.csrf} items={props.notices} canAcknowledge empty={t.noNotices} />
      </section>
      <section>
        <h2>{t.receipts}</h2>
        <ReceiptTable t={t} lang={lang} items={props.receipts} />
      </section>
      <section>
        <h2>{t.shipments}</h2>
        <ShipmentTable t={t} lang={lang} items={props.shipments} empty={t.noShipments} />
      </section>
      <section class="narrow">
        <h2>{t.webhook}</h2>
        <p>{t.webhookIntro}</p>
        {props.secret ? (
          <Notice kind="ok">
            {t.secretOnce} <code>{props.secret}</code>
          </Notice>
        ) : null}
        {props.webhook ? null : <p>{t.noWebhook}</p>}
        <form method="post" action={`${CONSOLE_BASE}/buyer/webhook`} novalidate>
          <CsrfInput token={props.csrf} />
          <Field
            name="url"
            label={t.webhookUrl}
            type="url"
            value={props.url ?? props.webhook?.url}
            error={props.errors.url}
            maxlength={2000}
            inputmode="url"
          />
          <button type="submit">{t.saveUrl}</button>{' '}
          {props.webhook ? (
            <button type="submit" name="rotate" value="yes">
              {t.rotate}
            </button>
          ) : null}
        </form>
        {props.webhook ? (
          <form method="post" action={`${CONSOLE_BASE}/buyer/webhook/delete`}>
            <CsrfInput token={props.csrf} />
            <button type="submit" class="danger">
              {t.remove}
            </button>
          </form>
        ) : null}
      </section>
    </>
  );
}

export function StaffNotices(props: {
  t: BuyerTexts;
  lang: Lang;
  overdueOnly: boolean;
  items: Omit<RecallNotice, 'seq'>[];
  next: string | null;
}) {
  const { t, lang } = props;
  return (
    <>
      <StaffStyle />
      <h1>{props.overdueOnly ? t.overdue : t.allNotices}</h1>
      <p>{t.overdueIntro}</p>
      <p class="actions">
        {props.overdueOnly ? (
          <a href={`${CONSOLE_BASE}/recall-notices?all=yes`}>{t.allNotices}</a>
        ) : (
          <a href={`${CONSOLE_BASE}/recall-notices`}>{t.onlyOverdue}</a>
        )}
      </p>
      <NoticeList
        t={t}
        lang={lang}
        csrf={undefined}
        items={props.items}
        canAcknowledge={false}
        empty={props.overdueOnly ? t.noOverdue : t.noNotices}
      />
      {props.next ? (
        <p class="actions">
          <a href={props.next}>→</a>
        </p>
      ) : null}
    </>
  );
}

export function SalesPage(props: {
  t: BuyerTexts;
  lang: Lang;
  csrf: string | undefined;
  done: string | undefined;
  batches: Option[];
  buyers: Option[];
  values: Record<string, string>;
  errors: FieldErrors;
  shipments: Shipment[];
}) {
  const { t, lang, values: v, errors: e } = props;
  return (
    <>
      <StaffStyle />
      <h1>{t.sales}</h1>
      <p>{t.salesIntro}</p>
      {props.done ? <Notice kind="ok">{props.done}</Notice> : null}
      {Object.keys(e).length ? (
        <Notice kind="error">
          <p>{e._form ?? t.fixBelow}</p>
        </Notice>
      ) : null}
      <section class="narrow">
        <h2>{t.recordSale}</h2>
        {!props.batches.length ? (
          <p>{t.noBatches}</p>
        ) : !props.buyers.length ? (
          <p>{t.noBuyers}</p>
        ) : (
          <form method="post" action={`${CONSOLE_BASE}/sales`} novalidate>
            <CsrfInput token={props.csrf} />
            <SelectField
              name="batchId"
              label={t.batch}
              value={v.batchId}
              error={e.batchId}
              required
              options={props.batches}
            />
            <SelectField
              name="buyerId"
              label={t.buyer}
              value={v.buyerId}
              error={e.buyerId}
              required
              options={props.buyers}
            />
            <Field
              name="quantity"
              label={t.amount}
              value={v.quantity}
              error={e.quantity}
              inputmode="decimal"
              required
            />
            <Field name="unit" label={t.unit} value={v.unit} error={e.unit} maxlength={20} />
            <Field
              name="despatchAdvice"
              label={t.despatchAdvice}
              value={v.despatchAdvice}
              error={e.despatchAdvice}
              hint={t.despatchHint}
              maxlength={100}
              required
            />
            <Field name="shippedOn" label={t.shippedOn} type="date" value={v.shippedOn} error={e.shippedOn} required />
            <button type="submit">{t.recordSale}</button>
          </form>
        )}
      </section>
      <section>
        <h2>{t.shipments}</h2>
        <ShipmentTable t={t} lang={lang} items={props.shipments} empty={t.noShipments} />
      </section>
    </>
  );
}
