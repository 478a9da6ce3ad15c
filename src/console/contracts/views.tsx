// The supply-contract pages: the new-contract form (an area of the cooperative's, or another
// operator's by its id), one contract with what the signed-in user may do with it (confirm,
// reject, withdraw, end, change its terms), and the lists of contracts waiting for someone.
import type { Area, ContractActor, SupplyContract } from '../../db/areas-store';
import { contractStanding, type ContractStanding } from '../../domain/contracts';
import { formatDate, formatTime, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { AreaTexts } from '../texts/areas';
import type { ContractTexts } from '../texts/contracts';
import { Done, FormErrors, Notice, Table } from '../ui/blocks';
import { CsrfInput, Field, SelectField, TextArea } from '../ui/fields';

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

/** What the signed-in user may do with the contract (from src/domain/contracts.ts). */
export interface ContractCan {
  edit: boolean;
  confirm: boolean;
  withdraw: boolean;
  end: boolean;
}

export type ContractAction = 'confirm' | 'reject' | 'withdraw' | 'end';

/** A refused action, shown in its own form with what was typed. */
export interface ContractFailure {
  action: ContractAction | 'edit';
  values: Record<string, string>;
  errors: FieldErrors;
}

const STANDING_TAG: Record<ContractStanding, string> = {
  pending: 'tag warn',
  upcoming: 'tag',
  in_force: 'tag',
  expired: 'tag bad',
  rejected: 'tag bad',
  withdrawn: 'tag bad',
  ended: 'tag bad',
};

/** Where a contract stands on the day, as a tag. */
export function StandingTag(props: { ct: ContractTexts; k: SupplyContract; day: string }) {
  const s = contractStanding(props.k, props.day);
  return <span class={STANDING_TAG[s]}>{props.ct.standing[s]}</span>;
}

const actorText = (a: ContractActor) => a.name;

export function ContractView(props: {
  t: AreaTexts;
  ct: ContractTexts;
  lang: Lang;
  csrf: string | undefined;
  contract: SupplyContract;
  /** The area's record when the signed-in user may read it. */
  area: Area | null;
  can: ContractCan;
  day: string;
  failed?: ContractFailure | undefined;
  done?: string | undefined;
}) {
  const { t, ct, lang, contract: k, area, can, failed } = props;
  const errorsOf = (a: ContractFailure['action']) => (failed?.action === a ? failed.errors : {});
  const valuesOf = (a: ContractFailure['action']) => (failed?.action === a ? failed.values : {});
  const back = props.can.edit || props.can.withdraw ? `${CONSOLE_BASE}/areas#contracts` : `${CONSOLE_BASE}/contracts`;
  // A refusal whose form the contract no longer offers (decided meanwhile) is shown at the top.
  const offered = { confirm: can.confirm, reject: can.confirm, withdraw: can.withdraw, end: can.end, edit: can.edit };
  const orphan = failed && !offered[failed.action] ? Object.values(failed.errors) : [];
  return (
    <>
      <p>
        <a href={back}>← {t.contracts}</a>
      </p>
      <h1>
        {t.contract} {k.number}
      </h1>
      <Done
        text={
          props.done === 'created'
            ? t.doneCreated
            : props.done === 'updated'
              ? t.doneUpdated
              : props.done
                ? ct.done[props.done]
                : undefined
        }
      />
      {orphan.length ? (
        <Notice kind="error">
          <ul>
            {orphan.map((m) => (
              <li>{m}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <section>
        <dl>
          <dt>{t.status}</dt>
          <dd>
            <StandingTag ct={ct} k={k} day={props.day} />
          </dd>
          <dt>{t.contractArea}</dt>
          <dd>
            {area ? (
              <a href={`${CONSOLE_BASE}/areas/${area.id}`}>
                {k.areaName} ({k.areaCode})
              </a>
            ) : (
              <>
                {k.areaName} ({k.areaCode})
                {k.status !== 'confirmed' && k.status !== 'ended' ? (
                  <>
                    <br />
                    <span class="muted">{ct.areaHidden}</span>
                  </>
                ) : null}
              </>
            )}
          </dd>
          <dt>{ct.operator}</dt>
          <dd>{k.operatorName}</dd>
          <dt>{ct.buyer}</dt>
          <dd>{k.cooperativeName}</dd>
          <dt>{t.startsOn}</dt>
          <dd>{formatDate(lang, k.startsOn)}</dd>
          <dt>{t.endsOn}</dt>
          <dd>{formatDate(lang, k.endsOn)}</dd>
          <dt>{ct.whoConfirms}</dt>
          <dd>{ct.awaits[k.confirmer]}</dd>
          {k.confirmedBy && k.confirmedAt ? (
            <>
              <dt>{ct.confirmedBy}</dt>
              <dd>{ct.at(actorText(k.confirmedBy), formatTime(lang, k.confirmedAt))}</dd>
            </>
          ) : null}
          {k.closedBy && k.closedAt ? (
            <>
              <dt>{ct.closedBy}</dt>
              <dd>{ct.at(actorText(k.closedBy), formatTime(lang, k.closedAt))}</dd>
              <dt>{ct.closeReason}</dt>
              <dd>{k.closeReason}</dd>
            </>
          ) : null}
          {k.endedOn ? (
            <>
              <dt>{ct.endedOn}</dt>
              <dd>{formatDate(lang, k.endedOn)}</dd>
            </>
          ) : null}
        </dl>
        {k.status === 'pending' && can.withdraw ? <p class="muted">{ct.pendingForBuyer}</p> : null}
      </section>
      {can.confirm ? (
        <>
          <section class="narrow">
            <h2>{ct.confirm}</h2>
            <p class="hint">{ct.confirmHint}</p>
            <FormErrors errors={errorsOf('confirm')} shown={() => false} title={t.fixBelow} />
            <form method="post" action={`${CONSOLE_BASE}/contracts/${k.id}/confirm`}>
              <CsrfInput token={props.csrf} />
              <button type="submit">{ct.confirm}</button>
            </form>
          </section>
          <ReasonForm
            ct={ct}
            csrf={props.csrf}
            id={k.id}
            action="reject"
            title={ct.reject}
            label={ct.rejectReason}
            values={valuesOf('reject')}
            errors={errorsOf('reject')}
          />
        </>
      ) : null}
      {can.withdraw ? (
        <ReasonForm
          ct={ct}
          csrf={props.csrf}
          id={k.id}
          action="withdraw"
          title={ct.withdraw}
          label={ct.withdrawReason}
          values={valuesOf('withdraw')}
          errors={errorsOf('withdraw')}
        />
      ) : null}
      {can.end ? (
        <ReasonForm
          ct={ct}
          csrf={props.csrf}
          id={k.id}
          action="end"
          title={ct.end}
          label={ct.endReason}
          values={valuesOf('end')}
          errors={errorsOf('end')}
          lastDay
        />
      ) : null}
      {can.edit ? (
        <section class="narrow">
          <h2>{t.edit}</h2>
          {k.status === 'confirmed' ? <p class="hint">{ct.editSendsBack}</p> : null}
          <FormErrors errors={errorsOf('edit')} shown={shown} title={t.fixBelowKept} />
          <form method="post" action={`${CONSOLE_BASE}/contracts/${k.id}`} novalidate>
            <CsrfInput token={props.csrf} />
            <ContractFields
              t={t}
              v={
                failed?.action === 'edit' ? failed.values : { number: k.number, startsOn: k.startsOn, endsOn: k.endsOn }
              }
              e={errorsOf('edit')}
            />
            <button type="submit">{t.save}</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** Reject, withdraw or end: a reason (and for an ending, its last day), then the button. */
function ReasonForm(props: {
  ct: ContractTexts;
  csrf: string | undefined;
  id: string;
  action: ContractAction;
  title: string;
  label: string;
  values: Record<string, string>;
  errors: FieldErrors;
  lastDay?: boolean;
}) {
  const { ct, action, errors: e } = props;
  const loose = Object.keys(e).filter((k) => k !== 'reason' && k !== 'lastDay');
  return (
    <section class="narrow">
      <h2>{props.title}</h2>
      {loose.length ? (
        <Notice kind="error">
          <ul>
            {loose.map((k) => (
              <li>{e[k]}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <form method="post" action={`${CONSOLE_BASE}/contracts/${props.id}/${action}`} novalidate>
        <CsrfInput token={props.csrf} />
        <TextArea
          name="reason"
          id={`f-${action}-reason`}
          label={props.label}
          value={props.values.reason}
          error={e.reason}
          required
          maxlength={2000}
        />
        {props.lastDay ? (
          <Field
            name="lastDay"
            type="date"
            label={`${ct.lastDay} ${ct.optional}`}
            value={props.values.lastDay}
            error={e.lastDay}
            hint={ct.lastDayHint}
          />
        ) : null}
        <button type="submit">{props.title}</button>
      </form>
    </section>
  );
}

/** The contracts waiting for the signed-in user's word: a home panel, and the top of the staff list. */
export function WaitingContracts(props: {
  ct: ContractTexts;
  lang: Lang;
  title: string;
  contracts: SupplyContract[];
  more: boolean;
}) {
  const { ct, lang } = props;
  return (
    <section>
      <h2>{props.title}</h2>
      {props.contracts.length ? (
        <ul>
          {props.contracts.map((k) => (
            <li>
              <a href={`${CONSOLE_BASE}/contracts/${k.id}`}>
                {k.number} · {k.cooperativeName}
              </a>
              {' — '}
              {k.areaName} ({k.areaCode}), {formatDate(lang, k.startsOn)} → {formatDate(lang, k.endsOn)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{ct.noWaiting}</p>
      )}
      {props.more ? (
        <p>
          <a href={`${CONSOLE_BASE}/contracts`}>{ct.allContracts}</a>
        </p>
      ) : null}
    </section>
  );
}

/** Staff and administrators: what waits for them, then every contract with where it stands. */
export function ContractsPage(props: {
  t: AreaTexts;
  ct: ContractTexts;
  lang: Lang;
  waitingTitle: string;
  waiting: SupplyContract[];
  all: SupplyContract[];
  next: string | null;
  day: string;
}) {
  const { t, ct, lang } = props;
  return (
    <>
      <h1>{ct.title}</h1>
      <WaitingContracts ct={ct} lang={lang} title={props.waitingTitle} contracts={props.waiting} more={false} />
      <section>
        <h2>{ct.allContracts}</h2>
        {props.all.length ? (
          <Table head={[t.contractNumber, ct.buyer, t.contractArea, ct.operator, t.startsOn, t.endsOn, t.status]}>
            {props.all.map((k) => (
              <tr>
                <td>
                  <a href={`${CONSOLE_BASE}/contracts/${k.id}`}>{k.number}</a>
                </td>
                <td>{k.cooperativeName}</td>
                <td>
                  {k.areaName} ({k.areaCode})
                </td>
                <td>{k.operatorName}</td>
                <td>{formatDate(lang, k.startsOn)}</td>
                <td>{formatDate(lang, k.endsOn)}</td>
                <td>
                  <StandingTag ct={ct} k={k} day={props.day} />
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <p>{ct.noContractsAtAll}</p>
        )}
        {props.next ? (
          <p>
            <a href={props.next}>{t.nextPage}</a>
          </p>
        ) : null}
      </section>
    </>
  );
}
