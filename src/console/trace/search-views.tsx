// The trace search page: backwards from a stamp typed, pasted or scanned, or a GTIN with a lot
// code; forwards from an area (picked from a filtered list) over harvest dates.
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import { areaLabel, type AreaChoice } from '../lookups';
import type { TraceTexts } from '../texts/trace';
import { Notice } from '../ui/blocks';
import { Field, SelectField } from '../ui/fields';
import { StaffStyle } from '../ui/styles';

const base = `${CONSOLE_BASE}/trace`;

/** What a search form was given, and what to say beside its fields. */
export type SearchState = { values?: Record<string, string>; errors?: FieldErrors; status?: number };

function BackwardForm(props: { t: TraceTexts; s: SearchState }) {
  const { t } = props;
  const v = props.s.values ?? {};
  const e = props.s.errors ?? {};
  return (
    <section>
      <h2>{t.backTitle}</h2>
      <p class="muted">{t.backIntro}</p>
      <form method="get" action={`${base}/backward`} class="narrow">
        <Field
          name="q"
          label={t.stampInput}
          value={v.q}
          error={e.q}
          hint={t.stampHint}
          autocomplete="off"
          maxlength={500}
          autofocus
        />
        <button type="submit">{t.search}</button>
      </form>
      <form method="get" action={`${base}/backward`}>
        <p class="hint">{t.orLot}</p>
        <div class="grid">
          <Field
            name="gtin"
            label={t.gtin}
            value={v.gtin}
            error={e.gtin}
            inputmode="numeric"
            maxlength={14}
            autocomplete="off"
          />
          <Field name="lot" label={t.lotCode} value={v.lot} error={e.lot} maxlength={20} autocomplete="off" />
        </div>
        <button type="submit" class="btn2">
          {t.search}
        </button>
      </form>
    </section>
  );
}

function ForwardForm(props: { t: TraceTexts; s: SearchState; areas: { items: AreaChoice[]; more: boolean } }) {
  const { t, areas } = props;
  const v = props.s.values ?? {};
  const e = props.s.errors ?? {};
  return (
    <section>
      <h2>{t.fwdTitle}</h2>
      <p class="muted">{t.fwdIntro}</p>
      <form method="get" action={`${base}/forward`}>
        {e._form ? (
          <Notice kind="error">
            <p>{e._form}</p>
          </Notice>
        ) : null}
        <SelectField
          name="areaId"
          label={t.area}
          value={v.areaId}
          error={e.areaId ?? e.harvestLotId}
          hint={areas.more ? t.areaMore : undefined}
          options={[
            { value: '', label: t.pickArea },
            ...areas.items.map((a) => ({ value: a.id, label: areaLabel(a) })),
          ]}
        />
        <div class="grid">
          <Field name="from" label={t.from} type="date" value={v.from} error={e.from} />
          <Field name="to" label={t.to} type="date" value={v.to} error={e.to} />
        </div>
        <button type="submit">{t.search}</button>
      </form>
      <form method="get" action={base} class="actions">
        <div>
          <Field name="aq" label={t.areaFilter} value={v.aq} maxlength={100} />
        </div>
        <button type="submit" class="btn2">
          {t.areaFilterBtn}
        </button>
      </form>
    </section>
  );
}

export function SearchView(props: {
  t: TraceTexts;
  back?: SearchState | undefined;
  fwd?: SearchState | undefined;
  areas: { items: AreaChoice[]; more: boolean };
}) {
  const { t } = props;
  return (
    <>
      <StaffStyle />
      <h1>{t.title}</h1>
      {props.back?.errors || props.fwd?.errors ? (
        <Notice kind="error">
          <p>{t.fixBelow}</p>
        </Notice>
      ) : null}
      <BackwardForm t={t} s={props.back ?? {}} />
      <ForwardForm t={t} s={props.fwd ?? {}} areas={props.areas} />
    </>
  );
}
