// A cooperative's listings on e-commerce platforms: each with the day it went live and, once it
// stopped, the day it ended; a form to add one and, beside each live one, a form to record its end.
import type { ListingRecord } from '../../db/listings-store';
import { LISTING_PLATFORMS, PLATFORM_NAMES } from '../../domain/listings';
import { formatDate, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { ListingTexts } from '../texts/pipeline';
import { Done, Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField, type Option } from '../ui/fields';
import { CoopStyle } from '../ui/styles';

const base = `${CONSOLE_BASE}/listings`;
export const LISTING_FIELDS = ['productId', 'platform', 'channel', 'url', 'wentLiveOn', 'endedOn'] as const;

export function ListingsPage(props: {
  t: ListingTexts;
  lang: Lang;
  csrf: string | undefined;
  listings: ListingRecord[];
  products: Option[];
  values: Record<string, string>;
  errors: FieldErrors;
  /** The listing whose end was refused, with the error. */
  endError?: { id: string; message: string } | undefined;
  today: string;
  done?: string | undefined;
}) {
  const { t, lang, values: v, errors: e } = props;
  return (
    <>
      <CoopStyle />
      <h1>{t.title}</h1>
      <Done text={props.done} />
      <p>{t.intro}</p>
      {props.listings.length ? (
        <Table head={[t.listedProduct, t.platform, t.channel, t.wentLiveOn, t.endedOn]}>
          {props.listings.map((l) => (
            <tr>
              <td>{l.productName}</td>
              <td>{PLATFORM_NAMES[l.platform][lang]}</td>
              <td>
                <a href={l.url} rel="noopener noreferrer">
                  {l.channel}
                </a>
              </td>
              <td>{formatDate(lang, l.wentLiveOn)}</td>
              <td>
                {l.endedOn ? (
                  formatDate(lang, l.endedOn)
                ) : (
                  <form method="post" action={`${base}/${l.id}/end`} class="actions">
                    <CsrfInput token={props.csrf} />
                    <Field
                      name="endedOn"
                      id={`end-${l.id}`}
                      type="date"
                      label={t.end}
                      value={props.today}
                      error={props.endError?.id === l.id ? props.endError.message : undefined}
                    />
                    <button type="submit">{t.end}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.noListings}</p>
      )}
      <h2>{t.add}</h2>
      {props.products.length ? (
        <>
          {Object.keys(e).length ? (
            <Notice kind="error">
              <p>{e._form ?? t.refused}</p>
            </Notice>
          ) : null}
          <form method="post" action={`${base}/new`}>
            <CsrfInput token={props.csrf} />
            <SelectField
              name="productId"
              label={t.listedProduct}
              options={props.products}
              value={v.productId}
              error={e.productId}
              required
            />
            <SelectField
              name="platform"
              label={t.platform}
              options={LISTING_PLATFORMS.map((p) => ({ value: p, label: PLATFORM_NAMES[p][lang] }))}
              value={v.platform}
              error={e.platform}
              required
            />
            <Field name="channel" label={t.channel} value={v.channel} error={e.channel} />
            <Field name="url" label={t.url} type="url" value={v.url} error={e.url} required inputmode="url" />
            <Field
              name="wentLiveOn"
              label={t.wentLiveOn}
              type="date"
              value={v.wentLiveOn}
              error={e.wentLiveOn}
              required
            />
            <Field name="endedOn" label={t.endedOn} type="date" value={v.endedOn} error={e.endedOn} />
            <button type="submit">{t.save}</button>
          </form>
        </>
      ) : (
        <p>{t.noProducts}</p>
      )}
    </>
  );
}
