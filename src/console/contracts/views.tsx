// The supply-contract pages: the new-contract form (an area of the cooperative's, or another
// operator's by its id) and one contract, editable by the cooperative that holds it.
import type { Area, SupplyContract } from '../../db/areas-store';
import { formatDate, type Lang } from '../../pages/i18n';
import { inForce } from '../areas/views';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { AreaTexts } from '../texts/areas';
import { Done, FormErrors } from '../ui/blocks';
import { CsrfInput, Field, SelectField } from '../ui/fields';

export const CONTRACT_FIELDS = ['areaId', 'otherAreaId', 'number', 'startsOn', 'endsOn'] as const;
const shown = (k: string) => CONTRACT_FIELDS.includes(k as never);

function ContractFields(props: { t: AreaTexts; v: Record<string, string>; e: FieldErrors; areas?: Area[] }) {
  const { t, v, e } = props;
  return (
    <>
      {props.areas ? (
        <>
          <SelectField
            name="areaId"
            label={t.contractArea}
            value={v.areaId}
            error={e.areaId}
            options={[
              { value: '', label: t.choose },
              ...props.areas.map((a) => ({ value: a.id, label: `${a.name} (${a.code})` })),
            ]}
          />
          <Field
            name="otherAreaId"
            label={t.otherAreaId}
            value={v.otherAreaId}
            error={e.otherAreaId}
            hint={t.otherAreaIdHint}
            maxlength={36}
            autocomplete="off"
          />
        </>
      ) : null}
      <Field name="number" label={t.contractNumber} value={v.number} error={e.number} required maxlength={100} />
      <div class="row">
        <Field name="startsOn" type="date" label={t.startsOn} value={v.startsOn} error={e.startsOn} required />
        <Field name="endsOn" type="date" label={t.endsOn} value={v.endsOn} error={e.endsOn} required />
      </div>
    </>
  );
}

export function NewContractForm(props: {
  t: AreaTexts;
  csrf: string | undefined;
  areas: Area[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t } = props;
  return (
    <section class="narrow">
      <p>
        <a href={`${CONSOLE_BASE}/areas#contracts`}>← {t.cancel}</a>
      </p>
      <h1>{t.newContract}</h1>
      <FormErrors errors={props.errors} shown={shown} title={t.fixBelowKept} />
      <form method="post" action={`${CONSOLE_BASE}/contracts/new`} novalidate>
        <CsrfInput token={props.csrf} />
        <ContractFields t={t} v={props.values} e={props.errors} areas={props.areas} />
        <button type="submit">{t.save}</button>
      </form>
    </section>
  );
}

export function ContractView(props: {
  t: AreaTexts;
  lang: Lang;
  csrf: string | undefined;
  contract: SupplyContract;
  area: Area;
  mine: boolean;
  day: string;
  values?: Record<string, string> | undefined;
  errors: FieldErrors;
  done?: string | undefined;
}) {
  const { t, lang, contract: k, area, errors: e } = props;
  return (
    <>
      <p>
        <a href={`${CONSOLE_BASE}/areas#contracts`}>← {t.contracts}</a>
      </p>
      <h1>
        {t.contract} {k.number}
      </h1>
      <Done text={props.done === 'created' ? t.doneCreated : props.done === 'updated' ? t.doneUpdated : undefined} />
      <section>
        <dl>
          <dt>{t.contractArea}</dt>
          <dd>
            <a href={`${CONSOLE_BASE}/areas/${area.id}`}>
              {area.name} ({area.code})
            </a>
          </dd>
          <dt>{t.startsOn}</dt>
          <dd>{formatDate(lang, k.startsOn)}</dd>
          <dt>{t.endsOn}</dt>
          <dd>{formatDate(lang, k.endsOn)}</dd>
          <dt>{t.status}</dt>
          <dd>{inForce(k, props.day) ? t.inForce : t.notInForce}</dd>
        </dl>
      </section>
      {props.mine ? (
        <section class="narrow">
          <h2>{t.edit}</h2>
          <FormErrors errors={e} shown={shown} title={t.fixBelowKept} />
          <form method="post" action={`${CONSOLE_BASE}/contracts/${k.id}`} novalidate>
            <CsrfInput token={props.csrf} />
            <ContractFields
              t={t}
              v={props.values ?? { number: k.number, startsOn: k.startsOn, endsOn: k.endsOn }}
              e={e}
            />
            <button type="submit">{t.save}</button>
          </form>
        </section>
      ) : (
        <p class="muted">{t.notOurContract}</p>
      )}
    </>
  );
}
