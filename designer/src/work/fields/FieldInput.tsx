import type { FieldSpec } from '@funnel/schemas';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../../model/localized-text';
import { useWorkFormat } from '../shared/format';
import { fieldInputType } from './field-input-type';
import { fromZonedInput, toZonedInput } from './zoned-date-time';
import './fields.css';

export interface Props {
  /** The field's key in the record's `fields`. */
  name: string;
  /** The field's schema in the definition: type, format, enum, bounds, title. */
  spec: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  /** What is wrong with the value, in words, shown under the input and tied to it for screen readers. */
  error?: string | null;
  /** The id of the input, for an outside label; by default one made from the name. */
  id?: string;
}

type Common = { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

/**
 * The input a field's schema calls for, labelled with the definition's title in the person's language: text, email,
 * phone, url, date, date and time, a number with its bounds, a select of the enum's values, a checkbox for a boolean,
 * checkboxes for an array of enum values. What is wrong with the value is said under it and tied to it.
 */
export function FieldInput({ name, spec, value, onChange, error = null, id = `field-${name}` }: Props) {
  const { i18n } = useTranslation();
  const label = localizedText(spec.title, i18n.language) || name;
  const errorId = `${id}-error`;
  const common: Common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined };
  const problem = error ? (
    <span id={errorId} className="error-inline field-input-error">
      {error}
    </span>
  ) : null;
  if (spec.type === 'array') {
    return (
      <fieldset className="field-input field-input-choices" aria-describedby={common['aria-describedby']}>
        <legend>{label}</legend>
        <ChoiceBoxes id={id} options={spec.items?.enum ?? []} value={value} onChange={onChange} />
        {problem}
      </fieldset>
    );
  }
  if (spec.type === 'boolean') {
    return (
      <div className="field-input field-input-boolean">
        <label htmlFor={id}>
          <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
          {label}
        </label>
        {problem}
      </div>
    );
  }
  return (
    <div className="field-input">
      <label htmlFor={id}>{label}</label>
      <ValueInput common={common} spec={spec} value={value} onChange={onChange} />
      {problem}
    </div>
  );
}

/** A single value: a select for an enum, else the input its type and format call for. */
function ValueInput({ common, spec, value, onChange }: { common: Common; spec: FieldSpec; value: unknown; onChange: (value: unknown) => void }): ReactNode {
  const { timeZone } = useWorkFormat();
  if (spec.enum !== undefined) {
    const options = spec.enum;
    return (
      <select
        {...common}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(event) => onChange(options.find((option) => String(option) === event.target.value))}
      >
        <option value="" />
        {options.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  }
  const type = fieldInputType(spec);
  if (type === 'number') {
    return (
      <input
        {...common}
        type="number"
        inputMode={spec.type === 'integer' ? 'numeric' : 'decimal'}
        step={spec.type === 'integer' ? 1 : 'any'}
        min={spec.minimum}
        max={spec.maximum}
        value={typeof value === 'number' ? value : ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
      />
    );
  }
  if (type === 'datetime-local') {
    return <input {...common} type={type} value={toZonedInput(value, timeZone)} onChange={(event) => onChange(fromZonedInput(event.target.value, timeZone))} />;
  }
  return <input {...common} type={type} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)} />;
}

/** One checkbox per enum value; the value is the ticked ones in the enum's order (an empty list when none is). */
function ChoiceBoxes({
  id,
  options,
  value,
  onChange,
}: {
  id: string;
  options: readonly (string | number)[];
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const ticked = Array.isArray(value) ? value : [];
  return options.map((option, index) => (
    <label key={String(option)} className="field-input-choice" htmlFor={`${id}-${index}`}>
      <input
        id={`${id}-${index}`}
        type="checkbox"
        checked={ticked.includes(option)}
        onChange={(event) => onChange(options.filter((candidate) => (candidate === option ? event.target.checked : ticked.includes(candidate))))}
      />
      {String(option)}
    </label>
  ));
}
