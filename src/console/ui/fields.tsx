// Form inputs of the console: each labelled, with its hint and its error beside it
// (aria-described), so a refusal of the API lands next to the field it names.
import { UNITS } from '../../db/harvests-store';
import type { Lang } from '../../pages/i18n';
import { UNIT_NAMES } from '../texts/common';

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;

function HintAndError(props: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="ferr" id={`${props.id}-err`}>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

/** The hidden CSRF field every console POST form carries. */
export function CsrfInput(props: { token: string | undefined }) {
  return <input type="hidden" name="_csrf" value={props.token ?? ''} />;
}

/** A labelled input with its hint and its error beside it (aria-described). */
export function Field(props: {
  name: string;
  /** The input's id when two forms of one page share a field name (else from the name). */
  id?: string | undefined;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  autofocus?: boolean;
  inputmode?: 'decimal' | 'email' | 'none' | 'numeric' | 'search' | 'tel' | 'text' | 'url';
}) {
  const id = props.id ?? idOf(props.name);
  return (
    <div>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        autofocus={props.autofocus}
        inputmode={props.inputmode}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
      <HintAndError id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

function Options(props: { options: readonly Option[]; value: string | undefined }) {
  const chosen = props.value ?? '';
  return (
    <>
      {props.options.map((o) => (
        <option value={o.value} selected={o.value === chosen}>
          {o.label}
        </option>
      ))}
    </>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  options: readonly Option[];
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}) {
  const id = idOf(props.name);
  return (
    <div>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        <Options options={props.options} value={props.value} />
      </select>
      <HintAndError id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

/** A labelled textarea; `id` tells apart two forms of one page with the same field name. */
export function TextArea(props: {
  name: string;
  id?: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  maxlength?: number;
  rows?: number;
}) {
  const id = props.id ?? idOf(props.name);
  return (
    <div>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        required={props.required}
        maxlength={props.maxlength}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.value ?? ''}
      </textarea>
      <HintAndError id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export function CheckBox(props: {
  name: string;
  label: string;
  checked: boolean;
  value?: string;
  error?: string | undefined;
}) {
  const id = idOf(props.name);
  return (
    <div>
      <label for={id}>
        <input
          id={id}
          type="checkbox"
          name={props.name}
          value={props.value ?? 'true'}
          checked={props.checked}
          aria-invalid={props.error ? 'true' : undefined}
        />{' '}
        {props.label}
      </label>
      {props.error ? <p class="ferr">{props.error}</p> : null}
    </div>
  );
}

/** A compact input for a table cell: labelled by aria-label, its error right below it. */
export function CellInput(props: {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  type?: string;
  inputmode?: 'decimal' | 'numeric' | 'text';
  maxlength?: number;
}) {
  const id = idOf(props.name);
  return (
    <>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        aria-label={props.label}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-err` : undefined}
      />
      {props.error ? (
        <p class="ferr" id={`${id}-err`}>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

export function CellSelect(props: {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  options: readonly Option[];
}) {
  const id = idOf(props.name);
  return (
    <>
      <select
        id={id}
        name={props.name}
        aria-label={props.label}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-err` : undefined}
      >
        <Options options={props.options} value={props.value} />
      </select>
      {props.error ? (
        <p class="ferr" id={`${id}-err`}>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

/** A quantity and its unit side by side (harvest lots and batches): fields `quantity` and `unit`. */
export function QuantityWithUnit(props: {
  lang: Lang;
  label: string;
  unitLabel: string;
  values: Record<string, string | undefined>;
  errors: Record<string, string | undefined>;
}) {
  const { values: v, errors: e } = props;
  return (
    <div class="row">
      <Field name="quantity" label={props.label} value={v.quantity} error={e.quantity} required inputmode="decimal" />
      <SelectField
        name="unit"
        label={props.unitLabel}
        value={v.unit || 'kg'}
        error={e.unit}
        options={UNITS.map((u) => ({ value: u, label: UNIT_NAMES[props.lang][u] ?? u }))}
      />
    </div>
  );
}
