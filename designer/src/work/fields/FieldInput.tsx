import type { FieldSpec } from '@funnel/schemas';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../../model/localized-text';

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

/**
 * TODO(record page): the input a field's schema calls for (the record page's in-place editing owns it): text, number,
 * a select for an enum, a checkbox for a boolean; the definition's title is its label.
 */
export function FieldInput({ name, spec, value, onChange, error = null, id = `field-${name}` }: Props) {
  const { i18n } = useTranslation();
  const label = localizedText(spec.title, i18n.language) || name;
  const errorId = `${id}-error`;
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined } as const;
  const input =
    spec.enum !== undefined ? (
      <select {...common} value={value === undefined ? '' : String(value)} onChange={(event) => onChange(event.target.value)}>
        <option value="" />
        {spec.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    ) : spec.type === 'boolean' ? (
      <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
    ) : spec.type === 'number' || spec.type === 'integer' ? (
      <input
        {...common}
        type="number"
        value={typeof value === 'number' ? value : ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
      />
    ) : (
      <input {...common} type="text" value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)} />
    );
  return (
    <div className="field-input">
      <label htmlFor={id}>{label}</label>
      {input}
      {error ? (
        <span id={errorId} className="error-inline">
          {error}
        </span>
      ) : null}
    </div>
  );
}
